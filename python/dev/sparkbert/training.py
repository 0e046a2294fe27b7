# Generated from the JVM classes by dev.sparkbert.cli.PythonWrappers; do not edit.
# Regenerate: mvn -pl spark-bert-jobs -am test -Dtest=PythonWrappersTest -Dsparkbert.pythonRegenerate=true
#   -Dsurefire.failIfNoSpecifiedTests=false
"""The Python classes of dev.sparkbert.training: pyspark.ml finds a stage's Python class by its Java name (loading saved stages)."""

from sparkbert import BertSequenceClassifier, BertTokenClassifier, BertQuestionAnswerer, BertMultipleChoiceClassifier, BertPretrainer  # noqa: F401

__all__ = ["BertSequenceClassifier", "BertTokenClassifier", "BertQuestionAnswerer", "BertMultipleChoiceClassifier", "BertPretrainer"]

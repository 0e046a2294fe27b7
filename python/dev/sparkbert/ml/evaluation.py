# Generated from the JVM classes by dev.sparkbert.cli.PythonWrappers; do not edit.
# Regenerate: mvn -pl spark-bert-jobs -am test -Dtest=PythonWrappersTest -Dsparkbert.pythonRegenerate=true
#   -Dsurefire.failIfNoSpecifiedTests=false
"""The Python classes of dev.sparkbert.ml.evaluation: pyspark.ml finds a stage's Python class by its Java name (loading saved stages)."""

from sparkbert import EntityEvaluator, QuestionAnsweringEvaluator  # noqa: F401

__all__ = ["EntityEvaluator", "QuestionAnsweringEvaluator"]

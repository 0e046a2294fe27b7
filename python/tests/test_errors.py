"""Errors users can read: the JVM's message as a Python exception, not a Py4J stack."""

import pytest

import sparkbert
from conftest import fixture


def test_a_bad_param_value_names_the_param(spark):
    model = sparkbert.BertEmbeddingModel(modelLocation=fixture("bert_model")).setBatchSize(0)
    with pytest.raises(ValueError, match="batchSize given invalid value 0"):
        model.transform(spark.createDataFrame([("x",)], ["text"]))


def test_a_value_of_the_wrong_type_names_the_param(spark):
    with pytest.raises(TypeError, match="batchSize"):
        sparkbert.BertEmbeddingModel().setBatchSize("big")


def test_a_missing_column_names_it(spark):
    model = sparkbert.BertEmbeddingModel(modelLocation=fixture("bert_model"), textCol="body")
    with pytest.raises(ValueError, match="textCol: input column 'body' does not exist"):
        model.transform(spark.createDataFrame([("x",)], ["text"]))


def test_a_bad_row_names_the_column_and_row(spark):
    est = sparkbert.BertSequenceClassifier(modelLocation=fixture("bert_model"), maxSteps=1)
    df = spark.createDataFrame([("good", "pos"), (None, "neg")], "text string, label string")
    with pytest.raises(ValueError, match="null 'text'"):
        est.fit(df)


def test_a_jar_of_another_version_is_refused_with_what_to_do(spark, monkeypatch):
    from sparkbert import _session

    monkeypatch.setattr(_session, "JVM_VERSION", "9.9.9")
    monkeypatch.setattr(_session, "_checked_context", None)
    with pytest.raises(RuntimeError, match=r"needs the spark-bert 9.9.9 jar .*sparkbert.jar_path\(\)"):
        sparkbert.check_jvm()

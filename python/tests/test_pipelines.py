"""Python and JVM stages in one Pipeline; PipelineModels move between Python and the JVM."""

from pyspark.ml import Pipeline, PipelineModel, Transformer
from pyspark.ml.feature import SQLTransformer
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

import sparkbert
from conftest import fixture


class Lowercase(Transformer):
    """A stage written in Python (no JVM object)."""

    def _transform(self, dataset):
        return dataset.withColumn("text", F.lower(F.col("raw")))


def _reviews(spark):
    return spark.createDataFrame([("A FINE Film",), ("a Dull one",), ("GREAT",)], ["raw"])


def test_python_mllib_and_spark_bert_stages_in_one_pipeline(spark):
    pipeline = Pipeline(stages=[
        Lowercase(),
        SQLTransformer(statement="SELECT *, length(text) AS n FROM __THIS__"),
        sparkbert.BertSequenceClassificationModel.fromPretrained(fixture("seqcls_single_label")),
    ])
    rows = pipeline.fit(_reviews(spark)).transform(_reviews(spark)).collect()
    assert [r["text"] for r in rows] == ["a fine film", "a dull one", "great"]
    assert all(r["prediction"] in (0.0, 1.0, 2.0) and r["n"] > 0 for r in rows)


def test_a_pipeline_saved_from_python_loads_in_the_jvm_and_scores_identically(spark, tmp_path):
    data = _reviews(spark).withColumn("text", F.col("raw"))
    model = Pipeline(stages=[
        SQLTransformer(statement="SELECT *, lower(text) AS clean FROM __THIS__"),
        sparkbert.BertEmbeddingModel(modelLocation=fixture("bert_model"), textCol="clean", outputCol="v"),
        sparkbert.BertSequenceClassificationModel.fromPretrained(fixture("seqcls_single_label")).setTextCol("clean"),
    ]).fit(data)
    path = str(tmp_path / "from-python")
    model.write().save(path)
    jvm = spark._jvm.org.apache.spark.ml.PipelineModel.load(path)
    assert DataFrame(jvm.transform(data._jdf), spark).collect() == model.transform(data).collect()


def test_a_pipeline_saved_in_the_jvm_loads_in_python_and_scores_identically(spark, tmp_path):
    jvm = spark._jvm
    data = _reviews(spark).withColumn("text", F.col("raw"))
    stage = jvm.dev.sparkbert.ml.classification.BertSequenceClassificationModel.fromPretrained(
        fixture("seqcls_single_label"))
    stages = spark.sparkContext._gateway.new_array(jvm.org.apache.spark.ml.PipelineStage, 2)
    stages[0] = jvm.org.apache.spark.ml.feature.SQLTransformer().setStatement("SELECT * FROM __THIS__")
    stages[1] = stage
    fitted = jvm.org.apache.spark.ml.Pipeline().setStages(stages).fit(data._jdf)
    path = str(tmp_path / "from-jvm")
    fitted.write().save(path)
    loaded = PipelineModel.load(path)
    assert isinstance(loaded.stages[1], sparkbert.BertSequenceClassificationModel)
    assert loaded.transform(data).collect() == DataFrame(fitted.transform(data._jdf), spark).collect()

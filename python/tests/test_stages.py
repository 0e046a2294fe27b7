"""The Python classes mirror the JVM stages and score as they do."""

import pytest
from pyspark.ml.linalg import Vector

import sparkbert
from conftest import fixture

MODELS = ["BertSequenceClassificationModel", "BertTokenClassificationModel", "BertQuestionAnsweringModel",
          "BertMultipleChoiceModel", "BertMaskedLMModel", "BertNextSentenceModel", "BertCausalLMModel",
          "BertEmbeddingModel"]
ESTIMATORS = ["BertSequenceClassifier", "BertTokenClassifier", "BertQuestionAnswerer",
              "BertMultipleChoiceClassifier", "BertPretrainer"]
EVALUATORS = ["EntityEvaluator", "QuestionAnsweringEvaluator"]


def test_every_model_estimator_and_evaluator_is_there():
    assert sorted(MODELS + ESTIMATORS + EVALUATORS) == sorted(n for n in sparkbert.__all__ if n[0].isupper())


@pytest.mark.parametrize("name", MODELS + ESTIMATORS + EVALUATORS)
def test_params_are_the_jvms_with_its_names_docs_types_and_defaults(spark, name):
    stage = getattr(sparkbert, name)()
    jvm = stage._java_obj
    jvm_params = {p.name(): p for p in jvm.params()}
    assert sorted(p.name for p in stage.params) == sorted(jvm_params)
    for p in stage.params:
        assert p.doc == jvm_params[p.name].doc(), p.name
        default = jvm.getDefault(jvm_params[p.name]).get()
        assert stage.getOrDefault(p) == default, p.name
        getter = getattr(stage, "get" + p.name[0].upper() + p.name[1:])
        setter = getattr(stage, "set" + p.name[0].upper() + p.name[1:])
        assert getter() == default and callable(setter)


def test_keyword_constructor_and_set_params(spark):
    est = sparkbert.BertSequenceClassifier(textCol="review", numWorkers=2, learningRate=1e-4)
    assert (est.getTextCol(), est.getNumWorkers(), est.getLearningRate()) == ("review", 2, 1e-4)
    assert est.setParams(maxSteps=3) is est and est.getMaxSteps() == 3
    qa = sparkbert.BertQuestionAnswerer()
    assert (qa.getMaxLength(), qa.getDocStride(), qa.getTruncation()) == (384, 128, "only_second")


def test_a_pretrained_model_scores_as_the_jvm_stage(spark):
    from pyspark.sql import DataFrame

    location = fixture("seqcls_single_label")
    df = spark.createDataFrame([("a fine film",), ("a dull, long film",), (None,)], ["review"])
    py = sparkbert.BertSequenceClassificationModel.fromPretrained(location).setTextCol("review")
    jvm = spark._jvm.dev.sparkbert.ml.classification.BertSequenceClassificationModel.fromPretrained(location)
    jvm.set(jvm.getParam("textCol"), "review")
    expected = DataFrame(jvm.transform(df._jdf), spark).collect()
    actual = py.transform(df).collect()
    assert actual == expected
    assert actual[0]["probability"].size == 3 and actual[2]["prediction"] is None


def test_embeddings_are_unit_vectors_of_the_hidden_size(spark):
    embed = sparkbert.BertEmbeddingModel(modelLocation=fixture("bert_model"), outputCol="v")
    rows = embed.transform(spark.createDataFrame([("a cat",), ("a dog on a mat",)], ["text"])).collect()
    for r in rows:
        v: Vector = r["v"]
        assert v.size == 32 and abs(v.norm(2) - 1) < 1e-5


def test_a_bad_location_is_named(spark):
    with pytest.raises(ValueError, match="no-such-model"):
        sparkbert.BertSequenceClassificationModel.fromPretrained("/tmp/no-such-model")


@pytest.mark.parametrize("precision", ["bf16", "int8"])
def test_a_reduced_precision_scores_close_to_fp32_and_a_bad_one_is_named(spark, precision):
    df = spark.createDataFrame([("a fine film",), ("a dull, long film",)], ["review"])
    model = sparkbert.BertSequenceClassificationModel.fromPretrained(fixture("seqcls_single_label"))
    fp32 = model.setTextCol("review").transform(df).collect()
    reduced = model.copy().setPrecision(precision).transform(df).collect()
    for a, b in zip(reduced, fp32):
        assert a["rawPrediction"] != b["rawPrediction"]
        assert max(abs(x - y) for x, y in zip(a["rawPrediction"], b["rawPrediction"])) < 0.05
    with pytest.raises(ValueError, match="precision.*fp16"):
        model.copy().setPrecision("fp16").transform(df).collect()

"""Spark Connect (pyspark 4): a client against a local Connect server that has the spark-bert jar.
The server makes our stages through META-INF/services. Run apart from the classic tests
(``pytest -m connect``): a process holds either a classic or a Connect session."""

import os

import pytest

import sparkbert
from conftest import fixture

pytestmark = pytest.mark.connect


@pytest.fixture(scope="module")
def remote():
    pyspark = pytest.importorskip("pyspark")
    if int(pyspark.__version__.split(".")[0]) < 4:
        pytest.skip("Spark Connect ML needs pyspark 4")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.remote("local[2]")
        .config("spark.jars", sparkbert.jar_path())
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    assert sparkbert._session.is_remote()
    yield session
    session.stop()


def test_an_embedding_model_transforms_over_connect(remote):
    model = sparkbert.BertEmbeddingModel.fromPretrained(fixture("bert_model")).setOutputCol("v")
    rows = model.transform(remote.createDataFrame([("a cat",), ("a dog on a mat",)], ["text"])).collect()
    assert [r["v"].size for r in rows] == [32, 32]
    assert all(abs(r["v"].norm(2) - 1) < 1e-5 for r in rows)


def test_a_sequence_classifier_fits_and_its_model_transforms_over_connect(remote):
    train = remote.createDataFrame([("a good film", "pos"), ("a bad film", "neg")] * 4, ["review", "label"])
    est = sparkbert.BertSequenceClassifier(modelLocation=fixture("bert_model"), textCol="review", maxSteps=2,
                                           perWorkerBatchSize=4, maxLength=16, loggingSteps=0,
                                           predictedLabelCol="label_name")
    model = est.fit(train)
    rows = model.transform(train).collect()
    assert len(rows) == 8 and {r["label_name"] for r in rows} <= {"neg", "pos"}
    with pytest.raises(NotImplementedError, match="not available over Spark Connect"):
        est.lastHistory()


def test_a_pretrained_classifier_transforms_and_bad_input_is_named_over_connect(remote):
    model = sparkbert.BertSequenceClassificationModel.fromPretrained(fixture("seqcls_single_label"))
    df = remote.createDataFrame([("a fine film",)], ["text"])
    assert model.transform(df).collect()[0]["prediction"] in (0.0, 1.0, 2.0)
    with pytest.raises(Exception, match="textCol: input column 'body' does not exist"):
        model.setTextCol("body").transform(df).collect()


def test_a_fitted_model_saves_and_loads_over_connect(remote, tmp_path):
    train = remote.createDataFrame([("a good film", "pos"), ("a bad film", "neg")] * 2, ["text", "label"])
    model = sparkbert.BertSequenceClassifier(modelLocation=fixture("bert_model"), maxSteps=1, perWorkerBatchSize=4,
                                             maxLength=16, loggingSteps=0).fit(train)
    path = os.path.join(str(tmp_path), "model")
    model.write().save(path)
    loaded = sparkbert.BertSequenceClassificationModel.load(path)
    assert loaded.transform(train).collect() == model.transform(train).collect()


def test_our_evaluators_score_over_connect(remote):
    data = remote.createDataFrame(
        [(["Oslo", "is", "cold"], ["B-LOC", "O", "O"], "Oslo is cold"),
         (["Anna", "visited", "Rome"], ["B-PER", "O", "B-LOC"], "Anna visited Rome")],
        "words array<string>, tags array<string>, text string")
    tagged = sparkbert.BertTokenClassificationModel.fromPretrained(fixture("token_classification")).transform(data)
    f1 = sparkbert.EntityEvaluator().evaluate(tagged)
    assert 0.0 <= f1 <= 1.0 and sparkbert.EntityEvaluator().isLargerBetter()
    answers = remote.createDataFrame([("Paris", "paris"), ("the tower", "Eiffel tower")], "answer string, answer_text string")
    assert sparkbert.QuestionAnsweringEvaluator(metricName="exactMatch").evaluate(answers) == 50.0

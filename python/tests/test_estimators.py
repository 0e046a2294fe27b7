"""Fitting from Python: models, history as Python data, save and load."""

import pytest

import sparkbert
from conftest import fixture

ROWS = [("a good film", "pos"), ("a bad film", "neg"), ("great acting", "pos"), ("awful plot", "neg")] * 2


@pytest.fixture(scope="module")
def fitted(spark):
    train = spark.createDataFrame(ROWS, ["review", "label"])
    est = sparkbert.BertSequenceClassifier(modelLocation=fixture("bert_model"), textCol="review", numWorkers=2,
                                           perWorkerBatchSize=2, maxSteps=3, maxLength=16, loggingSteps=0,
                                           predictedLabelCol="label_name")
    return est, est.fit(train), train


def test_fit_gives_the_model_with_the_trained_checkpoint_and_the_shared_params(fitted):
    est, model, train = fitted
    assert isinstance(model, sparkbert.BertSequenceClassificationModel)
    assert model.uid == est.uid
    assert model.getModelLocation() != est.getModelLocation()
    assert model.getTextCol() == "review" and model.getPredictedLabelCol() == "label_name"
    labels = {r["label_name"] for r in model.transform(train).collect()}
    assert labels <= {"neg", "pos"}


def test_progress_lines_are_printed_once_each_in_order(spark, capsys):
    train = spark.createDataFrame(ROWS, ["review", "label"])
    est = sparkbert.BertSequenceClassifier(modelLocation=fixture("bert_model"), textCol="review", maxSteps=2,
                                           perWorkerBatchSize=2, maxLength=16, loggingSteps=1)
    est.fit(train)
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("spark-bert step ")]
    assert [line.split()[2] for line in printed] == ["1/2", "2/2"], printed
    assert all(" loss " in line and " samples/s " in line for line in printed)
    est.setLoggingSteps(0).setMaxSteps(1).fit(train)
    assert "spark-bert" not in capsys.readouterr().out


def test_history_is_python_data(fitted):
    est, _, _ = fitted
    steps = est.lastHistory()
    assert [s["step"] for s in steps] == [0, 1, 2]
    assert all(isinstance(s["loss"], float) and s["examples"] == 4 for s in steps)
    assert est.lastTrainingHistory()["replica_threads"] == [1, 1]
    assert est.lastEvaluations() == []


def test_model_and_estimator_save_and_load(fitted, tmp_path):
    est, model, train = fitted
    model.write().save(str(tmp_path / "model"))
    loaded = sparkbert.BertSequenceClassificationModel.load(str(tmp_path / "model"))
    assert loaded.transform(train).collect() == model.transform(train).collect()
    est.save(str(tmp_path / "est"))
    again = sparkbert.BertSequenceClassifier.load(str(tmp_path / "est"))
    assert (again.uid, again.getTextCol(), again.getMaxSteps()) == (est.uid, "review", 3)


def test_a_string_indexers_output_trains_a_classifier_named_after_its_labels(spark):
    """MLlib's way to classes: a StringIndexer's double indices, named in the column's metadata."""
    from pyspark.ml import Pipeline
    from pyspark.ml.feature import StringIndexer

    train = spark.createDataFrame(ROWS, ["review", "label"])
    pipeline = Pipeline(stages=[
        StringIndexer(inputCol="label", outputCol="y", stringOrderType="alphabetDesc"),
        sparkbert.BertSequenceClassifier(modelLocation=fixture("bert_model"), textCol="review", labelCol="y",
                                         maxSteps=1, perWorkerBatchSize=2, maxLength=16, loggingSteps=0,
                                         predictedLabelCol="name")])
    rows = pipeline.fit(train).transform(train).select("prediction", "name").collect()
    assert rows and all(r["name"] == ["pos", "neg"][int(r["prediction"])] for r in rows)


def test_a_name_the_model_uses_differently_is_not_copied(spark):
    """The token classifier's tagsCol is its gold tags; the model's tagsCol is an optional output."""
    rows = [(["a", "cat"], ["O", "B-ANIMAL"]), (["the", "dog"], ["O", "B-ANIMAL"])] * 2
    train = spark.createDataFrame(rows, ["words", "gold"])
    est = sparkbert.BertTokenClassifier(modelLocation=fixture("bert_model"), tagsCol="gold", maxSteps=1,
                                        perWorkerBatchSize=2, maxLength=16, loggingSteps=0)
    model = est.fit(train)
    assert model.getTagsCol() == "" and model.getAggregationStrategy() == "first"

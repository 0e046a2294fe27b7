"""The task evaluators from Python: scores, errors, persistence, and MLlib's tuning over our estimators."""

import random

import pytest
from pyspark.ml.tuning import ParamGridBuilder, TrainValidationSplit
from pyspark.sql import Row
from pyspark.sql import functions as F

import sparkbert
from conftest import fixture


def _entity(group, start, end):
    return Row(entity_group=group, word="", start=start, end=end, score=0.9)


NER_SCHEMA = ("words array<string>, tags array<string>, text string, "
              "entities array<struct<entity_group:string,word:string,start:int,end:int,score:double>>")


def test_entity_f1_counts_exact_spans_and_types(spark):
    rows = [(["Anna", "Berg", "visited", "New", "York"], ["B-PER", "I-PER", "O", "B-LOC", "I-LOC"],
             "Anna Berg visited New York", [_entity("PER", 0, 9), _entity("LOC", 18, 21)]),
            (["Oslo", "is", "cold"], ["B-LOC", "O", "O"], "Oslo is cold",
             [_entity("LOC", 0, 4), _entity("MISC", 8, 12)])]
    data = spark.createDataFrame(rows, NER_SCHEMA)
    evaluator = sparkbert.EntityEvaluator()
    assert evaluator.evaluate(data) == pytest.approx(4 / 7)
    assert evaluator.setMetricName("precision").evaluate(data) == pytest.approx(0.5)
    assert evaluator.evaluate(data, {evaluator.metricName: "recall"}) == pytest.approx(2 / 3)
    assert evaluator.isLargerBetter()


def test_squad_scores_and_a_missing_column_is_named(spark):
    data = spark.createDataFrame(
        [(Row(text="The Eiffel Tower!", start=0, end=17, score=0.5), ["Paris", "eiffel tower"]),
         (Row(text="tower", start=0, end=5, score=0.5), ["eiffel tower"])],
        "answer struct<text:string,start:int,end:int,score:double>, answers array<string>")
    evaluator = sparkbert.QuestionAnsweringEvaluator(answerTextCol="answers", metricName="exactMatch")
    assert evaluator.evaluate(data) == pytest.approx(50.0)
    assert evaluator.setMetricName("f1").evaluate(data) == pytest.approx(100 * (1 + 2 / 3) / 2)
    with pytest.raises(ValueError, match="answerTextCol: input column 'answer_text' does not exist"):
        sparkbert.QuestionAnsweringEvaluator().evaluate(data)


def test_evaluators_save_and_load_as_our_classes(spark, tmp_path):
    sparkbert.EntityEvaluator(metricName="recall", textCol="sentence").save(str(tmp_path / "e"))
    loaded = sparkbert.EntityEvaluator.load(str(tmp_path / "e"))
    assert isinstance(loaded, sparkbert.EntityEvaluator)
    assert (loaded.getMetricName(), loaded.getTextCol(), loaded.getTagsCol()) == ("recall", "sentence", "tags")


def test_train_validation_split_chooses_the_learning_rate_by_entity_f1_with_fits_at_once(spark, capsys):
    """pyspark's tuning over our estimator and evaluator, two fits at once (parallelism=2): the best
    learning rate wins, and each fit prints its own progress lines once."""
    rng = random.Random(3)
    rows = []
    for i in range(32):
        who, where = rng.choice(["john", "mary", "peter", "anna"]), rng.choice(["paris", "london", "berlin", "rome"])
        rows.append(([who, "lives", "in", where], ["B-PER", "O", "O", "B-LOC"]) if i % 2 == 0
                    else (["in", where, "is", who], ["O", "B-LOC", "O", "B-PER"]))
    data = spark.createDataFrame(rows, "words array<string>, tags array<string>") \
        .withColumn("text", F.concat_ws(" ", "words"))
    tagger = sparkbert.BertTokenClassifier(modelLocation=fixture("bert_model"), maxSteps=16, perWorkerBatchSize=4,
                                           warmupSteps=2, seed=11, loggingSteps=8)
    tuned = TrainValidationSplit(estimator=tagger, evaluator=sparkbert.EntityEvaluator(), trainRatio=0.75, seed=5,
                                 parallelism=2, estimatorParamMaps=ParamGridBuilder()
                                 .addGrid(tagger.learningRate, [1e-6, 3e-3]).build()).fit(data)
    low, high = tuned.validationMetrics
    assert high > low + 0.3, tuned.validationMetrics
    assert isinstance(tuned.bestModel, sparkbert.BertTokenClassificationModel)
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("spark-bert step ")]
    # The two fits at once, then the best one again on all rows: three fits, two lines each.
    assert sorted(line.split()[2] for line in printed) == ["16/16"] * 3 + ["8/16"] * 3, printed

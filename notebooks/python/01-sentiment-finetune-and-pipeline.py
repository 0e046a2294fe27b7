# Databricks notebook source
# MAGIC %md
# MAGIC # Sentiment analysis: fine-tune BERT on Spark, then serve it in a Pipeline (Python)
# MAGIC
# MAGIC This notebook fine-tunes the whole `all-MiniLM-L6-v2` encoder (shipped inside the spark-bert jar) as a
# MAGIC sentiment classifier with **synchronized data parallelism**: two Spark tasks each hold a replica, gradients are
# MAGIC summed every step, each replica updates its half of the weights and they swap halves, so both end every step
# MAGIC with the same weights. The result is an ordinary Spark ML
# MAGIC `PipelineModel` that scores DataFrames, saves and loads like any MLlib model.
# MAGIC
# MAGIC Cluster: the spark-bert jobs jar of the runtime's Spark line as a cluster library, and the `spark-bert` wheel
# MAGIC (see `notebooks/README.md`); barrier training needs as many free task slots as `numWorkers`.

# COMMAND ----------

# Settings: on Databricks the defaults apply; the CI runner sets these to a tiny model and a few steps.
import os

samples = os.environ.get("SPARKBERT_SAMPLES", "dbfs:/FileStore/spark-bert/data-samples")
model_location = os.environ.get("SPARKBERT_MODEL", "embedded")
max_steps = int(os.environ.get("SPARKBERT_MAX_STEPS", "-1"))
output_dir = os.environ.get("SPARKBERT_OUTPUT_DIR", "dbfs:/FileStore/spark-bert/output")

# COMMAND ----------

# MAGIC %md
# MAGIC ## The data
# MAGIC A few hundred labelled review sentences (`positive` / `negative`) and a held-out part.

# COMMAND ----------

def read_tsv(path):
    return spark.read.option("header", "true").option("sep", "\t").option("quote", "\u0000").csv(path)


train = read_tsv(f"{samples}/sentiment/train.tsv")
test = read_tsv(f"{samples}/sentiment/test.tsv")
display(train.groupBy("label").count())
display(train.limit(5))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Fine-tune with two replicas
# MAGIC `BertSequenceClassifier` is a Spark ML `Estimator`. Its params follow Hugging Face `TrainingArguments`
# MAGIC (`learningRate`, `warmupRatio`, `weightDecay`, `perWorkerBatchSize`, ...). The string labels become the model's
# MAGIC `id2label`. A fifth of the rows is held out and evaluated every `evalSteps`.
# MAGIC The progress lines (step, loss, learning rate, samples/s, ETA, validation results) print below the cell while
# MAGIC it trains; the Spark UI lists the latest as a job. `checkpointDir` is storage the driver and every executor
# MAGIC share (DBFS here): a replica writes the trained model there.

# COMMAND ----------

from pyspark.ml import Pipeline, PipelineModel
from sparkbert import BertSequenceClassifier

classifier = BertSequenceClassifier(
    checkpointDir=f"{output_dir}/checkpoints",
    modelLocation=model_location, textCol="sentence", labelCol="label", numWorkers=2, perWorkerBatchSize=8,
    numTrainEpochs=2.0, maxSteps=max_steps, learningRate=1e-4, warmupRatio=0.1, weightDecay=0.01, maxLength=64,
    validationFraction=0.2, evalSteps=25, seed=42)
pipeline_model = Pipeline(stages=[classifier]).fit(train)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Training curves
# MAGIC The estimator keeps the per-step history (loss, learning rate, gradient norm) and the validation results as
# MAGIC Python data; `display` charts them. (Over Spark Connect, e.g. on shared clusters, the history stays on the
# MAGIC server: it is in the trained checkpoint's `training_history.json`.)

# COMMAND ----------

try:
    display(spark.createDataFrame(classifier.lastHistory()).select("step", "loss", "learning_rate"))
    display(spark.createDataFrame(classifier.lastEvaluations()))
except NotImplementedError as e:
    print(e)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Evaluate on the held-out sentences
# MAGIC The model's outputs follow MLlib's conventions (`prediction`, `probability`, `rawPrediction`), so MLlib's
# MAGIC evaluators work directly; labels are indexed in the same (alphabetical) order as `id2label`.

# COMMAND ----------

from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.feature import StringIndexer

scored = pipeline_model.transform(test)
indexed = StringIndexer(inputCol="label", outputCol="y", stringOrderType="alphabetAsc").fit(test).transform(scored)
accuracy = MulticlassClassificationEvaluator(labelCol="y", metricName="accuracy").evaluate(indexed)
print(f"held-out accuracy: {accuracy:.3f}")
display(scored.select("sentence", "label", "prediction", "probability").limit(10))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Save, load, score new text
# MAGIC The saved PipelineModel holds Spark's metadata plus the Hugging Face checkpoint (`config.json`,
# MAGIC `model.safetensors`, tokenizer) under the stage's `data/checkpoint`, which `transformers` opens directly. It
# MAGIC loads in Scala too (`PipelineModel.load`).

# COMMAND ----------

path = f"{output_dir}/sentiment-pipeline-python"
pipeline_model.write().overwrite().save(path)
reloaded = PipelineModel.load(path)
fresh = spark.createDataFrame([("What a wonderful evening, the food was great.",),
                               ("The service was slow and rude.",)], ["sentence"])
before = [r.prediction for r in pipeline_model.transform(fresh).select("prediction").collect()]
after = [r.prediction for r in reloaded.transform(fresh).select("prediction").collect()]
assert before == after, "the reloaded pipeline scores as the original"
display(reloaded.transform(fresh).select("sentence", "prediction", "probability"))

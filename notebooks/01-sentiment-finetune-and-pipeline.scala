// Databricks notebook source
// MAGIC %md
// MAGIC # Sentiment analysis: fine-tune BERT on Spark, then serve it in a Pipeline
// MAGIC
// MAGIC This notebook fine-tunes the whole `all-MiniLM-L6-v2` encoder (shipped inside the spark-bert jar) as a
// MAGIC sentiment classifier with **synchronized data parallelism**: two Spark tasks each hold a replica, gradients are
// MAGIC summed every step, each replica updates its half of the weights and they swap halves, so both end every step
// MAGIC with the same weights. The result is an ordinary Spark ML
// MAGIC `PipelineModel` that scores DataFrames, saves and loads like any MLlib model.
// MAGIC
// MAGIC Cluster: attach the `spark-bert-<version>-jobs.jar` library; barrier training needs as many free task slots as
// MAGIC `numWorkers` (see `notebooks/README.md`).

// COMMAND ----------

// Settings: on Databricks the defaults apply; the CI runner sets these properties to a tiny model and a few steps.
val samples = sys.props.getOrElse("sparkbert.samples", "dbfs:/FileStore/spark-bert/data-samples")
val modelLocation = sys.props.getOrElse("sparkbert.model", "embedded")
val maxSteps = sys.props.getOrElse("sparkbert.maxSteps", "-1").toInt
val outputDir = sys.props.getOrElse("sparkbert.outputDir", "dbfs:/FileStore/spark-bert/output")

// COMMAND ----------

// MAGIC %md
// MAGIC ## The data
// MAGIC A few hundred labelled review sentences (`positive` / `negative`) and a held-out part.

// COMMAND ----------

def readTsv(path: String) = spark.read.option("header", "true").option("sep", "\t").option("quote", "\u0000").csv(path)
val train = readTsv(s"$samples/sentiment/train.tsv")
val test = readTsv(s"$samples/sentiment/test.tsv")
display(train.groupBy("label").count())
display(train.limit(5))

// COMMAND ----------

// MAGIC %md
// MAGIC ## Fine-tune with two replicas
// MAGIC `BertSequenceClassifier` is a Spark ML `Estimator`. Its params follow Hugging Face `TrainingArguments`
// MAGIC (`learningRate`, `warmupRatio`, `weightDecay`, `perWorkerBatchSize`, ...). The string labels become the model's
// MAGIC `id2label`. With validation data, the loss and accuracy on it are computed every `evalSteps`.
// MAGIC `TrainingProgress.toConsole()` prints the progress lines (step, loss, learning rate, samples/s, ETA,
// MAGIC validation results) below the cell while it trains; the Spark UI lists the latest as a job.
// MAGIC `checkpointDir` is storage the driver and every executor share (DBFS here): a replica writes the trained
// MAGIC model there.

// COMMAND ----------

import dev.sparkbert.training.BertSequenceClassifier
import dev.sparkbert.training.report.TrainingProgress
import org.apache.spark.ml.{Pipeline, PipelineModel, PipelineStage}

val classifier = new BertSequenceClassifier()
  .setModelLocation(modelLocation).setCheckpointDir(s"$outputDir/checkpoints")
  .setTextCol("sentence").setLabelCol("label")
  .setNumWorkers(2).setPerWorkerBatchSize(8)
  .setNumTrainEpochs(2).setMaxSteps(maxSteps)
  .setLearningRate(1e-4).setWarmupRatio(0.1).setWeightDecay(0.01).setMaxLength(64)
  .setValidationData(test).setEvalSteps(25).setSeed(42)

TrainingProgress.toConsole()
val pipelineModel = new Pipeline().setStages(Array[PipelineStage](classifier)).fit(train)

// COMMAND ----------

// MAGIC %md
// MAGIC ## Training curves
// MAGIC The estimator keeps the per-step history (loss, learning rate, gradient norm) and the validation results.

// COMMAND ----------

import scala.collection.JavaConverters._
val curve = classifier.lastHistory.asScala.toSeq.map(r => (r.step + 1, r.loss, r.learningRate)).toDF("step", "loss", "learning_rate")
display(curve)

// COMMAND ----------

import dev.sparkbert.training.report.TrainingReport
val png = new TrainingReport(classifier.lastTrainingHistory).plot()  // PNG bytes
displayHTML(s"<img src='data:image/png;base64,${java.util.Base64.getEncoder.encodeToString(png)}'/>")

// COMMAND ----------

// MAGIC %md
// MAGIC ## Evaluate on the held-out sentences
// MAGIC The model's outputs follow MLlib's conventions (`prediction`, `probability`, `rawPrediction`), so MLlib's
// MAGIC evaluators work directly; labels are indexed in the same (alphabetical) order as `id2label`.

// COMMAND ----------

import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator
import org.apache.spark.ml.feature.StringIndexer
val scored = pipelineModel.transform(test)
val indexed = new StringIndexer().setInputCol("label").setOutputCol("y").setStringOrderType("alphabetAsc").fit(test).transform(scored)
val accuracy = new MulticlassClassificationEvaluator().setLabelCol("y").setMetricName("accuracy").evaluate(indexed)
println(f"held-out accuracy: $accuracy%.3f")
display(scored.select("sentence", "label", "prediction", "probability").limit(10))

// COMMAND ----------

// MAGIC %md
// MAGIC ## Save, load, score new text
// MAGIC The saved PipelineModel holds Spark's metadata plus the Hugging Face checkpoint (`config.json`,
// MAGIC `model.safetensors`, tokenizer) under the stage's `data/checkpoint`, which `transformers` opens directly.

// COMMAND ----------

val path = s"$outputDir/sentiment-pipeline"
pipelineModel.write.overwrite().save(path)
val reloaded = PipelineModel.load(path)
val fresh = Seq("What a wonderful evening, the food was great.", "The service was slow and rude.").toDF("sentence")
val before = pipelineModel.transform(fresh).select("prediction").as[Double].collect()
val after = reloaded.transform(fresh).select("prediction").as[Double].collect()
assert(before.sameElements(after), "the reloaded pipeline scores as the original")
display(reloaded.transform(fresh).select("sentence", "prediction", "probability"))

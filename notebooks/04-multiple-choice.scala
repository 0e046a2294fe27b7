// Databricks notebook source
// MAGIC %md
// MAGIC # Multiple choice
// MAGIC
// MAGIC `BertMultipleChoiceClassifier` scores each (prompt, choice) pair with BERT and trains a softmax over the
// MAGIC choices of a row, as Hugging Face's `run_swag`. The fitted model predicts the index of the best choice.

// COMMAND ----------

val samples = sys.props.getOrElse("sparkbert.samples", "dbfs:/FileStore/spark-bert/data-samples")
val modelLocation = sys.props.getOrElse("sparkbert.model", "embedded")
val maxSteps = sys.props.getOrElse("sparkbert.maxSteps", "-1").toInt
val outputDir = sys.props.getOrElse("sparkbert.outputDir", "dbfs:/FileStore/spark-bert/output")

// COMMAND ----------

val questions = spark.read.json(s"$samples/multiple-choice/questions.jsonl")
display(questions)

// COMMAND ----------

import dev.sparkbert.training.BertMultipleChoiceClassifier
val mc = new BertMultipleChoiceClassifier().setModelLocation(modelLocation).setCheckpointDir(s"$outputDir/checkpoints")
  .setPromptCol("prompt").setChoicesCol("choices").setLabelCol("label")
  .setNumWorkers(2).setPerWorkerBatchSize(2).setNumTrainEpochs(5).setMaxSteps(maxSteps)
  .setLearningRate(5e-5).setMaxLength(32).setSeed(42)
val mcModel = mc.fit(questions)

// COMMAND ----------

import org.apache.spark.sql.functions._
val picked = mcModel.transform(questions)
  .withColumn("picked", element_at(col("choices"), col("prediction").cast("int") + 1))
display(picked.select("prompt", "picked", "label", "prediction", "probability"))

// COMMAND ----------

import scala.collection.JavaConverters._
display(mc.lastHistory.asScala.toSeq.map(r => (r.step + 1, r.loss, r.learningRate)).toDF("step", "loss", "learning_rate"))

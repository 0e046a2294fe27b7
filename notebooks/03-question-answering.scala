// Databricks notebook source
// MAGIC %md
// MAGIC # Extractive question answering (SQuAD format)
// MAGIC
// MAGIC `BertQuestionAnswerer` fine-tunes BERT to point at the answer span in a context. Long contexts are split into
// MAGIC overlapping windows (`docStride`); a window that does not hold the answer is trained to point at [CLS].

// COMMAND ----------

val samples = sys.props.getOrElse("sparkbert.samples", "dbfs:/FileStore/spark-bert/data-samples")
val modelLocation = sys.props.getOrElse("sparkbert.model", "embedded")
val maxSteps = sys.props.getOrElse("sparkbert.maxSteps", "-1").toInt
val outputDir = sys.props.getOrElse("sparkbert.outputDir", "dbfs:/FileStore/spark-bert/output")

// COMMAND ----------

import org.apache.spark.sql.functions._
val squad = spark.read.option("multiLine", "true").json(s"$samples/qa/squad.json")
  .select(explode(col("data")).as("a")).select(explode(col("a.paragraphs")).as("p"))
  .select(col("p.context").as("context"), explode(col("p.qas")).as("qa"))
  .select(col("qa.question").as("question"), col("context"),
    col("qa.answers").getItem(0).getField("text").as("answer_text"),
    col("qa.answers").getItem(0).getField("answer_start").cast("int").as("answer_start"))
display(squad)

// COMMAND ----------

import dev.sparkbert.training.BertQuestionAnswerer
val qaTrainer = new BertQuestionAnswerer().setModelLocation(modelLocation).setCheckpointDir(s"$outputDir/checkpoints")
  .setMaxLength(64).setDocStride(16)
  .setNumWorkers(2).setPerWorkerBatchSize(4).setNumTrainEpochs(10).setMaxSteps(maxSteps)
  .setLearningRate(1e-4).setWarmupRatio(0.1).setSeed(42)
val qaModel = qaTrainer.fit(squad)

// COMMAND ----------

// MAGIC %md
// MAGIC ## Answer questions
// MAGIC The answer is a struct of text, character offsets into the context, and score.

// COMMAND ----------

val answered = qaModel.transform(squad.select("question", "context", "answer_text"))
display(answered.select(col("question"), col("answer_text").as("expected"), col("answer.text").as("predicted"), col("answer.score")))

// COMMAND ----------

// MAGIC %md
// MAGIC ## Exact match and F1, as SQuAD's script scores them
// MAGIC `QuestionAnsweringEvaluator` compares `answerCol` (the model's answer) with `answerTextCol` (a string, or an array of
// MAGIC strings for several gold answers) after SQuAD's normalisation, in percent. Here on the training questions; score
// MAGIC held-out ones in practice. It also drives MLlib's `CrossValidator` and `TrainValidationSplit`.

// COMMAND ----------

import dev.sparkbert.ml.evaluation.QuestionAnsweringEvaluator
val squadScores = new QuestionAnsweringEvaluator().scores(answered)
println(f"exact match ${squadScores.exactMatch}%.1f, F1 ${squadScores.f1}%.1f over ${squadScores.questions} questions")

// COMMAND ----------

import scala.collection.JavaConverters._
display(qaTrainer.lastHistory.asScala.toSeq.map(r => (r.step + 1, r.loss)).toDF("step", "loss"))

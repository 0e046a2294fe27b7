// Databricks notebook source
// MAGIC %md
// MAGIC # Masked-LM pretraining and fill-mask
// MAGIC
// MAGIC `BertPretrainer` continues pretraining (or pretrains from scratch) on raw documents with the BERT objectives:
// MAGIC 15% of tokens chosen (80% [MASK], 10% random, 10% kept), optionally whole words, plus next-sentence prediction.
// MAGIC The result is a `BertMaskedLMModel` that fills in masked words.

// COMMAND ----------

val samples = sys.props.getOrElse("sparkbert.samples", "dbfs:/FileStore/spark-bert/data-samples")
val modelLocation = sys.props.getOrElse("sparkbert.model", "embedded")
val maxSteps = sys.props.getOrElse("sparkbert.maxSteps", "-1").toInt
val outputDir = sys.props.getOrElse("sparkbert.outputDir", "dbfs:/FileStore/spark-bert/output")

// COMMAND ----------

// Documents are separated by blank lines; their sentences become the segments of next-sentence pairs.
val documents = sc.wholeTextFiles(s"$samples/pretraining/documents.txt")
  .flatMap { case (_, text) => text.split("\n\\s*\n").map(_.trim).filter(_.nonEmpty) }.toDF("text")
display(documents)

// COMMAND ----------

import dev.sparkbert.training.BertPretrainer
val pretrainer = new BertPretrainer().setModelLocation(modelLocation).setCheckpointDir(s"$outputDir/checkpoints").setTextCol("text")
  .setNextSentencePrediction(true).setWholeWordMask(true)
  .setNumWorkers(2).setPerWorkerBatchSize(4).setNumTrainEpochs(20).setMaxSteps(maxSteps)
  .setLearningRate(5e-5).setWarmupRatio(0.1).setMaxLength(64).setSeed(42)
val mlm = pretrainer.fit(documents)

// COMMAND ----------

import scala.collection.JavaConverters._
display(pretrainer.lastHistory.asScala.toSeq.map(r => (r.step + 1, r.loss)).toDF("step", "masked_lm_plus_nsp_loss"))

// COMMAND ----------

// MAGIC %md
// MAGIC ## Fill in the blanks
// MAGIC One list of candidates (token, id, score, filled sequence) per `[MASK]`.

// COMMAND ----------

val masked = Seq("The baker opens his [MASK] at six.", "Bees turn nectar into [MASK].").toDF("text")
display(mlm.setTopK(3).transform(masked).selectExpr("text", "explode(fills[0]) AS c").select("text", "c.token", "c.score"))

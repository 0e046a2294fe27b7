// Databricks notebook source
// MAGIC %md
// MAGIC # Named-entity recognition on CoNLL-style data
// MAGIC
// MAGIC `BertTokenClassifier` fine-tunes BERT on pre-split words with one BIO tag per word, as CoNLL files have them.
// MAGIC Each word's tag goes on its first sub-word token (the rest are ignored by the loss), as in Hugging Face's
// MAGIC `run_ner`. The fitted `BertTokenClassificationModel` tags raw text and groups tokens into entities.

// COMMAND ----------

val samples = sys.props.getOrElse("sparkbert.samples", "dbfs:/FileStore/spark-bert/data-samples")
val modelLocation = sys.props.getOrElse("sparkbert.model", "embedded")
val maxSteps = sys.props.getOrElse("sparkbert.maxSteps", "-1").toInt
val outputDir = sys.props.getOrElse("sparkbert.outputDir", "dbfs:/FileStore/spark-bert/output")

// COMMAND ----------

// MAGIC %md
// MAGIC ## Read the CoNLL file
// MAGIC One token per line (word first, tag last), blank lines between sentences.

// COMMAND ----------

val sentences = sc.wholeTextFiles(s"$samples/ner/train.conll").flatMap { case (_, text) =>
  text.split("\n\\s*\n").toSeq.map(_.split("\n").toSeq.map(_.trim).filter(l => l.nonEmpty && !l.startsWith("-DOCSTART-")))
    .filter(_.nonEmpty).map(lines => (lines.map(_.split("\\s+").head), lines.map(_.split("\\s+").last)))
}.toDF("words", "tags")
display(sentences.limit(5))

// COMMAND ----------

import dev.sparkbert.training.BertTokenClassifier
val tagger = new BertTokenClassifier().setModelLocation(modelLocation).setCheckpointDir(s"$outputDir/checkpoints")
  .setWordsCol("words").setTagsCol("tags").setTextCol("text")
  .setNumWorkers(2).setPerWorkerBatchSize(8).setNumTrainEpochs(3).setMaxSteps(maxSteps)
  .setLearningRate(1e-4).setWarmupRatio(0.1).setMaxLength(64).setValidationFraction(0.2).setSeed(42)
val nerModel = tagger.fit(sentences)
println(nerModel.config.getId2label)

// COMMAND ----------

// MAGIC %md
// MAGIC ## Tag new text
// MAGIC Entities come with their group, the covered text and character offsets.

// COMMAND ----------

val texts = Seq("Mei Lin moved to Osaka to work for Atlas Robotics .", "Reporters in Lisbon asked David Osei about Bluebird Bank .").toDF("text")
val tagged = nerModel.transform(texts)
display(tagged.selectExpr("text", "explode(entities) AS e").select("text", "e.entity_group", "e.word", "e.start", "e.end", "e.score"))

// COMMAND ----------

// MAGIC %md
// MAGIC ## Entity F1, as seqeval scores it
// MAGIC `EntityEvaluator` compares the model's entities over `text` (the words joined by spaces, as training joins them)
// MAGIC with the gold BIO tags: an entity counts when its span and type are exact. Here on the training sentences; score
// MAGIC held-out ones in practice. It also drives MLlib's `CrossValidator` and `TrainValidationSplit`.

// COMMAND ----------

import dev.sparkbert.ml.evaluation.EntityEvaluator
import org.apache.spark.sql.functions.{col, concat_ws}
val scoredSentences = nerModel.transform(sentences.withColumn("text", concat_ws(" ", col("words"))))
val counts = new EntityEvaluator().counts(scoredSentences)
println(f"entity precision ${counts.precision}%.3f, recall ${counts.recall}%.3f, F1 ${counts.f1}%.3f (${counts.goldEntities} gold entities)")

// COMMAND ----------

import scala.collection.JavaConverters._
import dev.sparkbert.training.report.TrainingReport
val png = new TrainingReport(tagger.lastTrainingHistory).plot()  // PNG bytes
displayHTML(s"<img src='data:image/png;base64,${java.util.Base64.getEncoder.encodeToString(png)}'/>")
display(tagger.lastEvaluations.asScala.toSeq.map(e => (e.step, e.loss, e.accuracy)).toDF("step", "eval_loss", "eval_token_accuracy"))

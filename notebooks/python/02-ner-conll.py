# Databricks notebook source
# MAGIC %md
# MAGIC # Named entities: fine-tune a token classifier on CoNLL data (Python)
# MAGIC
# MAGIC `BertTokenClassifier` trains on pre-split words with one BIO tag per word, as CoNLL files have them; the
# MAGIC fitted `BertTokenClassificationModel` tags raw text and groups tokens into entities with character offsets.

# COMMAND ----------

import os

samples = os.environ.get("SPARKBERT_SAMPLES", "dbfs:/FileStore/spark-bert/data-samples")
model_location = os.environ.get("SPARKBERT_MODEL", "embedded")
max_steps = int(os.environ.get("SPARKBERT_MAX_STEPS", "-1"))
output_dir = os.environ.get("SPARKBERT_OUTPUT_DIR", "dbfs:/FileStore/spark-bert/output")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Read the CoNLL file
# MAGIC One token per line (word first, tag last), blank lines between sentences.

# COMMAND ----------

from pyspark.sql import functions as F

sentences = (
    spark.read.text(f"{samples}/ner/train.conll", wholetext=True)
    .select(F.explode(F.split("value", r"\n\s*\n")).alias("sentence"))
    .select(F.filter(F.split("sentence", "\n"), lambda l: (F.trim(l) != "") & ~l.startswith("-DOCSTART-")).alias("lines"))
    .filter(F.size("lines") > 0)
    .select(F.transform("lines", lambda l: F.split(F.trim(l), r"\s+")[0]).alias("words"),
            F.transform("lines", lambda l: F.element_at(F.split(F.trim(l), r"\s+"), -1)).alias("tags"))
)
display(sentences.limit(5))

# COMMAND ----------

from sparkbert import BertTokenClassifier

tagger = BertTokenClassifier(
    checkpointDir=f"{output_dir}/checkpoints",
    modelLocation=model_location, wordsCol="words", tagsCol="tags", textCol="text", numWorkers=2,
    perWorkerBatchSize=8, numTrainEpochs=3.0, maxSteps=max_steps, learningRate=1e-4, warmupRatio=0.1, maxLength=64,
    validationFraction=0.2, seed=42)
ner_model = tagger.fit(sentences)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Tag new text
# MAGIC Entities come with their group, the matched text, character offsets into the input and a score.

# COMMAND ----------

texts = spark.createDataFrame([("Mei Lin moved to Osaka to work for Atlas Robotics .",),
                               ("Reporters in Lisbon asked David Osei about Bluebird Bank .",)], ["text"])
tagged = ner_model.transform(texts)
display(tagged.selectExpr("text", "explode(entities) AS e").select("text", "e.entity_group", "e.word", "e.start", "e.end",
                                                                  "e.score"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Entity F1, as seqeval scores it
# MAGIC `EntityEvaluator` compares the model's entities over `text` (the words joined by spaces, as training joins them)
# MAGIC with the gold BIO tags: an entity counts when its span and type are exact. Here on the training sentences; score
# MAGIC held-out ones in practice. It also drives MLlib's `CrossValidator` and `TrainValidationSplit`.

# COMMAND ----------

from sparkbert import EntityEvaluator

scored_sentences = ner_model.transform(sentences.withColumn("text", F.concat_ws(" ", "words")))
print(f"entity F1 {EntityEvaluator().evaluate(scored_sentences):.3f}")

# COMMAND ----------

try:
    display(spark.createDataFrame(tagger.lastEvaluations()))
except NotImplementedError as e:
    print(e)

# Databricks notebook source
# MAGIC %md
# MAGIC # Pretraining (masked LM + next sentence) and fill-mask (Python)
# MAGIC
# MAGIC `BertPretrainer` continues pretraining (or starts from scratch) on raw documents with HF's masking (15%,
# MAGIC 80/10/10, optionally whole words) and next-sentence pairs; the result is a fill-mask model.

# COMMAND ----------

import os

samples = os.environ.get("SPARKBERT_SAMPLES", "dbfs:/FileStore/spark-bert/data-samples")
model_location = os.environ.get("SPARKBERT_MODEL", "embedded")
max_steps = int(os.environ.get("SPARKBERT_MAX_STEPS", "-1"))
output_dir = os.environ.get("SPARKBERT_OUTPUT_DIR", "dbfs:/FileStore/spark-bert/output")

# COMMAND ----------

from pyspark.sql import functions as F

# Documents are separated by blank lines; their sentences become the segments of next-sentence pairs.
documents = (
    spark.read.text(f"{samples}/pretraining/documents.txt", wholetext=True)
    .select(F.explode(F.split("value", r"\n\s*\n")).alias("text"))
    .select(F.trim("text").alias("text")).filter(F.col("text") != "")
)
display(documents)

# COMMAND ----------

from sparkbert import BertPretrainer

pretrainer = BertPretrainer(
    checkpointDir=f"{output_dir}/checkpoints",
    modelLocation=model_location, textCol="text", nextSentencePrediction=True, wholeWordMask=True, numWorkers=2,
    perWorkerBatchSize=4, numTrainEpochs=20.0, maxSteps=max_steps, learningRate=5e-5, warmupRatio=0.1, maxLength=64,
    seed=42)
mlm = pretrainer.fit(documents)

# COMMAND ----------

try:
    display(spark.createDataFrame(pretrainer.lastHistory()).select("step", "loss"))
except NotImplementedError as e:
    print(e)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Fill in the blanks
# MAGIC Each `[MASK]` gets its `topK` candidates with scores and the completed sentence.

# COMMAND ----------

masked = spark.createDataFrame([("The baker opens his [MASK] at six.",), ("Bees turn nectar into [MASK].",)], ["text"])
display(mlm.setTopK(3).transform(masked).selectExpr("text", "explode(fills[0]) AS c").select("text", "c.token", "c.score"))

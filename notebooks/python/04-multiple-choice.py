# Databricks notebook source
# MAGIC %md
# MAGIC # Multiple choice: pick the right answer among several (Python)
# MAGIC
# MAGIC `BertMultipleChoiceClassifier` scores each (prompt, choice) pair with a shared classifier and trains a softmax
# MAGIC over a row's choices, as HF's `run_swag` does.

# COMMAND ----------

import os

samples = os.environ.get("SPARKBERT_SAMPLES", "dbfs:/FileStore/spark-bert/data-samples")
model_location = os.environ.get("SPARKBERT_MODEL", "embedded")
max_steps = int(os.environ.get("SPARKBERT_MAX_STEPS", "-1"))
output_dir = os.environ.get("SPARKBERT_OUTPUT_DIR", "dbfs:/FileStore/spark-bert/output")

# COMMAND ----------

questions = spark.read.json(f"{samples}/multiple-choice/questions.jsonl")
display(questions)

# COMMAND ----------

from sparkbert import BertMultipleChoiceClassifier

mc = BertMultipleChoiceClassifier(
    checkpointDir=f"{output_dir}/checkpoints",
    modelLocation=model_location, promptCol="prompt", choicesCol="choices", labelCol="label", numWorkers=2,
    perWorkerBatchSize=2, numTrainEpochs=5.0, maxSteps=max_steps, learningRate=5e-5, maxLength=32, seed=42)
mc_model = mc.fit(questions)

# COMMAND ----------

from pyspark.sql import functions as F

picked = mc_model.transform(questions).withColumn(
    "picked", F.element_at("choices", F.col("prediction").cast("int") + 1))
display(picked.select("prompt", "picked", "label", "prediction", "probability"))

# COMMAND ----------

try:
    display(spark.createDataFrame(mc.lastHistory()).select("step", "loss", "learning_rate"))
except NotImplementedError as e:
    print(e)

# Databricks notebook source
# MAGIC %md
# MAGIC # Extractive question answering on SQuAD-style data (Python)
# MAGIC
# MAGIC `BertQuestionAnswerer` splits long contexts into overlapping windows (`docStride`), as HF's `run_qa` does,
# MAGIC and learns the answer's first and last token; the model decodes the best span over all windows.

# COMMAND ----------

import os

samples = os.environ.get("SPARKBERT_SAMPLES", "dbfs:/FileStore/spark-bert/data-samples")
model_location = os.environ.get("SPARKBERT_MODEL", "embedded")
max_steps = int(os.environ.get("SPARKBERT_MAX_STEPS", "-1"))
output_dir = os.environ.get("SPARKBERT_OUTPUT_DIR", "dbfs:/FileStore/spark-bert/output")

# COMMAND ----------

from pyspark.sql import functions as F

squad = (
    spark.read.option("multiLine", "true").json(f"{samples}/qa/squad.json")
    .select(F.explode("data").alias("a")).select(F.explode("a.paragraphs").alias("p"))
    .select(F.col("p.context").alias("context"), F.explode("p.qas").alias("qa"))
    .select(F.col("qa.question").alias("question"), "context",
            F.col("qa.answers").getItem(0).getField("text").alias("answer_text"),
            F.col("qa.answers").getItem(0).getField("answer_start").cast("int").alias("answer_start"))
)
display(squad)

# COMMAND ----------

from sparkbert import BertQuestionAnswerer

qa_trainer = BertQuestionAnswerer(
    checkpointDir=f"{output_dir}/checkpoints",
    modelLocation=model_location, maxLength=64, docStride=16, numWorkers=2, perWorkerBatchSize=4, numTrainEpochs=10.0,
    maxSteps=max_steps, learningRate=1e-4, warmupRatio=0.1, seed=42)
qa_model = qa_trainer.fit(squad)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Answer the questions
# MAGIC The answer is a struct of its text, character offsets into the context and its score.

# COMMAND ----------

answered = qa_model.transform(squad.select("question", "context", "answer_text"))
display(answered.select("question", F.col("answer_text").alias("expected"), F.col("answer.text").alias("predicted"),
                        F.col("answer.score")))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exact match and F1, as SQuAD's script scores them
# MAGIC `QuestionAnsweringEvaluator` compares `answerCol` (the model's answer) with `answerTextCol` (a string, or an array of
# MAGIC strings for several gold answers) after SQuAD's normalisation, in percent. Here on the training questions; score
# MAGIC held-out ones in practice. It also drives MLlib's `CrossValidator` and `TrainValidationSplit`.

# COMMAND ----------

from sparkbert import QuestionAnsweringEvaluator

squad_eval = QuestionAnsweringEvaluator()
print(f"exact match {squad_eval.setMetricName('exactMatch').evaluate(answered):.1f}, "
      f"F1 {squad_eval.setMetricName('f1').evaluate(answered):.1f}")

# COMMAND ----------

try:
    display(spark.createDataFrame(qa_trainer.lastHistory()).select("step", "loss"))
except NotImplementedError as e:
    print(e)

# Databricks notebook source
# MAGIC %md
# MAGIC # Sentence embeddings and semantic similarity (Python)
# MAGIC
# MAGIC `BertEmbeddingModel` turns text into sentence vectors (mean pooling, L2-normalised) with the embedded
# MAGIC `all-MiniLM-L6-v2`, no training needed. Cosine similarity of normalised vectors is their dot product.

# COMMAND ----------

import os

samples = os.environ.get("SPARKBERT_SAMPLES", "dbfs:/FileStore/spark-bert/data-samples")

# COMMAND ----------

pairs = spark.read.option("header", "true").option("sep", "\t").option("inferSchema", "true").csv(
    f"{samples}/similarity/pairs.tsv")
display(pairs)

# COMMAND ----------

from pyspark.sql import functions as F
from sparkbert import BertEmbeddingModel

embedder = BertEmbeddingModel.fromPretrained("embedded").setPooling("mean").setNormalize(True)
a = embedder.setTextCol("sentence1").setOutputCol("v1").transform(pairs)
both = embedder.copy().setTextCol("sentence2").setOutputCol("v2").transform(a)
cosine = F.udf(lambda x, y: float(x.dot(y)), "double")
scored = both.withColumn("cosine", cosine("v1", "v2"))
display(scored.select("sentence1", "sentence2", "score", "cosine"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## How well does cosine similarity follow the human scores?
# MAGIC Spearman's rank correlation over the pairs (on STS-B this model reaches about 0.82-0.87).

# COMMAND ----------

from pyspark.ml.feature import VectorAssembler
from pyspark.ml.stat import Correlation

assembled = VectorAssembler(inputCols=["score", "cosine"], outputCol="sc").transform(scored)
spearman = Correlation.corr(assembled, "sc", "spearman").head()[0].toArray()[0][1]
print(f"Spearman correlation: {spearman:.3f}")
assert spearman > 0.5, "embeddings rank similar pairs above unrelated ones"

"""spark-bert for PySpark: every BERT head of Hugging Face transformers as Spark ML stages
(inference Models and distributed fine-tuning / pretraining Estimators), wrapping the JVM
classes of the spark-bert jar. The stage classes are generated from the JVM classes
(``sparkbert._stages``); their names, params, docs and defaults are the JVM's."""

from sparkbert import _stages
from sparkbert._session import check_jvm, jar_path, start
from sparkbert._stages import *  # noqa: F401,F403 - the generated stage classes
from sparkbert._version import __version__

__all__ = ["__version__", "jar_path", "start", "check_jvm"] + _stages.__all__

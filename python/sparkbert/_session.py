"""Finding the spark-bert jar for the installed pyspark and checking that a session has the right one."""

import glob
import os
from typing import Any, Optional

from sparkbert._version import JVM_VERSION, __version__

_checked_context: Any = None


def is_remote() -> bool:
    """Whether the active session is a Spark Connect client."""
    try:
        from pyspark.sql.utils import is_remote as remote
    except ImportError:  # pragma: no cover - pyspark without Connect
        return False
    return remote()


def spark_line() -> str:
    """The Spark line of the installed pyspark: ``spark3.5_2.12`` or ``spark4.0_2.13``."""
    import pyspark

    major = int(pyspark.__version__.split(".")[0])
    return "spark4.0_2.13" if major >= 4 else "spark3.5_2.12"


def jar_path() -> str:
    """The spark-bert jobs jar for the installed pyspark: ``$SPARK_BERT_JAR`` if set, else the jar
    in this package (``sparkbert/jars/``), else the one built in the source checkout this package
    was installed from. Give it to the session as ``spark.jars`` (or install it as a cluster
    library on Databricks)."""
    configured = os.environ.get("SPARK_BERT_JAR")
    if configured:
        return configured
    name = f"spark-bert-{JVM_VERSION}-{spark_line()}-jobs.jar"
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.path.join(here, "jars", name)]
    root = _checkout_root(here)
    if root is not None:
        candidates += glob.glob(os.path.join(root, "**", "target", name), recursive=True)
    for c in candidates:
        if os.path.isfile(c):
            return c
    raise FileNotFoundError(
        f"no {name}: build it with `mvn -DskipTests package` in the spark-bert checkout, or set SPARK_BERT_JAR"
    )


def _checkout_root(start: str) -> Optional[str]:
    d = start
    for _ in range(4):
        d = os.path.dirname(d)
        if os.path.isfile(os.path.join(d, "pom.xml")) and os.path.isdir(os.path.join(d, "spark-bert-core")):
            return d
    return None


def start(master: str = "local[*]", **conf: str) -> Any:
    """A SparkSession with the spark-bert jar (as ``sparknlp.start()``), checked like any session."""
    from pyspark.sql import SparkSession

    # The jar carries the PyTorch natives and the embedded model: DJL needs nothing from the network.
    os.environ.setdefault("DJL_OFFLINE", "true")
    builder = (
        SparkSession.builder.master(master).appName("spark-bert").config("spark.jars", jar_path())
        .config("spark.executorEnv.DJL_OFFLINE", "true")
    )
    for k, v in conf.items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    check_jvm()
    return spark


def check_jvm() -> None:
    """Fails, with what to do, unless the session's JVM has the spark-bert build this package
    wraps (the same version, for this pyspark's Scala version). Checked once per SparkContext."""
    global _checked_context
    from pyspark import SparkContext

    sc = SparkContext._active_spark_context
    if sc is None or sc is _checked_context:
        return
    from py4j.java_gateway import JavaClass

    info = sc._jvm.dev.sparkbert.ml.BuildInfo
    if not isinstance(info, JavaClass):
        raise RuntimeError(
            "the spark-bert jar is not on this session's classpath: start the session with "
            ".config('spark.jars', sparkbert.jar_path()) (or sparkbert.start()), or install the jobs jar as a "
            "cluster library"
        )
    version, scala = info.version(), info.scalaBinaryVersion()
    expected_scala = spark_line().split("_")[1]
    if version != JVM_VERSION or scala != expected_scala:
        raise RuntimeError(
            f"spark-bert {__version__} (Python) needs the spark-bert {JVM_VERSION} jar for Scala {expected_scala}; "
            f"this session has spark-bert {version} for Scala {scala}. Use sparkbert.jar_path() for this pyspark"
        )
    _checked_context = sc

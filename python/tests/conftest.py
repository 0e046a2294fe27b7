"""The one local SparkSession of the tests (classic, with the spark-bert jar for this pyspark) and
the shared test data: the tiny HF fixture checkpoints and the project's data samples."""

import os
import sys

import pytest

# Python workers (UDFs) run with this interpreter, which has the test dependencies.
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.environ.get("SPARKBERT_FIXTURES", os.path.join(ROOT, "..", "shared", "fixtures", "hf-bert-tiny"))
SAMPLES = os.path.join(ROOT, "data-samples")


def fixture(name: str) -> str:
    """The path of a fixture checkpoint, e.g. ``seqcls_single_label``."""
    return os.path.join(FIXTURES, name)


@pytest.fixture(scope="session")
def spark():
    import sparkbert

    session = sparkbert.start(
        "local[2]",
        **{"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4", "spark.driver.host": "127.0.0.1"},
    )
    yield session
    session.stop()

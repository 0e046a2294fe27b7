"""Every Python notebook in ``notebooks/python`` runs end to end, cell by cell, against the local
session, with ``spark``, ``display`` and ``displayHTML`` defined as on Databricks. The notebooks
read their settings from the environment (on Databricks they fall back to the embedded model and
DBFS paths); here they train the tiny fixture model for a few steps on ``data-samples/``."""

import glob
import os
import re

import pytest

from conftest import ROOT, SAMPLES, fixture

pytestmark = pytest.mark.notebook

NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "python", "*.py")))


def code_cells(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert text.startswith("# Databricks notebook source\n"), f"{path} is not a Databricks Python source notebook"
    cells = text[text.index("\n") + 1:].split("\n# COMMAND ----------\n")
    return [c for c in cells if not all(l.startswith("# MAGIC") for l in c.splitlines() if l.strip())]


def test_there_are_the_six_workflows_of_the_scala_notebooks():
    scala = sorted(os.path.basename(p)[:-len(".scala")] for p in glob.glob(os.path.join(ROOT, "notebooks", "*.scala")))
    assert [os.path.basename(p)[:-len(".py")] for p in NOTEBOOKS] == scala


def test_the_databricks_defaults_are_paths_spark_resolves():
    # Spark resolves /dbfs/x against DBFS's root (dbfs:/dbfs/x); /dbfs is the driver's local view.
    for path in NOTEBOOKS + sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.scala"))):
        with open(path, encoding="utf-8") as f:
            defaults = re.findall(r'"((?:dbfs:)?/[^"]*)"\)', f.read())
        assert defaults, path
        for d in defaults:
            assert d.startswith("dbfs:/"), f"{os.path.basename(path)}: default {d} is not a Spark path"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=os.path.basename)
def test_notebook_runs_end_to_end(spark, notebook, tmp_path, monkeypatch):
    monkeypatch.setenv("SPARKBERT_SAMPLES", SAMPLES)
    monkeypatch.setenv("SPARKBERT_MODEL", fixture("bert_model"))
    monkeypatch.setenv("SPARKBERT_MAX_STEPS", "6")
    monkeypatch.setenv("SPARKBERT_OUTPUT_DIR", str(tmp_path))
    shown = []
    namespace = {"spark": spark, "display": lambda df: shown.append(df.limit(20).collect()),
                 "displayHTML": lambda html: shown.append(html)}
    cells = code_cells(notebook)
    assert len(cells) >= 4
    for i, cell in enumerate(cells):
        try:
            exec(compile(cell, f"{os.path.basename(notebook)} cell {i + 1}", "exec"), namespace)
        except Exception as e:
            raise AssertionError(f"{os.path.basename(notebook)}: code cell {i + 1} of {len(cells)} failed: {e}\n{cell}")
    assert shown, "the notebook displays something"
    if ".fit(" in open(notebook, encoding="utf-8").read():
        # On a cluster the driver reads what a replica wrote only from shared storage: checkpointDir.
        assert glob.glob(os.path.join(tmp_path, "checkpoints", "final-*")), "no trained model under its checkpointDir"

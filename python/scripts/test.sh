#!/usr/bin/env bash
# Runs the Python tests of one Spark line, as `mvn verify` does (module python/pom.xml):
#   python/scripts/test.sh PYSPARK_VERSION JOBS_JAR [--notebooks] [--connect]
# Creates (once) a virtual environment with that pyspark, numpy and pytest under
# ${SPARK_BERT_PY_CACHE:-~/.cache/spark-bert/python}, then runs pytest on python/tests with the jar;
# with --notebooks the Python notebooks too, with --connect also the Spark Connect tests, in their
# own run. Fails when pytest fails or collects no test.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
version=$1
jar=$2
shift 2
notebooks="" connect=""
for flag in "$@"; do
  case $flag in
    --notebooks) notebooks=1 ;;
    --connect) connect=1 ;;
    *) echo "python: unknown option $flag" >&2; exit 2 ;;
  esac
done
cache=${SPARK_BERT_PY_CACHE:-$HOME/.cache/spark-bert/python}
venv="$cache/venv-pyspark-$version"
if [ ! -f "$venv/.ready" ]; then
  echo "python: creating $venv (pyspark $version from the package index; once per machine)" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  extra=""
  [ -n "$connect" ] && extra="[connect]"
  "$venv/bin/pip" install -q "pyspark${extra}==$version" numpy pytest
  touch "$venv/.ready"
fi
[ -f "$jar" ] || { echo "python: no jar $jar (run mvn package first)" >&2; exit 1; }
cd "$here"
export PYTHONPATH="$here" SPARK_BERT_JAR="$jar" DJL_OFFLINE=true PYSPARK_PYTHON="$venv/bin/python"
selection="not connect"
[ -n "$notebooks" ] || selection="$selection and not notebook"
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests -m "$selection"
if [ -n "$connect" ]; then
  "$venv/bin/python" -m pytest -q -p no:cacheprovider tests -m connect
fi

#!/usr/bin/env bash
# Issue 2's forward benchmark: spark-bert-core then HF transformers eager, same model, same data,
# same machine, one after the other. Usage: benchmarks/forward.sh [PASSES] [PYTHON]
# PYTHON must have torch, transformers and safetensors (the local wheel mirror has them); "none"
# runs spark-bert-core only.
set -euo pipefail
cd "$(dirname "$0")/.."
PASSES=${1:-20}
PYTHON=${2:-python3}
DATA=../shared/data/sst2/dev.tsv
OUT=target/bench/forward
mvn -B -q -pl spark-bert-core test-compile
DJL_OFFLINE=true mvn -B -q -pl spark-bert-core exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.sparkbert.core.bench.ForwardBenchmark -Dexec.args="$DATA $OUT $PASSES" \
  -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 2>&1 | grep -E '^(threads|pass|median)'
[ "$PYTHON" = none ] || "$PYTHON" benchmarks/hf_forward.py "$OUT" "$DATA" "$PASSES" 2>&1 | grep -E '^(hf pass|hf median|max)'

#!/usr/bin/env bash
# The optimizer's share of a MiniLM training step (gradient norm + AdamW, 22.7M parameters) on 1
# and on THREADS PyTorch intra-op threads, and with the word embeddings updated lazily on ROWS rows per
# step (1 thread), interleaved, median of STEPS. Usage:
#   benchmarks/optimizer.sh [STEPS] [THREADS] [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${1:-20}
ROWS=${3:-300}
THREADS=${2:-$(nproc)}
mvn -B -q -pl spark-bert-core test-compile
DJL_OFFLINE=true mvn -B -q -pl spark-bert-core exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.sparkbert.core.bench.OptimizerBenchmark -Dexec.args="$STEPS $THREADS $ROWS" \
  -Dai.djl.pytorch.num_interop_threads=1 2>&1 | grep -E '^(parameters|threads)'

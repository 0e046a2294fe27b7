#!/usr/bin/env bash
# Training math at full scale: the first SQuAD training steps of MiniLM question answering in HF
# transformers (benchmarks/hf_qa_steps.py) and in spark-bert-core (QaStepsBenchmark) from the same
# checkpoint on the same batches, dropout off: per-step loss and gradient norm side by side.
# Usage: benchmarks/qa_steps.sh [STEPS] [PYTHON]   (PYTHON has torch + transformers)
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${1:-4}
PYTHON=${2:-python3}
OUT=target/bench/qa-steps
mkdir -p "$OUT"
"$PYTHON" benchmarks/hf_qa_steps.py ~/.cache/spark-bert/all-minilm-l6-v2 \
  ../shared/data/squad_v1.1/dev-v1.1.part1.json "$OUT" "$STEPS" 2>&1 | grep '^hf step'
mvn -B -q -pl spark-bert-core test-compile
DJL_OFFLINE=true mvn -B -q -pl spark-bert-core exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.sparkbert.core.bench.QaStepsBenchmark -Dexec.args="$OUT $STEPS" \
  -Dai.djl.pytorch.num_threads=2 2>&1 | grep '^spark-bert step'

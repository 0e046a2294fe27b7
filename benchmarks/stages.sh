#!/usr/bin/env bash
# Issue 3's stage benchmark with its anchors in the same run: the spark-bert-core forward benchmark
# and HF transformers eager (benchmarks/forward.sh), then `bin/spark-bert bench` of the embedding and
# sequence-classification stages (embedded MiniLM) over SST-2 dev in local[2], then the core forward
# benchmark once more: on a VM whose speed drifts by minutes, compare each stage with both core runs.
# Usage: benchmarks/stages.sh [PASSES] [PYTHON]
set -euo pipefail
cd "$(dirname "$0")/.."
PASSES=${1:-8}
PYTHON=${2:-python3}
benchmarks/forward.sh 20 "$PYTHON"
for TASK in embedding sequence-classification; do
  echo "bench $TASK:"
  bin/spark-bert bench --task "$TASK" --input ../shared/data/sst2/dev.tsv --text-col sentence \
    --master 'local[2]' --passes "$PASSES" 2>&1 | tr '\r' '\n' | grep -oE '(pass [0-9]+:|rows[=/]).*'
done
echo "spark-bert-core forward again:"
benchmarks/forward.sh 20 none

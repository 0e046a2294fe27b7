#!/usr/bin/env bash
# Issue 4's SST-2 fine-tuning benchmark: 1 and 2 workers. Usage: benchmarks/sst2_finetune.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-8000}
OPENS=$(grep -o 'OPENS="[^"]*"' bin/spark-bert | sed 's/OPENS="//; s/"$//')
mvn -B -q -DskipTests install
mvn -B -q -pl spark-bert-training test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test.classpath
CP="spark-bert-training/target/test-classes:spark-bert-training/target/classes:$(cat spark-bert-training/target/test.classpath)"
for W in 1 2; do
  DJL_OFFLINE=true java $OPENS -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$CP" dev.sparkbert.training.bench.Sst2FineTune ../shared/data/sst2 "$W" "$ROWS" 2>&1 \
    | { grep -E '^(workers|dev|all-reduce|train samples)|step [0-9]+/' || true; }
done

#!/usr/bin/env bash
# Issue 4's real-data training benchmarks (BENCHMARKS.md): SST-2, CoNLL-2003, SQuAD, WikiText-2 MLM,
# each with the embedded MiniLM. Usage: benchmarks/train_benchmarks.sh [WORKERS]
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-1}
OPENS=$(grep -o 'OPENS="[^"]*"' bin/spark-bert | sed 's/OPENS="//; s/"$//')
mvn -B -q -DskipTests install
mvn -B -q -pl spark-bert-training test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test.classpath
CP="spark-bert-training/target/test-classes:spark-bert-training/target/classes:$(cat spark-bert-training/target/test.classpath)"
run() {
  DJL_OFFLINE=true java $OPENS -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$CP" "dev.sparkbert.training.bench.$1" "${@:2}" 2>&1 | { grep -vE ' (WARN|INFO) ' || true; }
}
run Sst2FineTune ../shared/data/sst2 "$W" 8000
run ConllFineTune ../shared/data/conll2003 "$W" 3000
run SquadFineTune ../shared/data/squad_v1.1/dev-v1.1.part1.json "$W" 256
run WikitextMlm ../shared/data/wikitext2/valid.txt "$W"

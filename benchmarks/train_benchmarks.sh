#!/usr/bin/env bash
# Issue 4's real-data training benchmarks (BENCHMARKS.md), each with the embedded MiniLM.
# Usage: benchmarks/train_benchmarks.sh WORKERS BENCHMARK [ARGS...]
#   sst2 [ROWS [MAX_STEPS [TRAINING_PRECISION [SEED]]]]
#                               SST-2 fine-tune (default 8000 rows, 1 epoch; MAX_STEPS -1: the epoch;
#                               TRAINING_PRECISION fp32 or bf16; SEED default 42), dev accuracy
#   conll [SENTENCES]           CoNLL-2003 NER (default 3000 sentences, 2 epochs), eng.testa entity F1
#   squad [MAX_LEN [MAX_STEPS [SEED [SAVE_DIR [MODEL]]]]]
#                               SQuAD on 80% of dev-v1.1.part1.json's articles, EM/F1 on the rest
#                               (MAX_STEPS -1: one epoch; SAVE_DIR keeps the fitted stage, "" none;
#                               MODEL: the checkpoint to start from, default the embedded MiniLM)
#   squad-score CHECKPOINT_DIR [MAX_LEN]
#                               only the EM/F1 of an HF checkpoint (e.g. hf_squad_train.py's SAVE_DIR)
#   mlm [MAX_STEPS [PYTHON]]    WikiText-2 valid MLM: held-out loss/accuracy before and after (all
#                               steps: -1); with PYTHON, then the plain HF BertForMaskedLM loop
#                               (benchmarks/hf_mlm_train.py) with the same settings: samples/s side by side
#   throughput [STEPS [PYTHON [TRAINING_PRECISION]]]
#                               SST-2 settings for STEPS steps (default 60), then the plain HF/PyTorch
#                               loop (benchmarks/hf_sst2_train.py; PYTHON has torch + transformers)
#                               with the same settings (bf16: HF under torch.autocast): samples/s side by side
# Builds first, then runs from a copy of the classes and jars, so rebuilding while a benchmark
# runs cannot break it. Progress lines (INFO) go to stderr, results to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:?workers}
BENCH=${2:?benchmark: sst2 | conll | squad | squad-score | mlm | throughput}
shift 2
case "$BENCH" in
  sst2) MAIN=Sst2FineTune; ARGS=(../shared/data/sst2 "$W" "${1:-8000}" "${@:2}") ;;
  conll) MAIN=ConllFineTune; ARGS=(../shared/data/conll2003 "$W" "${1:-3000}") ;;
  squad) MAIN=SquadFineTune; ARGS=(../shared/data/squad_v1.1/dev-v1.1.part1.json "$W" "$@") ;;
  squad-score) MAIN=SquadFineTune; ARGS=(../shared/data/squad_v1.1/dev-v1.1.part1.json score "$@") ;;
  mlm) MAIN=WikitextMlm; STEPS=${1:--1}; PYTHON=${2:-}; ARGS=(../shared/data/wikitext2/valid.txt "$W" "$STEPS") ;;
  throughput) MAIN=Sst2FineTune; STEPS=${1:-60}; PYTHON=${2:-python3}; PRECISION=${3:-fp32}
    ARGS=(../shared/data/sst2 "$W" 8000 "$STEPS" "$PRECISION") ;;
  *) echo "unknown benchmark '$BENCH'" >&2; exit 2 ;;
esac
OPENS=$(grep -o 'OPENS="[^"]*"' bin/spark-bert | sed 's/OPENS="//; s/"$//')
mvn -B -q -DskipTests install
mvn -B -q -pl spark-bert-training test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test.classpath
SNAP=$(mktemp -d)
trap 'rm -rf "$SNAP"' EXIT
cp -r spark-bert-training/target/classes "$SNAP/classes"
cp -r spark-bert-training/target/test-classes "$SNAP/test-classes"
CP="$SNAP/test-classes:$SNAP/classes"
for jar in $(tr ':' '\n' < spark-bert-training/target/test.classpath); do
  case "$jar" in
    */dev/sparkbert/*) cp "$jar" "$SNAP/"; CP="$CP:$SNAP/$(basename "$jar")" ;;
    *) CP="$CP:$jar" ;;
  esac
done
DJL_OFFLINE=true java $OPENS -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$CP" "dev.sparkbert.training.bench.$MAIN" "${ARGS[@]}"
if [ "$BENCH" = throughput ]; then
  # The anchor, right after ours on the same machine, from the checkpoint spark-bert unpacked.
  echo "HF/PyTorch loop, same settings:"
  "$PYTHON" benchmarks/hf_sst2_train.py ~/.cache/spark-bert/all-minilm-l6-v2 ../shared/data/sst2 8000 "$STEPS" \
    "$PRECISION"
fi
if [ "$BENCH" = mlm ] && [ -n "$PYTHON" ]; then
  echo "HF/PyTorch BertForMaskedLM loop, same settings:"
  "$PYTHON" benchmarks/hf_mlm_train.py ~/.cache/spark-bert/all-minilm-l6-v2 ../shared/data/wikitext2/valid.txt \
    $([ "$STEPS" -gt 0 ] && echo "$STEPS")
fi

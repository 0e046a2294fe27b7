#!/usr/bin/env bash
# Data-parallel scaling on a standalone cluster on loopback (N Workers of 1 core, one executor JVM each): `finetune` of
# the embedded MiniLM with N replicas and a global batch of 32, default settings.
# usage: [PER_WORKER_BATCH=B] benchmarks/scaling_standalone.sh TRAIN_TSV N [spark-submit options ...]
# PER_WORKER_BATCH fixes each replica's batch instead of the global one (weak scaling, as data-parallel figures are
# usually quoted: the global batch grows with N).
# Prints `train samples/s=`, the replicas' PyTorch threads, and rank 0's mean seconds per step (steps after the 3rd):
# the step, the all-reduce (with its wait for a replica still in its passes, and without it), the forward/backward
# passes and the update (clipping, AdamW, zeroing).
# Adapted from ../shared/tools/scaling_standalone.sh for the module layout where the command line is spark-bert-jobs.
set -u
here=$(cd "$(dirname "$0")" && pwd); TRAIN=$1; N=$2; shift 2
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
"$here/standalone_submit.sh" "$N" "$W/submit.log" "$@" -- \
  finetune --task sequence-classification --model embedded --train "$TRAIN" --format tsv --text-col sentence \
  --label-col label --output "$W/out" --workers "$N" --per-worker-batch-size ${PER_WORKER_BATCH:-$((32 / N))} --num-train-epochs 1 \
  --learning-rate 1e-4 --warmup-ratio 0.1 --weight-decay 0.01 --max-length 64 --seed 42 \
  || { echo "submit failed: $(grep -v '^\s*at ' "$W/submit.log" | tail -1 | cut -c1-200)"; exit 1; }
grep -o 'train samples/s=[0-9.]*' "$W/submit.log" | tail -1
python3 - "$W/out/metrics.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))["history"]
st = h["steps"][3:]
s = sum(x["seconds"] for x in st); a = sum(x.get("all_reduce_seconds", 0) for x in st)
p = sum(x.get("pass_seconds", 0) for x in st); u = sum(x.get("update_seconds", 0) for x in st)
w = sum(x.get("wait_seconds", 0) for x in st)
print("replica threads=%s step s=%.3f all-reduce s=%.3f share=%.2f (wait s=%.3f, exchange share=%.2f) passes s=%.3f"
      " update s=%.3f" % (h.get("replica_threads"), s / len(st), a / len(st), a / s, w / len(st), (a - w) / s,
                          p / len(st), u / len(st)))
PY

#!/usr/bin/env bash
# Issue 14's scaling figures in one run: the transport's limit (benchmarks/transport.sh), then
# `finetune` on 1, 2 and 3 executors of a standalone cluster on loopback (benchmarks/scaling_standalone.sh),
# REPEATS times each, interleaved so that drift of the machine hits every size alike. With PYTHON (torch +
# transformers, e.g. ../shared/tools/hfenv.sh's), each size is followed by PyTorch DDP with as many
# one-thread processes at the same per-replica batch (benchmarks/ddp_sst2.py), the anchor of the ratios.
# PER_WORKER_BATCH as in scaling_standalone.sh.
# usage: [PER_WORKER_BATCH=B] benchmarks/scaling_curve.sh TRAIN_TSV [REPEATS] [PYTHON]
set -u
here=$(cd "$(dirname "$0")" && pwd); TRAIN=$1; REPEATS=${2:-2}; PYTHON=${3:-}
echo "== transport"
"$here/transport.sh"
for r in $(seq 1 "$REPEATS"); do
  for n in 1 2 3; do
    echo "== $n executor(s), run $r"
    "$here/scaling_standalone.sh" "$TRAIN" "$n"
    if [ -n "$PYTHON" ]; then
      (cd "$here" && "$PYTHON" ddp_sst2.py ~/.cache/spark-bert/all-minilm-l6-v2 "$TRAIN" "$n" \
        $(($(wc -l < "$TRAIN") - 1)) $((${PER_WORKER_BATCH:-$((32 / n))} * n)) 2>&1 | grep 'samples/s')
    fi
  done
done

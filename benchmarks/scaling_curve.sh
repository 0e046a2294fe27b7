#!/usr/bin/env bash
# Issue 14's scaling figures in one run: the transport's limit (benchmarks/transport.sh), then
# `finetune` on 1, 2 and 3 executors of a standalone cluster on loopback (benchmarks/scaling_standalone.sh),
# REPEATS times each, interleaved so that drift of the machine hits every size alike.
# usage: benchmarks/scaling_curve.sh TRAIN_TSV [REPEATS]
set -u
here=$(cd "$(dirname "$0")" && pwd); TRAIN=$1; REPEATS=${2:-2}
echo "== transport"
"$here/transport.sh"
for r in $(seq 1 "$REPEATS"); do
  for n in 1 2 3; do
    echo "== $n executor(s), run $r"
    "$here/scaling_standalone.sh" "$TRAIN" "$n"
  done
done

#!/usr/bin/env bash
# Issue 15: the compiled inference encoders alone (dev.sparkbert.core.bench.EncoderStreamsBenchmark):
# MiniLM-L6, one shared encoder called by 1 and 2 threads at once (as Spark tasks call it), no
# tokenization or Spark. Usage: benchmarks/encoders.sh MODE...   e.g. int8 bf16 int8 bf16 (interleaved)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl spark-bert-core test-compile
DJL_OFFLINE=true mvn -B -q -pl spark-bert-core exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.sparkbert.core.bench.EncoderStreamsBenchmark -Dexec.args="$*" \
  -Dai.djl.pytorch.num_interop_threads=1 2>&1 | grep -E 'rows/s'
echo "CPU: $(grep -o 'amx[a-z0-9_]*\|avx512_bf16\|avx512_vnni\|avx_vnni' /proc/cpuinfo | sort -u | tr '\n' ' ')"

#!/usr/bin/env bash
# Issue 15: a MiniLM training pass (forward + backward, batch of ROWS SST-2 sentences, at most 64 tokens,
# dropout on) through DJL's float32 blocks and through the TorchScript training encoder in fp32 and in
# bf16 (autocast semantics), interleaved, median of BATCHES. bf16 is fast only with AMX-BF16 (or
# AVX512-BF16); the script prints the CPU's flags. Usage: benchmarks/training_precision.sh [BATCHES] [ROWS]
# (ROWS: sentences per batch, default 32; THREADS: PyTorch threads, default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
BATCHES=${1:-20}
ROWS=${2:-32}
echo "CPU: $(grep -o 'amx[a-z0-9_]*\|avx512_bf16\|avx512_vnni' /proc/cpuinfo | sort -u | tr '\n' ' ')"
mvn -B -q -pl spark-bert-core test-compile
DJL_OFFLINE=true mvn -B -q -pl spark-bert-core exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.sparkbert.core.bench.TrainingPrecisionBenchmark \
  -Dexec.args="$(pwd)/../shared/data/sst2/train.tsv $BATCHES $ROWS" \
  -Dai.djl.pytorch.num_threads=${THREADS:-2} -Dai.djl.pytorch.num_interop_threads=1 2>&1 | grep -E '(loss|median)'

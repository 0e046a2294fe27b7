#!/usr/bin/env bash
# The all-reduce beside the transport's limit between two JVMs on this host (TransportBenchmark):
# a plain loopback copy of FLOATS floats each way, the 2-rank ring all-reduce of the same floats, and
# the same with TLS. Prints one line per measure (median of ROUNDS).
# usage: benchmarks/transport.sh [FLOATS] [ROUNDS]   (default 11400000 floats = MiniLM's gradient
# without the word embeddings, 9 rounds)
set -eu
P=$(cd "$(dirname "$0")/.." && pwd); FLOATS=${1:-11400000}; ROUNDS=${2:-9}
cd "$P"
if [ ! -f spark-bert-jobs/target/cli.classpath ] || [ ! -d spark-bert-training/target/test-classes ]; then
  mvn -B -q -Dstyle.color=never -DskipTests install >&2
  mvn -B -q -Dstyle.color=never -pl spark-bert-jobs dependency:build-classpath -Dmdep.includeScope=compile \
    -Dmdep.excludeClassifiers=tests -Dmdep.outputFile=target/cli.classpath >&2
fi
CP="spark-bert-training/target/test-classes:spark-bert-training/target/classes:spark-bert-core/target/classes:$(cat spark-bert-jobs/target/cli.classpath)"
base=$((19000 + RANDOM % 500 * 2))
java -cp "$CP" dev.sparkbert.training.comm.TransportBenchmark 1 $base "$FLOATS" "$ROUNDS" >/dev/null &
java -cp "$CP" dev.sparkbert.training.comm.TransportBenchmark 0 $base "$FLOATS" "$ROUNDS"
wait

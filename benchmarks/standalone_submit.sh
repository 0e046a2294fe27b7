#!/usr/bin/env bash
# Runs the jobs jar under SparkSubmit against a real standalone cluster on loopback: one Master and N Workers of
# CORES cores each (one executor JVM per Worker), Spark from the Maven jars of spark-bert-jobs' classpath.
# usage: benchmarks/standalone_submit.sh N LOG [spark-submit options ...] -- COMMAND [ARGS...]   (WORKER_CORES=1 default)
# e.g. ... 2 /tmp/log --conf spark.executor.extraJavaOptions=-Dai.djl.pytorch.num_threads=1 -- finetune --task ...
# SPARK_BERT_SPARK=4 runs the Spark 4 / Scala 2.13 line (default 3.5). Exit status: SparkSubmit's.
# Adapted from ../shared/tools/standalone_submit.sh for the module layout where the command line is spark-bert-jobs.
set -u
P=$(cd "$(dirname "$0")/.." && pwd); N=$1; LOG=$2; shift 2
SUBMIT=(); while [ $# -gt 0 ] && [ "$1" != "--" ]; do SUBMIT+=("$1"); shift; done; [ $# -gt 0 ] && shift
CORES=${WORKER_CORES:-1}
case "${SPARK_BERT_SPARK:-3.5}" in 3.5) jobs=spark-bert-jobs; scala=2.12 ;; 4) jobs=spark4/spark-bert-jobs; scala=2.13 ;; esac
cd "$P"
if [ ! -f $jobs/target/cli.classpath ] || ! ls $jobs/target/spark-bert-*-jobs.jar >/dev/null 2>&1; then
  mvn -B -q -Dstyle.color=never -DskipTests install >&2
  mvn -B -q -Dstyle.color=never -pl $jobs dependency:build-classpath -Dmdep.includeScope=compile \
    -Dmdep.excludeClassifiers=tests -Dmdep.outputFile=target/cli.classpath >&2
fi
jar=$(ls "$P"/$jobs/target/spark-bert-*-jobs.jar | head -1)
W=$(mktemp -d); mkdir -p "$W/home/jars" "$W/home/conf"
# The Workers copy the 300 MB jobs jar into every executor's folder under $W: remove it all at the end.
trap 'kill ${pids:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$W"' EXIT
for j in $(tr ':' '\n' < "$P/$jobs/target/cli.classpath"); do
  case "$j" in */ai/djl/*|*/dev/langchain4j/*|*/dev/sparkbert/*|*spark-bert-*|*/com/google/protobuf/*) ;; *.jar) ln -sf "$j" "$W/home/jars/";; esac
done
printf 'rootLogger.level = warn\nrootLogger.appenderRef.stdout.ref = console\nappender.console.type = Console\nappender.console.name = console\nappender.console.target = SYSTEM_ERR\nappender.console.layout.type = PatternLayout\nappender.console.layout.pattern = %%d{HH:mm:ss} %%p %%c{1}: %%m%%n\nlogger.sparkbert.name = dev.sparkbert\nlogger.sparkbert.level = info\n' > "$W/home/conf/log4j2.properties"
OPENS=$(grep '^OPENS=' "$P/bin/spark-bert" | sed 's/^OPENS="//; s/"$//')
export SPARK_HOME="$W/home" DJL_OFFLINE=true SPARK_SCALA_VERSION=$scala SPARK_LOCAL_IP=127.0.0.1
J="java $OPENS -Xmx2g -cp $W/home/conf:$W/home/jars/*"
port=$((17000 + RANDOM % 1000))
$J org.apache.spark.deploy.master.Master --host 127.0.0.1 --port $port --webui-port $((port + 1000)) >"$W/master.log" 2>&1 & pids=$!
sleep 6
for w in $(seq 1 "$N"); do
  mkdir -p "$W/work$w"
  $J org.apache.spark.deploy.worker.Worker spark://127.0.0.1:$port --host 127.0.0.1 --cores "$CORES" --memory 4g \
    --work-dir "$W/work$w" --webui-port $((port + 1100 + w)) >"$W/worker$w.log" 2>&1 & pids="$pids $!"
done
sleep 8
$J org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:$port --conf spark.cores.max=$((N * CORES)) \
  --conf spark.task.cpus="$CORES" --conf spark.executor.memory=3g --conf spark.driver.host=127.0.0.1 \
  --conf spark.executorEnv.DJL_OFFLINE=true --conf spark.scheduler.minRegisteredResourcesRatio=1.0 \
  --conf spark.scheduler.maxRegisteredResourcesWaitingTime=120s --class dev.sparkbert.cli.SparkBertCli \
  "${SUBMIT[@]}" "$jar" "$@" >"$LOG" 2>&1
exit $?

#!/usr/bin/env bash
# Benchmarks that print figures (they are not tests):
#   scripts/bench.sh parse [warm-up-s measure-s]   parse + clean + fingerprint, one thread
#   scripts/bench.sh alert [events fingerprints]   the keyed alert operator on RocksDB with
#                                                  checkpoints: events/s and state per alert;
#                                                  BENCH_OPTS="-Dflink.<key>=<value> ..." sets
#                                                  Flink options for a run, -Dbench.managed=256m
#                                                  RocksDB's memory (default 1g)
#   scripts/bench.sh alert-floor [events fingerprints]
#                                                  the same events and RocksDB traffic (id
#                                                  written, alert state read and written) without
#                                                  the alert logic: the ceiling for any operator
#                                                  that keeps alerts in RocksDB;
#                                                  BENCH_OPTS=-Dbench.floor.parts=ids|state|none
#                                                  does only the id traffic, only the alert
#                                                  state's, or none (the pipeline's own cost)
#   scripts/bench.sh timeseries [series minutes]   time-series detection on RocksDB with
#                                                  checkpoints: points/s, share of a core
#   scripts/bench.sh cmdb                          host resolution over 10,000 hosts on the
#                                                  local-env Redis, cold and warm cache
source "$(dirname "$0")/lib.sh"

what="${1:-parse}"; shift || true
cd "$ROOT"
mvn -q -B -pl functions -am test-compile
cp="$ROOT/functions/target/classes:$ROOT/functions/target/test-classes:$(cat "$ROOT/functions/target/test.classpath")"
# One core: the targets are per core, and the JIT must not borrow a second one.
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
case "$what" in
  parse) exec "${pin[@]}" java -Xmx1g -XX:+UseParallelGC -XX:ActiveProcessorCount=1 -cp "$cp" \
           io.bkm.alarm.bench.ParseBenchmark ${@:-10 15} ;;
  alert) exec "${pin[@]}" java -Xmx2g -XX:ActiveProcessorCount=1 $(taskmanager_opts) \
           ${BENCH_OPTS:-} -cp "$cp" \
           io.bkm.alarm.bench.AlertStateBenchmark ${@:-4000000 100000} ;;
  alert-floor) exec "${pin[@]}" java -Xmx2g -XX:ActiveProcessorCount=1 $(taskmanager_opts) \
           -Dbench.floor=true \
           ${BENCH_OPTS:-} -cp "$cp" io.bkm.alarm.bench.AlertStateBenchmark ${@:-4000000 100000} ;;
  timeseries) exec "${pin[@]}" java -Xmx2g -XX:ActiveProcessorCount=1 ${BENCH_OPTS:-} -cp "$cp" \
           io.bkm.alarm.bench.TimeSeriesBenchmark ${@:-100000 30} ;;
  cmdb)
    "$ROOT/scripts/local-env.sh" up >/dev/null
    (cd "$ROOT" && mvn -q -B -DskipTests package)
    exec "${pin[@]}" java -Xmx1g -XX:ActiveProcessorCount=1 \
      -cp "$ROOT/job/target/test-classes:$(job_classpath)" io.bkm.alarm.job.bench.CmdbBenchmark \
      127.0.0.1 "${BKM_REDIS_PORT:-16379}" ;;
  *) echo "usage: scripts/bench.sh parse [warm-up-s measure-s] | alert [events fingerprints] | alert-floor [events fingerprints] | timeseries [series minutes] | cmdb" >&2; exit 2 ;;
esac

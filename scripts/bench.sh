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
#   scripts/bench.sh e2e [events]                  the whole job as scripts/run-local.sh runs it,
#                                                  on a fresh local stack, over a preloaded mix
#                                                  (default 1,000,000 events): events/s, CPU per
#                                                  process and job thread, time to page, the
#                                                  Elasticsearch ceiling, Alertmanager; fails when
#                                                  an output is wrong. BENCH_JOB_OPTS adds job JVM
#                                                  options (e.g. a Flight Recorder recording),
#                                                  BENCH_JOB_ARGS job settings (--key value ...),
#                                                  BENCH_OPTS=-Dbench.pace=N a fixed paced rate,
#                                                  BENCH_PERF=FILE a perf recording of the job
#                                                  (every thread, native code and kernel too)
#   scripts/bench.sh apm [spans]                   APM discovery, the whole job as run-local.sh
#                                                  runs it, over a preloaded backlog of trace
#                                                  batches (default 1,000,000 spans) mostly of
#                                                  entities already known: spans/s end to end,
#                                                  CPU per span; fails when an output is wrong
source "$(dirname "$0")/lib.sh"

what="${1:-parse}"; shift || true
caller_dir="$PWD"
cd "$ROOT"
# the benchmarks' temporary files (RocksDB folders, extracted native libraries) stay in the repo
tmp="$(java_tmpdir "$ROOT/target/bench/tmp")"
if [ "$what" = apm ]; then
  "$ROOT/scripts/prereqs.sh"
  (mvn -q -B -DskipTests package)
  exec java "$tmp" -Xmx2g -Dbench.job-opts="${BENCH_JOB_OPTS:-}" ${BENCH_OPTS:-} \
    -cp "$ROOT/job/target/test-classes:$LAUNCHER_CLASSES:$(demo_classpath)" \
    io.bkm.alarm.job.bench.ApmBenchmark "$ROOT" "$@"
fi
if [ "$what" = e2e ]; then
  "$ROOT/scripts/prereqs.sh"
  if ! command -v prometheus-alertmanager >/dev/null && [ "$(id -u)" = 0 ]; then
    log "installing prometheus-alertmanager (compared with the job) ..."
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
      prometheus-alertmanager >/dev/null
    # Debian starts it as a service; the benchmark runs its own on a free port
    (service prometheus-alertmanager stop || true) >/dev/null 2>&1
  fi
  job_opts="${BENCH_JOB_OPTS:-}"
  perf_opt=()
  if [ -n "${BENCH_PERF:-}" ]; then
    if ! command -v perf >/dev/null && [ "$(id -u)" = 0 ]; then
      log "installing linux-perf (BENCH_PERF) ..."
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
        linux-perf >/dev/null
    fi
    command -v perf >/dev/null || { log "BENCH_PERF needs perf (Debian's linux-perf)"; exit 1; }
    # a map of the compiled code at exit and frame pointers, so that perf can name Java frames
    job_opts="$job_opts -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit"
    job_opts="$job_opts -XX:+PreserveFramePointer"
    # a relative path is the caller's, as the user typed it
    perf_opt=("-Dbench.perf=$(cd "$caller_dir" && realpath -m "$BENCH_PERF")")
  fi
  (mvn -q -B -DskipTests package)
  exec java "$tmp" -Xmx6g -Dbench.job-opts="$job_opts" "${perf_opt[@]}" \
    -Dbench.job-args="${BENCH_JOB_ARGS:-}" ${BENCH_OPTS:-} \
    -cp "$ROOT/job/target/test-classes:$LAUNCHER_CLASSES:$(demo_classpath)" \
    io.bkm.alarm.job.bench.E2eBenchmark "$ROOT" "$@"
fi
mvn -q -B -pl functions -am test-compile
cp="$ROOT/functions/target/classes:$ROOT/functions/target/test-classes:$(cat "$ROOT/functions/target/test.classpath")"
# One core: the targets are per core, and the JIT must not borrow a second one.
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
case "$what" in
  parse) exec "${pin[@]}" java "$tmp" -Xmx1g -XX:+UseParallelGC -XX:ActiveProcessorCount=1 \
           -cp "$cp" io.bkm.alarm.bench.ParseBenchmark ${@:-10 15} ;;
  alert) exec "${pin[@]}" java "$tmp" -Xmx2g -XX:ActiveProcessorCount=1 $(taskmanager_opts) \
           ${BENCH_OPTS:-} -cp "$cp" \
           io.bkm.alarm.bench.AlertStateBenchmark ${@:-4000000 100000} ;;
  alert-floor) exec "${pin[@]}" java "$tmp" -Xmx2g -XX:ActiveProcessorCount=1 $(taskmanager_opts) \
           -Dbench.floor=true \
           ${BENCH_OPTS:-} -cp "$cp" io.bkm.alarm.bench.AlertStateBenchmark ${@:-4000000 100000} ;;
  timeseries) exec "${pin[@]}" java "$tmp" -Xmx2g -XX:ActiveProcessorCount=1 ${BENCH_OPTS:-} \
           -cp "$cp" io.bkm.alarm.bench.TimeSeriesBenchmark ${@:-100000 30} ;;
  cmdb)
    "$ROOT/scripts/local-env.sh" up >/dev/null
    (cd "$ROOT" && mvn -q -B -DskipTests package)
    exec "${pin[@]}" java "$tmp" -Xmx1g -XX:ActiveProcessorCount=1 \
      -cp "$ROOT/job/target/test-classes:$(demo_classpath)" io.bkm.alarm.job.bench.CmdbBenchmark \
      127.0.0.1 "${BKM_REDIS_PORT:-16379}" ;;
  *) echo "usage: scripts/bench.sh parse [warm-up-s measure-s] | alert [events fingerprints] | alert-floor [events fingerprints] | timeseries [series minutes] | cmdb | e2e [events] | apm [spans]" >&2; exit 2 ;;
esac

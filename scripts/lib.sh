#!/usr/bin/env bash
# Shared helpers for the scripts; sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOB_JAR="$ROOT/job/target/bkm-alarm-job.jar"
FLINK_CP_FILE="$ROOT/job/target/flink-provided.classpath"
SQL_JAR="$ROOT/sql/target/bkm-alarm-sql.jar"
DEMO_JAR="$ROOT/demo/target/bkm-alarm-demo.jar"
SQL_CP_FILE="$ROOT/sql/target/flink-provided.classpath"
LAUNCHER_CLASSES="$ROOT/local-services/launcher/target/classes"

log() { printf '[bkm] %s\n' "$*"; }

# Builds the modules (without tests) when an artifact is missing or a source is newer than it.
# BKM_NO_BUILD=1 (the tests that run these scripts) uses the build there is.
ensure_built() {
  [ "${BKM_NO_BUILD:-}" = 1 ] && return 0
  local need=0
  for f in "$JOB_JAR" "$FLINK_CP_FILE" "$SQL_JAR" "$SQL_CP_FILE" "$DEMO_JAR" "$LAUNCHER_CLASSES" \
           "$ROOT/local-services/kafka/target/server.classpath" \
           "$ROOT/local-services/elasticsearch/target/server.classpath" \
           "$ROOT/local-services/flink/target/server.classpath"; do
    [ -e "$f" ] || need=1
  done
  if [ "$need" = 0 ] && [ -n "$(find "$ROOT" -path "$ROOT/.local" -prune -o -path '*/target' -prune -o \
        \( -name '*.java' -o -name 'pom.xml' \) -newer "$JOB_JAR" -print -quit)" ]; then
    need=1
  fi
  if [ "$need" = 1 ]; then
    log "building (mvn package, tests skipped) ..."
    (cd "$ROOT" && mvn -q -B -DskipTests package)
  fi
}

# The --add-opens list, from the one place a Flink cluster reads it.
java_opens() {
  sed -n 's/^env\.java\.opts\.all: *//p' "$ROOT/conf/flink/config.yaml"
}

# The JVM option that keeps a JVM's temporary files (Flink's extracted RPC jar, native libraries)
# in the given folder, made if missing: one killed leaves them there, not in /tmp.
java_tmpdir() {
  mkdir -p "$1"
  printf -- '-Djava.io.tmpdir=%s' "$1"
}

# The task managers' own JVM options (their garbage collector), from the same file.
taskmanager_opts() {
  sed -n 's/^env\.java\.opts\.taskmanager: *//p' "$ROOT/conf/flink/config.yaml"
}

job_classpath() {
  printf '%s:%s' "$JOB_JAR" "$(cat "$FLINK_CP_FILE")"
}

# The demo's tools, which are not in the job jar, on the job jar's classes.
demo_classpath() {
  printf '%s:%s' "$DEMO_JAR" "$(job_classpath)"
}

# The newest completed checkpoint under a checkpoint directory (a chk-N folder whose metadata was
# written), or nothing.
latest_checkpoint() {
  [ -d "$1" ] || return 0
  find "$1" -path '*/chk-*/_metadata' -printf '%T@ %h\n' 2>/dev/null | sort -n | tail -1 | cut -d' ' -f2-
}

# Prepares a local run of a job: builds what is missing, sets LOCAL_ARGS to its configuration
# arguments (--config FILE when FILE is given, else conf/job.yaml pointed at the ports of
# scripts/local-env.sh; then the caller's --key value pairs) and creates its topics.
#   prepare_local_run FILE_OR_EMPTY [--key value ...]
prepare_local_run() {
  local config="$1"
  shift
  ensure_built
  if [ -n "$config" ]; then
    LOCAL_ARGS=(--config "$config")
  else
    LOCAL_ARGS=(--config "$ROOT/conf/job.yaml"
          --kafka.bootstrap-servers "127.0.0.1:${BKM_KAFKA_PORT:-19092}"
          --elasticsearch.hosts "http://127.0.0.1:${BKM_ES_PORT:-19200}"
          --redis.port "${BKM_REDIS_PORT:-16379}"
          --cmdb.redis-port "${BKM_REDIS_PORT:-16379}")
  fi
  LOCAL_ARGS+=("$@")
  "$ROOT/scripts/create-topics.sh" "${LOCAL_ARGS[@]}"
}

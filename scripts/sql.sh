#!/usr/bin/env bash
# The SQL job (sql/: converged alerts, alert storms) on a local MiniCluster against the services
# of scripts/local-env.sh, reading what the main job writes to bkm_alert:
#   scripts/sql.sh [--config FILE] [--key value ...]
# Same configuration as the main job (the sql section of conf/job.yaml). It runs in the
# foreground; log: target/local-sql/job.log. On a Flink cluster whose lib/ holds Flink's table
# planner: flink run -d sql/target/bkm-alarm-sql.jar --config conf/job.yaml
source "$(dirname "$0")/lib.sh"

run_dir="${BKM_RUN_DIR:-$ROOT/target/local-sql}"
config=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --config) config="$2"; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done

mkdir -p "$run_dir/checkpoints"
prepare_local_run "$config" "${extra[@]+"${extra[@]}"}"
args=("${LOCAL_ARGS[@]}")

conf_dir="$run_dir/flink-conf"
mkdir -p "$conf_dir"
{
  grep -v '^execution\.checkpointing\.dir:' "$ROOT/conf/flink/config.yaml"
  echo "execution.checkpointing.dir: file://$run_dir/checkpoints"
} > "$conf_dir/config.yaml"
export FLINK_CONF_DIR="$conf_dir"

log "running the SQL job in the foreground (Ctrl-C stops it); log: $run_dir/job.log"
# shellcheck disable=SC2046
exec java -Xmx1g $(java_opens) "$(java_tmpdir "$run_dir/tmp")" \
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2-local.properties" \
  -Dbkm.log.file="$run_dir/job.log" -cp "$SQL_JAR:$(cat "$SQL_CP_FILE")" io.bkm.alarm.sql.SqlJob "${args[@]}"

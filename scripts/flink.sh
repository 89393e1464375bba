#!/usr/bin/env bash
# Flink's own command-line client against the local cluster of `scripts/local-env.sh up --flink`,
# so these behave exactly as `flink` does on any cluster:
#   scripts/flink.sh run -d job/target/bkm-alarm-job.jar --config conf/job.yaml
#   scripts/flink.sh list | savepoint JOB_ID | stop --savepointPath DIR JOB_ID | cancel JOB_ID
#   scripts/flink.sh run -d -s SAVEPOINT job/target/bkm-alarm-job.jar --config conf/job.yaml
# The cluster's configuration is .local/services/flink/conf/config.yaml (conf/flink/config.yaml
# with the local addresses), or BKM_FLINK_CONF_DIR's (the tests' cluster); the client logs to
# client.log beside that folder.
source "$(dirname "$0")/lib.sh"

conf_dir="${BKM_FLINK_CONF_DIR:-$ROOT/.local/services/flink/conf}"
if [ ! -f "$conf_dir/config.yaml" ]; then
  echo "no local Flink cluster: start one with scripts/local-env.sh up --flink" >&2
  exit 2
fi
ensure_built
cd "$ROOT"
# shellcheck disable=SC2046
FLINK_CONF_DIR="$conf_dir" exec java $(java_opens) "$(java_tmpdir "$conf_dir/../tmp")" \
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2-local.properties" \
  -Dbkm.log.file="$conf_dir/../client.log" \
  -cp "$(cat "$ROOT/local-services/flink/target/server.classpath")" \
  org.apache.flink.client.cli.CliFrontend "$@"

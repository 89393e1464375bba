#!/usr/bin/env bash
# Real local services for a developer's shell (contract §1):
#   scripts/local-env.sh up [--flink]|down|status
# Kafka 127.0.0.1:19092, Elasticsearch 127.0.0.1:19200, Redis 127.0.0.1:16379; override with
# BKM_KAFKA_PORT, BKM_ES_PORT, BKM_REDIS_PORT. Data and logs under .local/services (git-ignored).
# --flink also starts a standalone Flink cluster (REST http://127.0.0.1:18081, BKM_FLINK_PORT; one
# JobManager, two TaskManagers) that scripts/flink.sh submits to; down and status cover it.
source "$(dirname "$0")/lib.sh"

cmd="${1:-}"
flink="${2:-}"
case "$cmd" in
  up)
    "$ROOT/scripts/prereqs.sh"
    ensure_built
    ;;
  down|status)
    [ -d "$LAUNCHER_CLASSES" ] || ensure_built
    ;;
  *)
    echo "usage: scripts/local-env.sh up [--flink]|down|status" >&2
    exit 2
    ;;
esac
exec java -cp "$LAUNCHER_CLASSES" io.bkm.localservices.LocalEnvCli "$cmd" "$ROOT" ${flink:+"$flink"}

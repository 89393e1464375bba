#!/usr/bin/env bash
# README's run command: builds if needed, starts the local services, runs the job on a local
# MiniCluster, feeds a small demo stream (third-party events and GSE alarms, which the shipped
# strategies trigger on) and shows the resulting alerts from Elasticsearch.
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/local-env.sh" up
java -cp "$(demo_classpath)" io.bkm.alarm.demo.SeedCmdb 127.0.0.1 "${BKM_REDIS_PORT:-16379}" bkm.cache.cmdb 1000
"$ROOT/scripts/run-local.sh" --stop >/dev/null
"$ROOT/scripts/run-local.sh" --detach

since=$(date +%s)
java -cp "$(demo_classpath)" io.bkm.alarm.demo.DemoFeed "127.0.0.1:${BKM_KAFKA_PORT:-19092}" \
  bkm_fta_event bkm_gse_system_event
log "alerts appear after the next checkpoint (every 10 s) ..."
waited=0
java -cp "$(demo_classpath)" io.bkm.alarm.demo.AlertWait \
  "http://127.0.0.1:${BKM_ES_PORT:-19200}" bkfta_alert "$((since - 1))" 23 180 || waited=$?
echo
"$ROOT/scripts/bkm" alerts --since "$(($(date +%s) - since + 2))s" \
  --elasticsearch.hosts "http://127.0.0.1:${BKM_ES_PORT:-19200}"
echo
log "the job keeps running (pid $(cat "$ROOT/target/local/job.pid"), log target/local/job.log)."
log "stop it with scripts/run-local.sh --stop; stop the services with scripts/local-env.sh down"
exit "$waited"

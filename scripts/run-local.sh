#!/usr/bin/env bash
# The job on a local MiniCluster against the services of scripts/local-env.sh (contract §1):
#   scripts/run-local.sh [--config FILE] [--detach] [--stop] [--fresh] [--key value ...]
# Without --config it uses conf/job.yaml pointed at the local-env ports. --detach returns once the
# job is RUNNING and writes its pid to target/local/job.pid; --stop stops a detached job.
# The MiniCluster is configured as a cluster would be, from conf/flink/config.yaml, with its
# checkpoints under target/local/checkpoints. Like a JobManager after a crash, a start resumes from
# the latest checkpoint a previous run left there; --fresh starts anew (empty state, committed
# Kafka offsets). Log: target/local/job.log. BKM_RUN_DIR moves target/local (pid, logs,
# checkpoints) elsewhere; BKM_JAVA_OPTS adds JVM options (a Flight Recorder recording, say);
# BKM_PARALLELISM the job's parallelism (default: half the host's cores, at least 1); BKM_HEAP the
# job's heap, as a JVM size (default 2g).
source "$(dirname "$0")/lib.sh"

run_dir="${BKM_RUN_DIR:-$ROOT/target/local}"

config=""
detach=0
fresh=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --config) config="$2"; shift 2 ;;
    --detach) detach=1; shift ;;
    --fresh) fresh=1; shift ;;
    --stop)
      pidfile="$run_dir/job.pid"
      if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        kill "$(cat "$pidfile")"; rm -f "$pidfile"; log "job stopped"
      else
        log "no detached job is running"
      fi
      exit 0 ;;
    *) extra+=("$1"); shift ;;
  esac
done

# The job shares this host with Elasticsearch, Kafka and Redis, which take more of its CPU than the
# job does: half the host's cores as the parallelism (at least 1), unless BKM_PARALLELISM says
# otherwise. More subtasks than that only add threads that take turns on the same cores.
if [ -n "${BKM_PARALLELISM:-}" ]; then
  if ! [[ "$BKM_PARALLELISM" =~ ^[1-9][0-9]*$ ]]; then
    log "BKM_PARALLELISM must be a whole number of at least 1, not '$BKM_PARALLELISM'" >&2
    exit 1
  fi
  parallelism="$BKM_PARALLELISM"
  log "parallelism $parallelism (BKM_PARALLELISM)"
else
  parallelism=$(( $(nproc) / 2 ))
  [ "$parallelism" -ge 1 ] || parallelism=1
  log "parallelism $parallelism: half of this host's $(nproc) cores (BKM_PARALLELISM sets it)"
fi

heap="${BKM_HEAP:-2g}"
# with its unit: a bare number is bytes to the JVM, and no heap that small starts
if ! [[ "$heap" =~ ^[1-9][0-9]*[kKmMgG]$ ]]; then
  log "BKM_HEAP must be a JVM heap size such as 2g or 1536m, not '$heap'" >&2
  exit 1
fi

mkdir -p "$run_dir"
prepare_local_run "$config" "${extra[@]+"${extra[@]}"}"
args=("${LOCAL_ARGS[@]}")

# The cluster configuration this run's MiniCluster reads, as a JobManager reads its config.yaml.
conf_dir="$run_dir/flink-conf"
mkdir -p "$conf_dir" "$run_dir/checkpoints"
{
  grep -v '^execution\.checkpointing\.dir:\|^parallelism\.default:' "$ROOT/conf/flink/config.yaml"
  echo "execution.checkpointing.dir: file://$run_dir/checkpoints"
  echo "parallelism.default: $parallelism"
  # RocksDB's memory as a task manager of the shipped cluster has it (conf/flink/config.yaml says
  # why); a MiniCluster would give 128 MB.
  if ! grep -q '^taskmanager\.memory\.managed\.size:' "$ROOT/conf/flink/config.yaml"; then
    echo "taskmanager.memory.managed.size: 640m"
  fi
} > "$conf_dir/config.yaml"
latest=""
if [ "$fresh" = 0 ]; then
  latest="$(latest_checkpoint "$run_dir/checkpoints")"
fi
if [ -n "$latest" ]; then
  echo "execution.state-recovery.path: file://$latest" >> "$conf_dir/config.yaml"
  log "resuming from the latest checkpoint of the previous run: $latest (--fresh starts anew)"
else
  log "starting with empty state"
fi
export FLINK_CONF_DIR="$conf_dir"

logfile="$run_dir/job.log"
: > "$logfile"
# The local job is its own task manager: it runs with the task managers' JVM options, and with its
# whole heap from the start, as Flink starts a task manager (-Xms equal to -Xmx). A heap grown on
# demand keeps the parallel collector's old generation small, and it then collects it in full
# every few young collections (README, "The local job's heap as a task manager's").
# shellcheck disable=SC2046
cmd=(java "-Xms$heap" "-Xmx$heap" $(java_opens) $(taskmanager_opts) ${BKM_JAVA_OPTS:-}
     "$(java_tmpdir "$run_dir/tmp")" -Dlog4j2.configurationFile="$ROOT/conf/log4j2-local.properties"
     -Dbkm.log.file="$logfile" -cp "$(job_classpath)" io.bkm.alarm.job.AlarmJobMain "${args[@]}")

if [ "$detach" = 0 ]; then
  log "running the job in the foreground (Ctrl-C stops it); log: $logfile"
  exec "${cmd[@]}"
fi

nohup "${cmd[@]}" >"$run_dir/job.out" 2>&1 &
pid=$!
echo "$pid" > "$run_dir/job.pid"
log "job starting (pid $pid); log: $logfile"
for _ in $(seq 1 120); do
  if grep -q "switched from state CREATED to RUNNING" "$logfile" 2>/dev/null; then
    log "job is RUNNING (pid $pid)"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    log "the job exited during start-up:"; tail -20 "$run_dir/job.out" >&2; exit 1
  fi
  sleep 1
done
log "the job did not reach RUNNING within 120 s; see $logfile" >&2
exit 1

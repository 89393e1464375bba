#!/usr/bin/env bash
# Creates the job's topics that do not exist yet (topics.* of the configuration, topics.partitions
# partitions; bkm_config compacted), logging in as the job does. Same arguments as the job:
#   scripts/create-topics.sh --config conf/job.yaml [--key value ...]
# scripts/run-local.sh runs it before every start; run it before `scripts/flink.sh run` on a new
# Kafka cluster.
source "$(dirname "$0")/lib.sh"
ensure_built
exec java -cp "$(job_classpath)" io.bkm.alarm.job.tools.CreateTopics "$@"

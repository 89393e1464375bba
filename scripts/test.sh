#!/usr/bin/env bash
# README's test command: every unit and integration test. The integration tests start their own
# Kafka, Elasticsearch and Redis on free ports, once per test JVM.
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/prereqs.sh"
cd "$ROOT"
exec mvn -B verify "$@"

#!/usr/bin/env bash
# Installs what a fresh machine lacks for the local services: Debian's redis-server.
# Java 17 and Maven are expected on the machine; Kafka and Elasticsearch come from Maven.
set -euo pipefail

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "[bkm] $tool is required but not installed" >&2; exit 1; }
done

if ! command -v redis-server >/dev/null && [ ! -x /usr/bin/redis-server ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "[bkm] redis-server is missing: run 'sudo apt-get install -y redis-server'" >&2
    exit 1
  fi
  echo "[bkm] installing redis-server ..."
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq redis-server >/dev/null
  # Debian starts a system instance on 6379; ours run on their own ports, so it is not needed.
  (service redis-server stop || true) >/dev/null 2>&1
fi

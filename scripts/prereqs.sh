#!/usr/bin/env bash
# Installs what a fresh machine lacks: Debian's redis-server for the local services, and promtool
# (Debian's prometheus) for the tests that check the job's alert rules.
# Java 17 and Maven are expected on the machine; Kafka and Elasticsearch come from Maven.
set -euo pipefail

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "[bkm] $tool is required but not installed" >&2; exit 1; }
done

missing=()
if ! command -v redis-server >/dev/null && [ ! -x /usr/bin/redis-server ]; then
  missing+=(redis-server)
fi
if ! command -v promtool >/dev/null; then
  missing+=(prometheus)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "[bkm] missing: run 'sudo apt-get install -y ${missing[*]}'" >&2
  exit 1
fi
echo "[bkm] installing ${missing[*]} ..."
apt-get -o DPkg::Lock::Timeout=300 update -qq
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null
# Debian starts system instances (redis on 6379, prometheus on 9090); ours run on their own ports.
(service redis-server stop || true) >/dev/null 2>&1
(service prometheus stop || true) >/dev/null 2>&1

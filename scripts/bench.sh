#!/usr/bin/env bash
# Benchmarks that print figures (they are not tests):
#   scripts/bench.sh parse [warm-up-s measure-s]   parse + clean + fingerprint, one thread
source "$(dirname "$0")/lib.sh"

what="${1:-parse}"; shift || true
cd "$ROOT"
mvn -q -B -pl functions -am test-compile
cp="$ROOT/functions/target/classes:$ROOT/functions/target/test-classes:$(cat "$ROOT/functions/target/test.classpath")"
case "$what" in
  parse) exec java -Xmx1g -XX:+UseParallelGC -cp "$cp" io.bkm.alarm.bench.ParseBenchmark "$@" ;;
  *) echo "usage: scripts/bench.sh parse [warm-up-s measure-s]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Cold start of the packaged jar on an empty data directory: seconds until /actuator/health is UP, and resident
# memory once started. Repeats RUNS times (default 3). See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
PORT=${PORT:-18080}
[ -f target/vigil.jar ] || ./mvnw -B -ntp -q -DskipTests package
for i in $(seq 1 "$RUNS"); do
  data=$(mktemp -d)
  start=$(date +%s.%N)
  VIGIL_DATA_DIR="$data" VIGIL_ADMIN_EMAIL=bench@example.com VIGIL_ADMIN_PASSWORD=bench-password-123456 \
    java -jar target/vigil.jar --server.port="$PORT" > "$data/vigil.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "Vigil exited; see $data/vigil.log" >&2; exit 1; fi
    sleep 0.1
  done
  end=$(date +%s.%N)
  sleep 5  # let the first collection run finish before reading memory
  rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  # The embedded PostgreSQL runs as its own processes (the postmaster and its children); count them apart.
  pg_kb=0
  postmaster=$(pgrep -f -- "-D $data/postgres" | head -1 || true)
  for p in $postmaster $(pgrep -P "${postmaster:-0}" || true); do
    pg_kb=$((pg_kb + $(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup 2>/dev/null || echo 0)))
  done
  printf 'run %d: healthy after %.1f s; resident memory: JVM %d MB, embedded PostgreSQL %d MB\n' \
    "$i" "$(awk "BEGIN {print $end - $start}")" $((rss_kb / 1024)) $((pg_kb / 1024))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
done

#!/usr/bin/env bash
# Inbound signed events per second with an external load generator (wrk), against a running Vigil built from
# this checkout (see BENCHMARKS.md). Needs wrk, python3 and psql. Arguments: seconds (20), connections (32).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-20}"
CONNECTIONS="${2:-32}"
PORT=18089
TOKEN=bench-events-token-0123456789abcdef
WORK="$(mktemp -d)"
trap 'kill "$VIGIL_PID" 2>/dev/null || true; wait "$VIGIL_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

[ -f target/vigil.jar ] || ./mvnw -B -ntp -q -DskipTests package
mkdir -p "$WORK/host/etc/ssh"
printf 'PermitRootLogin no\n' > "$WORK/host/etc/ssh/sshd_config"
PORT=$PORT VIGIL_DATA_DIR="$WORK/data" VIGIL_DEMO=false VIGIL_ADMIN_EMAIL=owner@example.com \
  VIGIL_ADMIN_PASSWORD=correct-horse-battery-staple VIGIL_ADMIN_API_TOKEN=$TOKEN \
  java -jar target/vigil.jar --logging.level.dev.vigil=warn --logging.level.dev.vigil.platform=info > "$WORK/vigil.log" 2>&1 &
VIGIL_PID=$!
until curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null; do sleep 0.5; done

api() { curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
ID=$(api -X POST "http://127.0.0.1:$PORT/api/v1/integrations" \
  -d "{\"connector\":\"linux-host\",\"name\":\"Host\",\"intervalMinutes\":60,\"config\":{\"rootPath\":\"$WORK/host\",\"worldWritableScanPaths\":\"etc\"}}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
SECRET=$(api -X POST "http://127.0.0.1:$PORT/api/v1/integrations/$ID/event-secret" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')

# Pre-signed requests, each with its own event id, valid for the timestamp window (five minutes).
python3 - "$SECRET" > "$WORK/events.txt" <<'PY'
import hashlib, hmac, sys, time, uuid
secret = sys.argv[1].encode()
now = str(int(time.time()))
body = '{"changed":"/etc/ssh/sshd_config"}'
signature = hmac.new(secret, (now + "." + body).encode(), hashlib.sha256).hexdigest()
for _ in range(200000):
    print(uuid.uuid4(), now, "v1=" + signature)
PY
cat > "$WORK/events.lua" <<LUA
local path = "/api/v1/integrations/$ID/events"
local file = "$WORK/events.txt"
LUA
cat >> "$WORK/events.lua" <<'LUA'
local body = '{"changed":"/etc/ssh/sshd_config"}'
local threads = {}
function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end
function init(args)
  lines = {}
  local n = 0
  for line in io.lines(file) do
    n = n + 1
    if n % 2 == offset then table.insert(lines, line) end
  end
  counter = 0
  accepted = 0
  other = 0
end
function request()
  counter = counter + 1
  local id, timestamp, signature = string.match(lines[counter], "(%S+) (%S+) (%S+)")
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["Vigil-Event-Id"] = id,
    ["Vigil-Timestamp"] = timestamp, ["Vigil-Signature"] = signature}, body)
end
function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local a, o = 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("accepted")
    o = o + thread:get("other")
  end
  io.write(string.format("accepted (202): %d, other: %d\n", a, o))
end
LUA

wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s "$WORK/events.lua" "http://127.0.0.1:$PORT" | tee "$WORK/wrk.txt"
DB_PORT=$(grep -o 'initialised on 127.0.0.1:[0-9]*' "$WORK/vigil.log" | cut -d: -f2)
echo "event ids recorded: $(PGPASSWORD=$(cat "$WORK/data/postgres.password") psql -h 127.0.0.1 -p "$DB_PORT" -U postgres -d postgres -tAc 'select count(*) from integration_event')"

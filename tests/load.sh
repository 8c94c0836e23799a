#!/usr/bin/env bash
# Load from a second process: wrk POSTs tools/call to the shipped module in the
# runner on 127.0.0.1 until at least LOAD_REQUESTS (default 100,000) requests
# have been answered, then checks: zero errors (socket errors or non-2xx), and
# the runner's memory flat (RSS after the load within LOAD_RSS_SLACK_KB of RSS
# after a warm-up). Prints requests/s. wrk comes from Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."
want=${LOAD_REQUESTS:-100000}
slack_kb=${LOAD_RSS_SLACK_KB:-16384}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -x target/runner/fastedge-run ] || cargo build -q -p fastedge-run --profile runner
[ -f dist/edge-mcp.wasm ] || bash scripts/build.sh

log=$(mktemp); lua=$(mktemp --suffix=.lua)
target/runner/fastedge-run http -p 0 -w dist/edge-mcp.wasm >"$log" 2>/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log" "$lua"' EXIT
for _ in $(seq 100); do grep -q listening "$log" && break; sleep 0.1; done
url="$(sed -n 's/^listening on //p' "$log")/mcp"
cat >"$lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"hello","arguments":{"name":"FastEdge"}}}'
done = function(summary, latency, requests)
  io.write(string.format("LOAD requests=%d errors=%d non2xx=%d rps=%.0f p50_us=%d p99_us=%d\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99)))
end
LUA
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
wrk -t2 -c16 -d3s -s "$lua" "$url" >/dev/null          # warm-up: pools, caches, code pages
before=$(rss)
total=0; errors=0; rounds=0
while [ "$total" -lt "$want" ]; do
  line=$(wrk -t2 -c16 -d5s -s "$lua" "$url" | grep '^LOAD')
  echo "$line"
  n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line")
  e=$(sed 's/.*errors=\([0-9]*\) non2xx=\([0-9]*\).*/\1 \2/' <<<"$line" | awk '{print $1 + $2}')
  total=$((total + n)); errors=$((errors + e)); rounds=$((rounds + 1))
  [ "$rounds" -lt 20 ] || break
done
after=$(rss)
echo "load: $total requests, $errors errors; runner RSS ${before} KiB -> ${after} KiB"
status=0
[ "$total" -ge "$want" ] || { echo "FAIL: only $total requests in $rounds rounds"; status=1; }
[ "$errors" = 0 ] || { echo "FAIL: $errors errors"; status=1; }
[ $((after - before)) -le "$slack_kb" ] || { echo "FAIL: RSS grew by $((after - before)) KiB"; status=1; }
[ "$status" = 0 ] && echo "load: 1 passed, 0 failed" || echo "load: 0 passed, 1 failed"
exit "$status"

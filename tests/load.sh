#!/usr/bin/env bash
# Load from a second process: wrk POSTs tools/call to the shipped module in the
# runner on 127.0.0.1 until at least LOAD_REQUESTS (default 100,000) requests
# have been answered, then checks: zero errors (socket errors or non-2xx), every
# response body exactly the answer to its own request (id, result, greeting), and
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
-- Each request carries its own id and name; every response is checked whole: the
-- id of a request sent and not yet answered, and exactly the result for it (so a
-- result, no error, the right greeting).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  next_id = 0; outstanding = {}; checked = 0; bad = 0; first_bad = ""
end
function request()
  next_id = next_id + 1
  outstanding[next_id] = true
  return wrk.format(nil, nil, nil, string.format(
    '{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"hello","arguments":{"name":"n%d"}}}', next_id, next_id))
end
function response(status, headers, body)
  checked = checked + 1
  local id = tonumber(string.match(body, '^{"jsonrpc":"2.0","id":(%d+),'))
  local want = id and string.format(
    '{"jsonrpc":"2.0","id":%d,"result":{"content":[{"type":"text","text":"Hello, n%d!"}]}}', id, id)
  if status ~= 200 or not id or not outstanding[id] or body ~= want then
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body, 1, 200) end
  end
  if id then outstanding[id] = nil end
end
done = function(summary, latency, requests)
  local checked_all, bad_all, first = 0, 0, ""
  for _, t in ipairs(threads) do
    checked_all = checked_all + t:get("checked"); bad_all = bad_all + t:get("bad")
    if first == "" then first = t:get("first_bad") end
  end
  io.write(string.format("LOAD requests=%d errors=%d non2xx=%d checked=%d wrong=%d rps=%.0f p50_us=%d p99_us=%d\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, checked_all, bad_all, summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99)))
  if first ~= "" then io.write("LOAD first wrong response: " .. first .. "\n") end
end
LUA
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
wrk -t2 -c16 -d3s -s "$lua" "$url" >/dev/null          # warm-up: pools, caches, code pages
before=$(rss)
total=0; errors=0; checked=0; wrong=0; rounds=0
while [ "$total" -lt "$want" ]; do
  out=$(wrk -t2 -c16 -d5s -s "$lua" "$url" | grep '^LOAD')
  echo "$out"
  line=$(grep '^LOAD requests=' <<<"$out")
  n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line")
  e=$(sed 's/.*errors=\([0-9]*\) non2xx=\([0-9]*\).*/\1 \2/' <<<"$line" | awk '{print $1 + $2}')
  c=$(sed 's/.*checked=\([0-9]*\) wrong=\([0-9]*\).*/\1/' <<<"$line")
  w=$(sed 's/.*checked=\([0-9]*\) wrong=\([0-9]*\).*/\2/' <<<"$line")
  total=$((total + n)); errors=$((errors + e)); checked=$((checked + c)); wrong=$((wrong + w)); rounds=$((rounds + 1))
  [ "$rounds" -lt 20 ] || break
done
after=$(rss)
echo "load: $total requests, $errors errors, $checked bodies checked, $wrong wrong; runner RSS ${before} KiB -> ${after} KiB"
status=0
[ "$total" -ge "$want" ] || { echo "FAIL: only $total requests in $rounds rounds"; status=1; }
[ "$errors" = 0 ] || { echo "FAIL: $errors errors"; status=1; }
[ "$wrong" = 0 ] || { echo "FAIL: $wrong responses with a wrong body"; status=1; }
[ "$checked" -ge "$want" ] || { echo "FAIL: only $checked bodies checked"; status=1; }
[ $((after - before)) -le "$slack_kb" ] || { echo "FAIL: RSS grew by $((after - before)) KiB"; status=1; }
[ "$status" = 0 ] && echo "load: 1 passed, 0 failed" || echo "load: 0 passed, 1 failed"
exit "$status"

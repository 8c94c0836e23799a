#!/usr/bin/env bash
# Per-request latency under Gcore's own runtime (G-Core/FastEdge-lib `fastedge-run`, which
# compiles the module on every request, as the platform does): the shipped module against
# the predecessor (../shared/peers/seed-serde), side by side in one run. Prints the table
# and records it in size-report/bench-gcore.md (spliced into the README by
# scripts/update-readme.sh).
#
#   scripts/bench-gcore.sh [-n REQUESTS]   (default 50 per request kind per module)
#
# Both modules are served at once on 127.0.0.1, each by its own Gcore `fastedge-run http`
# (started and stopped by PID, scripts/lib/serve.sh); scripts/bench_gcore.py then sends
# initialize, tools/list and `tools/call hello` N times to each, sequentially, alternating
# app and peer, over one kept-alive HTTP/1.1 connection per module. A third server, the
# floor (scripts/lib/floor.wat, built by scripts/lib/floor.sh: a module that answers one
# constant reply), is timed in the same alternation, so the table also says what the runtime
# itself takes per request and how far above it each module is.
set -euo pipefail
cd "$(dirname "$0")/.."
n=50
[ "${1:-}" = "-n" ] && n=$2
peer_dir=../shared/peers/seed-serde
bash scripts/build.sh >&2
cargo build -q --manifest-path "$peer_dir/Cargo.toml" --target wasm32-wasip1 --release --target-dir target/peer
app=dist/edge-mcp.wasm
peer=target/peer/wasm32-wasip1/release/mcp_server.wasm

source scripts/lib/serve.sh
logs=$(mktemp -d)
app_pid="" peer_pid="" floor_pid=""
stop_all() {
  SERVE_PID=$app_pid; serve_stop
  SERVE_PID=$peer_pid; serve_stop
  SERVE_PID=$floor_pid; serve_stop
  rm -rf "$logs"
}
trap stop_all EXIT
serve_start gcore "$app" "$logs/app.log" || { cat "$logs/app.log" >&2; exit 1; }
app_pid=$SERVE_PID app_url=$SERVE_URL
serve_start gcore "$peer" "$logs/peer.log" || { cat "$logs/peer.log" >&2; exit 1; }
peer_pid=$SERVE_PID peer_url=$SERVE_URL
floor=target/floor.wasm
bash scripts/lib/floor.sh "$floor"
serve_start gcore "$floor" "$logs/floor.log" || { cat "$logs/floor.log" >&2; exit 1; }
floor_pid=$SERVE_PID floor_url=$SERVE_URL

table=$(python3 scripts/bench_gcore.py "$n" "$app_url" "$app" "$peer_url" "$peer" "$floor_url" "$floor")
echo "$table"
gcore_version=$(cat "$(dirname "$(gcore_runtime)")/fastedge-run.stamp" 2>/dev/null || echo unknown)
{
  echo "Measured by \`scripts/bench-gcore.sh -n $n\` on $(nproc) cores, $(date -u +%Y-%m-%d): both modules served at once by Gcore's \`fastedge-run http\` (FastEdge-lib, build stamp \`$gcore_version\`), which compiles the module on every request; $n requests per kind per module, sequential, alternating app and peer, one kept-alive HTTP/1.1 connection per module (Python \`http.client\` on 127.0.0.1). Latency = send the request to the whole response read. Ratios are peer/app (higher is better for the app)."
  echo
  echo "$table"
} > size-report/bench-gcore.md
echo "wrote size-report/bench-gcore.md" >&2

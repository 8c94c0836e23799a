#!/usr/bin/env bash
# Per-request latency under Gcore's own runtime (G-Core/FastEdge-lib `fastedge-run`, which
# compiles the module on every request, as the platform does): the shipped module and the
# hello-only shape against the predecessor (../shared/peers/seed-serde), side by side in one
# run. Prints the table and records it in size-report/bench-gcore.md (spliced into the README
# by scripts/update-readme.sh).
#
#   scripts/bench-gcore.sh [-n REQUESTS]   (default 50 per request kind per module)
#
# Every module is served at once on 127.0.0.1, each by its own Gcore `fastedge-run http`
# (started and stopped by PID, scripts/lib/serve.sh); scripts/bench_gcore.py then sends
# initialize, tools/list and `tools/call hello` N times to each, sequentially, in turn, over
# one kept-alive HTTP/1.1 connection per module. Besides the two shapes and the peer:
#   - the floor (scripts/lib/floor.wat, built by scripts/lib/floor.sh: a module that answers
#     one constant reply): what the runtime itself takes per request;
#   - three twins of the shipped module (scripts/lib/wasm_twin.py): one with every function
#     body replaced by `unreachable`, the same with 100 more such functions, and one with
#     8 KiB more data. They say what a KB of code, a function and a KB of data cost a
#     request, which is where the module's bytes should go.
set -euo pipefail
cd "$(dirname "$0")/.."
n=50
[ "${1:-}" = "-n" ] && n=$2
peer_dir=../shared/peers/seed-serde
bash scripts/build.sh >&2
source scripts/lib/hello_only.sh
hello_only_build >&2
cargo build -q --manifest-path "$peer_dir/Cargo.toml" --target wasm32-wasip1 --release --target-dir target/peer
app=dist/edge-mcp.wasm
peer=target/peer/wasm32-wasip1/release/mcp_server.wasm
mkdir -p target/gcore
python3 scripts/lib/wasm_twin.py codeless "$app" target/gcore/codeless.wasm
python3 scripts/lib/wasm_twin.py data 8192 "$app" target/gcore/plus-data.wasm
python3 scripts/lib/wasm_twin.py functions 100 "$app" target/gcore/plus-functions.wasm
floor=target/floor.wasm
bash scripts/lib/floor.sh "$floor"

source scripts/lib/serve.sh
logs=$(mktemp -d)
pids=()
stop_all() {
  for SERVE_PID in "${pids[@]}"; do serve_stop; done
  rm -rf "$logs"
}
trap stop_all EXIT
# label, file, whether its answers are checked
modules=(
  "default" "$app" 1
  "hello-only" "$HELLO_ONLY_WASM" 1
  "peer" "$peer" 1
  "floor" "$floor" 0
  "twin: no code (default)" target/gcore/codeless.wasm 0
  "twin: +8 KiB data (default)" target/gcore/plus-data.wasm 1
  "twin: no code, +100 functions (default)" target/gcore/plus-functions.wasm 0
)
client_args=()
for ((i = 0; i < ${#modules[@]}; i += 3)); do
  log="$logs/$((i / 3)).log"
  serve_start gcore "${modules[i + 1]}" "$log" || { cat "$log" >&2; exit 1; }
  pids+=("$SERVE_PID")
  client_args+=("${modules[i]}" "$SERVE_URL" "${modules[i + 1]}" "${modules[i + 2]}")
done

table=$(python3 scripts/bench_gcore.py "$n" "${client_args[@]}")
echo "$table"
gcore_version=$(cat "$(dirname "$(gcore_runtime)")/fastedge-run.stamp" 2>/dev/null || echo unknown)
{
  echo "Measured by \`scripts/bench-gcore.sh -n $n\` on $(nproc) cores, $(date -u +%Y-%m-%d): every module served at once by Gcore's \`fastedge-run http\` (FastEdge-lib, build stamp \`$gcore_version\`), which compiles the module on every request; $n requests per kind per module, sequential, in turn, one kept-alive HTTP/1.1 connection per module (Python \`http.client\` on 127.0.0.1). Latency = send the request to the whole response read. The peer is the predecessor design (\`../shared/peers/seed-serde\`: serde_json, three tools, no auth); hello-only is this server's one-tool shape (\`scripts/lib/hello_only.sh\`)."
  echo
  echo "$table"
} > size-report/bench-gcore.md
echo "wrote size-report/bench-gcore.md" >&2

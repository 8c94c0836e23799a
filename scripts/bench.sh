#!/usr/bin/env bash
# Benchmarks the shipped module against the predecessor (../shared/peers/seed-serde)
# in one run of the local runner, prints the table, and records it in
# size-report/bench.md (spliced into the README by scripts/update-readme.sh).
# Usage: scripts/bench.sh [-n CALLS]   (default 300 calls per request kind)
set -euo pipefail
cd "$(dirname "$0")/.."
n=300
[ "${1:-}" = "-n" ] && n=$2
peer_dir=../shared/peers/seed-serde
bash scripts/build.sh >&2
cargo build -q -p fastedge-run --profile runner
cargo build -q --manifest-path "$peer_dir/Cargo.toml" --target wasm32-wasip1 --release --target-dir target/peer
peer=target/peer/wasm32-wasip1/release/mcp_server.wasm
out=$(target/runner/fastedge-run bench -w dist/edge-mcp.wasm -w "$peer" -n "$n")
echo "$out"
{
  echo "Measured by \`scripts/bench.sh -n $n\` on $(nproc) cores, $(date -u +%Y-%m-%d); app = \`dist/edge-mcp.wasm\`, peer = the predecessor design (\`seed-serde\`, wasm32-wasip1, opt-level z). Ratios are peer/app (higher is better for the app); times are medians and p99 of instantiate + process; fuel = Wasm instructions; \`fixed\` is a one-byte invalid body (\`x\`), the cost every request pays before any method runs."
  echo
  echo '```text'
  echo "$out"
  echo '```'
} > size-report/bench.md
echo "wrote size-report/bench.md" >&2

# Allocators: the same server with each allocator feature, bytes and per-request cost.
allocs="alloc-bump alloc-wee alloc-std"
for a in $allocs; do
  CARGO_TARGET_DIR=target/alloc EDGE_MCP_OUT="target/alloc/$a.wasm" \
    bash scripts/build.sh --no-default-features --features "$a" >&2
done
{
  echo "Measured by \`scripts/bench.sh -n $n\` ($(date -u +%Y-%m-%d)): the shipped module built with each allocator feature; fuel = Wasm instructions per request (instantiate + process), time = median of instantiate + process."
  echo
  echo "| allocator | module bytes | fixed fuel (1-byte invalid body) | initialize fuel | tools/list fuel | tools/call fuel | tools/call median µs | peak memory pages |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for a in $allocs; do
    target/runner/fastedge-run bench -w "target/alloc/$a.wasm" -n "$n" --json | python3 scripts/alloc_row.py "$a"
  done
} > size-report/allocators.md
cat size-report/allocators.md
echo "wrote size-report/allocators.md" >&2

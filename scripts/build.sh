#!/usr/bin/env bash
# Builds the release module and writes the file that ships: dist/edge-mcp.wasm.
# Extra cargo flags pass through (e.g. --features conformance); with
# EDGE_MCP_OUT=path the result goes there instead.
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
cargo build --release --target wasm32-unknown-unknown -p edge-mcp --lib "$@"
out="${EDGE_MCP_OUT:-dist/edge-mcp.wasm}"
mkdir -p "$(dirname "$out")"
cp target/wasm32-unknown-unknown/release/edge_mcp.wasm "$out"
echo "$out: $(stat -c %s "$out") bytes"

#!/usr/bin/env bash
# Builds the release module and serves it exactly as FastEdge would, on
# http://127.0.0.1:8080/mcp (PORT=... to change). Extra arguments go to the
# runner, e.g. `-e PUBLIC_GREETING=hi -s MCP_BEARER_TOKEN=secret --geo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >&2
cargo build -q -p fastedge-run --profile runner
exec target/runner/fastedge-run http -p "${PORT:-8080}" -w dist/edge-mcp.wasm "$@"

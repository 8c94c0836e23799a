#!/usr/bin/env bash
# Puts Node 22 (needed by the conformance suite and MCP Inspector 2.x; this
# machine's Node 20 is too old) under .tools/node22, from the npm registry, and
# prints the path of its `node` binary. Idempotent; pinned.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.tools/node22
bin="$dir/node_modules/node/bin/node"
if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  (cd "$dir" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error node@22.23.3 >/dev/null)
fi
[ -x "$bin" ] || bin="$(cd "$dir" && pwd)/node_modules/.bin/node"
echo "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

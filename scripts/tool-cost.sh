#!/usr/bin/env bash
# What adding a tool costs in shipped bytes: builds a scratch copy of the crate with
# the README's example tool `shout` (catalog/tools/shout.json + src/tools/shout.rs),
# once with `to_ascii_uppercase`, once upper-casing a copy made by `crate::buf::string`
# (no growth through std, so alloc's growth error paths stay out), and once with
# `to_uppercase`, asks the first two modules in the runner for `{"text":"edge"}`, and writes size-report/tool-cost.md (spliced into the
# README by scripts/update-readme.sh).
#
#   scripts/tool-cost.sh           measure and write
#   scripts/tool-cost.sh --check   measure and fail if size-report/tool-cost.md differs
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/figures.sh
ROOT="$PWD"
mode=write
[ "${1:-}" = --check ] && mode=check
scratch="$ROOT/target/tool-cost/crate"
rm -rf "$scratch"; mkdir -p "$scratch"
cp -r Cargo.toml Cargo.lock build catalog src wit scripts "$scratch/"
mkdir -p "$scratch/runner"; cp runner/Cargo.toml "$scratch/runner/"; mkdir -p "$scratch/runner/src"
echo 'fn main() {}' >"$scratch/runner/src/main.rs"
ln -s "$ROOT/.tools" "$scratch/.tools"
cat >"$scratch/catalog/tools/shout.json" <<'JSON'
{
  "name": "shout",
  "description": "Upper-cases a text.",
  "inputSchema": { "type": "object", "properties": { "text": { "type": "string", "maxLength": 200 } },
                   "required": ["text"], "additionalProperties": false }
}
JSON
handler() {
  cat >"$scratch/src/tools/shout.rs" <<RUST
use crate::mcp::{tools::ToolCall, ToolResult};

pub fn call(call: &mut ToolCall) -> ToolResult {
    let text = call.str_arg("text").unwrap_or_default(); // validated against the schema already
    call.text(&text.$1());
    Ok(())
}
RUST
}
handler_buf() {
  cat >"$scratch/src/tools/shout.rs" <<'RUST'
use crate::mcp::{tools::ToolCall, ToolResult};

pub fn call(call: &mut ToolCall) -> ToolResult {
    let text = call.str_arg("text").unwrap_or_default(); // validated against the schema already
    let mut upper = crate::buf::string(&text);
    upper.make_ascii_uppercase();
    call.text(&upper);
    Ok(())
}
RUST
}
build() {  # $1 = output name
  # Built as scripts/size-report.sh builds (paths remapped), in one target dir.
  (cd "$scratch" && RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--remap-path-prefix=$scratch=." \
     CARGO_TARGET_DIR="$ROOT/target/tool-cost/target" EDGE_MCP_OUT="$ROOT/target/tool-cost/$1.wasm" \
     bash scripts/build.sh >&2)
  stat -c %s "$ROOT/target/tool-cost/$1.wasm"
}
ask() {  # $1 = module; prints the tools/call result for {"text":"edge"}
  local log; log=$(mktemp)
  target/runner/fastedge-run http -p 0 -w "$1" >"$log" 2>/dev/null &
  local pid=$!
  for _ in $(seq 100); do grep -q listening "$log" && break; sleep 0.1; done
  local url; url="$(sed -n 's/^listening on //p' "$log")/mcp"
  python3 - "$url" <<'PY'
import json, sys, urllib.request
body = b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"shout","arguments":{"text":"edge"}}}'
req = urllib.request.Request(sys.argv[1], body, {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"})
print(json.dumps(json.load(urllib.request.urlopen(req))["result"], separators=(",", ":")))
PY
  kill "$pid"; wait "$pid" 2>/dev/null || true; rm -f "$log"
}
[ -x target/runner/fastedge-run ] || cargo build -q -p fastedge-run --profile runner
rm "$scratch/catalog/tools/shout.json.off" 2>/dev/null || true
mv "$scratch/catalog/tools/shout.json" "$scratch/catalog/tools/shout.json.off"
base=$(build base)
mv "$scratch/catalog/tools/shout.json.off" "$scratch/catalog/tools/shout.json"
handler to_ascii_uppercase; ascii=$(build shout-ascii); ascii_answer=$(ask "$ROOT/target/tool-cost/shout-ascii.wasm")
handler_buf; lean=$(build shout-buf); lean_answer=$(ask "$ROOT/target/tool-cost/shout-buf.wasm")
[ "$lean_answer" = "$ascii_answer" ] || { echo "tool-cost: the buf variant answers $lean_answer" >&2; exit 1; }
handler to_uppercase; unicode=$(build shout-unicode)
fmt() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
out=$(mktemp)
{
  echo "Rebuilt with \`bash scripts/build.sh\`, this tool costs $(fmt $((ascii - base))) bytes ($(fmt "$base") -> $(fmt "$ascii"))"
  echo "and answers \`$ascii_answer\` for \`{\"text\":\"edge\"}\` in the runner."
  echo "The same tool upper-casing a copy made by \`crate::buf::string\` (\`let mut upper = crate::buf::string(&text);"
  echo "upper.make_ascii_uppercase();\`) costs $(fmt $((lean - base))) bytes and answers the same."
  echo "Mind what a handler pulls in: the same tool with \`to_uppercase()\` instead costs $(fmt $((unicode - base)))"
  echo "bytes, because Unicode case mapping brings its tables along. (Measured by \`scripts/tool-cost.sh\`;"
  echo "CI checks the figures with \`--check\`.)"
} >"$out"
cat "$out"
figure_done tool-cost "$mode" size-report/tool-cost.md "$out"

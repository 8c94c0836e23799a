#!/usr/bin/env bash
# What auth and the outbound-HTTP and key-value features cost in shipped bytes, paid only by the
# catalogs that use them: builds the module from scratch catalogs (EDGE_MCP_CATALOG) made of
# catalog/server.json + catalog/tools/hello.json and
#   (nothing)                       the server with one tool: no auth, no http-client, no key-value
#   + auth.json                     bearer auth and its RFC 9728 metadata
#   + github_repo                   the first declared HTTP tool
#   + github_repo + a copy of it    each further declared HTTP tool
#   + the notes template            the first KV item (a KV-backed resource template)
#   + a KV tool (key lookup)        the first KV item, as a tool
# checks which FastEdge interfaces each module imports, and writes size-report/feature-cost.md
# (spliced into the README by scripts/update-readme.sh).
#
#   scripts/feature-cost.sh           measure and write
#   scripts/feature-cost.sh --check   measure and fail if size-report/feature-cost.md differs
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/figures.sh
ROOT="$PWD"
mode=write
[ "${1:-}" = --check ] && mode=check
work="$ROOT/target/size/feature-cost"
rm -rf "$work"; mkdir -p "$work"
eval "$(bash scripts/install-tools.sh --print-env)"

catalog() {  # NAME FILE... : a scratch catalog with server.json, hello and the given files
  local dir="$work/$1"; shift
  mkdir -p "$dir/tools" "$dir/resource-templates"
  cp catalog/server.json "$dir/"; cp catalog/tools/hello.json "$dir/tools/"
  local f
  for f in "$@"; do cp "$f" "$dir/${f#catalog/}"; done
  echo "$dir"
}
build() {  # NAME CATALOG_DIR -> prints the shipped bytes
  # Built as scripts/size-report.sh builds its shapes: paths remapped, in target/size.
  RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--remap-path-prefix=$ROOT=." EDGE_MCP_CATALOG="$2" \
    CARGO_TARGET_DIR=target/size EDGE_MCP_OUT="$work/$1.wasm" bash scripts/build.sh >&2
  stat -c %s "$work/$1.wasm"
}
imports() {  # NAME -> the FastEdge interfaces the module imports, comma-separated
  "$WASM_TOOLS" print "$work/$1.wasm" | sed -n 's/^ *(import "\([^"]*\)".*/\1/p' | sed 's/^gcore:fastedge\///; s/@.*//' \
    | sort -u | paste -sd, | sed 's/,/, /g'
}

hello=$(build hello "$(catalog hello)")
auth=$(build auth "$(catalog auth catalog/auth.json)")
http1=$(build http1 "$(catalog http1 catalog/tools/github_repo.json)")
dir=$(catalog http2 catalog/tools/github_repo.json)
sed 's/"name": "github_repo"/"name": "github_repo_2"/' catalog/tools/github_repo.json >"$dir/tools/github_repo_2.json"
http2=$(build http2 "$dir")
kvres=$(build kv-template "$(catalog kv-template catalog/resource-templates/notes.json)")
dir=$(catalog kv-tool)
cat >"$dir/tools/note.json" <<'JSON'
{ "name": "note", "description": "A note from the key-value store.",
  "inputSchema": { "type": "object", "properties": { "name": { "type": "string", "maxLength": 64 } },
                   "required": ["name"], "additionalProperties": false },
  "kv": { "store": "edge-mcp", "key": "note:{name}" } }
JSON
kvtool=$(build kv-tool "$dir")

fmt() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
row() {  # LABEL NAME BYTES BASE
  local d=$(( $3 - $4 )) sign=+
  [ "$d" -lt 0 ] && sign=-
  echo "| $1 | $(fmt "$3") | $sign$(fmt "${d#-}") | $(imports "$2") |"
}
out=$(mktemp)
{
  echo "| catalog: \`server.json\`, \`hello\` and | shipped bytes | cost | FastEdge interfaces imported |"
  echo "|---|---:|---:|---|"
  echo "| nothing else | $(fmt "$hello") | | $(imports hello) |"
  row "\`auth.json\` (bearer auth and its RFC 9728 metadata)" auth "$auth" "$hello"
  row "the declared HTTP tool \`github_repo\` (first HTTP tool)" http1 "$http1" "$hello"
  row "\`github_repo\` and a copy of it (each further HTTP tool)" http2 "$http2" "$http1"
  row "the KV template \`kv://notes/{name}\` (first KV item)" kv-template "$kvres" "$hello"
  row "a KV tool reading \`note:{name}\` (first KV item, as a tool)" kv-tool "$kvtool" "$hello"
  echo
  echo "Measured by \`scripts/feature-cost.sh\` (scratch catalogs built with \`scripts/build.sh\`); CI checks the figures with \`--check\`."
} >"$out"
cat "$out"
figure_done feature-cost "$mode" size-report/feature-cost.md "$out"

#!/usr/bin/env bash
# What tools that reach the world cost in the shipped module (README "Tools that reach
# the world", the cost table): builds scratch copies of this tree with small catalogs
# through scripts/build.sh and prints one row per catalog.
#
#   bash scripts/world-cost.sh            all catalogs below
#   bash scripts/world-cost.sh hello http1  only those
#
# Catalogs (`hello` = catalog/server.json + tools/hello.json + src/tools/hello.rs):
#   hello    hello alone
#   http1    hello + catalog/tools/github_repo.json
#   http2    hello + github_repo + a copy of it named github_repo2
#   tpl      hello + notes.json with a static "text" instead of "kv" (what any first
#            template costs: listing, matching, resources/read)
#   kvtpl    hello + catalog/resource-templates/notes.json
#   kvtool   hello + a KV tool (`get` of price:{sku} in store edge-mcp)
#   kvrange  hello + a KV tool reading a sorted set's score range (events, min {from})
#   kvboth   hello + the notes template + the price KV tool
#   core     the shipped catalog without github_repo and notes
#   shipped  the shipped catalog
# The scratch tree and its target dir live in target/world-cost/ (one path, so cargo's
# fingerprints stay stable; every source file is touched before each build so the build
# script reruns). The cargo output is built unstripped (names kept for twiggy) and kept
# as target/world-cost/<catalog>.cargo.wasm; the shipped file as <catalog>.wasm.
# Stripping at link time or in build.sh's wasm-opt step gives the same shipped bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
W="$ROOT/target/world-cost"
T="$W/tree"
mkdir -p "$W"

ALL=(hello http1 http2 tpl kvtpl kvtool kvrange kvboth core shipped)
[ "$#" -gt 0 ] && ALL=("$@")

sync_tree() {
  mkdir -p "$T/runner"
  for d in build src wit scripts .cargo; do
    rm -rf "${T:?}/$d"
    cp -a "$ROOT/$d" "$T/$d"
  done
  cp -a "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" "$T/"
  cp -a "$ROOT/runner/Cargo.toml" "$T/runner/"
  rm -rf "$T/runner/src" && cp -a "$ROOT/runner/src" "$T/runner/src"
  ln -sfn "$ROOT/.tools" "$T/.tools"
}

kv_tool='{"name":"price","description":"A price by SKU, from the key-value store edge-mcp.",
 "inputSchema":{"type":"object","properties":{"sku":{"type":"string","maxLength":64}},"required":["sku"],"additionalProperties":false},
 "kv":{"store":"edge-mcp","key":"price:{sku}"}}'
kv_range='{"name":"events","description":"Events since a time, from the key-value store edge-mcp.",
 "inputSchema":{"type":"object","properties":{"from":{"type":"integer"}},"required":["from"],"additionalProperties":false},
 "kv":{"store":"edge-mcp","key":"events","zrangeByScore":{"min":"{from}","max":"+inf"}}}'

catalog() {
  rm -rf "$T/catalog" "$T/src/tools"
  mkdir -p "$T/catalog/tools" "$T/src/tools"
  cp "$ROOT/catalog/server.json" "$T/catalog/"
  case "$1" in
    core|shipped)
      cp -a "$ROOT/catalog/." "$T/catalog/"
      rm -rf "$T/catalog/conformance"
      cp "$ROOT"/src/tools/*.rs "$T/src/tools/"
      if [ "$1" = core ]; then
        rm -f "$T/catalog/tools/github_repo.json" "$T/catalog/resource-templates/notes.json"
      fi
      return ;;
  esac
  cp "$ROOT/catalog/tools/hello.json" "$T/catalog/tools/"
  cp "$ROOT/src/tools/hello.rs" "$T/src/tools/"
  case "$1" in
    hello) ;;
    http1) cp "$ROOT/catalog/tools/github_repo.json" "$T/catalog/tools/" ;;
    http2)
      cp "$ROOT/catalog/tools/github_repo.json" "$T/catalog/tools/"
      sed 's/"name": "github_repo"/"name": "github_repo2"/' "$ROOT/catalog/tools/github_repo.json" >"$T/catalog/tools/github_repo2.json" ;;
    tpl)
      mkdir -p "$T/catalog/resource-templates"
      sed 's/"kv": {.*}$/"text": "A note: {name}"/' "$ROOT/catalog/resource-templates/notes.json" >"$T/catalog/resource-templates/notes.json"
      grep -q '"text"' "$T/catalog/resource-templates/notes.json" || { echo "world-cost: tpl: no text" >&2; exit 1; } ;;
    kvrange) printf '%s\n' "$kv_range" >"$T/catalog/tools/events.json" ;;
    kvtpl|kvboth|kvtool)
      if [ "$1" != kvtool ]; then
        mkdir -p "$T/catalog/resource-templates"
        cp "$ROOT/catalog/resource-templates/notes.json" "$T/catalog/resource-templates/"
      fi
      if [ "$1" != kvtpl ]; then printf '%s\n' "$kv_tool" >"$T/catalog/tools/price.json"; fi ;;
    *) echo "world-cost: unknown catalog $1" >&2; exit 2 ;;
  esac
}

sync_tree
for c in "${ALL[@]}"; do
  catalog "$c"
  find "$T/src" "$T/build" "$T/catalog" -type f -exec touch {} +
  (cd "$T" && CARGO_TARGET_DIR="$W/target" CARGO_PROFILE_RELEASE_STRIP=false \
     EDGE_MCP_OUT="$W/$c.wasm" nice bash scripts/build.sh >"$W/$c.log" 2>&1) \
    || { tail -30 "$W/$c.log" >&2; echo "world-cost: $c failed" >&2; exit 1; }
  cp "$W/target/wasm32-unknown-unknown/release/edge_mcp.wasm" "$W/$c.cargo.wasm"
  printf '%-8s %7s\n' "$c" "$(stat -c %s "$W/$c.wasm")"
done

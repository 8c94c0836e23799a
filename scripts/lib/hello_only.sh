# The hello-only shape: a scratch catalog with only catalog/server.json and
# catalog/tools/hello.json (the server's fixed cost with one tool), made from the current
# declarations so it follows them, built into target/size/hello-only.wasm. Source this
# file, then:
#
#   hello_only_build    # prints scripts/build.sh's output; nonzero exit if it fails
#
# scripts/size-report.sh, tests/smoke.sh and scripts/bench-gcore.sh all build it here,
# with the same flags and target dir, so each reuses the others' build.
HELLO_ONLY_WASM=target/size/hello-only.wasm

hello_only_build() {
  local catalog="$PWD/target/size/catalog-hello-only"
  rm -rf "$catalog"; mkdir -p "$catalog/tools"
  cp catalog/server.json "$catalog/"; cp catalog/tools/hello.json "$catalog/tools/"
  # Relinked every time: the scratch catalog is new, whatever cargo's fingerprint says.
  rm -f target/size/wasm32-unknown-unknown/release/edge_mcp.wasm
  RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--remap-path-prefix=$PWD=." EDGE_MCP_CATALOG="$catalog" \
    CARGO_TARGET_DIR=target/size EDGE_MCP_OUT="$HELLO_ONLY_WASM" bash scripts/build.sh
}

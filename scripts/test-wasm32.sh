#!/usr/bin/env bash
# Runs the crate's unit, property and integration tests on wasm32-wasip1: the same
# tests `cargo test -p edge-mcp` runs natively, compiled for a 32-bit target (usize
# is 32 bits there, as in the shipped wasm32-unknown-unknown module) and executed by
# Wasmtime through cargo's target runner (scripts/wasi-run.py).
#
#   bash scripts/test-wasm32.sh                 all of them
#   bash scripts/test-wasm32.sh --test limits   extra arguments go to cargo test
#
# Installs its one tool idempotently: the `wasmtime` PyPI wheel (prebuilt Wasmtime,
# pinned) in .tools/wasmtime-venv. What cannot run on wasip1 (threads, processes,
# sockets) is gated in the tests with `cfg(target_os = "wasi")`, each with a comment.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
WASMTIME_PY_VERSION=50.0.1
VENV="$ROOT/.tools/wasmtime-venv"

if ! "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('wasmtime') != '$WASMTIME_PY_VERSION')" 2>/dev/null; then
  echo "test-wasm32: pip install wasmtime==$WASMTIME_PY_VERSION into .tools/wasmtime-venv" >&2
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "wasmtime==$WASMTIME_PY_VERSION"
fi
rustup target add wasm32-wasip1 >/dev/null 2>&1 || true

export CARGO_TARGET_WASM32_WASIP1_RUNNER="$VENV/bin/python $ROOT/scripts/wasi-run.py"
# The test harness runs every test on the main thread there (no threads on wasip1);
# debug-build proptest strategies need more than the default 1 MiB of stack.
export CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS="-C link-arg=-zstack-size=16777216"
# With panic = abort (wasip1's only strategy) a failing test ends its binary before
# the harness prints captured output: print as it goes, so the panic message shows.
export RUST_TEST_NOCAPTURE=1
# Each configuration that has its own unit tests: the default build, and the
# conformance feature's fixtures (HMAC request state among them).
cargo test -p edge-mcp --target wasm32-wasip1 "$@"
cargo test -p edge-mcp --target wasm32-wasip1 --features conformance --lib "$@"

#!/usr/bin/env python3
"""Runs a wasm32-wasip1 program under Wasmtime: cargo's target runner for that target.

    CARGO_TARGET_WASM32_WASIP1_RUNNER="python3 scripts/wasi-run.py" cargo test --target wasm32-wasip1

(`scripts/test-wasm32.sh` sets this up, with the `wasmtime` wheel pinned in
.tools/wasmtime-venv.) The program gets the arguments after the module path, the
whole environment, stdio, and the current directory and the workspace preopened
under their own absolute paths (test code opens files by `env!("CARGO_MANIFEST_DIR")`
and by relative path), plus the system temp directory. Its exit status is ours;
a trap (a panic under `panic = "abort"`, an out-of-bounds access) exits 101,
what the Rust test harness uses for a failed test.
"""

import os
import sys
import tempfile

import wasmtime

WORKSPACE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv):
    if len(argv) < 2:
        print("usage: wasi-run.py MODULE.wasm [ARGS...]", file=sys.stderr)
        return 2
    module_path = argv[1]
    config = wasmtime.Config()
    config.cache = True
    engine = wasmtime.Engine(config)
    store = wasmtime.Store(engine)
    wasi = wasmtime.WasiConfig()
    wasi.argv = [os.path.basename(module_path)] + argv[2:]
    wasi.inherit_env()
    wasi.inherit_stdin()
    wasi.inherit_stdout()
    wasi.inherit_stderr()
    seen = set()
    for directory in (os.getcwd(), WORKSPACE, tempfile.gettempdir()):
        if directory not in seen:
            seen.add(directory)
            wasi.preopen_dir(directory, directory)
    # Relative paths resolve against a preopen named ".".
    wasi.preopen_dir(os.getcwd(), ".")
    store.set_wasi(wasi)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    module = wasmtime.Module.from_file(engine, module_path)
    instance = linker.instantiate(store, module)
    start = instance.exports(store)["_start"]
    try:
        start(store)
    except wasmtime.ExitTrap as e:
        return e.code
    except wasmtime.Trap as e:
        print(f"wasi-run: trap: {e}", file=sys.stderr)
        return 101
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

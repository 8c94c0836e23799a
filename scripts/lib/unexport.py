#!/usr/bin/env python3
"""Drops the exports no host reads from the cargo output, before wasm-opt runs.

A Rust cdylib for wasm32 exports more than its entry points: the linker's `__heap_base`
and `__data_end` globals, every `#[no_mangle]` function (the module's own `memcmp`,
src/edge/mem.rs, which must be `#[no_mangle]` to replace compiler-builtins' weak one), and
wit-bindgen's versioned `cabi_realloc_wit_bindgen_<version>` (exported so that several
wit-bindgen versions can share one `cabi_realloc`; nothing calls it from outside). Each
export costs its name in the module and, worse, pins the function: wasm-opt may not
inline, specialize or drop an exported function, nor change its signature. The component
model reads only the memory, `cabi_realloc` and the world's exports
(`gcore:fastedge/http-handler#process`), so the build keeps exactly those: every other
export is dropped here, and `scripts/build.sh` proves the result still componentizes.

    unexport.py IN.wasm OUT.wasm
"""
import sys

from component_type import enc, leb, sections

# What the component model needs from a core module: its memory, the realloc the
# canonical ABI calls to hand lists and strings to the guest, and the world's exports
# (named `interface#function`).
def kept(name):
    return name in ("memory", "cabi_realloc") or "#" in name


def main(src, dst):
    data = open(src, "rb").read()
    out = bytearray(data[:8])
    for sid, start, body, end in sections(data, 8):
        if sid != 7:
            out += data[start:end]
            continue
        count, pos = leb(data, body)
        entries = []
        for _ in range(count):
            n, p = leb(data, pos)
            name = data[p:p + n].decode()
            _, after = leb(data, p + n + 1)  # kind byte, then the index
            if kept(name):
                entries.append(data[pos:after])
            pos = after
        payload = enc(len(entries)) + b"".join(entries)
        out += b"\x07" + enc(len(payload)) + payload
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

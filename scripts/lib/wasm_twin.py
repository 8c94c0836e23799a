"""Twins of a core Wasm module for the latency model in scripts/bench-gcore.sh.

    python3 scripts/lib/wasm_twin.py codeless IN OUT     every function body becomes `unreachable`
    python3 scripts/lib/wasm_twin.py data BYTES IN OUT   one more data segment of BYTES bytes
    python3 scripts/lib/wasm_twin.py functions N IN OUT  codeless, and N more functions (each
                                                         `unreachable`, never called)

Both keep everything else (types, imports, exports, the component-type section), so
the module still componentizes and is compiled the same way; only the compiled code, or
the data, differs. The codeless twin traps on every request: it measures what compiling
and instantiating a module of this shape costs before its code. The data twin answers as
the module does: it measures what data bytes cost. (The data lands in page 1 past the
module's own, which is within its initial memory; the stack and heap never reach it
before the answer is written.) The functions twin is the codeless one with N more bodies:
against it, what one more function costs a request, whatever its size.
"""
import sys

from component_type import enc, leb, sections as section_spans


def sections(wasm):
    """(id, payload) for each section after the 8-byte header."""
    return [(sid, wasm[body:end]) for sid, _, body, end in section_spans(wasm, 8)]


def codeless(payload):
    count, _ = leb(payload, 0)
    body = b"\x00\x00\x0b"  # no locals; unreachable; end
    return enc(count) + (enc(len(body)) + body) * count


def more_functions(payload, count, body):
    """A function or code section's `payload` with `count` more entries of `body`."""
    n, pos = leb(payload, 0)
    return enc(n + count) + payload[pos:] + body * count


def plus_data(payload, nbytes, offset):
    count, pos = leb(payload, 0)
    blob = bytes((i * 131 + 7) & 0xFF for i in range(nbytes))
    segment = b"\x00\x41" + leb_signed(offset) + b"\x0b" + enc(nbytes) + blob
    return enc(count + 1) + payload[pos:] + segment


def leb_signed(n):
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        done = (n == 0 and not b & 0x40) or (n == -1 and b & 0x40)
        out.append(b | (0 if done else 0x80))
        if done:
            return bytes(out)


def main():
    mode = sys.argv[1]
    src, dst = sys.argv[-2], sys.argv[-1]
    wasm = open(src, "rb").read()
    out = bytearray(wasm[:8])
    parts = sections(wasm)
    memory = next(payload for sid, payload in parts if sid == 5)
    _, pos = leb(memory, 0)  # one memory: limits flag, then its initial pages
    pages, _ = leb(memory, pos + 1)
    for sid, payload in parts:
        if mode in ("codeless", "functions") and sid == 10:
            payload = codeless(payload)
        if mode == "functions" and sid == 3:  # each new function of the first type
            payload = more_functions(payload, int(sys.argv[2]), b"\x00")
        elif mode == "functions" and sid == 10:
            payload = more_functions(payload, int(sys.argv[2]), b"\x03\x00\x00\x0b")
        elif mode == "data" and sid == 12:  # data count
            count, _ = leb(payload, 0)
            payload = enc(count + 1)
        elif mode == "data" and sid == 11:
            nbytes = int(sys.argv[2])
            if pages * 65536 - nbytes < 65536:
                sys.exit(f"{src}: initial memory of {pages} pages has no room for {nbytes} more bytes")
            payload = plus_data(payload, nbytes, pages * 65536 - nbytes)
        out += bytes([sid]) + enc(len(payload)) + payload
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main()

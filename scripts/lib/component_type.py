#!/usr/bin/env python3
"""Rewrites a core module's `component-type:*` custom sections to their smallest form.

wit-bindgen names the section `component-type:wit-bindgen:<version>:<package>:<world>:
encoded world` (71 bytes of name) and puts a `producers` section inside the encoded world
(wit-component and wit-bindgen versions, 73 bytes). Neither is read when a runner turns
the module into a component: wit-component takes every custom section whose name *starts
with* `component-type` and, inside it, needs only the encoded world and its
`wit-component-encoding` section (the string encoding; decoding fails without it). So the
section ships as `component-type` with the producers section dropped: about 130 bytes on
every module, checked by `scripts/build.sh` (the result must componentize and validate)
and by both runners in the tests.

    component_type.py IN.wasm OUT.wasm
"""
import sys


def leb(data, pos):
    """Unsigned LEB128 at pos -> (value, next position)."""
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def enc(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sections(data, pos):
    """(id, start, payload start, end) for each section from pos (after the 8-byte preamble)."""
    while pos < len(data):
        start = pos
        sid = data[pos]
        size, body = leb(data, pos + 1)
        yield sid, start, body, body + size
        pos = body + size


def custom_name(data, body):
    """A custom section's name and where its contents start."""
    n, p = leb(data, body)
    return data[p:p + n].decode(), p + n


def custom(name, contents):
    payload = enc(len(name)) + name.encode() + contents
    return b"\x00" + enc(len(payload)) + payload


def without_producers(world):
    """The encoded world (a component binary) without its `producers` custom section."""
    out = bytearray(world[:8])
    for sid, start, body, end in sections(world, 8):
        if sid == 0 and custom_name(world, body)[0] == "producers":
            continue
        out += world[start:end]
    return bytes(out)


def main(src, dst):
    data = open(src, "rb").read()
    out = bytearray(data[:8])
    found = 0
    for sid, start, body, end in sections(data, 8):
        if sid == 0:
            name, contents = custom_name(data, body)
            if name.startswith("component-type"):
                found += 1
                out += custom("component-type", without_producers(data[contents:end]))
                continue
        out += data[start:end]
    if not found:
        sys.exit(f"component_type.py: {src} has no component-type section")
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""The code section of a core Wasm module, by function: what Gcore's runtime compiles.

    python3 scripts/lib/function_sizes.py MODULE.wasm
    -> "<largest body bytes> <code section bytes> <functions>"

The runtime compiles a module's functions in parallel and a request waits for all of them,
so one function that is most of the code section sets the latency whatever the rest weigh
(scripts/size-report.sh checks the shipped module against that; scripts/build.sh says how
the module avoids it).
"""
import sys

from component_type import leb, sections


def function_sizes(wasm):
    """(largest function body, code section bytes, function count); zeros without code."""
    for sid, _, body, end in sections(wasm, 8):
        if sid == 10:
            count, pos = leb(wasm, body)
            largest = 0
            for _ in range(count):
                size, pos = leb(wasm, pos)
                largest = max(largest, size)
                pos += size
            return largest, end - body, count
    return 0, 0, 0


if __name__ == "__main__":
    print(*function_sizes(open(sys.argv[1], "rb").read()))

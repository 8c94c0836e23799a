"""Client for scripts/bench-gcore.sh: per-request latency of several servers, side by side.

    python3 scripts/bench_gcore.py N (LABEL URL WASM CHECK)...

Each module is given as four arguments: its label in the table, the URL it is served at,
its file, and whether its answers are checked (1) or only timed (0). The module labelled
`peer` is the predecessor every ratio is taken against; the one labelled `floor` answers one
constant reply (scripts/lib/floor.wat): what a request costs in the runtime itself (HTTP,
componentizing, instantiating) before any module code of substance.

For each request kind (the same bodies and headers as `fastedge-run bench`), sends one
untimed request to each server, then N timed requests to each, in turn, so that whatever
else the machine is doing weighs on all alike. Each server gets one kept-alive HTTP/1.1
connection (http.client), so a timing is: send the request, the runtime compiles and
instantiates the module and runs it, read the whole response. A checked module's every
response must be 200 and carry the expected text, or the run fails. Prints markdown.

Modules labelled `twin: ...` are scripts/lib/wasm_twin.py's rewrites of the first module
(every function body `unreachable`, with or without 100 more such functions; or more data):
from them the table's last lines say what a KB of code, a function and a KB of data add to
a request.
"""
import http.client
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from function_sizes import function_sizes  # noqa: E402  (scripts/lib/function_sizes.py)

HEADERS = {
    "content-type": "application/json",
    "accept": "application/json, text/event-stream",
    "mcp-protocol-version": "2025-06-18",
}

# (kind, body, text every answer must contain)
KINDS = [
    ("initialize",
     b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",'
     b'"capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}',
     b'"protocolVersion"'),
    ("tools/list", b'{"jsonrpc":"2.0","id":2,"method":"tools/list"}', b'"hello"'),
    ("tools/call",
     b'{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"hello","arguments":{"name":"FastEdge"}}}',
     b"Hello, FastEdge!"),
]


class Server:
    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def post(self, body, expect):
        """One request on the kept-alive connection; returns seconds taken. With no
        `expect`, any complete answer will do (a twin without code answers 500)."""
        start = time.perf_counter()
        self.conn.request("POST", "/mcp", body=body, headers=HEADERS)
        response = self.conn.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - start
        if expect and (response.status != 200 or expect not in data):
            sys.exit(f"{self.host}:{self.port}: unexpected answer {response.status}: {data[:200]!r}")
        if response.getheader("connection", "").lower() == "close":
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        return elapsed


def percentile(sorted_samples, p):
    """Nearest rank, as runner/src/bench.rs."""
    rank = max(1, -(-p * len(sorted_samples) // 100))
    return sorted_samples[rank - 1]


def code_bytes(path):
    """The size of the module's code section (id 10): what the runtime compiles."""
    return function_sizes(open(path, "rb").read())[1]


def function_count(path):
    """How many functions the module defines (the code section's count)."""
    return function_sizes(open(path, "rb").read())[2]


def main():
    n = int(sys.argv[1])
    args = sys.argv[2:]
    modules = [dict(label=args[i], server=Server(args[i + 1]), wasm=args[i + 2], check=args[i + 3] == "1",
                    times={}) for i in range(0, len(args), 4)]
    by_label = {m["label"]: m for m in modules}
    for kind, body, expect in KINDS:
        for m in modules:
            m["server"].post(body, expect if m["check"] else None)
        samples = {m["label"]: [] for m in modules}
        for _ in range(n):
            for m in modules:
                samples[m["label"]].append(m["server"].post(body, expect if m["check"] else None))
        for m in modules:
            t = sorted(samples[m["label"]])
            m["times"][kind] = (percentile(t, 50) * 1e3, percentile(t, 90) * 1e3)
    peer, floor = by_label["peer"], by_label.get("floor")
    call = lambda m: m["times"]["tools/call"][0]
    print("| module | file | bytes | code section | `initialize` | `tools/list` | `tools/call` | `tools/call` p90 "
          "| peer / module, `tools/call` | the same above the floor |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for m in modules:
        med = lambda kind: f"{m['times'][kind][0]:.1f} ms"
        # Ratios for the server's own shapes only: the floor and the twins are yardsticks.
        shape = m is not peer and m is not floor and not m["label"].startswith("twin")
        ratio = f"**{call(peer) / call(m):.2f}x**" if shape else ""
        above = ""
        if shape and floor and call(m) > call(floor):
            above = f"{(call(peer) - call(floor)) / (call(m) - call(floor)):.2f}x"
        print(f"| {m['label']} | `{m['wasm']}` | {os.path.getsize(m['wasm']):,} | {code_bytes(m['wasm']):,} "
              f"| {med('initialize')} | {med('tools/list')} | {med('tools/call')} | {m['times']['tools/call'][1]:.1f} ms "
              f"| {ratio} | {above} |")
    print()
    print("Medians over the N requests of each kind; ratios are of `tools/call` medians, higher is better "
          "for the module. \"Above the floor\" takes the floor's median off both sides first.")
    first = modules[0]
    codeless = next((m for m in modules if m["label"].startswith("twin: no code") and "function" not in m["label"]), None)
    functions = next((m for m in modules if m["label"].startswith("twin: no code, +")), None)
    data = next((m for m in modules if m["label"].startswith("twin: +")), None)
    if codeless:
        kb = code_bytes(first["wasm"]) / 1024
        print()
        print(f"What code costs: the {first['label']} module's {kb:.1f} KB of code add "
              f"{call(first) - call(codeless):.1f} ms to a `tools/call` over its codeless twin, about "
              f"{(call(first) - call(codeless)) / kb:.2f} ms per KB; the twin itself (the same imports, exports and "
              f"component type, every function body `unreachable`) takes {call(codeless):.1f} ms"
              + (f" against the floor's {call(floor):.1f} ms." if floor else "."))
    if codeless and functions:
        more = function_count(functions["wasm"]) - function_count(codeless["wasm"])
        print()
        print(f"What a function costs: {more} more functions (each `unreachable`, never called) add "
              f"{call(functions) - call(codeless):.1f} ms to the codeless twin's `tools/call`, about "
              f"{(call(functions) - call(codeless)) / more * 1e3:.0f} us each, whatever its size: the "
              f"{first['label']} module's {function_count(first['wasm'])} functions take about "
              f"{(call(functions) - call(codeless)) / more * function_count(first['wasm']):.1f} ms of its request. "
              f"The runtime compiles functions in parallel ({os.cpu_count()} cores here), so the largest also "
              f"matters: {function_sizes(open(first['wasm'], 'rb').read())[0]:,} bytes of its "
              f"{code_bytes(first['wasm']):,}.")
    if data:
        kb = (os.path.getsize(data["wasm"]) - os.path.getsize(first["wasm"])) / 1024
        print()
        print(f"What data costs: {kb:.1f} KB more data (a segment nothing reads) change a `tools/call` by "
              f"{call(data) - call(first):+.1f} ms, about {(call(data) - call(first)) / kb:+.2f} ms per KB.")


if __name__ == "__main__":
    main()

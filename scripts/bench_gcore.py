"""Client for scripts/bench-gcore.sh: per-request latency of two servers, side by side.

    python3 scripts/bench_gcore.py N APP_URL APP_WASM PEER_URL PEER_WASM [FLOOR_URL FLOOR_WASM]

For each request kind (the same bodies and headers as `fastedge-run bench`), sends one
untimed request to each server, then N timed requests to each, alternating app and peer so
that whatever else the machine is doing weighs on both alike. Each server gets one
kept-alive HTTP/1.1 connection (http.client), so a timing is: send the request, the runtime
compiles and instantiates the module and runs it, read the whole response. Every response
must be 200 and carry the expected text, or the run fails. Prints a markdown table.

The optional floor is a module that answers every request with one constant reply
(scripts/lib/floor.wat), timed in the same alternation: what a request costs in the runtime
itself (HTTP, componentizing, instantiating) before any module code of substance. The table
then also shows each module's latency above that floor.
"""
import http.client
import os
import sys
import time
import urllib.parse

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
        """One request on the kept-alive connection; returns seconds taken."""
        start = time.perf_counter()
        self.conn.request("POST", "/mcp", body=body, headers=HEADERS)
        response = self.conn.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - start
        if response.status != 200 or expect not in data:
            sys.exit(f"{self.host}:{self.port}: unexpected answer {response.status}: {data[:200]!r}")
        if response.getheader("connection", "").lower() == "close":
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        return elapsed


def percentile(sorted_samples, p):
    """Nearest rank, as runner/src/bench.rs."""
    rank = max(1, -(-p * len(sorted_samples) // 100))
    return sorted_samples[rank - 1]


def main():
    n = int(sys.argv[1])
    app, app_wasm, peer, peer_wasm = Server(sys.argv[2]), sys.argv[3], Server(sys.argv[4]), sys.argv[5]
    floor, floor_wasm = (Server(sys.argv[6]), sys.argv[7]) if len(sys.argv) > 7 else (None, None)
    app_bytes, peer_bytes = os.path.getsize(app_wasm), os.path.getsize(peer_wasm)
    ms = lambda s: s * 1e3
    rows, floor_medians = [], []
    for kind, body, expect in KINDS:
        app.post(body, expect)
        peer.post(body, expect)
        if floor:
            floor.post(body, b'"result"')
        a, p, f = [], [], []
        for _ in range(n):
            a.append(app.post(body, expect))
            p.append(peer.post(body, expect))
            if floor:
                f.append(floor.post(body, b'"result"'))
        a.sort()
        p.sort()
        f.sort()
        rows.append((kind, ms(percentile(a, 50)), ms(percentile(a, 90)), ms(percentile(p, 50)), ms(percentile(p, 90))))
        if floor:
            floor_medians.append(ms(percentile(f, 50)))
    print(f"| | app `{app_wasm}` | peer `{peer_wasm}` | peer/app |")
    print("|---|---:|---:|---:|")
    print(f"| module bytes | {app_bytes:,} | {peer_bytes:,} | {peer_bytes / app_bytes:.2f}x |")
    for kind, am, a90, pm, p90 in rows:
        print(f"| `{kind}` median ms | {am:.1f} | {pm:.1f} | **{pm / am:.2f}x** |")
        print(f"| `{kind}` p90 ms | {a90:.1f} | {p90:.1f} | {p90 / a90:.2f}x |")
    for (kind, am, _, pm, _), fm in zip(rows, floor_medians):
        print(f"| `{kind}` median ms above the floor ({fm:.1f} ms) | {am - fm:.1f} | {pm - fm:.1f} | {(pm - fm) / (am - fm):.2f}x |")
    if floor:
        print()
        print(f"The floor is `{floor_wasm}` ({os.path.getsize(floor_wasm):,} bytes, `scripts/lib/floor.wat`): "
              "one constant reply, no imports, served and timed in the same alternation; its median "
              "is what the runtime itself takes per request (HTTP, componentizing, instantiating).")


if __name__ == "__main__":
    main()

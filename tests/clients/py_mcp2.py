"""Real-client test: the official Python SDK, `mcp` 2.x (high-level `mcp.Client`).

    .tools/py-mcp2/bin/python tests/clients/py_mcp2.py http://127.0.0.1:PORT/mcp

Runs the flow three times:
  - mode="auto" (the default): the client probes `server/discover` first; this server is
    dual-era, so the connection must settle on the stateless 2026-07-28 protocol;
  - mode="legacy": the classic `initialize` handshake;
  - mode="2026-07-28": the version pinned, no probe at all (every request stands alone).
Exits 0 on success; on failure prints "FAIL <reason>" as its last line and exits 1.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import traceback
from importlib.metadata import version

import httpx2
import mcp_types as types
from mcp import Client, MCPError
from mcp.client.streamable_http import streamable_http_client

URL = sys.argv[1] if len(sys.argv) > 1 else ""


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Fail(Exception):
    pass


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise Fail(msg)


def eq(actual, expected, what: str) -> None:
    check(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


def ok(label: str, step: str) -> None:
    print(f"ok  [{label}] {step}", flush=True)


async def flow(client: Client, label: str, expect_version: str, pinned: bool) -> None:
    eq(client.protocol_version, expect_version, "negotiated protocol version")
    if pinned:  # nothing was asked of the server: info and capabilities are synthesized locally
        ok(label, f"connect (pinned, protocol {client.protocol_version})")
    else:
        info = client.server_info
        check(info is not None, "server_info is None")
        eq(info.name, "edge-mcp", "server_info.name")
        caps = client.server_capabilities
        check(bool(caps.tools and caps.resources and caps.prompts and caps.completions), f"capabilities: {caps!r}")
        ok(label, f"connect ({info.name} {info.version}, protocol {client.protocol_version})")

    tools = await client.list_tools()
    eq(sorted(t.name for t in tools.tools), ["app_config", "edge_info", "github_repo", "hello"], "tool names")
    ok(label, "tools/list")

    r = await client.call_tool("hello", {"name": "FastEdge"})
    eq(r.is_error, False, "hello is_error")
    eq([(c.type, c.text) for c in r.content], [("text", "Hello, FastEdge!")], "hello content")
    ok(label, "tools/call hello")

    r = await client.call_tool("edge_info", {})
    eq(r.is_error, False, "edge_info is_error")
    check(isinstance(r.structured_content, dict), f"edge_info structured_content: {r.structured_content!r}")
    eq(r.structured_content.get("city"), "luxembourg", "edge_info city (runner --geo)")
    eq(json.loads(r.content[0].text), r.structured_content, "edge_info text block = structured_content")
    ok(label, "tools/call edge_info (structured_content)")

    r = await client.call_tool("app_config", {"key": "PUBLIC_GREETING"})
    eq([(c.type, c.text) for c in r.content], [("text", "hi")], "app_config PUBLIC_GREETING")
    ok(label, "tools/call app_config")

    try:
        await client.call_tool("no_such_tool", {})
    except MCPError as e:
        eq(e.code, types.INVALID_PARAMS, "unknown tool error code")
    else:
        raise Fail("unknown tool did not raise MCPError")
    ok(label, "tools/call unknown -> MCPError -32602")

    r = await client.call_tool("hello", {})
    eq(r.is_error, True, "hello {} is_error")
    eq([c.text for c in r.content], ['Invalid arguments: missing required argument "name"'], "hello {} content")
    ok(label, "tools/call hello {} -> is_error result")

    res = await client.list_resources()
    eq([str(x.uri) for x in res.resources], ["edge://server/about"], "resource uris")
    rr = await client.read_resource("edge://server/about")
    eq(len(rr.contents), 1, "about contents")
    eq(rr.contents[0].mime_type, "text/markdown", "about mime_type")
    check(rr.contents[0].text.startswith("# edge-mcp"), f"about text: {rr.contents[0].text[:40]!r}")
    try:
        await client.read_resource("edge://nope")
    except MCPError as e:
        # -32002 until 2025-11-25; the 2026-07-28 era reuses -32602 (see transcripts/09-stateless.http).
        eq(e.code, -32602 if expect_version == "2026-07-28" else -32002, "missing resource error code")
    else:
        raise Fail("missing resource did not raise MCPError")
    ok(label, "resources/list + resources/read (+ not-found error)")

    pr = await client.list_prompts()
    eq([p.name for p in pr.prompts], ["greet"], "prompt names")
    g = await client.get_prompt("greet", {"name": "Ann", "style": "pirate"})
    eq(
        [(m.role, m.content.text) for m in g.messages],
        [("user", "Greet Ann in a pirate style. Use the hello tool.")],
        "greet messages",
    )
    ok(label, "prompts/list + prompts/get")

    c = await client.complete(types.PromptReference(type="ref/prompt", name="greet"), {"name": "style", "value": "c"})
    eq(c.completion.values, ["casual"], "completion values for 'c'")
    ok(label, "completion/complete")


async def run_mode(mode: str, expect_version: str) -> None:
    label = f"mode={mode}"
    requests: list[tuple[str, int, str]] = []

    async def on_response(response: httpx2.Response) -> None:
        method = ""
        if response.request.method == "POST":
            try:
                method = json.loads(response.request.content).get("method", "")
            except Exception:  # noqa: BLE001
                method = "?"
        requests.append((response.request.method, response.status_code, method))

    async with httpx2.AsyncClient(
        event_hooks={"response": [on_response]}, timeout=httpx2.Timeout(30, read=300)
    ) as http:
        async with Client(streamable_http_client(URL, http_client=http), mode=mode) as client:
            await flow(client, label, expect_version, pinned=mode not in ("auto", "legacy"))
            await asyncio.sleep(1.0)  # a reconnecting GET loop would show up here

    posts = [r[2] for r in requests if r[0] == "POST"]
    if mode == "auto":
        check(posts[:1] == ["server/discover"], f"first POST was {posts[:1]}, expected the server/discover probe")
        check("initialize" not in posts, "auto mode fell back to initialize against a 2026-07-28 server")
    elif mode == "legacy":
        check(posts[:1] == ["initialize"], f"first POST was {posts[:1]}, expected initialize")
    else:  # a pinned modern version: no probe, no handshake
        check(not {"initialize", "server/discover"} & set(posts), f"pinned {mode}: handshake/probe sent: {posts}")
    gets = [r for r in requests if r[0] == "GET"]
    check(len(gets) <= 1, f"GET issued {len(gets)} times: {gets}")
    bad = [r for r in requests if r[0] != "GET" and r[1] not in (200, 202)]
    check(not bad, f"unexpected HTTP statuses: {bad}")
    check(not [r for r in requests if r[0] == "DELETE"], "DELETE sent although no session id was issued")
    ok(label, f"HTTP requests: {len(requests)} (first {posts[0]}), clean exit")


async def main() -> None:
    await run_mode("auto", "2026-07-28")
    await run_mode("legacy", "2025-11-25")
    await run_mode("2026-07-28", "2026-07-28")


def reason(e: BaseException) -> str:
    """The innermost meaningful message (unwraps anyio's exception groups)."""
    while isinstance(e, BaseExceptionGroup) and len(e.exceptions) == 1:
        e = e.exceptions[0]
    return str(e) if isinstance(e, Fail) else f"{type(e).__name__}: {e}"


if __name__ == "__main__":
    if not URL:
        print("FAIL usage: py_mcp2.py URL")
        sys.exit(2)
    collect = Collect()
    logging.basicConfig(level=logging.INFO, stream=sys.stdout)
    logging.getLogger().addHandler(collect)
    try:
        asyncio.run(asyncio.wait_for(main(), timeout=60))
        if collect.records:
            raise Fail("ERROR log records: " + " | ".join(r.getMessage() for r in collect.records))
        print(f"sdk-version {version('mcp')}")
    except BaseException as e:  # noqa: BLE001
        traceback.print_exc(file=sys.stdout)
        msg = reason(e)
        print("FAIL " + " ".join(msg.split()))
        sys.exit(1)

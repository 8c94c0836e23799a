"""Real-client test: the official Python SDK, `mcp` 1.x (ClientSession over Streamable HTTP).

    .tools/py-mcp1/bin/python tests/clients/py_mcp1.py http://127.0.0.1:PORT/mcp

The flow runs twice: once through `streamablehttp_client` (the 1.x name most code uses,
deprecated in late 1.x) and once through its successor `streamable_http_client`.
Exits 0 on success; on failure prints "FAIL <reason>" as its last line and exits 1.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import traceback
import warnings
from importlib.metadata import version

import httpx
from mcp import ClientSession, types
from mcp.shared.exceptions import McpError

URL = sys.argv[1] if len(sys.argv) > 1 else ""


class Collect(logging.Handler):
    """Keeps every ERROR (and worse) record logged anywhere."""

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


def counting_client(requests: list[tuple[str, int]], **kwargs) -> httpx.AsyncClient:
    async def on_response(response: httpx.Response) -> None:
        requests.append((response.request.method, response.status_code))

    return httpx.AsyncClient(event_hooks={"response": [on_response]}, **kwargs)


async def flow(session: ClientSession, label: str) -> None:
    init = await session.initialize()
    eq(init.serverInfo.name, "edge-mcp", "serverInfo.name")
    eq(init.protocolVersion, types.LATEST_PROTOCOL_VERSION, "negotiated protocol version")
    caps = init.capabilities
    check(bool(caps.tools and caps.resources and caps.prompts and caps.completions), f"capabilities: {caps!r}")
    ok(label, f"initialize ({init.serverInfo.name} {init.serverInfo.version}, protocol {init.protocolVersion})")

    await session.send_ping()
    ok(label, "ping")

    tools = await session.list_tools()
    eq(sorted(t.name for t in tools.tools), ["app_config", "edge_info", "github_repo", "hello"], "tool names")
    ok(label, "tools/list")

    r = await session.call_tool("hello", {"name": "FastEdge"})
    eq(r.isError, False, "hello isError")
    eq([(c.type, c.text) for c in r.content], [("text", "Hello, FastEdge!")], "hello content")
    ok(label, "tools/call hello")

    # ClientSession validates structuredContent against the tool's outputSchema.
    r = await session.call_tool("edge_info", {})
    eq(r.isError, False, "edge_info isError")
    check(isinstance(r.structuredContent, dict), f"edge_info structuredContent: {r.structuredContent!r}")
    eq(r.structuredContent.get("city"), "luxembourg", "edge_info city (runner --geo)")
    eq(json.loads(r.content[0].text), r.structuredContent, "edge_info text block = structuredContent")
    ok(label, "tools/call edge_info (structuredContent)")

    r = await session.call_tool("app_config", {"key": "PUBLIC_GREETING"})
    eq([(c.type, c.text) for c in r.content], [("text", "hi")], "app_config PUBLIC_GREETING")
    ok(label, "tools/call app_config")

    try:
        await session.call_tool("no_such_tool", {})
    except McpError as e:
        eq(e.error.code, types.INVALID_PARAMS, "unknown tool error code")
    else:
        raise Fail("unknown tool did not raise McpError")
    ok(label, "tools/call unknown -> McpError -32602")

    r = await session.call_tool("hello", {})
    eq(r.isError, True, "hello {} isError")
    eq([c.text for c in r.content], ['Invalid arguments: missing required argument "name"'], "hello {} content")
    ok(label, "tools/call hello {} -> isError result")

    res = await session.list_resources()
    eq([str(x.uri) for x in res.resources], ["edge://server/about"], "resource uris")
    rr = await session.read_resource("edge://server/about")
    eq(len(rr.contents), 1, "about contents")
    eq(rr.contents[0].mimeType, "text/markdown", "about mimeType")
    check(rr.contents[0].text.startswith("# edge-mcp"), f"about text: {rr.contents[0].text[:40]!r}")
    try:
        await session.read_resource("edge://nope")
    except McpError as e:
        eq(e.error.code, -32002, "missing resource error code")
    else:
        raise Fail("missing resource did not raise McpError")
    t = await session.list_resource_templates()
    eq([x.uriTemplate for x in t.resourceTemplates], ["kv://notes/{name}"], "resource templates")
    ok(label, "resources/list + resources/read (+ -32002) + resources/templates/list")

    pr = await session.list_prompts()
    eq([p.name for p in pr.prompts], ["greet"], "prompt names")
    g = await session.get_prompt("greet", {"name": "Ann", "style": "pirate"})
    eq(
        [(m.role, m.content.text) for m in g.messages],
        [("user", "Greet Ann in a pirate style. Use the hello tool.")],
        "greet messages",
    )
    ok(label, "prompts/list + prompts/get")

    c = await session.complete(types.PromptReference(type="ref/prompt", name="greet"), {"name": "style", "value": "p"})
    eq(c.completion.values, ["pirate"], "completion values for 'p'")
    ok(label, "completion/complete")

    # Logging is not advertised: -32601.
    try:
        await session.set_logging_level("info")
    except McpError as e:
        eq(e.error.code, types.METHOD_NOT_FOUND, "logging/setLevel error code")
    else:
        raise Fail("logging/setLevel did not raise McpError")
    ok(label, "logging/setLevel -> -32601 (not advertised)")


async def run_variant(label: str) -> None:
    from mcp.client import streamable_http as sh

    requests: list[tuple[str, int]] = []
    if label == "streamablehttp_client":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)

            def factory(headers=None, timeout=None, auth=None):
                return counting_client(requests, headers=headers, timeout=timeout, auth=auth)

            cm = sh.streamablehttp_client(URL, httpx_client_factory=factory)
            async with cm as (read, write, get_session_id):
                async with ClientSession(read, write) as session:
                    await flow(session, label)
                    await asyncio.sleep(1.0)  # a reconnecting GET loop would show up here
                    eq(get_session_id(), None, "session id issued by a stateless server")
    else:
        async with counting_client(requests, timeout=httpx.Timeout(30, read=300)) as http:
            async with sh.streamable_http_client(URL, http_client=http) as (read, write, get_session_id):
                async with ClientSession(read, write) as session:
                    await flow(session, label)
                    await asyncio.sleep(1.0)
                    eq(get_session_id(), None, "session id issued by a stateless server")

    gets = [r for r in requests if r[0] == "GET"]
    check(len(gets) <= 1, f"GET issued {len(gets)} times: {gets}")
    bad = [r for r in requests if r[0] != "GET" and r[1] not in (200, 202)]
    check(not bad, f"unexpected HTTP statuses: {bad}")
    check(not [r for r in requests if r[0] == "DELETE"], "DELETE sent although no session id was issued")
    ok(label, f"HTTP requests: {len(requests)} ({len(gets)} GET), clean exit")


async def main() -> None:
    for label in ("streamablehttp_client", "streamable_http_client"):
        await run_variant(label)


def reason(e: BaseException) -> str:
    """The innermost meaningful message (unwraps anyio's exception groups)."""
    while isinstance(e, BaseExceptionGroup) and len(e.exceptions) == 1:
        e = e.exceptions[0]
    return str(e) if isinstance(e, Fail) else f"{type(e).__name__}: {e}"


if __name__ == "__main__":
    if not URL:
        print("FAIL usage: py_mcp1.py URL")
        sys.exit(2)
    collect = Collect()
    logging.basicConfig(level=logging.INFO, stream=sys.stdout)
    logging.getLogger().addHandler(collect)
    try:
        asyncio.run(asyncio.wait_for(main(), timeout=60))
        if collect.records:
            raise Fail("ERROR log records: " + " | ".join(r.getMessage() for r in collect.records))
        print(f"sdk-version {version('mcp')}")
    except BaseException as e:  # noqa: BLE001 - every failure is reported, including exception groups
        traceback.print_exc(file=sys.stdout)
        msg = reason(e)
        print("FAIL " + " ".join(msg.split()))
        sys.exit(1)

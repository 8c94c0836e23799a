"""Tests for deploy/deploy.py: the gcore SDK pointed at a recording fake FastEdge API.

Run from the repo root:  python3 -m unittest discover -s deploy -v

deploy.py runs as a subprocess under the pinned SDK (setUpModule runs `deploy.py setup`,
a no-op when .tools/deploy-venv is current). All traffic goes to 127.0.0.1 on ephemeral
ports; the real Gcore API is never called (GCORE_API_URL always points at loopback and
proxy variables are cleared). Each test asserts the exact requests: method, path, query
and JSON body.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

HERE = Path(__file__).resolve().parent
DEPLOY = HERE / "deploy.py"
KEY = "testkey-0123456789"
TOKEN = "bearer-t0ken-do-not-print"
WASM = b"\x00asm\x01\x00\x00\x00" + bytes(range(256)) * 4  # 1032 bytes, non-UTF-8
APP_URL = "https://edge-mcp-123.fastedge.app"
BINARY_OK = (200, {"id": 777, "status": 1, "api_type": "wasi-http", "checksum": "x"})
NO_APPS = (200, {"count": 0, "apps": []})
SECRET_NAME = "edge-mcp-mcp-bearer-token"
SECRET_COMMENT = "edge-mcp; set by deploy/deploy.py"
COMMANDS = ("deploy", "status", "logs", "check")
VENV_PYTHON = HERE.parent / ".tools" / "deploy-venv" / "bin" / "python"


def _load_module():
    spec = importlib.util.spec_from_file_location("deploy_under_test", DEPLOY)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def setUpModule():  # noqa: N802
    p = subprocess.run([sys.executable, str(DEPLOY), "setup"], capture_output=True, text=True,
                       timeout=600)
    if p.returncode != 0:
        raise RuntimeError(f"deploy.py setup failed (the pinned gcore SDK is needed):\n"
                           f"{p.stdout}{p.stderr}")


class Recorded:
    def __init__(self, method, path, query, headers, body):
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"{self.method} {self.path}"


class FakeServer:
    """Recording HTTP server on 127.0.0.1.

    routes: {(METHOD, path): response}, where response is (status, obj_or_bytes), a list of
    those (consumed in order, the last one repeats), or a function(Recorded) -> response.
    """

    def __init__(self, routes):
        self.routes = routes
        self.requests: list[Recorded] = []
        self.calls: dict = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                parts = urlsplit(self.path)
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                rec = Recorded(self.command, parts.path, parse_qs(parts.query),
                               dict(self.headers.items()), body)
                fake.requests.append(rec)
                route = (self.command, parts.path)
                resp = fake.routes.get(route, (404, {"error": "no such route"}))
                if callable(resp):
                    resp = resp(rec)
                elif isinstance(resp, list):
                    i = fake.calls.get(route, 0)
                    fake.calls[route] = i + 1
                    resp = resp[min(i, len(resp) - 1)]
                status, payload = resp[0], resp[1]
                extra = resp[2] if len(resp) > 2 else {}
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", extra.pop("Content-Type", "application/json"))
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

            def log_message(self, *a):  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def seq(self):
        return [(r.method, r.path) for r in self.requests]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def closed_port_url():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"


def run_deploy(args, api_url=None, key=KEY, extra_env=None, stdin=None, retries=True,
               python=None):
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
           and not k.startswith("GCORE_") and k != "MCP_BEARER_TOKEN"}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["DEPLOY_NO_INSTALL"] = "1"  # setUpModule installed the SDK; never install mid-test
    # Point at a closed local port by default, so nothing can ever reach the real API.
    env["GCORE_API_URL"] = api_url or "http://127.0.0.1:9"
    if key is not None:
        env["GCORE_API_KEY"] = key
    env.update(extra_env or {})
    args = list(args)
    if retries and "--help" not in args:
        if args and args[0] in COMMANDS:
            args = [args[0], "--retries", "0", *args[1:]]
        else:
            args = ["--retries", "0", *args]
    # The venv's python runs deploy.py directly (faster); python=sys.executable goes
    # through deploy.py's own re-exec into the venv, as a user's `python3` would.
    python = python or str(VENV_PYTHON)
    return subprocess.run([python, str(DEPLOY), *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=60)


def mcp_server(token=None, hello_text="Hello, FastEdge!"):
    """A fake of the deployed MCP server's /mcp endpoint."""

    def handle(rec):
        if token and rec.headers.get("Authorization") != f"Bearer {token}":
            return (401, {"error": "unauthorized"})
        msg = rec.json()
        method = msg.get("method")
        if method == "initialize":
            result = {"protocolVersion": "2025-06-18", "capabilities": {"tools": {}},
                      "serverInfo": {"name": "edge-mcp", "version": "0.1.0"}}
        elif method == "tools/list":
            result = {"tools": [{"name": "hello", "inputSchema": {"type": "object"}},
                                {"name": "edge_info", "inputSchema": {"type": "object"}}]}
        else:
            result = {"content": [{"type": "text", "text": hello_text}]}
        return (200, {"jsonrpc": "2.0", "id": msg["id"], "result": result})

    return FakeServer({("POST", "/mcp"): handle})


SEED_BODIES = [
    {"jsonrpc": "2.0", "id": 1, "method": "initialize",
     "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                "clientInfo": {"name": "curl", "version": "1"}}},
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
    {"jsonrpc": "2.0", "id": 3, "method": "tools/call",
     "params": {"name": "hello", "arguments": {"name": "FastEdge"}}},
]


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        self.wasm = self.dir / "edge-mcp.wasm"
        self.wasm.write_bytes(WASM)
        self.empty_catalog = self.dir / "empty-catalog"
        self.empty_catalog.mkdir()

    def tearDown(self):
        self.tmp.cleanup()

    def deploy_args(self, *extra, catalog=None):
        return ["--no-build", "--wasm", str(self.wasm),
                "--catalog", str(catalog or self.empty_catalog), *extra]

    def assertNoSecrets(self, proc, *values):
        for v in (KEY, TOKEN, *values):
            self.assertNotIn(v, proc.stdout)
            self.assertNotIn(v, proc.stderr)

    def assertAuth(self, api):
        for r in api.requests:
            self.assertEqual(r.headers.get("Authorization"), f"APIKey {KEY}", r)

    def assertOneErrorLine(self, proc, code, *needles):
        self.assertEqual(proc.returncode, code, proc.stdout + proc.stderr)
        # progress lines may come first; the error is one line, the last
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(sum(l.startswith("deploy: error: ") for l in lines), 1, proc.stderr)
        self.assertTrue(lines[-1].startswith("deploy: error: "), proc.stderr)
        for n in needles:
            self.assertIn(n, lines[-1])


class CreateUpdateTests(Base):
    def test_create_path(self):
        routes = {
            ("GET", "/fastedge/v1/apps"): NO_APPS,
            ("POST", "/fastedge/v1/binaries/raw"): BINARY_OK,
            ("POST", "/fastedge/v1/apps"): (200, {"id": 42, "name": "edge-mcp", "binary": 777,
                                                  "status": 1, "url": APP_URL}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args(
                "--name", "edge-mcp",
                "--env", "MCP_RESOURCE_URL=https://x.example/mcp",
                "--env", "MCP_ALLOWED_ORIGINS=https://a.example,https://b.example",
                "--env", "PUBLIC_GREETING=a=b",
                "--secret", "MCP_BEARER_TOKEN=4242"), api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.seq(), [
            ("GET", "/fastedge/v1/apps"),
            ("POST", "/fastedge/v1/binaries/raw"),
            ("POST", "/fastedge/v1/apps"),
        ])
        lookup, up, create = api.requests
        self.assertAuth(api)
        self.assertEqual(lookup.query, {"name": ["edge-mcp"]})
        self.assertEqual(up.headers.get("Content-Type"), "application/octet-stream")
        self.assertEqual(up.body, WASM)
        self.assertEqual(create.headers.get("Content-Type"), "application/json")
        self.assertEqual(create.json(), {
            "name": "edge-mcp",
            "binary": 777,
            "status": 1,
            "env": {"MCP_RESOURCE_URL": "https://x.example/mcp",
                    "MCP_ALLOWED_ORIGINS": "https://a.example,https://b.example",
                    "PUBLIC_GREETING": "a=b"},
            "secrets": {"MCP_BEARER_TOKEN": {"id": 4242}},
        })
        self.assertEqual(p.stdout.splitlines(), [
            "app_id: 42", f"url: {APP_URL}", f"mcp endpoint: {APP_URL}/mcp"])
        self.assertNoSecrets(p)

    def test_create_fetches_url_when_missing_from_response(self):
        routes = {
            ("GET", "/fastedge/v1/apps"): NO_APPS,
            ("POST", "/fastedge/v1/binaries/raw"): BINARY_OK,
            ("POST", "/fastedge/v1/apps"): (200, {"id": 42, "name": "edge-mcp", "status": 1}),
            ("GET", "/fastedge/v1/apps/42"): (200, {"id": 42, "url": APP_URL}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args(), api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.seq()[-1], ("GET", "/fastedge/v1/apps/42"))
        self.assertEqual(api.requests[2].json(),
                         {"name": "edge-mcp", "binary": 777, "status": 1, "env": {}, "secrets": {}})
        self.assertIn(f"url: {APP_URL}", p.stdout)

    def test_update_path_waits_for_pending_binary_and_keeps_other_bindings(self):
        routes = {
            ("GET", "/fastedge/v1/apps"): (200, {"count": 1, "apps": [
                {"id": 42, "name": "edge-mcp", "binary": 777, "status": 1, "url": APP_URL}]}),
            ("POST", "/fastedge/v1/binaries/raw"): (200, {"id": 778, "status": 0,
                                                          "api_type": "wasi-http"}),
            ("GET", "/fastedge/v1/binaries/778"): (200, {"id": 778, "status": 1,
                                                         "api_type": "wasi-http", "source": 1}),
            ("GET", "/fastedge/v1/apps/42"): (200, {
                "id": 42, "name": "edge-mcp", "url": APP_URL,
                "secrets": {"OTHER": {"id": 5, "name": "other"},
                            "MCP_BEARER_TOKEN": {"id": 1, "name": "old"}},
                "stores": {"cache": {"id": 8, "name": "cache"}}}),
            ("PATCH", "/fastedge/v1/apps/42"): (200, {"id": 42, "name": "edge-mcp",
                                                      "binary": 778, "status": 1, "url": APP_URL}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args("--env", "MCP_AUTH_SERVER=https://auth.example",
                                            "--secret", "MCP_BEARER_TOKEN=9"), api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.seq(), [
            ("GET", "/fastedge/v1/apps"),
            ("POST", "/fastedge/v1/binaries/raw"),
            ("GET", "/fastedge/v1/binaries/778"),
            ("GET", "/fastedge/v1/apps/42"),
            ("PATCH", "/fastedge/v1/apps/42"),
        ])
        self.assertAuth(api)
        self.assertEqual(api.requests[-1].json(), {
            "binary": 778, "status": 1,
            "env": {"MCP_AUTH_SERVER": "https://auth.example"},
            "secrets": {"OTHER": {"id": 5}, "MCP_BEARER_TOKEN": {"id": 9}},
        })
        self.assertIn(f"url: {APP_URL}", p.stdout)
        self.assertNoSecrets(p)

    def test_update_binary_only_keeps_config_and_app_id_skips_lookup(self):
        routes = {
            ("POST", "/fastedge/v1/binaries/raw"): BINARY_OK,
            ("PATCH", "/fastedge/v1/apps/99"): (200, {"id": 99, "url": APP_URL}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args("--app-id", "99", "--comment", "v2"), api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.seq(), [("POST", "/fastedge/v1/binaries/raw"),
                                     ("PATCH", "/fastedge/v1/apps/99")])
        # no env/secrets/stores keys: a binary-only redeploy must not wipe existing config
        self.assertEqual(api.requests[1].json(), {"binary": 777, "status": 1, "comment": "v2"})


class SecretTests(Base):
    def test_secret_from_env_creates_secret_and_binds_it(self):
        routes = {
            ("GET", "/fastedge/v1/apps"): NO_APPS,
            ("POST", "/fastedge/v1/binaries/raw"): BINARY_OK,
            ("GET", "/fastedge/v1/secrets"): (200, {"count": 0, "secrets": []}),
            ("POST", "/fastedge/v1/secrets"): (200, {"id": 31, "name": SECRET_NAME}),
            ("POST", "/fastedge/v1/apps"): (200, {"id": 42, "url": APP_URL}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args("--secret-from-env", "MCP_BEARER_TOKEN=MY_TOKEN"),
                           api.url, extra_env={"MY_TOKEN": TOKEN})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.seq(), [
            ("GET", "/fastedge/v1/apps"),
            ("POST", "/fastedge/v1/binaries/raw"),
            ("GET", "/fastedge/v1/secrets"),
            ("POST", "/fastedge/v1/secrets"),
            ("POST", "/fastedge/v1/apps"),
        ])
        self.assertAuth(api)
        self.assertEqual(api.requests[2].query, {"secret_name": [SECRET_NAME]})
        self.assertEqual(api.requests[3].json(), {
            "name": SECRET_NAME, "comment": SECRET_COMMENT,
            "secret_slots": [{"slot": 0, "value": TOKEN}]})
        self.assertEqual(api.requests[4].json(), {
            "name": "edge-mcp", "binary": 777, "status": 1, "env": {},
            "secrets": {"MCP_BEARER_TOKEN": {"id": 31}}})
        self.assertNoSecrets(p)

    def test_secret_stdin_updates_existing_secret(self):
        routes = {
            ("POST", "/fastedge/v1/binaries/raw"): BINARY_OK,
            ("GET", "/fastedge/v1/secrets"): (200, {"count": 2, "secrets": [
                {"id": 30, "name": SECRET_NAME + "-old"}, {"id": 31, "name": SECRET_NAME}]}),
            ("PATCH", "/fastedge/v1/secrets/31"): (200, {"name": SECRET_NAME}),
            ("GET", "/fastedge/v1/apps/42"): (200, {"id": 42, "secrets": {}}),
            ("PATCH", "/fastedge/v1/apps/42"): (200, {"id": 42, "url": APP_URL}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args("--app-id", "42", "--secret-stdin", "MCP_BEARER_TOKEN"),
                           api.url, stdin=TOKEN + "\n")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.seq(), [
            ("POST", "/fastedge/v1/binaries/raw"),
            ("GET", "/fastedge/v1/secrets"),
            ("PATCH", "/fastedge/v1/secrets/31"),
            ("GET", "/fastedge/v1/apps/42"),
            ("PATCH", "/fastedge/v1/apps/42"),
        ])
        self.assertEqual(api.requests[2].json(), {"secret_slots": [{"slot": 0, "value": TOKEN}]})
        self.assertEqual(api.requests[4].json(), {
            "binary": 777, "status": 1, "secrets": {"MCP_BEARER_TOKEN": {"id": 31}}})
        self.assertNoSecrets(p)

    def test_secret_env_var_missing(self):
        with FakeServer({}) as api:
            p = run_deploy(self.deploy_args("--secret-from-env", "MCP_BEARER_TOKEN=NOT_SET_VAR"),
                           api.url)
        self.assertOneErrorLine(p, 2, "NOT_SET_VAR", "is not set")
        self.assertEqual(api.requests, [])

    def test_secret_stdin_empty(self):
        with FakeServer({}) as api:
            p = run_deploy(self.deploy_args("--secret-stdin", "MCP_BEARER_TOKEN"), api.url,
                           stdin="")
        self.assertOneErrorLine(p, 2, "--secret-stdin MCP_BEARER_TOKEN", "empty")
        self.assertEqual(api.requests, [])

    def test_secret_by_value_and_by_id_conflict(self):
        p = run_deploy(self.deploy_args("--secret", "MCP_BEARER_TOKEN=4",
                                        "--secret-from-env", "MCP_BEARER_TOKEN=T"),
                       extra_env={"T": TOKEN})
        self.assertOneErrorLine(p, 2, "given both")
        self.assertNoSecrets(p)

    def test_bad_secret_id(self):
        p = run_deploy(self.deploy_args("--secret", "MCP_BEARER_TOKEN=abc"))
        self.assertOneErrorLine(p, 2, "numeric Gcore secret id")


class KvStoreTests(Base):
    def make_catalog(self):
        cat = self.dir / "catalog"
        (cat / "tools").mkdir(parents=True)
        (cat / "resources").mkdir()
        (cat / "tools" / "notes.json").write_text(json.dumps(
            {"name": "notes", "kv": {"store": "notes", "key": "k"}}))
        (cat / "tools" / "plain.json").write_text(json.dumps(
            {"name": "plain", "kv": "not-an-object", "x": {"kv": {"store": 3}}}))
        (cat / "resources" / "tpl.json").write_text(json.dumps(
            {"resourceTemplates": [{"uriTemplate": "kv://{key}",
                                    "kv": {"store": "shared", "prefix": "p/"}}]}))
        (cat / "tools" / "zz.json").write_text(json.dumps({"more": {"kv": {"store": "notes"}}}))
        return cat

    def test_catalog_walk(self):
        mod = _load_module()
        cat = self.make_catalog()
        # files in sorted path order; a store keeps the first file that names it
        self.assertEqual(list(mod.catalog_kv_stores(cat).items()), [
            ("shared", "catalog/resources/tpl.json"), ("notes", "catalog/tools/notes.json")])
        # the repository's own catalog: the notes template reads the store edge-mcp
        self.assertEqual(mod.catalog_kv_stores(mod.DEFAULT_CATALOG),
                         {"edge-mcp": "catalog/resource-templates/notes.json"})

    def test_catalog_stores_are_bound_by_id(self):
        def kv_list(rec):
            name = rec.query["search"][0]
            stores = {"notes": [{"id": 12, "name": "notes", "app_count": 0},
                                {"id": 13, "name": "notes-archive", "app_count": 0}],
                      "shared": [{"id": 14, "name": "shared", "app_count": 2}]}[name]
            return (200, {"count": len(stores), "stores": stores})

        routes = {
            ("GET", "/fastedge/v1/apps"): NO_APPS,
            ("GET", "/fastedge/v1/kv"): kv_list,
            ("POST", "/fastedge/v1/binaries/raw"): BINARY_OK,
            ("POST", "/fastedge/v1/apps"): (200, {"id": 42, "url": APP_URL}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args(catalog=self.make_catalog()), api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.seq(), [
            ("GET", "/fastedge/v1/apps"),
            ("GET", "/fastedge/v1/kv"),
            ("GET", "/fastedge/v1/kv"),
            ("POST", "/fastedge/v1/binaries/raw"),
            ("POST", "/fastedge/v1/apps"),
        ])
        self.assertEqual([r.query for r in api.requests[1:3]],
                         [{"search": ["shared"]}, {"search": ["notes"]}])
        self.assertEqual(api.requests[-1].json(), {
            "name": "edge-mcp", "binary": 777, "status": 1, "env": {}, "secrets": {},
            "stores": {"notes": {"id": 12}, "shared": {"id": 14}}})

    def test_missing_store_is_an_error_naming_it_before_any_write(self):
        def kv_list(rec):
            found = rec.query["search"] == ["shared"]
            return (200, {"count": int(found),
                          "stores": [{"id": 14, "name": "shared", "app_count": 0}] if found else []})

        routes = {
            ("GET", "/fastedge/v1/apps"): NO_APPS,
            ("GET", "/fastedge/v1/kv"): kv_list,
        }
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args(catalog=self.make_catalog()), api.url)
        self.assertOneErrorLine(p, 2, "KV store 'notes'", "catalog/tools/notes.json",
                                "--create-kv-stores")
        self.assertEqual(api.seq(), [("GET", "/fastedge/v1/apps"), ("GET", "/fastedge/v1/kv"),
                                     ("GET", "/fastedge/v1/kv")])

    def test_create_kv_stores_flag_and_explicit_store_on_update(self):
        routes = {
            ("GET", "/fastedge/v1/kv"): (200, {"count": 0, "stores": []}),
            ("POST", "/fastedge/v1/binaries/raw"): BINARY_OK,
            ("POST", "/fastedge/v1/kv"): (200, {"id": 50, "name": "sessions"}),
            ("GET", "/fastedge/v1/apps/7"): (200, {"id": 7, "stores": {"old": {"id": 3}}}),
            ("PATCH", "/fastedge/v1/apps/7"): (200, {"id": 7, "url": APP_URL}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args("--app-id", "7", "--kv-store", "sessions",
                                            "--create-kv-stores"), api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.seq(), [
            ("GET", "/fastedge/v1/kv"),
            ("POST", "/fastedge/v1/binaries/raw"),
            ("POST", "/fastedge/v1/kv"),
            ("GET", "/fastedge/v1/apps/7"),
            ("PATCH", "/fastedge/v1/apps/7"),
        ])
        self.assertEqual(api.requests[2].json(),
                         {"name": "sessions", "comment": "edge-mcp; created by deploy/deploy.py"})
        self.assertEqual(api.requests[-1].json(), {
            "binary": 777, "status": 1, "stores": {"old": {"id": 3}, "sessions": {"id": 50}}})


class DryRunTests(Base):
    def test_dry_run_sends_nothing_and_redacts(self):
        secret_key = "sk-REAL-should-never-appear-123"
        with FakeServer({}) as api:
            p = run_deploy(self.deploy_args("--env", "MCP_RESOURCE_URL=https://x.example/mcp",
                                            "--secret-from-env", "MCP_BEARER_TOKEN=TOK",
                                            "--kv-store", "notes", "--dry-run"),
                           api.url, key=secret_key, extra_env={"TOK": TOKEN})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.requests, [])
        self.assertIn("APIKey ***", p.stdout)
        self.assertIn(f"POST {api.url}/fastedge/v1/binaries/raw", p.stdout)
        self.assertIn(f"<{len(WASM)} bytes of wasm>", p.stdout)
        self.assertIn(f"POST {api.url}/fastedge/v1/secrets", p.stdout)
        self.assertIn('"value": "<redacted>"', p.stdout)
        self.assertIn(f"POST {api.url}/fastedge/v1/apps", p.stdout)
        self.assertIn('"MCP_RESOURCE_URL": "https://x.example/mcp"', p.stdout)
        self.assertIn('"id": "<id of KV store notes>"', p.stdout)
        self.assertIn(f"GET {api.url}/fastedge/v1/apps?name=edge-mcp", p.stdout)
        self.assertNotIn("PATCH", p.stdout)
        self.assertNoSecrets(p, secret_key)

    def test_dry_run_with_app_id_shows_update(self):
        with FakeServer({}) as api:
            p = run_deploy(self.deploy_args("--dry-run", "--app-id", "42"), api.url,
                           python=sys.executable)  # deploy.py re-runs itself in the venv
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.requests, [])
        self.assertIn(f"PATCH {api.url}/fastedge/v1/apps/42", p.stdout)
        self.assertNoSecrets(p)

    def test_dry_run_without_key_is_allowed(self):
        with FakeServer({}) as api:
            p = run_deploy(self.deploy_args("--dry-run"), api.url, key=None)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.requests, [])
        self.assertIn("APIKey ***", p.stdout)


class ErrorTests(Base):
    def test_missing_key(self):
        with FakeServer({}) as api:
            p = run_deploy(self.deploy_args(), api.url, key=None)
        self.assertOneErrorLine(p, 2, "GCORE_API_KEY is not set")
        self.assertEqual(api.requests, [])

    def test_rejected_key(self):
        routes = {("GET", "/fastedge/v1/apps"):
                  (401, {"error": f"invalid token {KEY}"})}
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args(), api.url)
        self.assertOneErrorLine(p, 4, "API key rejected", "GET /fastedge/v1/apps -> HTTP 401",
                                "invalid token ***", "check GCORE_API_KEY")
        self.assertEqual(api.seq(), [("GET", "/fastedge/v1/apps")])  # no retry, no upload
        self.assertNoSecrets(p)  # even when the server echoes the key back

    def test_forbidden(self):
        routes = {("GET", "/fastedge/v1/apps"): NO_APPS,
                  ("POST", "/fastedge/v1/binaries/raw"): (403, {"error": "forbidden"})}
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args(), api.url)
        self.assertOneErrorLine(p, 4, "POST /fastedge/v1/binaries/raw -> HTTP 403", "forbidden")
        self.assertNoSecrets(p)

    def test_api_5xx_error_truncates_body(self):
        routes = {
            ("GET", "/fastedge/v1/apps"): NO_APPS,
            ("POST", "/fastedge/v1/binaries/raw"): BINARY_OK,
            ("POST", "/fastedge/v1/apps"): (500, b"E" * 5000),
        }
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args(), api.url)
        self.assertOneErrorLine(p, 4, "POST /fastedge/v1/apps -> HTTP 500", "E" * 2000)
        self.assertNotIn("E" * 2001, p.stderr)
        self.assertNoSecrets(p)

    def test_binary_compile_failure_in_upload_response(self):
        routes = {
            ("GET", "/fastedge/v1/apps"): NO_APPS,
            ("POST", "/fastedge/v1/binaries/raw"): (200, {
                "id": 1, "status": 2, "api_type": "wasi-http",
                "error": "failed to compile: unknown import `wasi:http/foo`"}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args(), api.url)
        self.assertOneErrorLine(p, 4, "binary 1 failed: status 2",
                                "compilation failed (errors available)",
                                "failed to compile: unknown import `wasi:http/foo`")
        self.assertEqual(api.seq(), [("GET", "/fastedge/v1/apps"),
                                     ("POST", "/fastedge/v1/binaries/raw")])

    def test_binary_compile_failure_after_pending(self):
        routes = {
            ("GET", "/fastedge/v1/apps"): NO_APPS,
            ("POST", "/fastedge/v1/binaries/raw"): (200, {"id": 5, "status": 0,
                                                          "api_type": "wasi-http"}),
            ("GET", "/fastedge/v1/binaries/5"): (200, {"id": 5, "status": 3,
                                                       "api_type": "wasi-http", "source": 1}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args(), api.url)
        self.assertOneErrorLine(p, 4, "binary 5 failed: status 3",
                                "compilation failed (errors not available)")
        self.assertEqual(api.seq()[-1], ("GET", "/fastedge/v1/binaries/5"))

    def test_binary_rejected_with_http_error(self):
        routes = {
            ("GET", "/fastedge/v1/apps"): NO_APPS,
            ("POST", "/fastedge/v1/binaries/raw"): (400, {"error": "wasm: invalid magic number"}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args(), api.url)
        self.assertOneErrorLine(p, 4, "POST /fastedge/v1/binaries/raw -> HTTP 400",
                                "wasm: invalid magic number")

    def test_ambiguous_app_name(self):
        routes = {("GET", "/fastedge/v1/apps"): (200, {"count": 2, "apps": [
            {"id": 42, "name": "edge-mcp", "binary": 1, "status": 1},
            {"id": 43, "name": "edge-mcp_c123", "binary": 1, "status": 1}]})}
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args(), api.url)
        self.assertOneErrorLine(p, 2, "app name 'edge-mcp' matches 2 apps",
                                "'edge-mcp' (id 42)", "'edge-mcp_c123' (id 43)", "--app-id")
        self.assertEqual(api.seq(), [("GET", "/fastedge/v1/apps")])  # nothing written

    def test_ambiguous_across_pages(self):
        routes = {("GET", "/fastedge/v1/apps"): [
            (200, {"count": 2, "apps": [{"id": 42, "name": "edge-mcp"}]}),
            (200, {"count": 2, "apps": [{"id": 44, "name": "edge-mcp"}]})]}
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args(), api.url)
        self.assertOneErrorLine(p, 2, "matches 2 apps")
        self.assertEqual([r.query for r in api.requests],
                         [{"name": ["edge-mcp"]}, {"name": ["edge-mcp"], "offset": ["1"]}])

    def test_network_error(self):
        p = run_deploy(self.deploy_args(), closed_port_url())
        self.assertOneErrorLine(p, 5, "network error: GET /fastedge/v1/apps")
        self.assertNoSecrets(p)

    def test_unexpected_response_shape(self):
        routes = {("GET", "/fastedge/v1/apps"): NO_APPS,
                  ("POST", "/fastedge/v1/binaries/raw"): (200, {"ok": True})}
        with FakeServer(routes) as api:
            p = run_deploy(self.deploy_args(), api.url)
        self.assertOneErrorLine(p, 6, "unexpected response", "no int 'id'")
        self.assertNoSecrets(p)

    def test_missing_wasm(self):
        missing = self.dir / "nope.wasm"
        with FakeServer({}) as api:
            p = run_deploy(["--no-build", "--wasm", str(missing)], api.url)
        self.assertOneErrorLine(p, 2, "wasm file not found", str(missing))
        self.assertEqual(api.requests, [])

    def test_help_documents_config_keys(self):
        p = run_deploy(["--help"])
        self.assertEqual(p.returncode, 0)
        for k in ("MCP_ALLOWED_ORIGINS", "MCP_RESOURCE_URL", "MCP_AUTH_SERVER", "PUBLIC_",
                  "MCP_BEARER_TOKEN", "app_config", "dictionary", "--secret-from-env",
                  "--secret-stdin", "--kv-store", "--create-kv-stores", "--check", "status",
                  "logs", "7 post-deploy check failed"):
            self.assertIn(k, p.stdout)


class StatusLogsTests(Base):
    def test_status(self):
        routes = {
            ("GET", "/fastedge/v1/apps"): (200, {"count": 1, "apps": [
                {"id": 42, "name": "edge-mcp"}]}),
            ("GET", "/fastedge/v1/apps/42"): (200, {"id": 42, "name": "edge-mcp", "status": 1,
                                                    "binary": 777, "url": APP_URL}),
            ("GET", "/fastedge/v1/binaries/777"): (200, {"id": 777, "status": 1,
                                                         "api_type": "wasi-http", "source": 1}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(["status"], api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.seq(), [("GET", "/fastedge/v1/apps"), ("GET", "/fastedge/v1/apps/42"),
                                     ("GET", "/fastedge/v1/binaries/777")])
        self.assertEqual(api.requests[0].query, {"name": ["edge-mcp"]})
        self.assertAuth(api)
        self.assertEqual(p.stdout.splitlines(), [
            "app: edge-mcp (id 42)", "app status: 1 (enabled)", f"url: {APP_URL}",
            f"mcp endpoint: {APP_URL}/mcp", "binary: 777 status 1 (compiled)"])

    def test_status_shows_compile_error(self):
        routes = {
            ("GET", "/fastedge/v1/apps/9"): (200, {"id": 9, "name": "x", "status": 0,
                                                   "binary": 3}),
            ("GET", "/fastedge/v1/binaries/3"): (200, {"id": 3, "status": 2, "api_type": "",
                                                       "source": 1, "error": "bad import"}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(["status", "--app-id", "9"], api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.seq(), [("GET", "/fastedge/v1/apps/9"),
                                     ("GET", "/fastedge/v1/binaries/3")])
        self.assertIn("app status: 0 (draft (inactive))", p.stdout)
        self.assertIn("binary: 3 status 2 (compilation failed (errors available)): bad import",
                      p.stdout)

    def test_status_unknown_app(self):
        with FakeServer({("GET", "/fastedge/v1/apps"): NO_APPS}) as api:
            p = run_deploy(["status", "--name", "ghost"], api.url)
        self.assertOneErrorLine(p, 2, "no app named 'ghost'")

    def test_status_rejected_key(self):
        with FakeServer({("GET", "/fastedge/v1/apps/1"): (401, {"error": "bad key"})}) as api:
            p = run_deploy(["status", "--app-id", "1"], api.url)
        self.assertOneErrorLine(p, 4, "API key rejected")

    def test_logs(self):
        routes = {
            ("GET", "/fastedge/v1/apps/42/logs"): (200, {"total_count": 2, "logs": [
                {"id": "b", "timestamp": "2025-01-01T10:00:02Z", "edge": "ams", "request_id": "r2",
                 "log": "second"},
                {"id": "a", "timestamp": "2025-01-01T10:00:01Z", "edge": "fra", "request_id": "r1",
                 "log": "first\n"}]}),
        }
        with FakeServer(routes) as api:
            p = run_deploy(["logs", "--app-id", "42", "--limit", "5",
                            "--since", "2025-01-01T00:00:00Z", "--search", "s"], api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.seq(), [("GET", "/fastedge/v1/apps/42/logs")])
        self.assertEqual(api.requests[0].query, {"limit": ["5"], "sort": ["desc"],
                                                 "from": ["2025-01-01T00:00:00Z"],
                                                 "search": ["s"]})
        self.assertAuth(api)
        self.assertEqual(p.stdout.splitlines(), [
            "2025-01-01T10:00:01+00:00 fra r1 first",
            "2025-01-01T10:00:02+00:00 ams r2 second"])

    def test_logs_by_name_network_error(self):
        p = run_deploy(["logs"], closed_port_url())
        self.assertOneErrorLine(p, 5, "network error: GET /fastedge/v1/apps")

    def test_logs_missing_key(self):
        p = run_deploy(["logs"], key=None, python=sys.executable)
        self.assertOneErrorLine(p, 2, "GCORE_API_KEY")


class CheckTests(Base):
    def assertSeedCalls(self, mcp, token):
        self.assertEqual(mcp.seq(), [("POST", "/mcp")] * 3)
        self.assertEqual([r.json() for r in mcp.requests], SEED_BODIES)
        for r in mcp.requests:
            self.assertEqual(r.headers.get("Content-Type"), "application/json")
            self.assertEqual(r.headers.get("Authorization"),
                             f"Bearer {token}" if token else None)

    def test_check_url_ok_with_token(self):
        with mcp_server(token=TOKEN) as mcp:
            p = run_deploy(["check", "--url", mcp.url, "--token-env", "TOK"], key=None,
                           extra_env={"TOK": TOKEN})
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertSeedCalls(mcp, TOKEN)
        self.assertEqual(p.stdout.splitlines(), [
            f"check: {mcp.url}/mcp (with bearer token)",
            "ok   initialize: protocol 2025-06-18, server edge-mcp 0.1.0",
            "ok   tools/list: 2 tools",
            'ok   tools/call hello: "Hello, FastEdge!"',
            "check: all 3 calls ok"])
        self.assertNoSecrets(p)

    def test_check_fails_without_token(self):
        with mcp_server(token=TOKEN) as mcp:
            p = run_deploy(["check", "--url", mcp.url], key=None)
        self.assertEqual(p.returncode, 7, p.stdout + p.stderr)
        self.assertSeedCalls(mcp, None)
        fails = [l for l in p.stdout.splitlines() if l.startswith("FAIL")]
        self.assertEqual(len(fails), 3, p.stdout)
        self.assertIn("FAIL initialize: HTTP 401", fails[0])
        self.assertIn("check failed: 3 of 3 calls", p.stderr)

    def test_check_reports_wrong_answer(self):
        with mcp_server(hello_text="Hello, world!") as mcp:
            p = run_deploy(["check", "--url", mcp.url], key=None)
        self.assertEqual(p.returncode, 7)
        self.assertIn("ok   tools/list", p.stdout)
        self.assertIn("FAIL tools/call hello: expected text 'Hello, FastEdge!'", p.stdout)

    def test_check_network_failure(self):
        p = run_deploy(["check", "--url", closed_port_url()], key=None)
        self.assertEqual(p.returncode, 7)
        self.assertEqual(sum(l.startswith("FAIL") for l in p.stdout.splitlines()), 3)
        self.assertIn("FAIL initialize: network error", p.stdout)

    def test_check_by_app_name_uses_api_for_url(self):
        with mcp_server() as mcp:
            routes = {
                ("GET", "/fastedge/v1/apps"): (200, {"count": 1, "apps": [
                    {"id": 42, "name": "edge-mcp"}]}),
                ("GET", "/fastedge/v1/apps/42"): (200, {"id": 42, "url": mcp.url}),
            }
            with FakeServer(routes) as api:
                p = run_deploy(["check"], api.url)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(api.seq(), [("GET", "/fastedge/v1/apps"), ("GET", "/fastedge/v1/apps/42")])
        self.assertSeedCalls(mcp, None)

    def test_deploy_then_check_uses_the_secret_value(self):
        with mcp_server(token=TOKEN) as mcp:
            routes = {
                ("GET", "/fastedge/v1/apps"): NO_APPS,
                ("POST", "/fastedge/v1/binaries/raw"): BINARY_OK,
                ("GET", "/fastedge/v1/secrets"): (200, {"count": 0, "secrets": []}),
                ("POST", "/fastedge/v1/secrets"): (200, {"id": 31}),
                ("POST", "/fastedge/v1/apps"): (200, {"id": 42, "url": mcp.url}),
            }
            with FakeServer(routes) as api:
                p = run_deploy(self.deploy_args("--secret-from-env", "MCP_BEARER_TOKEN=TOK",
                                                "--check", "--check-wait", "0"),
                               api.url, extra_env={"TOK": TOKEN})
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(api.seq()[-1], ("POST", "/fastedge/v1/apps"))
        self.assertSeedCalls(mcp, TOKEN)
        self.assertIn("check: all 3 calls ok", p.stdout)
        self.assertNoSecrets(p)


class SetupTests(unittest.TestCase):
    def test_setup_is_idempotent_and_pins_the_sdk(self):
        mod = _load_module()
        reqs = mod.REQUIREMENTS.read_text()
        self.assertIn(f"gcore=={mod.GCORE_VERSION}\n", reqs)
        p = subprocess.run([sys.executable, str(DEPLOY), "setup"], capture_output=True,
                           text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")  # already installed: nothing to do
        self.assertIn(f"gcore=={mod.GCORE_VERSION} ready", p.stdout)
        v = subprocess.run([str(mod._venv_python()), "-c",
                            "import gcore; print(gcore.__version__)"],
                           capture_output=True, text=True, cwd="/", timeout=60)
        self.assertEqual(v.stdout.strip(), mod.GCORE_VERSION)


if __name__ == "__main__":
    unittest.main()

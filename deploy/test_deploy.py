"""Tests for deploy/deploy.py against a local recording fake of the FastEdge API.

Run from the repo root:  python3 -m unittest discover -s deploy -v

All traffic goes to 127.0.0.1 (ephemeral port); the real Gcore API is never called.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

DEPLOY = Path(__file__).resolve().parent / "deploy.py"
KEY = "testkey"
WASM = b"\x00asm\x01\x00\x00\x00" + bytes(range(256)) * 4  # 1032 bytes, non-UTF-8


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


class FakeApi:
    """Recording HTTP server. routes: {(METHOD, path): (status, body_obj_or_bytes)}."""

    def __init__(self, routes):
        self.routes = routes
        self.requests: list[Recorded] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                parts = urlsplit(self.path)
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                fake.requests.append(Recorded(self.command, parts.path, parse_qs(parts.query),
                                              dict(self.headers.items()), body))
                status, payload = fake.routes.get((self.command, parts.path),
                                                  (404, {"error": "no such route"}))
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

            def log_message(self, *a):  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def run_deploy(args, api_url=None, key=KEY, extra_env=None):
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
           and not k.startswith("GCORE_")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    # Point at a closed local port by default, so nothing can ever reach the real API.
    env["GCORE_API_URL"] = api_url or "http://127.0.0.1:9"
    if key is not None:
        env["GCORE_API_KEY"] = key
    env.update(extra_env or {})
    return subprocess.run([sys.executable, str(DEPLOY), *args], env=env,
                          capture_output=True, text=True, timeout=60)


BINARY_OK = (200, {"id": 777, "status": 1, "api_type": "wasi-http", "checksum": "x"})
APP_URL = "https://edge-mcp-123.fastedge.app"


class DeployTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.wasm = Path(self.tmp.name) / "edge-mcp.wasm"
        self.wasm.write_bytes(WASM)

    def tearDown(self):
        self.tmp.cleanup()

    def assertNoKey(self, proc, key=KEY):
        self.assertNotIn(key, proc.stdout)
        self.assertNotIn(key, proc.stderr)

    def assertAuth(self, req):
        self.assertEqual(req.headers.get("Authorization"), f"APIKey {KEY}")

    # -- create ---------------------------------------------------------------
    def test_create_path(self):
        routes = {
            ("POST", "/fastedge/v1/binaries/raw"): BINARY_OK,
            ("GET", "/fastedge/v1/apps"): (200, {"count": 1, "apps": [
                {"id": 5, "name": "edge-mcp-other", "binary": 1, "status": 1}]}),
            ("POST", "/fastedge/v1/apps"): (200, {"id": 42, "name": "edge-mcp", "binary": 777,
                                                  "status": 1, "url": APP_URL}),
        }
        with FakeApi(routes) as api:
            p = run_deploy(["--no-build", "--wasm", str(self.wasm), "--name", "edge-mcp",
                            "--env", "MCP_RESOURCE_URL=https://x.example/mcp",
                            "--env", "MCP_ALLOWED_ORIGINS=https://a.example,https://b.example",
                            "--env", "PUBLIC_GREETING=a=b",
                            "--secret", "MCP_BEARER_TOKEN=4242"], api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual([(r.method, r.path) for r in api.requests], [
            ("POST", "/fastedge/v1/binaries/raw"),
            ("GET", "/fastedge/v1/apps"),
            ("POST", "/fastedge/v1/apps"),
        ])
        up, lookup, create = api.requests
        for r in api.requests:
            self.assertAuth(r)
        self.assertEqual(up.headers.get("Content-Type"), "application/octet-stream")
        self.assertEqual(up.body, WASM)
        self.assertEqual(lookup.query, {"name": ["edge-mcp"]})
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
        self.assertIn(f"url: {APP_URL}", p.stdout)
        self.assertIn("app_id: 42", p.stdout)
        self.assertNoKey(p)

    def test_create_fetches_url_when_missing_from_response(self):
        routes = {
            ("POST", "/fastedge/v1/binaries/raw"): BINARY_OK,
            ("GET", "/fastedge/v1/apps"): (200, {"count": 0, "apps": []}),
            ("POST", "/fastedge/v1/apps"): (200, {"id": 42, "name": "edge-mcp", "status": 1}),
            ("GET", "/fastedge/v1/apps/42"): (200, {"id": 42, "url": APP_URL}),
        }
        with FakeApi(routes) as api:
            p = run_deploy(["--no-build", "--wasm", str(self.wasm)], api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual([(r.method, r.path) for r in api.requests][-1],
                         ("GET", "/fastedge/v1/apps/42"))
        self.assertEqual(api.requests[2].json(),
                         {"name": "edge-mcp", "binary": 777, "status": 1, "env": {}, "secrets": {}})
        self.assertIn(f"url: {APP_URL}", p.stdout)

    # -- update ---------------------------------------------------------------
    def test_update_path(self):
        routes = {
            ("POST", "/fastedge/v1/binaries/raw"): (200, {"id": 778, "status": 0}),
            ("GET", "/fastedge/v1/apps"): (200, {"count": 1, "apps": [
                {"id": 42, "name": "edge-mcp", "binary": 777, "status": 1, "url": APP_URL}]}),
            ("PATCH", "/fastedge/v1/apps/42"): (200, {"id": 42, "name": "edge-mcp",
                                                      "binary": 778, "status": 1, "url": APP_URL}),
        }
        with FakeApi(routes) as api:
            p = run_deploy(["--no-build", "--wasm", str(self.wasm),
                            "--env", "MCP_AUTH_SERVER=https://auth.example",
                            "--secret", "MCP_BEARER_TOKEN=9"], api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual([(r.method, r.path) for r in api.requests], [
            ("POST", "/fastedge/v1/binaries/raw"),
            ("GET", "/fastedge/v1/apps"),
            ("PATCH", "/fastedge/v1/apps/42"),
        ])
        for r in api.requests:
            self.assertAuth(r)
        self.assertEqual(api.requests[2].json(), {
            "binary": 778, "status": 1,
            "env": {"MCP_AUTH_SERVER": "https://auth.example"},
            "secrets": {"MCP_BEARER_TOKEN": {"id": 9}},
        })
        self.assertIn(f"url: {APP_URL}", p.stdout)
        self.assertNoKey(p)

    def test_update_binary_only_keeps_config_and_app_id_skips_lookup(self):
        routes = {
            ("POST", "/fastedge/v1/binaries/raw"): BINARY_OK,
            ("PATCH", "/fastedge/v1/apps/99"): (200, {"id": 99, "url": APP_URL}),
        }
        with FakeApi(routes) as api:
            p = run_deploy(["--no-build", "--wasm", str(self.wasm), "--app-id", "99"], api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual([(r.method, r.path) for r in api.requests], [
            ("POST", "/fastedge/v1/binaries/raw"), ("PATCH", "/fastedge/v1/apps/99")])
        # no env/secrets keys: a binary-only redeploy must not wipe existing config
        self.assertEqual(api.requests[1].json(), {"binary": 777, "status": 1})

    # -- dry run --------------------------------------------------------------
    def test_dry_run_sends_nothing_and_redacts(self):
        secret_key = "sk-REAL-should-never-appear-123"
        with FakeApi({}) as api:
            p = run_deploy(["--dry-run", "--no-build", "--wasm", str(self.wasm),
                            "--env", "MCP_RESOURCE_URL=https://x.example/mcp",
                            "--secret", "MCP_BEARER_TOKEN=4242"], api.url, key=secret_key)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.requests, [])
        self.assertIn("APIKey ***", p.stdout)
        self.assertIn(f"POST {api.url}/fastedge/v1/binaries/raw", p.stdout)
        self.assertIn(f"<{len(WASM)} bytes of wasm>", p.stdout)
        self.assertIn(f"POST {api.url}/fastedge/v1/apps", p.stdout)
        self.assertIn('"MCP_RESOURCE_URL": "https://x.example/mcp"', p.stdout)
        self.assertIn('"MCP_BEARER_TOKEN": {', p.stdout)
        self.assertNotIn("PATCH", p.stdout)
        self.assertNoKey(p, secret_key)

    def test_dry_run_with_app_id_shows_update(self):
        with FakeApi({}) as api:
            p = run_deploy(["--dry-run", "--no-build", "--wasm", str(self.wasm),
                            "--app-id", "42"], api.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.requests, [])
        self.assertIn(f"PATCH {api.url}/fastedge/v1/apps/42", p.stdout)
        self.assertNoKey(p)

    def test_dry_run_without_key_is_allowed(self):
        with FakeApi({}) as api:
            p = run_deploy(["--dry-run", "--no-build", "--wasm", str(self.wasm)], api.url, key=None)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(api.requests, [])
        self.assertIn("APIKey ***", p.stdout)

    # -- errors ---------------------------------------------------------------
    def test_missing_key(self):
        with FakeApi({}) as api:
            p = run_deploy(["--no-build", "--wasm", str(self.wasm)], api.url, key=None)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("GCORE_API_KEY", p.stderr)
        self.assertEqual(len(p.stderr.strip().splitlines()), 1)
        self.assertEqual(api.requests, [])

    def test_missing_wasm(self):
        missing = Path(self.tmp.name) / "nope.wasm"
        with FakeApi({}) as api:
            p = run_deploy(["--no-build", "--wasm", str(missing)], api.url)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("wasm file not found", p.stderr)
        self.assertIn(str(missing), p.stderr)
        self.assertEqual(api.requests, [])

    def test_api_4xx_error(self):
        routes = {("POST", "/fastedge/v1/binaries/raw"):
                  (403, {"error": "forbidden: bad token testkey"})}
        with FakeApi(routes) as api:
            p = run_deploy(["--no-build", "--wasm", str(self.wasm)], api.url)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("POST /fastedge/v1/binaries/raw", p.stderr)
        self.assertIn("HTTP 403", p.stderr)
        self.assertIn("forbidden: bad token", p.stderr)
        self.assertEqual(len(p.stderr.strip().splitlines()), 1)
        self.assertNoKey(p)  # even when the server echoes the key back

    def test_api_5xx_error_truncates_body(self):
        routes = {
            ("POST", "/fastedge/v1/binaries/raw"): BINARY_OK,
            ("GET", "/fastedge/v1/apps"): (200, {"count": 0, "apps": []}),
            ("POST", "/fastedge/v1/apps"): (500, b"E" * 5000),
        }
        with FakeApi(routes) as api:
            p = run_deploy(["--no-build", "--wasm", str(self.wasm)], api.url)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("POST /fastedge/v1/apps -> HTTP 500", p.stderr)
        self.assertIn("E" * 2000, p.stderr)
        self.assertNotIn("E" * 2001, p.stderr)
        self.assertNoKey(p)

    def test_unexpected_response_shape(self):
        routes = {("POST", "/fastedge/v1/binaries/raw"): (200, {"ok": True})}
        with FakeApi(routes) as api:
            p = run_deploy(["--no-build", "--wasm", str(self.wasm)], api.url)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("unexpected response", p.stderr)
        self.assertNoKey(p)

    def test_binary_rejected_status(self):
        routes = {("POST", "/fastedge/v1/binaries/raw"): (200, {"id": 1, "status": 5})}
        with FakeApi(routes) as api:
            p = run_deploy(["--no-build", "--wasm", str(self.wasm)], api.url)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("unsupported source language", p.stderr)
        self.assertEqual(len(api.requests), 1)

    def test_network_error(self):
        # bind then close a port so nothing listens there
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        p = run_deploy(["--no-build", "--wasm", str(self.wasm)], f"http://127.0.0.1:{port}")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("network error", p.stderr)
        self.assertNoKey(p)

    def test_bad_secret_id(self):
        p = run_deploy(["--no-build", "--wasm", str(self.wasm), "--secret", "MCP_BEARER_TOKEN=abc"])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("numeric Gcore secret id", p.stderr)

    def test_help_documents_config_keys(self):
        p = run_deploy(["--help"])
        self.assertEqual(p.returncode, 0)
        for k in ("MCP_ALLOWED_ORIGINS", "MCP_RESOURCE_URL", "MCP_AUTH_SERVER", "PUBLIC_",
                  "MCP_BEARER_TOKEN", "app_config", "dictionary"):
            self.assertIn(k, p.stdout)


if __name__ == "__main__":
    unittest.main()

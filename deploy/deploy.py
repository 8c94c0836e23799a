#!/usr/bin/env python3
"""Build and deploy the edge MCP server to Gcore FastEdge.

Stdlib only (Python 3.11+). See deploy/README.md and `--help`.

Flow:
  1. build      `bash scripts/build.sh` from the repo root (skip with --no-build)
  2. upload     POST {API}/fastedge/v1/binaries/raw   (body = wasm bytes)
  3. find app   GET  {API}/fastedge/v1/apps?name=NAME (skipped with --app-id)
  4. create     POST  {API}/fastedge/v1/apps           (no app with that name)
     or update  PATCH {API}/fastedge/v1/apps/{id}      (app exists / --app-id)
  5. print the app's URL
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WASM = REPO_ROOT / "dist" / "edge-mcp.wasm"
BUILD_SCRIPT = "scripts/build.sh"
DEFAULT_API = "https://api.gcore.com"
DEFAULT_APP_NAME = "edge-mcp"
ERROR_BODY_LIMIT = 2000

# Exit codes
EXIT_USAGE = 2       # bad flags / missing key / missing wasm
EXIT_BUILD = 3       # scripts/build.sh failed
EXIT_API = 4         # API answered with a non-2xx status
EXIT_NETWORK = 5     # connection / timeout / TLS failure
EXIT_SHAPE = 6       # API answered 2xx but not with the JSON we expected

# Binary status codes (FastEdge API docs, POST /fastedge/v1/binaries/raw).
BINARY_STATUS = {
    0: "pending",
    1: "compiled",
    2: "compilation failed (errors available)",
    3: "compilation failed (errors not available)",
    4: "resulting binary exceeded the limit",
    5: "unsupported source language",
}

EPILOG = """\
server configuration (passed to the app):
  --env KEY=VALUE   becomes an app env var; the server reads it through the
                    FastEdge `dictionary` import (and as a WASI env var):
    MCP_ALLOWED_ORIGINS  comma-separated origins allowed in addition to
                         same-origin (Origin header check)
    MCP_RESOURCE_URL     public https URL of the /mcp endpoint
    MCP_AUTH_SERVER      OAuth authorization server URL; enables RFC 9728
                         protected-resource metadata
    PUBLIC_*             any PUBLIC_-prefixed value is readable by the
                         `app_config` tool (never put secrets here)
  --secret NAME=SECRET_ID  references an existing Gcore FastEdge secret by id:
    MCP_BEARER_TOKEN     when set, every request needs
                         `Authorization: Bearer <token>`

environment:
  GCORE_API_KEY   Gcore permanent API token (required unless --dry-run);
                  sent as `Authorization: APIKey <key>`, never printed
  GCORE_API_URL   API base URL (default https://api.gcore.com)

exit codes: 0 ok, 2 usage/config, 3 build failed, 4 API error,
            5 network error, 6 unexpected API response

examples:
  python3 deploy/deploy.py --name edge-mcp \\
      --env MCP_RESOURCE_URL=https://edge-mcp-123.fastedge.app/mcp \\
      --secret MCP_BEARER_TOKEN=4242
  python3 deploy/deploy.py --dry-run --no-build --wasm dist/edge-mcp.wasm
"""


class DeployError(Exception):
    """A failure reported to the user as one line, with an exit code."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never follow redirects: urllib would resend Authorization to the new host."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


# --------------------------------------------------------------------------
# argument parsing
# --------------------------------------------------------------------------

def _parse_pairs(values: list[str], flag: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        key, sep, val = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise DeployError(f"{flag} expects KEY=VALUE, got {item!r}", EXIT_USAGE)
        out[key] = val
    return out


def _parse_secrets(values: list[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for name, sid in _parse_pairs(values, "--secret").items():
        sid = sid.strip()
        if not sid.isdigit() or int(sid) <= 0:
            raise DeployError(
                f"--secret {name}=... expects a numeric Gcore secret id, got {sid!r}",
                EXIT_USAGE,
            )
        out[name] = {"id": int(sid)}
    return out


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="deploy.py",
        description="Build the edge MCP server and deploy it to Gcore FastEdge "
        "(upload binary, then create or update the app).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--name", default=DEFAULT_APP_NAME,
                   help=f"FastEdge app name (default: {DEFAULT_APP_NAME})")
    p.add_argument("--app-id", type=int, default=None,
                   help="update this app id directly (skips the lookup by name)")
    p.add_argument("--wasm", default=None,
                   help=f"wasm file to upload (default: {DEFAULT_WASM.relative_to(REPO_ROOT)})")
    p.add_argument("--no-build", action="store_true",
                   help=f"do not run `bash {BUILD_SCRIPT}` first")
    p.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                   help="app env var / dictionary entry (repeatable)")
    p.add_argument("--secret", action="append", default=[], metavar="NAME=SECRET_ID",
                   help="bind a Gcore secret (by numeric id) under NAME (repeatable)")
    p.add_argument("--comment", default=None, help="app comment/description")
    p.add_argument("--api-url", default=None,
                   help="API base URL (default: $GCORE_API_URL or https://api.gcore.com)")
    p.add_argument("--timeout", type=float, default=120.0,
                   help="per-request timeout in seconds (default: 120)")
    p.add_argument("--dry-run", action="store_true",
                   help="print the requests that would be sent and send nothing")
    return p


# --------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------

class Api:
    def __init__(self, base: str, key: str | None, timeout: float, dry_run: bool):
        self.base = base.rstrip("/")
        self.key = key or ""
        self.timeout = timeout
        self.dry_run = dry_run

    def redact(self, text: str) -> str:
        if self.key:
            text = text.replace(self.key, "***")
        return text

    def _headers(self, content_type: str | None) -> dict[str, str]:
        h = {"Authorization": f"APIKey {self.key}", "Accept": "application/json"}
        if content_type:
            h["Content-Type"] = content_type
        return h

    def _print_dry(self, method: str, url: str, headers: dict[str, str], summary: str | None):
        print(f"[dry-run] {method} {url}")
        for k, v in headers.items():
            if k.lower() == "authorization":
                v = "APIKey ***"
            print(f"[dry-run]   {k}: {v}")
        if summary is not None:
            for line in summary.splitlines():
                print(f"[dry-run]   {line}")
        print("[dry-run]")

    def request(self, method: str, path: str, *, query: dict | None = None,
                json_body=None, raw_body: bytes | None = None, dry_summary: str | None = None):
        url = self.base + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None
        ctype = None
        if raw_body is not None:
            data, ctype = raw_body, "application/octet-stream"
            summary = f"<{len(raw_body)} bytes of wasm>"
        elif json_body is not None:
            data = json.dumps(json_body).encode()
            ctype = "application/json"
            summary = json.dumps(json_body, indent=2, sort_keys=True)
        else:
            summary = None
        headers = self._headers(ctype)

        if self.dry_run:
            self._print_dry(method, url, headers, dry_summary if dry_summary is not None else summary)
            return None

        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        where = f"{method} {path}"
        try:
            with _OPENER.open(req, timeout=self.timeout) as resp:
                status = resp.status
                body = resp.read()
        except urllib.error.HTTPError as e:
            try:
                body = e.read()
            except Exception:  # pragma: no cover - defensive
                body = b""
            text = body.decode("utf-8", "replace").replace("\n", " ").strip()
            if len(text) > ERROR_BODY_LIMIT:
                text = text[:ERROR_BODY_LIMIT] + "...(truncated)"
            raise DeployError(
                self.redact(f"API error: {where} -> HTTP {e.code}: {text or '<empty body>'}"),
                EXIT_API,
            ) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise DeployError(
                self.redact(f"network error: {where} ({self.base}): {reason}"), EXIT_NETWORK
            ) from None

        if not body.strip():
            raise DeployError(f"unexpected response: {where} -> HTTP {status} with empty body",
                              EXIT_SHAPE)
        try:
            return json.loads(body)
        except ValueError:
            snippet = body[:200].decode("utf-8", "replace").replace("\n", " ")
            raise DeployError(
                self.redact(f"unexpected response: {where} -> HTTP {status}, not JSON: {snippet}"),
                EXIT_SHAPE,
            ) from None


def _require_int(obj, field: str, where: str) -> int:
    if not isinstance(obj, dict) or not isinstance(obj.get(field), int) or isinstance(obj.get(field), bool):
        shape = json.dumps(obj)[:300] if obj is not None else "null"
        raise DeployError(f"unexpected response: {where}: no integer '{field}' in {shape}",
                          EXIT_SHAPE)
    return obj[field]


# --------------------------------------------------------------------------
# steps
# --------------------------------------------------------------------------

def run_build() -> None:
    script = REPO_ROOT / BUILD_SCRIPT
    if not script.is_file():
        raise DeployError(f"build script not found: {BUILD_SCRIPT} (use --no-build --wasm PATH)",
                          EXIT_BUILD)
    print(f"building: bash {BUILD_SCRIPT}", file=sys.stderr)
    rc = subprocess.run(["bash", BUILD_SCRIPT], cwd=REPO_ROOT).returncode
    if rc != 0:
        raise DeployError(f"build failed: bash {BUILD_SCRIPT} exited with {rc}", EXIT_BUILD)


def upload_binary(api: Api, wasm: bytes) -> int | None:
    path = "/fastedge/v1/binaries/raw"
    resp = api.request("POST", path, raw_body=wasm)
    if api.dry_run:
        return None
    bid = _require_int(resp, "id", f"POST {path}")
    status = resp.get("status")
    if isinstance(status, int) and status >= 2:
        raise DeployError(
            f"binary {bid} rejected: status {status} ({BINARY_STATUS.get(status, 'unknown')})",
            EXIT_API,
        )
    return bid


def find_app(api: Api, name: str) -> int | None:
    """Return the id of the app called exactly `name`, or None."""
    path = "/fastedge/v1/apps"
    offset = 0
    for _ in range(50):  # hard stop on pagination
        query = {"name": name}
        if offset:
            query["offset"] = offset
        resp = api.request("GET", path, query=query)
        if not isinstance(resp, dict) or not isinstance(resp.get("apps"), list):
            shape = json.dumps(resp)[:300]
            raise DeployError(f"unexpected response: GET {path}: no 'apps' list in {shape}",
                              EXIT_SHAPE)
        apps = resp["apps"]
        for app in apps:
            if isinstance(app, dict) and app.get("name") == name:
                return _require_int(app, "id", f"GET {path}")
        count = resp.get("count")
        offset += len(apps)
        if not apps or not isinstance(count, int) or offset >= count:
            return None
    return None


def app_body(args, binary_id, env: dict, secrets: dict, creating: bool) -> dict:
    body: dict = {"binary": binary_id, "status": 1}
    if creating:
        body["name"] = args.name
    # On create always send env/secrets (possibly empty); on update send them only
    # when given, so a binary-only redeploy does not wipe configuration.
    if creating or env:
        body["env"] = env
    if creating or secrets:
        body["secrets"] = secrets
    if args.comment is not None:
        body["comment"] = args.comment
    return body


def report_url(api: Api, app_id: int, resp: dict) -> None:
    url = resp.get("url") if isinstance(resp, dict) else None
    if not url:
        got = api.request("GET", f"/fastedge/v1/apps/{app_id}")
        url = got.get("url") if isinstance(got, dict) else None
    if not url:
        raise DeployError(f"unexpected response: app {app_id} has no 'url'", EXIT_SHAPE)
    print(f"app_id: {app_id}")
    print(f"url: {url}")
    print(f"mcp endpoint: {url.rstrip('/')}/mcp")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    key = os.environ.get("GCORE_API_KEY", "")
    api = None
    try:
        env = _parse_pairs(args.env, "--env")
        secrets = _parse_secrets(args.secret)
        if "MCP_BEARER_TOKEN" in env:
            print("warning: MCP_BEARER_TOKEN passed with --env (visible in app config); "
                  "prefer --secret MCP_BEARER_TOKEN=SECRET_ID", file=sys.stderr)
        if not key and not args.dry_run:
            raise DeployError("GCORE_API_KEY is not set (export a Gcore API token)", EXIT_USAGE)
        base = args.api_url or os.environ.get("GCORE_API_URL") or DEFAULT_API
        if not base.startswith(("https://", "http://")):
            raise DeployError(f"API URL must start with https:// or http://: {base!r}", EXIT_USAGE)
        api = Api(base, key, args.timeout, args.dry_run)

        if not args.no_build:
            if args.dry_run:
                print(f"[dry-run] would run: bash {BUILD_SCRIPT} (in {REPO_ROOT})")
            else:
                run_build()

        wasm_path = Path(args.wasm) if args.wasm else DEFAULT_WASM
        if args.dry_run and not args.no_build and not wasm_path.is_file():
            wasm = None  # would be produced by the build
        else:
            if not wasm_path.is_file():
                raise DeployError(f"wasm file not found: {wasm_path}", EXIT_USAGE)
            wasm = wasm_path.read_bytes()
            if not wasm:
                raise DeployError(f"wasm file is empty: {wasm_path}", EXIT_USAGE)

        # 1. upload
        if wasm is None:
            api.request("POST", "/fastedge/v1/binaries/raw", raw_body=b"",
                        dry_summary=f"<bytes of {wasm_path} after build>")
            binary_id = None
        else:
            binary_id = upload_binary(api, wasm)
        if not args.dry_run:
            print(f"uploaded binary: id {binary_id}", file=sys.stderr)

        # 2. create or update
        bid_json = binary_id if binary_id is not None else "<binary id from upload>"
        if args.app_id is not None:
            app_id = args.app_id
        elif args.dry_run:
            app_id = None  # dry run: assume the app does not exist yet
            print(f"[dry-run] (would look up app {args.name!r}: "
                  f"GET {api.base}/fastedge/v1/apps?name={urllib.parse.quote(args.name)}; "
                  "assuming it does not exist)")
            print("[dry-run]")
        else:
            app_id = find_app(api, args.name)

        if app_id is None:
            body = app_body(args, bid_json, env, secrets, creating=True)
            resp = api.request("POST", "/fastedge/v1/apps", json_body=body)
            if args.dry_run:
                return 0
            app_id = _require_int(resp, "id", "POST /fastedge/v1/apps")
            print(f"created app {args.name!r}: id {app_id}", file=sys.stderr)
        else:
            body = app_body(args, bid_json, env, secrets, creating=False)
            resp = api.request("PATCH", f"/fastedge/v1/apps/{app_id}", json_body=body)
            if args.dry_run:
                return 0
            if not isinstance(resp, dict):
                raise DeployError(f"unexpected response: PATCH /fastedge/v1/apps/{app_id}: "
                                  f"{json.dumps(resp)[:300]}", EXIT_SHAPE)
            print(f"updated app id {app_id} to binary {binary_id}", file=sys.stderr)

        report_url(api, app_id, resp)
        return 0
    except DeployError as e:
        msg = str(e)
        if key:
            msg = msg.replace(key, "***")
        print(f"deploy: error: {msg}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        print("deploy: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Build and deploy the edge MCP server to Gcore FastEdge, through Gcore's SDK.

Every FastEdge API call goes through the official Python SDK (`gcore`, pinned in
deploy/requirements.txt). Run with any Python 3.11+: when `gcore` is not importable,
the tool installs the pinned SDK into .tools/deploy-venv once (`deploy.py setup`
does only that) and re-runs itself there. See deploy/README.md and `--help`.

Commands:
  deploy.py [deploy] [flags]   build, upload, secrets, KV stores, create/update app
  deploy.py status             binary compile status, app state and URL
  deploy.py logs               the app's recent logs
  deploy.py check              the seed curl calls against the live /mcp endpoint
  deploy.py setup              install the pinned SDK into .tools/deploy-venv

Deploy flow (SDK method -> request):
  1. build       `bash scripts/build.sh` (skip with --no-build)
  2. find app    apps.list(name=)       GET   /fastedge/v1/apps?name=NAME
  3. KV stores   kv_stores.list(search=) GET  /fastedge/v1/kv?search=STORE
  4. upload      binaries.create(bytes) POST  /fastedge/v1/binaries/raw
                 binaries.get(id)       GET   /fastedge/v1/binaries/{id}  (while pending)
  5.             kv_stores.create()     POST  /fastedge/v1/kv             (--create-kv-stores)
  6. secrets     secrets.list(secret_name=) GET /fastedge/v1/secrets?secret_name=...
                 secrets.create()       POST  /fastedge/v1/secrets
                 or secrets.update(id)  PATCH /fastedge/v1/secrets/{id}
  7. app         apps.create()          POST  /fastedge/v1/apps
                 or apps.get(id)        GET   /fastedge/v1/apps/{id} (to keep other bindings)
                    apps.update(id)     PATCH /fastedge/v1/apps/{id}
  8. print the URL; with --check, run the seed calls against it
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEPLOY_DIR = REPO_ROOT / "deploy"
REQUIREMENTS = DEPLOY_DIR / "requirements.txt"
SDK_VENV = REPO_ROOT / ".tools" / "deploy-venv"
SDK_STAMP = SDK_VENV / ".requirements.sha256"
GCORE_VERSION = "0.59.0"  # must match deploy/requirements.txt
DEFAULT_WASM = REPO_ROOT / "dist" / "edge-mcp.wasm"
DEFAULT_CATALOG = REPO_ROOT / "catalog"
BUILD_SCRIPT = "scripts/build.sh"
DEFAULT_API = "https://api.gcore.com"
DEFAULT_APP_NAME = "edge-mcp"
ERROR_BODY_LIMIT = 2000
BEARER = "MCP_BEARER_TOKEN"
REDACTED = "<redacted>"

# Exit codes
EXIT_USAGE = 2       # bad flags / missing key / missing wasm / ambiguous app / missing store
EXIT_BUILD = 3       # scripts/build.sh failed
EXIT_API = 4         # API answered with an error status, or the binary failed to compile
EXIT_NETWORK = 5     # connection / timeout / TLS failure
EXIT_SHAPE = 6       # API answered 2xx but not with the JSON we expected
EXIT_CHECK = 7       # post-deploy check: a call against the live app failed

BINARY_STATUS = {
    0: "pending",
    1: "compiled",
    2: "compilation failed (errors available)",
    3: "compilation failed (errors not available)",
    4: "resulting binary exceeded the limit",
    5: "unsupported source language",
}
APP_STATUS = {
    0: "draft (inactive)",
    1: "enabled",
    2: "disabled",
    3: "hourly call limit exceeded",
    4: "daily call limit exceeded",
    5: "suspended",
}

# The seed article's three calls (README "Calling it"), byte for byte.
CHECK_CALLS = [
    ("initialize", '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":'
                   '"2025-06-18","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}'),
    ("tools/list", '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'),
    ("tools/call hello", '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"hello",'
                         '"arguments":{"name":"FastEdge"}}}'),
]
CHECK_HELLO = "Hello, FastEdge!"

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
  secrets (values never on the command line, never printed):
    MCP_BEARER_TOKEN     when set, every request needs
                         `Authorization: Bearer <token>`
    --secret-from-env MCP_BEARER_TOKEN=VAR   value from environment variable VAR
    --secret-stdin MCP_BEARER_TOKEN          value from the first line of stdin
    --secret MCP_BEARER_TOKEN=SECRET_ID      bind an existing Gcore secret by id

other commands: status, logs, check, setup (`deploy.py COMMAND --help`)

environment:
  GCORE_API_KEY   Gcore permanent API token (required unless --dry-run);
                  sent as `Authorization: APIKey <key>`, never printed
  GCORE_API_URL   API base URL (default https://api.gcore.com)

exit codes: 0 ok, 2 usage/config, 3 build failed, 4 API error or binary
            failed to compile, 5 network error, 6 unexpected API response,
            7 post-deploy check failed

examples:
  export GCORE_API_KEY=... MCP_BEARER_TOKEN=...
  python3 deploy/deploy.py --secret-from-env MCP_BEARER_TOKEN=MCP_BEARER_TOKEN --check
  python3 deploy/deploy.py --dry-run --no-build --wasm dist/edge-mcp.wasm
  python3 deploy/deploy.py status
  python3 deploy/deploy.py logs --limit 20
"""


class DeployError(Exception):
    """A failure reported to the user as one line, with an exit code."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


# Values that must never reach stdout/stderr (API key, secret values, bearer token).
_SENSITIVE: list[str] = []


def _sensitive(value: str | None) -> None:
    if value and value not in _SENSITIVE:
        _SENSITIVE.append(value)
        _SENSITIVE.sort(key=len, reverse=True)


def redact(text: str) -> str:
    for v in _SENSITIVE:
        text = text.replace(v, "***")
    return text


def out(text: str = "") -> None:
    print(redact(text), flush=True)


def err(text: str) -> None:
    print(redact(text), file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# the pinned SDK
# --------------------------------------------------------------------------

def _requirements_hash() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def _venv_python() -> Path:
    return SDK_VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def sdk_ready() -> bool:
    try:
        return _venv_python().exists() and SDK_STAMP.read_text().strip() == _requirements_hash()
    except OSError:
        return False


def setup_sdk() -> Path:
    """Install deploy/requirements.txt into .tools/deploy-venv; a no-op when current."""
    py = _venv_python()
    if sdk_ready():
        return py
    err(f"deploy: installing the pinned Gcore SDK (gcore=={GCORE_VERSION}) into "
        f"{SDK_VENV.relative_to(REPO_ROOT)} (once)")
    try:
        if not py.exists():
            subprocess.run([sys.executable, "-m", "venv", str(SDK_VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        "-r", str(REQUIREMENTS)], check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        raise DeployError(f"could not install the Gcore SDK ({e}); install it yourself: "
                          f"pip install -r {REQUIREMENTS.relative_to(REPO_ROOT)}", EXIT_USAGE)
    SDK_STAMP.write_text(_requirements_hash() + "\n")
    return py


def load_sdk(argv: list[str]):
    """Import the pinned `gcore`; else re-run this script under .tools/deploy-venv."""
    try:
        import gcore  # noqa: PLC0415
        if gcore.__version__ == GCORE_VERSION:
            return gcore
        found = f"gcore {gcore.__version__}"
    except ImportError:
        found = "no gcore"
    if Path(sys.prefix).resolve() == SDK_VENV.resolve():
        raise DeployError(f"{found} in {SDK_VENV}; expected gcore=={GCORE_VERSION} "
                          "(run: python3 deploy/deploy.py setup)", EXIT_USAGE)
    if os.environ.get("DEPLOY_NO_INSTALL") and not sdk_ready():
        raise DeployError(f"{found} importable and DEPLOY_NO_INSTALL is set; run "
                          f"pip install -r {REQUIREMENTS.relative_to(REPO_ROOT)}", EXIT_USAGE)
    py = setup_sdk()
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(str(py), [str(py), str(Path(__file__).resolve()), *argv])
    raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------
# argument parsing
# --------------------------------------------------------------------------

def _parse_pairs(values: list[str], flag: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in values:
        key, sep, val = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise DeployError(f"{flag} expects KEY=VALUE, got {item!r}", EXIT_USAGE)
        result[key] = val
    return result


def _parse_secret_ids(values: list[str]) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = {}
    for name, sid in _parse_pairs(values, "--secret").items():
        sid = sid.strip()
        if not sid.isdigit() or int(sid) <= 0:
            raise DeployError(
                f"--secret {name}=... expects a numeric Gcore secret id, got {sid!r}", EXIT_USAGE)
        result[name] = {"id": int(sid)}
    return result


def _read_stdin_line(what: str) -> str:
    if sys.stdin is None or sys.stdin.closed:
        raise DeployError(f"{what}: standard input is closed", EXIT_USAGE)
    line = sys.stdin.readline()
    value = line.rstrip("\r\n")
    if not value:
        raise DeployError(f"{what}: standard input gave an empty value", EXIT_USAGE)
    return value


def collect_secret_values(args) -> dict[str, str]:
    """NAME -> value from --secret-from-env / --secret-stdin. Values never come from argv."""
    values: dict[str, str] = {}
    for name, var in _parse_pairs(args.secret_from_env, "--secret-from-env").items():
        var = var.strip()
        if not var:
            raise DeployError(f"--secret-from-env {name}= needs an environment variable name",
                              EXIT_USAGE)
        value = os.environ.get(var, "")
        if not value:
            raise DeployError(f"--secret-from-env {name}={var}: environment variable {var} "
                              "is not set or empty", EXIT_USAGE)
        values[name] = value
    if len(args.secret_stdin) > 1:
        raise DeployError("--secret-stdin can be given once (standard input holds one value)",
                          EXIT_USAGE)
    for name in args.secret_stdin:
        if name in values:
            raise DeployError(f"secret {name} given twice", EXIT_USAGE)
        values[name] = _read_stdin_line(f"--secret-stdin {name}")
    for name, value in values.items():
        if name in args.secret_ids:
            raise DeployError(f"secret {name} given both by value and with --secret {name}=ID",
                              EXIT_USAGE)
        _sensitive(value)
    return values


def catalog_kv_stores(root: Path) -> dict[str, str]:
    """Store name -> first catalog file naming it, from any `"kv": {"store": NAME}` member."""
    stores: dict[str, str] = {}

    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "kv" and isinstance(value, dict) and isinstance(value.get("store"), str):
                    stores.setdefault(value["store"], where)
                walk(value, where)
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    if not root.is_dir():
        return stores
    for path in sorted(root.rglob("*.json")):
        rel = str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path)
        try:
            walk(json.loads(path.read_text(encoding="utf-8")), rel)
        except (OSError, ValueError) as e:
            raise DeployError(f"catalog file {rel} is not readable JSON: {e}", EXIT_USAGE)
    return stores


def _add_common(p: argparse.ArgumentParser, with_app: bool = True) -> None:
    if with_app:
        p.add_argument("--name", default=DEFAULT_APP_NAME,
                       help=f"FastEdge app name (default: {DEFAULT_APP_NAME})")
        p.add_argument("--app-id", type=int, default=None,
                       help="use this app id directly (skips the lookup by name)")
    p.add_argument("--api-url", default=None,
                   help="API base URL (default: $GCORE_API_URL or https://api.gcore.com)")
    p.add_argument("--timeout", type=float, default=120.0,
                   help="per-request timeout in seconds (default: 120)")
    p.add_argument("--retries", type=int, default=2,
                   help="SDK retries on connection errors, 408/409/429 and 5xx (default: 2)")


def _add_check_opts(p: argparse.ArgumentParser, wait_default: float) -> None:
    p.add_argument("--token-env", default=None, metavar="VAR",
                   help="environment variable holding the bearer token for the check "
                        f"(default: {BEARER} when set)")
    p.add_argument("--check-wait", type=float, default=wait_default, metavar="SECONDS",
                   help="keep retrying while the app is not reachable yet (404, 5xx, "
                        f"connection refused) for this long (default: {wait_default:g})")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="deploy.py",
        description="Build the edge MCP server and deploy it to Gcore FastEdge through the "
        "official gcore SDK (upload binary, secrets, KV stores, then create or update the app).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(p)
    p.add_argument("--wasm", default=None,
                   help=f"wasm file to upload (default: {DEFAULT_WASM.relative_to(REPO_ROOT)})")
    p.add_argument("--no-build", action="store_true",
                   help=f"do not run `bash {BUILD_SCRIPT}` first")
    p.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                   help="app env var / dictionary entry (repeatable)")
    p.add_argument("--secret", action="append", default=[], metavar="NAME=SECRET_ID",
                   help="bind an existing Gcore secret (by numeric id) under NAME (repeatable)")
    p.add_argument("--secret-from-env", action="append", default=[], metavar="NAME=VAR",
                   help="create or update the Gcore secret '<app name>-<name>' with the value of "
                        "environment variable VAR and bind it under NAME (repeatable)")
    p.add_argument("--secret-stdin", action="append", default=[], metavar="NAME",
                   help="same, with the value read from the first line of standard input")
    p.add_argument("--kv-store", action="append", default=[], metavar="STORE",
                   help="bind this KV store (by name), in addition to those the catalog names")
    p.add_argument("--create-kv-stores", action="store_true",
                   help="create KV stores that do not exist yet (else: error naming the store)")
    p.add_argument("--catalog", default=None,
                   help=f"catalog directory scanned for KV stores "
                        f"(default: {DEFAULT_CATALOG.relative_to(REPO_ROOT)})")
    p.add_argument("--compile-wait", type=float, default=60.0, metavar="SECONDS",
                   help="poll a pending binary's compile status this long (default: 60; 0: no)")
    p.add_argument("--comment", default=None, help="app comment/description")
    p.add_argument("--check", action="store_true",
                   help="after deploying, run the seed calls (initialize, tools/list, "
                        "tools/call hello) against the app's /mcp URL")
    _add_check_opts(p, 60.0)
    p.add_argument("--dry-run", action="store_true",
                   help="print the requests that would be sent and send nothing")
    return p


def build_status_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="deploy.py status",
                                description="Show the app's state, URL and its binary's "
                                            "compile status.")
    _add_common(p)
    return p


def build_logs_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="deploy.py logs", description="Print the app's recent logs "
                                "(oldest first).")
    _add_common(p)
    p.add_argument("--limit", type=int, default=50, help="how many log lines (default: 50)")
    p.add_argument("--since", default=None, metavar="RFC3339",
                   help="start of the period (API default: one hour ago)")
    p.add_argument("--search", default=None, help="only lines containing this text")
    return p


def build_check_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="deploy.py check",
        description="POST the seed calls (initialize, tools/list, tools/call hello) to the "
                    "app's /mcp endpoint and report each. With --url no API call is made.")
    _add_common(p)
    p.add_argument("--url", default=None,
                   help="app base URL (https://NAME.fastedge.app); else looked up via the API")
    _add_check_opts(p, 0.0)
    return p


def build_setup_parser() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog="deploy.py setup",
        description=f"Install the pinned SDK ({REQUIREMENTS.relative_to(REPO_ROOT)}) into "
                    f"{SDK_VENV.relative_to(REPO_ROOT)}; a no-op when already installed.")


COMMANDS = {
    "deploy": build_parser,
    "status": build_status_parser,
    "logs": build_logs_parser,
    "check": build_check_parser,
    "setup": build_setup_parser,
}


# --------------------------------------------------------------------------
# API access through the SDK
# --------------------------------------------------------------------------

def _json_or_text(data: bytes):
    try:
        return json.loads(data)
    except ValueError:
        return None


def _redact_secret_slots(node):
    if isinstance(node, dict):
        res = {}
        for k, v in node.items():
            if k == "secret_slots" and isinstance(v, list):
                v = [{**s, "value": REDACTED} if isinstance(s, dict) and "value" in s else s
                     for s in v]
            res[k] = _redact_secret_slots(v)
        return res
    if isinstance(node, list):
        return [_redact_secret_slots(x) for x in node]
    return node


class DryRun:
    """An httpx transport: prints each request the SDK would send, sends nothing."""

    def __init__(self, httpx_mod):
        self.httpx = httpx_mod
        self.upload_summary: str | None = None

    def handle_request(self, request):
        out(f"[dry-run] {request.method} {request.url}")
        for name in ("Authorization", "Content-Type", "Accept"):
            value = request.headers.get(name)
            if value is None:
                continue
            if name == "Authorization":
                value = "APIKey ***"
            out(f"[dry-run]   {name}: {value}")
        body = request.read()
        ctype = request.headers.get("Content-Type", "")
        if ctype.startswith("application/octet-stream"):
            out(f"[dry-run]   {self.upload_summary or f'<{len(body)} bytes of wasm>'}")
        elif body:
            obj = _json_or_text(body)
            text = (json.dumps(_redact_secret_slots(obj), indent=2, sort_keys=True)
                    if obj is not None else f"<{len(body)} bytes>")
            for line in text.splitlines():
                out(f"[dry-run]   {line}")
        out("[dry-run]")
        return self.httpx.Response(200, json={}, request=request)


class Api:
    """The gcore SDK client, plus one place that turns SDK exceptions into DeployError."""

    def __init__(self, gcore, base: str, key: str, timeout: float, retries: int,
                 dry_run: bool = False):
        import httpx  # noqa: PLC0415  (an SDK dependency)
        self.gcore = gcore
        self.base = base.rstrip("/")
        self.dry_run = dry_run
        self.dry = None
        if dry_run:
            dry = self.dry = DryRun(httpx)

            class DryRunTransport(httpx.BaseTransport):
                def handle_request(self, request):
                    return dry.handle_request(request)

            http_client = httpx.Client(transport=DryRunTransport(), follow_redirects=False)
        else:
            # Never follow redirects: the API key must not be resent anywhere else.
            http_client = gcore.DefaultHttpxClient(follow_redirects=False)
        self.client = gcore.Gcore(api_key=key or "dry-run", base_url=self.base,
                                  timeout=timeout, max_retries=max(0, retries),
                                  http_client=http_client)
        self.fe = self.client.fastedge

    def call(self, fn, *args, **kwargs):
        g = self.gcore
        try:
            return fn(*args, **kwargs)
        except g.APIStatusError as e:
            req = e.response.request
            where = f"{req.method} {req.url.path}"
            text = e.response.text.replace("\n", " ").strip()
            if len(text) > ERROR_BODY_LIMIT:
                text = text[:ERROR_BODY_LIMIT] + "...(truncated)"
            code = e.response.status_code
            prefix = "API error"
            hint = ""
            if code == 401:
                prefix, hint = "API key rejected", " (check GCORE_API_KEY)"
            elif code == 403:
                prefix, hint = "API permission denied", " (check GCORE_API_KEY's rights)"
            raise DeployError(f"{prefix}: {where} -> HTTP {code}: {text or '<empty body>'}{hint}",
                              EXIT_API) from None
        except g.APITimeoutError as e:
            raise DeployError(f"network error: {e.request.method} {e.request.url.path} "
                              f"({self.base}): timed out", EXIT_NETWORK) from None
        except g.APIConnectionError as e:
            reason = e.__cause__ or e.message
            raise DeployError(f"network error: {e.request.method} {e.request.url.path} "
                              f"({self.base}): {reason}", EXIT_NETWORK) from None
        except (g.APIResponseValidationError, ValueError, AttributeError, TypeError) as e:
            raise DeployError(f"unexpected response: {e}", EXIT_SHAPE) from None


def _field(obj, name: str, kind, where: str, required: bool = True):
    value = getattr(obj, name, None) if not isinstance(obj, (str, bytes, int)) else None
    if value is None and not required:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        shape = obj.to_json(indent=None) if hasattr(obj, "to_json") else repr(obj)
        raise DeployError(f"unexpected response: {where}: no {kind.__name__} '{name}' in "
                          f"{shape[:300]}", EXIT_SHAPE)
    return value


def _extra_text(model) -> str:
    """Error text the API may attach to a binary beyond the documented fields."""
    extra = getattr(model, "model_extra", None) or {}
    parts = []
    for key in ("error", "errors", "message", "detail", "details", "log"):
        value = extra.get(key)
        if value:
            parts.append(value if isinstance(value, str) else json.dumps(value))
    return "; ".join(parts)


def find_app(api: Api, name: str) -> int | None:
    """The id of the one app the API's name filter returns for `name`; None if none.

    The SDK documents the filter as "exact match only (with or without client suffix)".
    More than one result, or one whose name is not exactly `name`, is an error: the
    tool will not guess which app to overwrite.
    """
    found = []
    for app in api.call(lambda: list(api.fe.apps.list(name=name))):
        found.append((_field(app, "id", int, "GET /fastedge/v1/apps"), getattr(app, "name", None)))
    exact = [a for a in found if a[1] == name]
    if len(exact) == 1 and len(found) == 1:
        return exact[0][0]
    if not found:
        return None
    listed = ", ".join(f"{n!r} (id {i})" for i, n in found[:10])
    raise DeployError(f"app name {name!r} matches {len(found)} apps: {listed}; "
                      "pass --app-id ID to choose one", EXIT_USAGE)


def resolve_app(api: Api, args) -> int:
    if args.app_id is not None:
        return args.app_id
    app_id = find_app(api, args.name)
    if app_id is None:
        raise DeployError(f"no app named {args.name!r} (deploy it first, or pass --app-id)",
                          EXIT_USAGE)
    return app_id


def find_by_name(api: Api, items, name: str, what: str, where: str) -> int | None:
    ids = [_field(x, "id", int, where) for x in items if getattr(x, "name", None) == name]
    if len(ids) > 1:
        raise DeployError(f"{what} name {name!r} matches {len(ids)} {what}s (ids "
                          f"{', '.join(map(str, ids))})", EXIT_USAGE)
    return ids[0] if ids else None


def secret_resource_name(app_name: str, name: str) -> str:
    return f"{app_name}-{name}".lower().replace("_", "-")


# --------------------------------------------------------------------------
# steps
# --------------------------------------------------------------------------

def run_build() -> None:
    script = REPO_ROOT / BUILD_SCRIPT
    if not script.is_file():
        raise DeployError(f"build script not found: {BUILD_SCRIPT} (use --no-build --wasm PATH)",
                          EXIT_BUILD)
    err(f"building: bash {BUILD_SCRIPT}")
    rc = subprocess.run(["bash", BUILD_SCRIPT], cwd=REPO_ROOT).returncode
    if rc != 0:
        raise DeployError(f"build failed: bash {BUILD_SCRIPT} exited with {rc}", EXIT_BUILD)


def _binary_failed(bid: int, status: int, model) -> DeployError:
    text = _extra_text(model)
    msg = f"binary {bid} failed: status {status} ({BINARY_STATUS.get(status, 'unknown')})"
    return DeployError(msg + (f": {text}" if text else ""), EXIT_API)


def upload_binary(api: Api, wasm: bytes, compile_wait: float) -> int:
    where = "POST /fastedge/v1/binaries/raw"
    resp = api.call(api.fe.binaries.create, wasm)
    bid = _field(resp, "id", int, where)
    status = _field(resp, "status", int, where, required=False)
    deadline = time.monotonic() + max(0.0, compile_wait)
    while status == 0 and time.monotonic() < deadline:
        got = api.call(api.fe.binaries.get, bid)
        status = _field(got, "status", int, f"GET /fastedge/v1/binaries/{bid}", required=False)
        resp = got
        if status == 0:
            time.sleep(min(2.0, max(0.0, deadline - time.monotonic())))
    if isinstance(status, int) and status >= 2:
        raise _binary_failed(bid, status, resp)
    if status == 0:
        err(f"warning: binary {bid} is still compiling (status 0, pending); "
            f"`deploy.py status` shows when it is done")
    return bid


def upsert_secret(api: Api, gname: str, value: str) -> int:
    """Create the Gcore secret `gname` with `value`, or update it; returns its id."""
    slots = [{"slot": 0, "value": value}]
    existing = find_by_name(api, api.call(lambda: list(api.fe.secrets.list(secret_name=gname))),
                            gname, "secret", "GET /fastedge/v1/secrets")
    if existing is None:
        resp = api.call(api.fe.secrets.create, name=gname, secret_slots=slots,
                        comment="edge-mcp; set by deploy/deploy.py")
        sid = _field(resp, "id", int, "POST /fastedge/v1/secrets")
        err(f"created secret {gname!r}: id {sid}")
        return sid
    api.call(api.fe.secrets.update, existing, secret_slots=slots)
    err(f"updated secret {gname!r} (id {existing})")
    return existing


def resolve_stores(api: Api, names: dict[str, str], create: bool) -> tuple[dict, list]:
    """name -> id for existing stores; and the list of names to create."""
    ids, missing = {}, []
    for name, source in names.items():
        items = api.call(lambda n=name: list(api.fe.kv_stores.list(search=n)))
        sid = find_by_name(api, items, name, "KV store", "GET /fastedge/v1/kv")
        if sid is not None:
            ids[name] = sid
        elif create:
            missing.append(name)
        else:
            raise DeployError(f"KV store {name!r} (named by {source}) does not exist; create it "
                              "in the Gcore portal or pass --create-kv-stores", EXIT_USAGE)
    return ids, missing


def report_url(api: Api, app_id: int, resp) -> str:
    url = getattr(resp, "url", None)
    if not isinstance(url, str) or not url:
        got = api.call(api.fe.apps.get, app_id)
        url = getattr(got, "url", None)
    if not isinstance(url, str) or not url:
        raise DeployError(f"unexpected response: app {app_id} has no 'url'", EXIT_SHAPE)
    out(f"app_id: {app_id}")
    out(f"url: {url}")
    out(f"mcp endpoint: {url.rstrip('/')}/mcp")
    return url


def _bindings(model, field: str) -> dict:
    current = getattr(model, field, None) or {}
    res = {}
    if isinstance(current, dict):
        for k, v in current.items():
            vid = getattr(v, "id", None) if not isinstance(v, dict) else v.get("id")
            if isinstance(vid, int):
                res[k] = {"id": vid}
    return res


def _dry_done(args) -> int:
    if args.check:
        out("[dry-run] (would then POST initialize, tools/list, tools/call hello to <app url>/mcp)")
    return 0


def cmd_deploy(gcore, args, key: str, base: str) -> int:
    env = _parse_pairs(args.env, "--env")
    args.secret_ids = _parse_secret_ids(args.secret)
    secret_values = collect_secret_values(args)
    if BEARER in env:
        err(f"warning: {BEARER} passed with --env (visible in app config); "
            f"prefer --secret-from-env {BEARER}=VAR")
    catalog = Path(args.catalog) if args.catalog else DEFAULT_CATALOG
    store_names = catalog_kv_stores(catalog)
    for name in args.kv_store:
        store_names.setdefault(name, "--kv-store")

    if not args.no_build:
        if args.dry_run:
            out(f"[dry-run] would run: bash {BUILD_SCRIPT} (in {REPO_ROOT})")
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

    api = Api(gcore, base, key, args.timeout, args.retries, dry_run=args.dry_run)
    dry = args.dry_run

    def note(text: str) -> None:
        out(f"[dry-run] ({text})")
        out("[dry-run]")

    # 1. which app (before anything is written)
    if args.app_id is not None:
        app_id = args.app_id
    elif dry:
        app_id = None
        note(f"would look up app {args.name!r}: GET {api.base}/fastedge/v1/apps?name="
             f"{args.name}; assuming it does not exist")
    else:
        app_id = find_app(api, args.name)

    # 2. KV stores: every name must resolve before anything is written
    if dry:
        store_ids = {n: f"<id of KV store {n}>" for n in store_names}
        to_create = []
        for n in store_names:
            note(f"would look up KV store {n!r}: GET {api.base}/fastedge/v1/kv?search={n}; "
                 "assuming it exists")
    else:
        store_ids, to_create = resolve_stores(api, store_names, args.create_kv_stores)

    # 3. upload
    if wasm is None:
        api.dry.upload_summary = f"<bytes of {wasm_path} after build>"
        api.call(api.fe.binaries.create, b"")
        binary_id = "<binary id from upload>"
    elif dry:
        api.call(api.fe.binaries.create, wasm)
        binary_id = "<binary id from upload>"
    else:
        binary_id = upload_binary(api, wasm, args.compile_wait)
        err(f"uploaded binary: id {binary_id}")

    # 4. create missing KV stores
    for name in to_create:
        resp = api.call(api.fe.kv_stores.create, name=name,
                        comment="edge-mcp; created by deploy/deploy.py")
        store_ids[name] = _field(resp, "id", int, "POST /fastedge/v1/kv")
        err(f"created KV store {name!r}: id {store_ids[name]}")

    # 5. secrets with values
    secrets = dict(args.secret_ids)
    for name, value in secret_values.items():
        gname = secret_resource_name(args.name, name)
        if dry:
            note(f"would look up secret {gname!r}: GET {api.base}/fastedge/v1/secrets?"
                 f"secret_name={gname}; assuming it does not exist")
            api.call(api.fe.secrets.create, name=gname, secret_slots=[{"slot": 0, "value": value}],
                     comment="edge-mcp; set by deploy/deploy.py")
            secrets[name] = {"id": f"<id of secret {gname}>"}
        else:
            secrets[name] = {"id": upsert_secret(api, gname, value)}
    stores = {n: {"id": i} for n, i in store_ids.items()}

    # 6. create or update the app
    body: dict = {"binary": binary_id, "status": 1}
    if args.comment is not None:
        body["comment"] = args.comment
    if app_id is None:
        body.update(name=args.name, env=env, secrets=secrets)
        if stores:
            body["stores"] = stores
        resp = api.call(api.fe.apps.create, **body)
        if dry:
            return _dry_done(args)
        app_id = _field(resp, "id", int, "POST /fastedge/v1/apps")
        err(f"created app {args.name!r}: id {app_id}")
    else:
        # A binary-only redeploy leaves env and bindings alone. Bindings given here are
        # merged into the app's current ones, so other secrets/stores stay bound.
        if env:
            body["env"] = env
        if secrets or stores:
            if dry:
                note(f"would read app {app_id}: GET {api.base}/fastedge/v1/apps/{app_id}, "
                     "to keep its other secret and store bindings")
                current = None
            else:
                current = api.call(api.fe.apps.get, app_id)
            if secrets:
                body["secrets"] = {**_bindings(current, "secrets"), **secrets}
            if stores:
                body["stores"] = {**_bindings(current, "stores"), **stores}
        resp = api.call(api.fe.apps.update, app_id, **body)
        if dry:
            return _dry_done(args)
        if not hasattr(resp, "to_dict"):
            raise DeployError(f"unexpected response: PATCH /fastedge/v1/apps/{app_id}: "
                              f"{str(resp)[:300]}", EXIT_SHAPE)
        err(f"updated app id {app_id} to binary {binary_id}")

    url = report_url(api, app_id, resp)
    if args.check:
        token = secret_values.get(BEARER) or check_token(args)
        return run_check(url, token, args.check_wait, args.timeout)
    return 0


def cmd_status(gcore, args, key: str, base: str) -> int:
    api = Api(gcore, base, key, args.timeout, args.retries)
    app_id = resolve_app(api, args)
    app = api.call(api.fe.apps.get, app_id)
    where = f"GET /fastedge/v1/apps/{app_id}"
    name = getattr(app, "name", None) or args.name
    status = _field(app, "status", int, where, required=False)
    out(f"app: {name} (id {app_id})")
    out(f"app status: {status} ({APP_STATUS.get(status, 'unknown')})")
    url = getattr(app, "url", None)
    out(f"url: {url or '-'}")
    if url:
        out(f"mcp endpoint: {url.rstrip('/')}/mcp")
    bid = _field(app, "binary", int, where, required=False)
    if bid is None:
        out("binary: -")
        return 0
    binary = api.call(api.fe.binaries.get, bid)
    bstatus = _field(binary, "status", int, f"GET /fastedge/v1/binaries/{bid}", required=False)
    line = f"binary: {bid} status {bstatus} ({BINARY_STATUS.get(bstatus, 'unknown')})"
    text = _extra_text(binary)
    out(line + (f": {text}" if text and isinstance(bstatus, int) and bstatus >= 2 else ""))
    return 0


def cmd_logs(gcore, args, key: str, base: str) -> int:
    api = Api(gcore, base, key, args.timeout, args.retries)
    app_id = resolve_app(api, args)
    params: dict = {"limit": args.limit, "sort": "desc"}
    if args.since:
        params["from_"] = args.since
    if args.search:
        params["search"] = args.search
    page = api.call(api.fe.apps.logs.list, app_id, **params)
    logs = getattr(page, "logs", None)
    if not isinstance(logs, list):
        raise DeployError(f"unexpected response: GET /fastedge/v1/apps/{app_id}/logs: "
                          "no 'logs' list", EXIT_SHAPE)
    if not logs:
        err(f"no logs for app {app_id} in the period")
    for entry in reversed(logs):  # the API gives newest first; print oldest first
        ts = getattr(entry, "timestamp", None)
        ts = ts.isoformat() if hasattr(ts, "isoformat") else (ts or "-")
        edge = getattr(entry, "edge", None) or "-"
        rid = getattr(entry, "request_id", None) or "-"
        msg = (getattr(entry, "log", None) or "").rstrip("\n")
        out(f"{ts} {edge} {rid} {msg}")
    return 0


# --------------------------------------------------------------------------
# post-deploy check (plain HTTP to the app, not the Gcore API)
# --------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never follow redirects: the bearer token must not be resent to another host."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def check_token(args) -> str | None:
    var = args.token_env or BEARER
    value = os.environ.get(var) or None
    if args.token_env and not value:
        raise DeployError(f"--token-env {var}: environment variable {var} is not set or empty",
                          EXIT_USAGE)
    _sensitive(value)
    return value


def _post_mcp(endpoint: str, body: str, token: str | None, session: str | None, timeout: float):
    headers = {"Content-Type": "application/json",
               "Accept": "application/json, text/event-stream"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if session:
        headers["Mcp-Session-Id"] = session
        headers["MCP-Protocol-Version"] = "2025-06-18"
    req = urllib.request.Request(endpoint, data=body.encode(), method="POST", headers=headers)
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        try:
            data = e.read()
        except Exception:  # pragma: no cover - defensive
            data = b""
        return e.code, e.headers, data
    except (urllib.error.URLError, OSError) as e:
        return None, None, str(getattr(e, "reason", e)).encode()


def _jsonrpc_reply(headers, data: bytes):
    """The JSON-RPC response in a JSON or text/event-stream body."""
    ctype = (headers.get("Content-Type") or "") if headers else ""
    if ctype.startswith("text/event-stream"):
        reply = None
        for line in data.decode("utf-8", "replace").splitlines():
            if line.startswith("data:"):
                obj = _json_or_text(line[5:].strip().encode())
                if isinstance(obj, dict) and "id" in obj:
                    reply = obj
        return reply
    return _json_or_text(data)


def _judge(label: str, reply) -> str | None:
    """None when the reply is what the seed article shows; else the reason."""
    if not isinstance(reply, dict):
        return "response is not JSON-RPC"
    if "error" in reply:
        e = reply["error"] if isinstance(reply["error"], dict) else {}
        return f"JSON-RPC error {e.get('code')}: {e.get('message')}"
    result = reply.get("result")
    if not isinstance(result, dict):
        return "no result"
    if label == "initialize":
        if not isinstance(result.get("protocolVersion"), str):
            return "no protocolVersion in result"
    elif label == "tools/list":
        tools = result.get("tools")
        names = [t.get("name") for t in tools if isinstance(t, dict)] if isinstance(tools, list) else []
        if "hello" not in names:
            return "no 'hello' tool in tools/list"
    else:
        content = result.get("content")
        text = content[0].get("text") if isinstance(content, list) and content and \
            isinstance(content[0], dict) else None
        if result.get("isError") or text != CHECK_HELLO:
            return f"expected text {CHECK_HELLO!r}, got {json.dumps(result)[:200]}"
    return None


def _summary(label: str, reply) -> str:
    result = reply["result"]
    if label == "initialize":
        info = result.get("serverInfo") or {}
        return f"protocol {result['protocolVersion']}, server {info.get('name')} {info.get('version')}"
    if label == "tools/list":
        return f"{len(result['tools'])} tools"
    return json.dumps(result["content"][0]["text"])


def run_check(url: str, token: str | None, wait: float, timeout: float) -> int:
    endpoint = url.rstrip("/") + "/mcp"
    out(f"check: {endpoint}" + (" (with bearer token)" if token else ""))
    deadline = time.monotonic() + max(0.0, wait)
    session = None
    failed = 0
    for i, (label, body) in enumerate(CHECK_CALLS):
        while True:
            status, headers, data = _post_mcp(endpoint, body, token, session, timeout)
            not_up = status is None or status == 404 or status >= 500
            if i == 0 and not_up and time.monotonic() < deadline:
                time.sleep(min(2.0, max(0.0, deadline - time.monotonic())))
                continue
            break
        if status is None:
            reason = f"network error: {data.decode('utf-8', 'replace')}"
        elif status != 200:
            text = data.decode("utf-8", "replace").replace("\n", " ").strip()[:300]
            reason = f"HTTP {status}: {text or '<empty body>'}"
            if status == 401:
                reason += " (token missing or wrong: --token-env VAR)"
        else:
            if headers and headers.get("Mcp-Session-Id"):
                session = headers.get("Mcp-Session-Id")
            reply = _jsonrpc_reply(headers, data)
            reason = _judge(label, reply)
        if reason is None:
            out(f"ok   {label}: {_summary(label, reply)}")
        else:
            failed += 1
            out(f"FAIL {label}: {reason}")
    if failed:
        err(f"deploy: error: check failed: {failed} of {len(CHECK_CALLS)} calls")
        return EXIT_CHECK
    out(f"check: all {len(CHECK_CALLS)} calls ok")
    return 0


def cmd_check(gcore, args, key: str, base: str) -> int:
    token = check_token(args)
    url = args.url
    if not url:
        api = Api(gcore, base, key, args.timeout, args.retries)
        app = api.call(api.fe.apps.get, resolve_app(api, args))
        url = getattr(app, "url", None)
        if not isinstance(url, str) or not url:
            raise DeployError("unexpected response: the app has no 'url'", EXIT_SHAPE)
    if not url.startswith(("https://", "http://")):
        raise DeployError(f"--url must start with https:// or http://: {url!r}", EXIT_USAGE)
    return run_check(url, token, args.check_wait, args.timeout)


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else "deploy"
    rest = argv[1:] if argv and argv[0] in COMMANDS else argv
    args = COMMANDS[command]().parse_args(rest)
    key = os.environ.get("GCORE_API_KEY", "")
    _sensitive(key)
    try:
        if command == "setup":
            py = setup_sdk()
            out(f"gcore=={GCORE_VERSION} ready: {py}")
            return 0
        dry = getattr(args, "dry_run", False)
        needs_api = not (command == "check" and args.url)
        if needs_api and not key and not dry:
            raise DeployError("GCORE_API_KEY is not set (export a Gcore API token)", EXIT_USAGE)
        base = args.api_url or os.environ.get("GCORE_API_URL") or DEFAULT_API
        if not base.startswith(("https://", "http://")):
            raise DeployError(f"API URL must start with https:// or http://: {base!r}", EXIT_USAGE)
        gcore = load_sdk(argv) if needs_api else None
        handler = {"deploy": cmd_deploy, "status": cmd_status, "logs": cmd_logs,
                   "check": cmd_check}[command]
        return handler(gcore, args, key, base)
    except DeployError as e:
        err(f"deploy: error: {e}")
        return e.code
    except KeyboardInterrupt:
        err("deploy: interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())

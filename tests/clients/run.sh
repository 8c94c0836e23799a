#!/usr/bin/env bash
# Real MCP clients against the shipped module, served by each runner of
# scripts/lib/serve.sh: the project's runner and Gcore's own fastedge-run.
#
#   bash tests/clients/run.sh
#
# Builds dist/edge-mcp.wasm and the runner (CLIENTS_SKIP_BUILD=1 to reuse them), installs
# the pinned clients below into .tools/ (gitignored; reused when the pinned version is
# already there), and for each runner (RUNNERS="ours gcore" by default) starts it on a
# 127.0.0.1 port, runs each client's test (TypeScript SDK, Python `mcp` 1.x and 2.x,
# MCP Inspector CLI, mcp-remote bridge), and prints one line per client and runner:
#   client: [<runner>] <name> <version>: PASS | FAIL <reason> | SKIP <reason>
# then "N passed, M failed" (", K skipped" when any were), and writes
# tests/clients/results.md from this run. Exits non-zero if any client failed.
# Full logs: .tools/clients-run/<runner>-<client>.log (runner log: .tools/clients-run/runner-<runner>.log).
set -uo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
source scripts/lib/serve.sh
trap serve_stop EXIT

# ---- pinned client versions ----------------------------------------------------------
TS_SDK_VERSION=1.32.2          # @modelcontextprotocol/sdk, newest 1.x
PY_MCP1_VERSION=1.30.0         # PyPI mcp, newest 1.x
PY_MCP2_VERSION=2.3.0          # PyPI mcp, newest 2.x
INSPECTOR_VERSION=2.12.0       # @modelcontextprotocol/inspector (has --cli; needs Node >= 22.19)
MCP_REMOTE_VERSION=0.15.1      # mcp-remote, the stdio bridge the README offers stdio-only clients

tools="$root/.tools"
work="$tools/clients-run"
rm -rf "$work"; mkdir -p "$work"
say() { echo "clients: $*" >&2; }
# Before any client ran: every client fails with the same reason (results.md is left alone).
abort() {
  echo "clients: $*" >&2
  local c
  for c in "@modelcontextprotocol/sdk $TS_SDK_VERSION" "python-mcp $PY_MCP1_VERSION" "python-mcp $PY_MCP2_VERSION" \
           "@modelcontextprotocol/inspector $INSPECTOR_VERSION" "mcp-remote $MCP_REMOTE_VERSION"; do
    echo "client: $c: FAIL $*"
  done
  echo "0 passed, 5 failed"
  exit 1
}

# ---- build -------------------------------------------------------------------------------
if [ "${CLIENTS_SKIP_BUILD:-0}" != "1" ]; then
  say "building dist/edge-mcp.wasm and the runner"
  if ! bash scripts/build.sh > "$work/build.log" 2>&1 \
     || ! cargo build -q -p fastedge-run --profile runner >> "$work/build.log" 2>&1; then
    tail -30 "$work/build.log" >&2
    abort "build failed (.tools/clients-run/build.log)"
  fi
fi
[ -f dist/edge-mcp.wasm ] || abort "dist/edge-mcp.wasm missing"

# ---- Node 22 -------------------------------------------------------------------------------
NODE="$(bash scripts/install-node.sh)" || abort "Node 22 install failed (scripts/install-node.sh)"
export PATH="$(dirname "$NODE"):$PATH"
say "node $("$NODE" --version)"

# ---- installs (each returns non-zero on failure; output in $work/install-*.log) ----------
# Transitive dependencies are locked too: tests/clients/lock/<dir>/package{,-lock}.json for
# npm (installed with `npm ci`), tests/clients/lock/<venv>.txt (`pip freeze`) for Python.
# CLIENTS_RELOCK=1 resolves the pinned versions afresh and rewrites those lock files.
lock="$root/tests/clients/lock"
npm_install() {  # DIR PACKAGE VERSION
  local dir="$1" pkg="$2" ver="$3" name have=""
  name="$(basename "$dir")"
  if [ "${CLIENTS_RELOCK:-0}" = "1" ]; then
    rm -rf "$dir"; mkdir -p "$dir" "$lock/$name"
    ( cd "$dir" && printf '{"name":"%s","private":true}\n' "$name" > package.json \
      && npm install --no-audit --no-fund --loglevel=error --save-exact "$pkg@$ver" ) || return 1
    cp "$dir/package.json" "$dir/package-lock.json" "$lock/$name/"
    return 0
  fi
  [ "$("$NODE" -p "require('$lock/$name/package.json').dependencies['$pkg']" 2>/dev/null)" = "$ver" ] \
    || { echo "tests/clients/lock/$name/package.json does not pin $pkg@$ver: rerun with CLIENTS_RELOCK=1"; return 1; }
  have="$(cd "$dir" 2>/dev/null && "$NODE" -p "require('./node_modules/$pkg/package.json').version" 2>/dev/null || true)"
  if [ "$have" = "$ver" ] && cmp -s "$lock/$name/package-lock.json" "$dir/package-lock.json"; then return 0; fi
  rm -rf "$dir"; mkdir -p "$dir"
  cp "$lock/$name/package.json" "$lock/$name/package-lock.json" "$dir/"
  ( cd "$dir" && npm ci --no-audit --no-fund --loglevel=error )
}
PYTHON="${PYTHON:-python3}"
py_install() {  # VENV VERSION
  local venv="$1" ver="$2" name have=""
  name="$(basename "$venv")"
  "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 10), "mcp needs Python >= 3.10"' || return 1
  if [ "${CLIENTS_RELOCK:-0}" = "1" ]; then
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check "mcp==$ver" || return 1
    "$venv/bin/pip" freeze --disable-pip-version-check > "$lock/$name.txt"
    cp "$lock/$name.txt" "$venv/lock.txt"
    return 0
  fi
  grep -qx "mcp==$ver" "$lock/$name.txt" \
    || { echo "tests/clients/lock/$name.txt does not pin mcp==$ver: rerun with CLIENTS_RELOCK=1"; return 1; }
  have="$("$venv/bin/python" -c 'from importlib.metadata import version; print(version("mcp"))' 2>/dev/null || true)"
  if [ "$have" = "$ver" ] && cmp -s "$lock/$name.txt" "$venv/lock.txt"; then return 0; fi
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv" \
    && "$venv/bin/pip" install -q --disable-pip-version-check -r "$lock/$name.txt" \
    && cp "$lock/$name.txt" "$venv/lock.txt"
}

# ---- run the clients -----------------------------------------------------------------------
passed=0; failed=0; skipped=0
clients=()           # "name version", in order
declare -A results   # ["name version|runner"] = PASS | FAIL ... | SKIP ...
runner=""            # the runner the clients are being run against
record() {  # NAME VERSION RESULT
  echo "client: [$runner] $1 $2: $3"
  case "$3" in PASS) passed=$((passed + 1)) ;; SKIP*) skipped=$((skipped + 1)) ;; *) failed=$((failed + 1)) ;; esac
  [[ " ${clients[*]} " == *" $1 $2 "* ]] || clients+=("$1 $2")
  results["$1 $2|$runner"]="$3"
}
# run_client LOGNAME CMD... : sets $result to PASS when CMD exits 0, else to FAIL with the
# reason from the test's last "FAIL ..." line.
result=""
run_client() {
  local logname="$runner-$1" log="$work/$runner-$1.log"; shift
  local before rc reason
  before="$(wc -l < "$runner_log")"
  timeout 180 "$@" > "$log" 2>&1
  rc=$?
  { echo "--- runner log for this client:"; tail -n +"$((before + 1))" "$runner_log"; } >> "$log"
  if [ "$rc" -eq 0 ]; then
    result=PASS
  else
    reason="$(grep '^FAIL ' "$log" | tail -1 | cut -c6- | cut -c1-300)"
    [ "$rc" -eq 124 ] && reason="timed out after 180s${reason:+; $reason}"
    result="FAIL ${reason:-exit $rc (see .tools/clients-run/$logname.log)}"
  fi
}
# The version a test reports ("sdk-version X") must be the pinned one.
check_version() {  # LOGNAME PIN
  local got; got="$(sed -n 's/^sdk-version //p' "$work/$runner-$1.log" | tail -1)"
  if [ "$result" = PASS ] && [ "$got" != "$2" ]; then result="FAIL ran version '$got', pinned $2"; fi
}

run_clients() {
# 1. TypeScript SDK
if npm_install "$tools/ts-sdk" @modelcontextprotocol/sdk "$TS_SDK_VERSION" > "$work/install-ts-sdk.log" 2>&1; then
  MCP_TS_SDK_DIR="$tools/ts-sdk" run_client ts-sdk "$NODE" tests/clients/ts-sdk.mjs "$url"
  check_version ts-sdk "$TS_SDK_VERSION"
  record @modelcontextprotocol/sdk "$TS_SDK_VERSION" "$result"
else
  record @modelcontextprotocol/sdk "$TS_SDK_VERSION" "FAIL npm install failed: $(tail -1 "$work/install-ts-sdk.log" | cut -c1-200)"
fi

# 2. Python SDK 1.x
if py_install "$tools/py-mcp1" "$PY_MCP1_VERSION" > "$work/install-py-mcp1.log" 2>&1; then
  run_client py-mcp1 "$tools/py-mcp1/bin/python" tests/clients/py_mcp1.py "$url"
  check_version py-mcp1 "$PY_MCP1_VERSION"
  record python-mcp "$PY_MCP1_VERSION" "$result"
else
  record python-mcp "$PY_MCP1_VERSION" "FAIL pip install failed: $(tail -1 "$work/install-py-mcp1.log" | cut -c1-200)"
fi

# 3. Python SDK 2.x (probes server/discover first)
if py_install "$tools/py-mcp2" "$PY_MCP2_VERSION" > "$work/install-py-mcp2.log" 2>&1; then
  run_client py-mcp2 "$tools/py-mcp2/bin/python" tests/clients/py_mcp2.py "$url"
  check_version py-mcp2 "$PY_MCP2_VERSION"
  record python-mcp "$PY_MCP2_VERSION" "$result"
elif grep -qiE 'no matching distribution|could not find a version' "$work/install-py-mcp2.log"; then
  record python-mcp "$PY_MCP2_VERSION" "SKIP not published"
else
  record python-mcp "$PY_MCP2_VERSION" "FAIL pip install failed: $(tail -1 "$work/install-py-mcp2.log" | cut -c1-200)"
fi

# 4. MCP Inspector CLI
if npm_install "$tools/inspector" @modelcontextprotocol/inspector "$INSPECTOR_VERSION" > "$work/install-inspector.log" 2>&1; then
  mkdir -p "$work/inspector-home"
  HOME="$work/inspector-home" run_client inspector \
    bash tests/clients/inspector.sh "$url" "$tools/inspector" "$request_log"
  echo "sdk-version $(HOME="$work/inspector-home" "$tools/inspector/node_modules/.bin/mcp-inspector" --cli --version 2>/dev/null | tail -1)" >> "$work/$runner-inspector.log"
  check_version inspector "$INSPECTOR_VERSION"
  record @modelcontextprotocol/inspector "$INSPECTOR_VERSION" "$result"
else
  record @modelcontextprotocol/inspector "$INSPECTOR_VERSION" "FAIL npm install failed: $(tail -1 "$work/install-inspector.log" | cut -c1-200)"
fi

# 5. mcp-remote stdio bridge, driven by the TS SDK over stdio
if [ ! -d "$tools/ts-sdk/node_modules/@modelcontextprotocol/sdk" ]; then
  record mcp-remote "$MCP_REMOTE_VERSION" "FAIL needs the TS SDK install, which failed"
elif npm_install "$tools/mcp-remote" mcp-remote "$MCP_REMOTE_VERSION" > "$work/install-mcp-remote.log" 2>&1; then
  mkdir -p "$work/mcp-remote-home"
  HOME="$work/mcp-remote-home" MCP_TS_SDK_DIR="$tools/ts-sdk" MCP_REMOTE_DIR="$tools/mcp-remote" \
    run_client mcp-remote "$NODE" tests/clients/mcp-remote.mjs "$url"
  check_version mcp-remote "$MCP_REMOTE_VERSION"
  record mcp-remote "$MCP_REMOTE_VERSION" "$result"
else
  record mcp-remote "$MCP_REMOTE_VERSION" "FAIL npm install failed: $(tail -1 "$work/install-mcp-remote.log" | cut -c1-200)"
fi

}

for runner in $(runners); do
  runner_log="$work/runner-$runner.log"
  if ! serve_start "$runner" dist/edge-mcp.wasm "$runner_log" -e PUBLIC_GREETING=hi --geo; then
    cat "$runner_log" >&2
    for c in "@modelcontextprotocol/sdk $TS_SDK_VERSION" "python-mcp $PY_MCP1_VERSION" "python-mcp $PY_MCP2_VERSION" \
             "@modelcontextprotocol/inspector $INSPECTOR_VERSION" "mcp-remote $MCP_REMOTE_VERSION"; do
      record "${c% *}" "${c##* }" "FAIL the $runner runner did not start"
    done
    continue
  fi
  url="$SERVE_URL/mcp"
  # The Inspector test reads the project runner's request log ("POST /mcp 200 ..."); Gcore's
  # runtime logs requests in its own format, so there it checks the answers only.
  request_log="$runner_log"; [ "$runner" = ours ] || request_log=""
  say "$runner runner pid $SERVE_PID at $url"
  run_clients
  serve_stop
done

# ---- summary -------------------------------------------------------------------------------
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
title() { case "$1" in ours) echo "project runner" ;; gcore) echo "Gcore \`fastedge-run\`" ;; *) echo "$1" ;; esac; }
{
  echo "<!-- generated by tests/clients/run.sh; do not edit by hand -->"
  header="| client | version |"; rule="| --- | --- |"
  for r in $(runners); do header="$header $(title "$r") |"; rule="$rule --- |"; done
  echo "$header"; echo "$rule"
  for c in "${clients[@]}"; do
    row="| \`${c% *}\` | ${c##* } |"
    for r in $(runners); do v="${results["$c|$r"]:-not run}"; row="$row ${v//|/\\|} |"; done
    echo "$row"
  done
  echo
  echo "$summary (clients x runners). Server: \`dist/edge-mcp.wasm\` served by the project's runner and by Gcore's own \`fastedge-run\` (built from \`../shared/gcore-fastedge-run\`); Node $("$NODE" --version | tr -d v), Python $("$PYTHON" -c 'import platform; print(platform.python_version())')."
} > tests/clients/results.md
echo "$summary"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Real-client test: the MCP Inspector CLI (`@modelcontextprotocol/inspector --cli`).
#
#   tests/clients/inspector.sh URL INSPECTOR_DIR RUNNER_LOG
#
# INSPECTOR_DIR holds the pinned install (node_modules/@modelcontextprotocol/inspector);
# the CLI is run as `npx --no-install @modelcontextprotocol/inspector --cli ...` from
# there, so npx uses exactly that install and fetches nothing. RUNNER_LOG is the runner's
# stderr (one `METHOD /path STATUS time` line per request), used to check what each
# invocation sent; empty when the runner logs no such lines (Gcore's fastedge-run), and then
# only the answers are checked. HOME must already point at a scratch folder (run.sh does that).
# Exits 0 on success; on failure prints "FAIL <reason>" as its last line and exits 1.
set -uo pipefail
url="$1"; dir="$2"; runner_log="$3"
export npm_config_update_notifier=false npm_config_loglevel=error
out="$(mktemp)"; err="$(mktemp)"
trap 'rm -f "$out" "$err"' EXIT

fail() { echo "FAIL $*"; exit 1; }

# inspect LABEL ARGS... : runs the CLI, keeps stdout in $out, and the runner-log lines
# this invocation produced in $slice.
slice=""
[ -n "$runner_log" ] || { echo "note: no request log from this runner: the checks of what each call sent (no GET loop, statuses, the initialized notification) are skipped; the answers are checked"; runner_log=/dev/null; }
inspect() {
  local label="$1"; shift
  local before after rc
  before="$(wc -l < "$runner_log")"
  (cd "$dir" && timeout 90 npx --no-install @modelcontextprotocol/inspector --cli "$url" --transport http "$@") > "$out" 2> "$err"
  rc=$?
  sleep 0.2   # the runner logs a request after answering it
  after="$(wc -l < "$runner_log")"
  slice="$(sed -n "$((before + 1)),${after}p" "$runner_log")"
  echo "--- $label: npx @modelcontextprotocol/inspector --cli $url --transport http $* (exit $rc)"
  cat "$out"; echo
  sed 's/^/stderr: /' "$err"
  echo "$slice" | sed 's/^/runner: /'
  [ "$rc" -eq "${want_rc:-0}" ] || fail "$label: exit $rc (want ${want_rc:-0}): $(tr '\n' ' ' < "$err" | cut -c1-300)"
  # No reconnect loop, no transport-level rejection.
  local gets bad
  gets="$(grep -c '^GET ' <<<"$slice" || true)"
  [ "$gets" -le 1 ] || fail "$label: $gets GET requests (reconnect loop?)"
  bad="$(grep -Ev '^(POST /mcp (200|202)|GET /mcp 405) ' <<<"$slice" | grep -v '^$' || true)"
  [ -z "$bad" ] || fail "$label: unexpected requests/statuses: $(tr '\n' ' ' <<<"$bad")"
}
has() { grep -Fq -- "$1" "$out" || fail "$2: output lacks $1"; }

inspect "tools/list" --method tools/list
for t in hello edge_info app_config; do has "\"name\": \"$t\"" "tools/list"; done
[ "$runner_log" = /dev/null ] || grep -q '^POST /mcp 202 ' <<<"$slice" || fail "tools/list: no initialized notification (202) seen: legacy handshake expected"

inspect "tools/call hello" --method tools/call --tool-name hello --tool-arg name=FastEdge
has '"text": "Hello, FastEdge!"' "tools/call hello"

inspect "tools/call app_config" --method tools/call --tool-name app_config --tool-arg key=PUBLIC_GREETING
has '"text": "hi"' "tools/call app_config"

# A tool error: the CLI prints the isError result and exits 5 (tool_is_error).
want_rc=5 inspect "tools/call hello (bad args)" --method tools/call --tool-name hello
has '"isError": true' "tools/call hello without name"
has 'missing required argument \"name\"' "tools/call hello without name"
grep -Fq '"tool_is_error"' "$err" || fail "tools/call hello without name: stderr lacks tool_is_error"

inspect "resources/read" --method resources/read --uri edge://server/about
has '"uri": "edge://server/about"' "resources/read"
has '"text": "# edge-mcp' "resources/read"

inspect "prompts/get" --method prompts/get --prompt-name greet --prompt-args name=Ann style=pirate
has '"text": "Greet Ann in a pirate style. Use the hello tool."' "prompts/get"

# The stateless era: --protocol-era auto probes server/discover and must settle on
# 2026-07-28 here, so no initialize handshake (no 202 for notifications/initialized).
inspect "auto-era tools/call hello" --protocol-era auto --method tools/call --tool-name hello --tool-arg name=FastEdge
has '"text": "Hello, FastEdge!"' "auto-era tools/call hello"
if grep -q '^POST /mcp 202 ' <<<"$slice"; then fail "auto-era: fell back to the initialize handshake"; fi

inspect "modern-era tools/list" --protocol-era modern --method tools/list
has '"name": "hello"' "modern-era tools/list"

echo "ok  all Inspector CLI checks"

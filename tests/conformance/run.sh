#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance) against
# the conformance build of this server, served by the local FastEdge runner.
#
#   bash tests/conformance/run.sh
#
# 1. builds dist/edge-mcp-conformance.wasm (`--features conformance`: the fixtures in
#    catalog/conformance/ and src/conformance/) and the runner (target/runner/fastedge-run);
# 2. installs the two pinned suite versions into .tools/conformance-0.1.16 and
#    .tools/conformance-alpha (npm, once);
# 3. serves the module on 127.0.0.1:<ephemeral port> (killed by PID on exit), in each
#    runner of scripts/lib/serve.sh: the project's (`ours`) and Gcore's own
#    fastedge-run (`gcore`; RUNNERS="ours" narrows a local run);
# 4. runs, in each runner, each against its expected-failures baseline in this directory:
#      0.1.16 full server suite                  (2025-11-25 wire)
#      0.2.0-alpha.12 --requirements 2025-11-25   (2025-11-25 wire)
#      0.2.0-alpha.12 --requirements 2026-07-28   (stateless wire)
# 5. writes tests/conformance/results/<run>[-gcore].log (the suite's output) and
#    tests/conformance/results/summary.json, and prints one line per run and runner:
#      conformance [runner] <suite> (<wire>): N passed, M failed, K expected failures
#
# Exits non-zero when a run has an unexpected failure or a stale baseline entry
# (one that now passes). Environment: CONFORMANCE_SKIP_BUILD=1 reuses the built
# module and runner; CONFORMANCE_RUNS="0.1.16 2025-11-25 2026-07-28" picks runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
here=tests/conformance
results=$here/results
mkdir -p "$results"

V0116=0.1.16
VALPHA=0.2.0-alpha.12
wasm=dist/edge-mcp-conformance.wasm

if [ "${CONFORMANCE_SKIP_BUILD:-0}" != "1" ]; then
  EDGE_MCP_OUT=$wasm bash scripts/build.sh --features conformance --target-dir target/conformance >&2
  cargo build -q -p fastedge-run --profile runner >&2
fi

NODE=$(bash scripts/install-node.sh)
export PATH="$(dirname "$NODE"):$PATH"

install_suite() { # <prefix> <version>
  local prefix=$1 version=$2
  local pkg="$prefix/node_modules/@modelcontextprotocol/conformance/package.json"
  if [ -f "$pkg" ] && grep -q "\"version\": \"$version\"" "$pkg"; then
    return
  fi
  echo "installing @modelcontextprotocol/conformance@$version into $prefix" >&2
  npm install --prefix "$prefix" --omit=dev --no-audit --no-fund --loglevel=error \
    "@modelcontextprotocol/conformance@$version" >&2
}
install_suite .tools/conformance-0.1.16 "$V0116"
install_suite .tools/conformance-alpha "$VALPHA"
cli_0116=$root/.tools/conformance-0.1.16/node_modules/@modelcontextprotocol/conformance/dist/index.js
cli_alpha=$root/.tools/conformance-alpha/node_modules/@modelcontextprotocol/conformance/dist/index.js

source scripts/lib/serve.sh
work=$(mktemp -d)
cleanup() { serve_stop; rm -rf "$work"; }
trap cleanup EXIT

status=0
summaries=()
run_suite() { # <id> <label> <cli> <baseline> [suite args...]   ($runner, $url: where)
  local id=$1$suffix label="[$runner] $2" cli=$3 baseline=$4
  shift 4
  local log=$results/$id.log rc=0 scored=""
  echo "=== conformance $label: $*" >&2
  if [ "${1:-}" = "--requirements" ]; then
    scored=$work/$id.scored
    node "$cli" list --requirements "$2" >"$scored"
  fi
  (cd "$work" && node "$cli" server --url "$url" --expected-failures "$root/$baseline" "$@") >"$log" 2>&1 || rc=$?
  sed -n '/=== SUMMARY ===/,$p' "$log" | sed 's/\x1b\[[0-9;]*m//g' >&2
  local line
  local notes=""
  [ "${1:-}" = "--requirements" ] && [ -f "$root/$here/not-served-$2.md" ] && notes=$root/$here/not-served-$2.md
  line=$(RUNNER_NAME=$runner NOT_SERVED=$notes node "$root/$here/summarize.mjs" "$log" "$id" "$label" "$rc" "$results/$id.json" $scored) || rc=3
  echo "$line" >&2
  summaries+=("$line")
  [ "$rc" = 0 ] || status=1
}

runs=${CONFORMANCE_RUNS:-"0.1.16 2025-11-25 2026-07-28"}
combined=()
for runner in $(runners); do
  suffix=""; [ "$runner" = ours ] || suffix="-$runner"
  if ! serve_start "$runner" "$root/$wasm" "$work/runner-$runner.log"; then
    cat "$work/runner-$runner.log" >&2
    echo "conformance [$runner]: the runner did not start" >&2
    summaries+=("conformance [$runner]: the runner did not start"); status=1
    continue
  fi
  url="$SERVE_URL/mcp"
  echo "serving $wasm at $url in $runner" >&2
  for r in $runs; do
    case "$r" in
      0.1.16) run_suite conformance-0.1.16 "$V0116 (2025 wire)" "$cli_0116" $here/expected-failures-0.1.16.yaml ;;
      2025-11-25) run_suite conformance-alpha-2025-11-25 "$VALPHA --requirements 2025-11-25 (2025 wire)" "$cli_alpha" $here/expected-failures-2025-11-25.yaml --requirements 2025-11-25 ;;
      2026-07-28) run_suite conformance-alpha-2026-07-28 "$VALPHA --requirements 2026-07-28 (2026 stateless wire)" "$cli_alpha" $here/expected-failures-2026-07-28.yaml --requirements 2026-07-28 ;;
      *) echo "unknown run $r" >&2; exit 2 ;;
    esac
    combined+=("$results/conformance-${r/#2/alpha-2}$suffix.json")
  done
  serve_stop
done

node "$root/$here/summarize.mjs" --combine "$results/summary.json" "${combined[@]}"
echo
for s in "${summaries[@]}"; do echo "$s"; done
exit $status

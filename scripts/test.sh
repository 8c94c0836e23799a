#!/usr/bin/env bash
# Runs every test: the one command the README names and CI calls.
#
# Steps, in order (each prints its own results; the last line sums them up):
#   gcore       Gcore's own fastedge-run, built from ../shared/gcore-fastedge-run into
#               $HOME/.cache (skipped when current): the second runner every HTTP step uses
#   native      cargo test -p edge-mcp: transcripts, parser, limits, property, security
#   features    cargo test -p edge-mcp --features conformance: the fixtures' own tests and
#               the SEP-2243 header checks
#   wasm32      scripts/test-wasm32.sh: the same tests on wasm32-wasip1 (32-bit usize) in Wasmtime
#   build       the shipped module (dist/edge-mcp.wasm) and the local runner
#   runner      cargo test -p fastedge-run: the runner, and every transcript replayed
#               over HTTP against the shipped module, in both runners
#   differential tests/differential.rs: fuzz corpus + generated requests, shipped module vs native
#   smoke       tests/smoke.sh: the seed curl calls and error cases, in both runners
#   load        tests/load.sh: 100,000 requests from wrk, zero errors, runner memory flat
#   size        scripts/size-report.sh --check: budget, no core::fmt, report current
#   figures     scripts/bench.sh --check, scripts/tool-cost.sh --check,
#               scripts/feature-cost.sh --check: the README's bench, allocator, tool-cost and
#               HTTP/KV feature-cost figures still hold
#   deploy      deploy tool tests against a recording server on 127.0.0.1 (first installs
#               the pinned gcore SDK into .tools/deploy-venv; a no-op when current)
#   fuzz        scripts/fuzz.sh: each fuzz target for a bounded time
#   conformance tests/conformance/run.sh: the official suite, 0.1.16 and 0.2.0-alpha, in
#               both runners
#   clients     tests/clients/run.sh: TypeScript and Python SDKs, MCP Inspector, mcp-remote,
#               in both runners
#   readme      the README's generated tables match the reports just produced
#
# SKIP=step1,step2 skips steps (for local iteration; CI runs all).
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

passed=0; failed=0; failures=()
step() {
  local name=$1; shift
  if [[ ",${SKIP:-}," == *",$name,"* ]]; then echo "=== $name: skipped"; return; fi
  echo "=== $name: $*"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "=== $name: ok ($((SECONDS - start))s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "=== $name: FAILED ($((SECONDS - start))s)"
  fi
}

rustup target add wasm32-unknown-unknown wasm32-wasip1 >/dev/null 2>&1 || true
export GCORE_FASTEDGE_RUN=${GCORE_FASTEDGE_RUN:-$HOME/.cache/gcore-fastedge-run/fastedge-run}
step gcore bash scripts/install-gcore-runtime.sh
step native cargo test -p edge-mcp
step features bash -c 'cargo test -p edge-mcp --features conformance --lib && cargo test -p edge-mcp --features conformance --test param_headers'
step wasm32 bash scripts/test-wasm32.sh
step build bash -c 'bash scripts/build.sh && cargo build -p fastedge-run --profile runner'
step runner cargo test -p fastedge-run --profile runner
step differential cargo test -p edge-mcp --test differential -- --ignored
step smoke bash tests/smoke.sh
step load bash tests/load.sh
step size bash scripts/size-report.sh --check
step figures bash -c 'bash scripts/bench.sh --check && bash scripts/tool-cost.sh --check && bash scripts/feature-cost.sh --check'
step deploy bash -c 'python3 deploy/deploy.py setup && python3 -m unittest discover -s deploy'
step fuzz bash -c '[ -e scripts/fuzz.sh ] && bash scripts/fuzz.sh'
step conformance bash -c '[ -e tests/conformance/run.sh ] && bash tests/conformance/run.sh'
step clients bash -c '[ -e tests/clients/run.sh ] && bash tests/clients/run.sh'
step readme bash scripts/update-readme.sh --check

echo
# Both runners side by side: the conformance runs and the real clients, as this run left them.
echo "=== compatibility (project runner | Gcore fastedge-run)"
bash scripts/update-readme.sh --print compat-table || true
echo
[ "$failed" = 0 ] || echo "failed steps: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

#!/usr/bin/env bash
# Benchmarks the shipped module against the predecessor (../shared/peers/seed-serde)
# in one run of the local runner, prints the table, and records it in
# size-report/bench.md; builds the module with each allocator feature and records
# size-report/allocators.md. Both are spliced into the README by scripts/update-readme.sh.
#
#   scripts/bench.sh [-n CALLS]   measure (default 300 calls per request kind) and write
#   scripts/bench.sh --check      what CI runs: measure again with BENCH_CHECK_N calls
#                                 (default 5) and fail unless every deterministic figure of
#                                 the committed tables still holds: module bytes, status,
#                                 fuel, memory pages. Times (µs, compile ms) vary from run
#                                 to run and machine to machine; they are what the tables'
#                                 first line says: measured once, on that date, by that
#                                 command.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
n=300
mode=write
case "${1:-}" in
  -n) n=$2 ;;
  --check) mode=check; n=${BENCH_CHECK_N:-5} ;;
esac
out_dir=size-report
if [ "$mode" = check ]; then
  out_dir=$(mktemp -d)
  trap 'rm -rf "$out_dir"' EXIT
fi
peer_dir=../shared/peers/seed-serde
bash scripts/build.sh >&2
cargo build -q -p fastedge-run --profile runner
cargo build -q --manifest-path "$peer_dir/Cargo.toml" --target wasm32-wasip1 --release --target-dir target/peer
peer=target/peer/wasm32-wasip1/release/mcp_server.wasm
out=$(target/runner/fastedge-run bench -w dist/edge-mcp.wasm -w "$peer" -n "$n")
echo "$out"
{
  echo "Measured by \`scripts/bench.sh -n $n\` on $(nproc) cores, $(date -u +%Y-%m-%d); app = \`dist/edge-mcp.wasm\`, peer = the predecessor design (\`seed-serde\`, wasm32-wasip1, opt-level z). Ratios are peer/app (higher is better for the app); times are medians and p99 of instantiate + process; fuel = Wasm instructions; \`fixed\` is a one-byte invalid body (\`x\`), the cost every request pays before any method runs. Sizes, fuel and memory are checked in CI (\`scripts/bench.sh --check\`); times are this run's."
  echo
  echo '```text'
  echo "$out"
  echo '```'
} > "$out_dir/bench.md"
echo "wrote $out_dir/bench.md" >&2

# Allocators: the same server with each allocator feature, bytes and per-request cost.
# Built as scripts/size-report.sh builds its variants (paths remapped, the same target
# dir, so CI compiles the dependencies once), so the bytes match the size table.
allocs="alloc-bump alloc-wee alloc-std"
mkdir -p target/alloc
for a in $allocs; do
  RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--remap-path-prefix=$ROOT=." \
  CARGO_TARGET_DIR=target/size EDGE_MCP_OUT="target/alloc/$a.wasm" \
    bash scripts/build.sh --no-default-features --features "$a" >&2
done
{
  echo "Measured by \`scripts/bench.sh -n $n\` ($(date -u +%Y-%m-%d)): the shipped module built with each allocator feature; fuel = Wasm instructions per request (instantiate + process), time = median of instantiate + process. Bytes, fuel and pages are checked in CI; the time is this run's."
  echo
  echo "| allocator | module bytes | fixed fuel (1-byte invalid body) | initialize fuel | tools/list fuel | tools/call fuel | tools/call median µs | peak memory pages |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for a in $allocs; do
    target/runner/fastedge-run bench -w "target/alloc/$a.wasm" -n "$n" --json | python3 scripts/alloc_row.py "$a"
  done
} > "$out_dir/allocators.md"
cat "$out_dir/allocators.md"
echo "wrote $out_dir/allocators.md" >&2

[ "$mode" = check ] || exit 0
python3 - "$out_dir" <<'PY'
import difflib, re, sys
TIMED = ("median_us", "p99_us", "instantiate_median_us", "compile_ms")
def deterministic(text, table):
    lines = []
    timed_cell = None  # the column of the time (header "... median µs"), found in the header
    for line in text.strip().splitlines():
        if table and line.startswith("| allocator"):
            timed_cell = next(i for i, c in enumerate(line.split("|")) if "median" in c)
        if line.startswith("Measured by"):
            continue  # date, call count, cores
        line = re.sub(r"compile [0-9.]+ ms", "compile ~ ms", line)
        line = re.sub(r"^\d+ calls per request kind", "~ calls per request kind", line)
        words = line.split()
        if any(w in TIMED for w in words[:2]):
            line = " ".join(w for w in words if w in TIMED or not re.match(r"^[0-9.]+x?$", w))
        if table and line.startswith("| `"):
            cells = line.split("|")
            cells[timed_cell] = " ~ "  # tools/call median µs
            line = "|".join(cells)
        lines.append(line)
    return lines
failed = False
for name in ("bench.md", "allocators.md"):
    committed = deterministic(open(f"size-report/{name}").read(), name == "allocators.md")
    now = deterministic(open(f"{sys.argv[1]}/{name}").read(), name == "allocators.md")
    if committed != now:
        failed = True
        print(f"bench: size-report/{name} is stale (deterministic figures differ):", file=sys.stderr)
        sys.stderr.writelines(l + "\n" for l in difflib.unified_diff(committed, now, "committed", "now", lineterm=""))
if failed:
    sys.exit("bench: FAIL: run scripts/bench.sh, then scripts/update-readme.sh, and commit")
print("bench: the committed bench and allocator tables hold (bytes, status, fuel, memory)")
PY

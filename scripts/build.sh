#!/usr/bin/env bash
# Builds the release module and writes the file that ships: dist/edge-mcp.wasm.
#
#   bash scripts/build.sh [cargo flags]        e.g. --features conformance
#
# Extra cargo flags pass through; with EDGE_MCP_OUT=path the result goes there instead.
# The raw cargo output stays where cargo puts it
# (${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/edge_mcp.wasm, or under
# --target-dir if passed); the shipped file is that module after
#   0. the exports no host reads dropped (scripts/lib/unexport.py)
#   1. wasm-opt -Oz --flatten --rereloop -Oz -Oz --converge --low-memory-unused (binaryen 132, with exactly the
#      wasm features rustc enabled) -g --strip-dwarf --strip-producers
#   2. the component-type section renamed `component-type`, without the producers section
#      nested in it (scripts/lib/component_type.py)
#   3. wasm-tools strip of every custom section except component-type* (the world the
#      module implements, possibly in several sections that wit-component merges; the
#      function names included)
# and is only written once it is proven to still componentize:
#   the component-type section is present, `wasm-tools validate` passes on the module,
#   and `wasm-tools component new` + `wasm-tools validate` pass on the component.
# Measured in size-report/sizes.md. EDGE_MCP_OPT=0 ships the raw cargo output instead;
# EDGE_MCP_STAGES_DIR=dir also keeps the intermediate files (see the end).
# Tools come from scripts/install-tools.sh (pinned, into .tools/).
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true

# Where will cargo put the artifact?
tdir="${CARGO_TARGET_DIR:-target}"
prev=""
for a in "$@"; do
  case "$a" in
    --target-dir=*) tdir="${a#--target-dir=}" ;;
  esac
  [ "$prev" = "--target-dir" ] && tdir="$a"
  prev="$a"
done

# The cargo output keeps its function names (strip debuginfo only), and wasm-opt keeps
# them (-g) until step 2 drops them: so the named module (EDGE_MCP_STAGES_DIR/named.wasm)
# is exactly the shipped one plus a name section, which is what the size report's
# twiggy listings and fmt check read. (Names change wasm-opt's function order, so a
# separately built named twin would not be the same module.)
strip_mode=debuginfo
[ "${EDGE_MCP_OPT:-1}" = "0" ] && strip_mode=true
CARGO_PROFILE_RELEASE_STRIP="${CARGO_PROFILE_RELEASE_STRIP:-$strip_mode}" \
  cargo build --release --target wasm32-unknown-unknown -p edge-mcp --lib "$@"
raw="$tdir/wasm32-unknown-unknown/release/edge_mcp.wasm"
out="${EDGE_MCP_OUT:-dist/edge-mcp.wasm}"
mkdir -p "$(dirname "$out")"

if [ "${EDGE_MCP_OPT:-1}" = "0" ]; then
  cp "$raw" "$out"
  echo "$out: $(stat -c %s "$out") bytes (raw cargo output, EDGE_MCP_OPT=0)"
  exit 0
fi

bash scripts/install-tools.sh wasm-tools wasm-opt >/dev/null
eval "$(bash scripts/install-tools.sh --print-env)"

# wasm-opt must be told which post-MVP features the module may use: the stripped
# module has no target_features section. Enable exactly what rustc enables for the
# target, so wasm-opt never introduces a feature the input could not already use.
wasm_opt_features=()
while IFS= read -r f; do
  case "$f" in
    bulk-memory) wasm_opt_features+=(--enable-bulk-memory --enable-bulk-memory-opt) ;;
    multivalue) wasm_opt_features+=(--enable-multivalue) ;;
    mutable-globals) wasm_opt_features+=(--enable-mutable-globals) ;;
    nontrapping-fptoint) wasm_opt_features+=(--enable-nontrapping-float-to-int) ;;
    reference-types) wasm_opt_features+=(--enable-reference-types) ;;
    sign-ext) wasm_opt_features+=(--enable-sign-ext) ;;
    simd128) wasm_opt_features+=(--enable-simd) ;;
    tail-call) wasm_opt_features+=(--enable-tail-call) ;;
    extended-const) wasm_opt_features+=(--enable-extended-const) ;;
    *) echo "build.sh: note: rustc target feature '$f' has no wasm-opt flag mapped" >&2 ;;
  esac
done < <(rustc --print cfg --target wasm32-unknown-unknown -C opt-level=z ${RUSTFLAGS:-} \
           | sed -n 's/^target_feature="\(.*\)"$/\1/p')

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --converge reruns the whole pass list until it stops shrinking. After a first -Oz,
# --flatten --rereloop rebuilds every function's control flow with the Relooper, and two
# more -Oz rounds shrink what that exposes: -363 bytes on the default catalog, measured
# against -Oz --converge alone (size-report/history.md). Measured and not taken: -O4,
# --merge-similar-functions, --dae-optimizing, --inlining-optimizing, -ifwl,
# --precompute-propagate, --code-folding, --duplicate-function-elimination, raised one-caller
# or flexible inlining limits (each 0 or worse).
# --low-memory-unused lets wasm-opt fold `ptr + C` (C < 1024) into a load or store's
# offset, which --flatten leaves unfolded: -245 bytes hello-only, -319 default, about -120
# instructions on every request. The two forms differ only where `ptr + C` wraps past 2^32
# to an address below 1024: unfolded, the access lands in low memory; folded, it traps.
# No correct access wraps (the stack sits in the low 64 KiB, -zstack-size, and reaches
# address 1024 only 63 KiB deep, without wrapping), so it only turns a wild pointer into a
# trap.
# -aimfs=6 (always inline functions up to 6 bytes, default 2): -45 bytes hello-only, -17
# default, 10 fewer functions, about -80 instructions per request. Fewer functions also
# compile faster under Gcore's runtime, which compiles every function of the module on each
# request (about 40 us per function measured there, beside about 1 ms per KB of code).
# 7, 8 and 10 are no smaller; -fimfs and --partial-inlining-ifs change nothing.
# --no-inline=*3mcp6answer*: mcp::answer (the method dispatch, with every method inlined
# into it) stays a function of its own, not inlined into the export as wasm-opt inlines
# any function with one caller. Gcore's runtime compiles a module's functions in parallel,
# so a request waits for the largest one: with the answer inlined, the export alone was
# half the code section (10.9 KB of 20.3 KB) and the module no faster than one 1.9 KB
# larger; split, each half is ~5.4 KB (scripts/bench-gcore.sh prints the largest).
wasm_opt_args=(--no-inline='*3mcp6answer*' -aimfs=6 -Oz --flatten --rereloop -Oz -Oz --converge --low-memory-unused "${wasm_opt_features[@]}" -g --strip-dwarf --strip-producers)
# Only the exports the component model reads (memory, cabi_realloc, the world's
# functions): the others pin code wasm-opt could drop or inline (scripts/lib/unexport.py).
python3 scripts/lib/unexport.py "$raw" "$work/lean.wasm"
"$WASM_OPT" "${wasm_opt_args[@]}" "$work/lean.wasm" -o "$work/opt.wasm"
# The component-type section as `component-type`, without the producers section
# wit-bindgen nests in it: what wit-component reads, and nothing else (-130 bytes; the
# script says why each part may go, and the checks below prove it componentizes).
python3 scripts/lib/component_type.py "$work/opt.wasm" "$work/named.wasm"
"$WASM_TOOLS" strip -d '^name$' "$work/named.wasm" -o "$work/oz.wasm"

# Delete every custom section whose name is not component-type* (exact names).
keep_re='^component-type'
custom_names() { "$WASM_TOOLS" objdump "$1" | sed -n 's/^ *custom "\(.*\)" *|.*/\1/p'; }
del_args=()
while IFS= read -r name; do
  [ -z "$name" ] && continue
  if ! grep -Eq "$keep_re" <<<"$name"; then
    esc="$(printf '%s' "$name" | sed 's/[][\.*^$?+(){}|/]/\\&/g')"
    del_args+=(-d "^${esc}\$")
  fi
done < <(custom_names "$work/oz.wasm")
if [ "${#del_args[@]}" -gt 0 ]; then
  "$WASM_TOOLS" strip "${del_args[@]}" "$work/oz.wasm" -o "$work/ship.wasm"
else
  cp "$work/oz.wasm" "$work/ship.wasm"
fi

# Proof that the optimized module still componentizes.
fail() { echo "build.sh: $*" >&2; exit 1; }
custom_names "$raw" | grep -Eq "$keep_re" || fail "raw module has no component-type* custom section"
custom_names "$work/ship.wasm" | grep -Eq "$keep_re" || fail "component-type section lost by optimization"
"$WASM_TOOLS" validate "$work/ship.wasm" || fail "optimized module does not validate"
"$WASM_TOOLS" component new "$work/ship.wasm" -o "$work/comp.wasm" || fail "optimized module does not componentize"
"$WASM_TOOLS" validate "$work/comp.wasm" || fail "component of the optimized module does not validate"

if [ "$(stat -c %s "$work/ship.wasm")" -gt "$(stat -c %s "$raw")" ]; then
  # Never ship a bigger file than cargo made (raw module verified the same way).
  "$WASM_TOOLS" component new "$raw" -o "$work/comp.wasm" && "$WASM_TOOLS" validate "$work/comp.wasm" \
    || fail "raw module does not componentize"
  cp "$raw" "$work/ship.wasm"
fi
cp "$work/ship.wasm" "$out"
# EDGE_MCP_STAGES_DIR=dir keeps the intermediate files and the wasm-opt arguments
# (used by scripts/size-report.sh to show what each step buys).
if [ -n "${EDGE_MCP_STAGES_DIR:-}" ]; then
  mkdir -p "$EDGE_MCP_STAGES_DIR"
  cp "$work/oz.wasm" "$EDGE_MCP_STAGES_DIR/oz.wasm"
  cp "$work/named.wasm" "$EDGE_MCP_STAGES_DIR/named.wasm"
  cp "$work/comp.wasm" "$EDGE_MCP_STAGES_DIR/component.wasm"
  printf '%s\n' "${wasm_opt_args[@]}" >"$EDGE_MCP_STAGES_DIR/wasm-opt.args"
fi
echo "$out: $(stat -c %s "$out") bytes (cargo output $raw: $(stat -c %s "$raw") bytes; component: $(stat -c %s "$work/comp.wasm") bytes)"

#!/usr/bin/env bash
# Size accounting of the shipped module (dist/edge-mcp.wasm) and its variants.
#
#   bash scripts/size-report.sh           rebuild everything, rewrite size-report/, append to
#                                         size-report/history.md if the shipped size moved
#   bash scripts/size-report.sh --check   regenerate into a temp dir and fail if
#                                         (a) a catalog shape exceeds its budget
#                                             (size-report/budgets/<shape>: hello-only,
#                                             default = dist/edge-mcp.wasm, conformance),
#                                         (b) core::fmt / panic-formatting machinery is linked,
#                                         (c) the committed size-report/ is stale
#
# Builds (each in its own --target-dir so the release artifact is never disturbed):
#   default            scripts/build.sh -> target/wasm32-unknown-unknown/release/edge_mcp.wasm
#                      (cargo output) and dist/edge-mcp.wasm (what ships)
#   names twin         build.sh's own wasm-opt output before the names are dropped (twiggy, fmt check)
#   alloc-wee, alloc-std, bindings-fastedge-crate, conformance   target/size (shared),
#                      results copied to target/size/<variant>.cargo.wasm and <variant>.wasm;
#                      built with --remap-path-prefix=<checkout>=. (sizes independent of the path)
#   hello-only         shape: a scratch catalog with only catalog/server.json and
#                      catalog/tools/hello.json (EDGE_MCP_CATALOG), target/size
#   peer               ../shared/peers/seed-serde (wasm32-wasip1, its own z profile), target/peer
# Tools: scripts/install-tools.sh (pinned twiggy, wasm-tools, wasm-opt in .tools/).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

MODE=write
case "${1:-}" in
  "") ;;
  --check) MODE=check ;;
  -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

PREDECESSOR=252771          # the article's figure: seed-serde default --release + strip
PEER_Z_DOC=170039           # shared/peers/README.md, used only if the peer cannot be built
PEER_DIR="${EDGE_MCP_PEER_DIR:-$ROOT/../shared/peers/seed-serde}"
REPORT="$ROOT/size-report"
SHIP="$ROOT/dist/edge-mcp.wasm"
RAW="$ROOT/target/wasm32-unknown-unknown/release/edge_mcp.wasm"
KEEP_RE='^component-type'

log() { echo "size-report: $*" >&2; }
die() { echo "size-report: FAIL: $*" >&2; exit 1; }

bash scripts/install-tools.sh >&2
eval "$(bash scripts/install-tools.sh --print-env)"
rustup target add wasm32-unknown-unknown wasm32-wasip1 >/dev/null 2>&1 || true

if [ "$MODE" = check ]; then OUT="$(mktemp -d)"; else OUT="$REPORT"; mkdir -p "$OUT"; fi
WORK="$(mktemp -d)"
cleanup() { rm -rf "$WORK"; [ "$MODE" = check ] && rm -rf "$OUT"; return 0; }
trap cleanup EXIT

# ---------------------------------------------------------------------------- builds
log "default build (scripts/build.sh)"
EDGE_MCP_STAGES_DIR="$WORK/stages" bash scripts/build.sh >&2
[ -f "$SHIP" ] && [ -f "$RAW" ] || die "scripts/build.sh did not produce $SHIP"
mapfile -t WASM_OPT_ARGS <"$WORK/stages/wasm-opt.args"
cp "$WORK/stages/oz.wasm" "$WORK/oz.wasm"
cp "$WORK/stages/component.wasm" "$WORK/ship.component.wasm"
"$WASM_TOOLS" validate "$WORK/ship.component.wasm"
"$WASM_TOOLS" objdump "$SHIP" | grep -Eq "custom \"component-type" \
  || die "dist/edge-mcp.wasm lost its component-type custom section"

# The named twin: build.sh's own wasm-opt output before it drops the function names
# (stages/named.wasm), with only the name and component-type sections kept (named
# exactly: build.sh ships the latter as `component-type`, which wasm-tools strip's
# default, `component-type:*`, would drop). Checked below to be dist/edge-mcp.wasm
# byte for byte once the names are dropped. The cargo output keeps its names too
# (build.sh); its sizes are taken without them.
NAMES="$RAW"
mkdir -p "$ROOT/target/names"
NAMES_OPT="$ROOT/target/names/edge_mcp.names.opt.wasm"
twin_del=()
while IFS= read -r name; do
  case "$name" in ""|name|component-type) ;; *) twin_del+=(-d "^$(printf '%s' "$name" | sed 's/[][\.*^$?+(){}|/]/\\&/g')\$") ;; esac
done < <("$WASM_TOOLS" objdump "$WORK/stages/named.wasm" | sed -n 's/^ *custom "\(.*\)" *|.*/\1/p')
"$WASM_TOOLS" strip "${twin_del[@]}" "$WORK/stages/named.wasm" -o "$NAMES_OPT"
"$WASM_TOOLS" strip -d '^name$' "$NAMES_OPT" -o "$WORK/names.noname.wasm"
TWIN_NONAME=$(stat -c %s "$WORK/names.noname.wasm")
"$WASM_TOOLS" strip -d '^name$' "$RAW" -o "$WORK/raw.noname.wasm"
RAW="$WORK/raw.noname.wasm"

declare -A VRAW VSHIP VNOTE
VARIANTS=(alloc-wee alloc-std bindings-fastedge-crate conformance)
variant_flags() {
  case "$1" in
    alloc-wee) echo "--no-default-features --features alloc-wee" ;;
    alloc-std) echo "--no-default-features --features alloc-std" ;;
    bindings-fastedge-crate) echo "--features bindings-fastedge-crate" ;;
    conformance) echo "--features conformance" ;;
  esac
}
for v in "${VARIANTS[@]}"; do
  log "variant $v"
  # shellcheck disable=SC2046
  # One target dir for all variants: dependencies are built once, and cargo keeps each
  # feature set's objects apart; only the uplifted edge_mcp.wasm is overwritten, so it is
  # copied right away.
  rm -f target/size/wasm32-unknown-unknown/release/edge_mcp.wasm "target/size/$v.wasm"
  # --remap-path-prefix: a variant that embeds an absolute source path (panic locations of
  # a #[path]-included file) would otherwise change size with the checkout's path.
  if RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--remap-path-prefix=$ROOT=." \
     CARGO_TARGET_DIR=target/size EDGE_MCP_OUT="target/size/$v.wasm" \
       bash scripts/build.sh $(variant_flags "$v") >&2; then
    "$WASM_TOOLS" strip -d '^name$' target/size/wasm32-unknown-unknown/release/edge_mcp.wasm -o "target/size/$v.cargo.wasm"
    VRAW[$v]=$(stat -c %s "target/size/$v.cargo.wasm")
    VSHIP[$v]=$(stat -c %s "target/size/$v.wasm")
  else
    log "WARNING: variant $v failed to build"
    VRAW[$v]=""; VSHIP[$v]=""; VNOTE[$v]="build failed"
  fi
done

# The hello-only shape: the fixed cost of the server with one tool (scripts/lib/hello_only.sh).
log "shape hello-only (target/size, EDGE_MCP_CATALOG)"
source scripts/lib/hello_only.sh
hello_only_build >&2 || die "the hello-only shape failed to build"
HELLO="$ROOT/target/size/hello-only.wasm"

PEER_BYTES=""
if [ -f "$PEER_DIR/Cargo.toml" ]; then
  log "peer seed-serde (target/peer)"
  if cargo build --manifest-path "$PEER_DIR/Cargo.toml" --target wasm32-wasip1 --release \
       --target-dir target/peer >&2; then
    PEER_BYTES=$(stat -c %s "$(ls target/peer/wasm32-wasip1/release/*.wasm | head -n1)")
  else
    log "WARNING: peer failed to build"
  fi
else
  log "WARNING: peer not found at $PEER_DIR"
fi

# A module that embeds the checkout path has a size that depends on where it is built.
for f in "$SHIP" "$NAMES_OPT"; do
  if grep -aqF "$ROOT/" "$f"; then
    log "WARNING: $(basename "$f") embeds the checkout path $ROOT (e.g. $(grep -aoE "$ROOT/[[:alnum:]_./-]+" "$f" | head -n1)):"
    log "         its size depends on where it is built, so --check can go stale on another checkout"
  fi
done

# ---------------------------------------------------------------------------- numbers
sz() { stat -c %s "$1"; }
export S_RAW=$(sz "$RAW") S_OZ=$(sz "$WORK/oz.wasm") S_SHIP=$(sz "$SHIP") S_COMP=$(sz "$WORK/ship.component.wasm")
export PREDECESSOR PEER_Z_DOC PEER_BYTES
for v in "${VARIANTS[@]}"; do
  k=${v//-/_}
  export "VRAW_$k=${VRAW[$v]}" "VSHIP_$k=${VSHIP[$v]}" "VNOTE_$k=${VNOTE[$v]:-}"
done
export TOOLS_LINE="rustc $(rustc --version | cut -d' ' -f2), wasm-opt $("$WASM_OPT" --version | awk '{print $3}'), wasm-tools $("$WASM_TOOLS" --version | awk '{print $2}'), twiggy $("$TWIGGY" --version | awk '{print $2}')"
"$WASM_TOOLS" objdump "$RAW" >"$WORK/raw.objdump"
"$WASM_TOOLS" objdump "$SHIP" >"$WORK/ship.objdump"
export RAW_OBJDUMP="$WORK/raw.objdump" SHIP_OBJDUMP="$WORK/ship.objdump" WASM_OPT_ARGS_FILE="$WORK/stages/wasm-opt.args"
# Catalog shapes: name, shipped file, budget file.
SHAPES=(hello-only default conformance)
declare -A SHAPE_FILE=([hello-only]="$HELLO" [default]="$SHIP" [conformance]="$ROOT/target/size/conformance.wasm")
for shape in "${SHAPES[@]}"; do
  f="${SHAPE_FILE[$shape]}"
  [ -f "$f" ] || die "the $shape shape has no module ($f)"
  "$WASM_TOOLS" objdump "$f" >"$WORK/shape-$shape.objdump"
done
export SHAPE_LIST="${SHAPES[*]}" WORK
for shape in "${SHAPES[@]}"; do export "SHAPE_BYTES_${shape//-/_}=$(stat -c %s "${SHAPE_FILE[$shape]}")"; done
export BUDGETS_DIR="$REPORT/budgets"

python3 - "$OUT" <<'PY'
import os, re, sys
out = sys.argv[1]
E = os.environ
pred = int(E["PREDECESSOR"])
peer = int(E["PEER_BYTES"]) if E.get("PEER_BYTES") else int(E["PEER_Z_DOC"])
peer_src = "measured" if E.get("PEER_BYTES") else "documented, peer not built"

def n(b): return f"{b:,}"
def ratio(b, ref):
    if b == ref: return "100.0%"
    x = b / ref
    s = f"{x*100:.1f}%"
    return s + (f" ({ref/b:.1f}× smaller)" if b < ref else f" ({x:.2f}× larger)")

rows = []   # (label, bytes or None, note)
rows.append(("**shipped: `dist/edge-mcp.wasm`** (default features, `scripts/build.sh`)", int(E["S_SHIP"]), ""))
rows.append(("default: cargo `--release` output (`edge_mcp.wasm`)", int(E["S_RAW"]), ""))
rows.append(("default: + `wasm-opt` (arguments above)", int(E["S_OZ"]), ""))
rows.append(("default: + component-type section rewritten, other custom sections stripped (= shipped)", int(E["S_SHIP"]), ""))
rows.append(("default: componentized (`wasm-tools component new` of shipped)", int(E["S_COMP"]), ""))
labels = {"alloc_wee": "`alloc-wee` (wee_alloc)", "alloc_std": "`alloc-std` (Rust's dlmalloc)",
          "bindings_fastedge_crate": "`bindings-fastedge-crate` (fastedge crate bindings, std)",
          "conformance": "`conformance` (test fixtures)"}
for k, lab in labels.items():
    raw, ship, note = E.get("VRAW_"+k), E.get("VSHIP_"+k), E.get("VNOTE_"+k)
    rows.append((lab + ": cargo output", int(raw) if raw else None, note))
    rows.append((lab + ": `scripts/build.sh`", int(ship) if ship else None, note))
rows.append((f"peer seed-serde, z profile (wasm32-wasip1, {peer_src})", peer, ""))
rows.append(("predecessor as the article reports it (default `--release` + strip)", pred, ""))

L = []
L.append("# Module sizes")
L.append("")
L.append("Generated by `scripts/size-report.sh`; do not edit. " + E["TOOLS_LINE"] + ".")
L.append("")
L.append("`wasm-opt` arguments (from `scripts/build.sh`): `" + " ".join(open(E["WASM_OPT_ARGS_FILE"]).read().split()) + "`.")
L.append("")
L.append(f"| build | bytes | vs predecessor {n(pred)} | vs peer z-build {n(peer)} |")
L.append("|---|---:|---:|---:|")
for lab, b, note in rows:
    if b is None:
        L.append(f"| {lab} | {note or 'n/a'} | | |")
    else:
        L.append(f"| {lab} | {n(b)} | {ratio(b, pred)} | {ratio(b, peer)} |")
L.append("")
L.append("Every `scripts/build.sh` row is checked the same way before it is written: the")
L.append("`component-type` custom section is present, the module validates, and")
L.append("`wasm-tools component new` + `wasm-tools validate` pass on its component (no WASI")
L.append("imports, so no adapter).")
open(os.path.join(out, "sizes.md"), "w").write("\n".join(L) + "\n")

# README table: build, bytes, ratio vs the 252,771-byte predecessor.
R = []
R.append(f"| build | bytes | vs {n(pred)}-byte predecessor |")
R.append("|---|---:|---:|")
def rr(lab, b):
    R.append(f"| {lab} | {n(b)} | {ratio(b, pred)} |" if b is not None else f"| {lab} | n/a | |")
rr("edge-mcp, shipped (`dist/edge-mcp.wasm`)", int(E["S_SHIP"]))
rr("edge-mcp, as a component", int(E["S_COMP"]))
rr("edge-mcp, cargo output before `wasm-opt`", int(E["S_RAW"]))
for k, lab in [("alloc_wee", "edge-mcp with `alloc-wee`"), ("alloc_std", "edge-mcp with `alloc-std`"),
               ("bindings_fastedge_crate", "edge-mcp with `bindings-fastedge-crate`")]:
    s = E.get("VSHIP_"+k)
    rr(lab, int(s) if s else None)
rr("predecessor, z profile (seed-serde)", peer)
rr("predecessor, default release (the article's \"254 KB\")", pred)
open(os.path.join(out, "readme-table.md"), "w").write("\n".join(R) + "\n")

# Catalog shapes: one table per shape, with its budget and the issue's target.
TARGETS = {"hello-only": (20480, "20 KiB"), "default": (32768, "32 KiB")}
DESCR = {"hello-only": "`catalog/server.json` + `catalog/tools/hello.json` only (the server's fixed cost; without `catalog/auth.json`, so without auth: `scripts/feature-cost.sh` prices it)",
         "default": "`catalog/` as committed: what ships as `dist/edge-mcp.wasm`",
         "conformance": "`catalog/` + `catalog/conformance/` (`--features conformance`)"}
def shape_sections(shape):
    got = {}
    for line in open(os.path.join(E["WORK"], f"shape-{shape}.objdump")):
        m = re.match(r'\s*(custom "(.*)"|[a-z][a-z ]*?)\s*\|\s*0x[0-9a-f]+\s*-\s*0x[0-9a-f]+\s*\|\s*(\d+) bytes\s*\|\s*(\d+) count', line)
        if m:
            name = "component-type" if m.group(2) is not None and m.group(2).startswith("component-type") else m.group(1).strip()
            got[name] = got.get(name, 0) + int(m.group(3))
    return got
P = ["# Catalog shapes", "",
     "The shipped module (`scripts/build.sh`) for each catalog shape, with the budget",
     "`scripts/size-report.sh --check` enforces (`size-report/budgets/<shape>`).",
     "Generated by `scripts/size-report.sh`; do not edit.", ""]
for shape in E["SHAPE_LIST"].split():
    b = int(E["SHAPE_BYTES_" + shape.replace("-", "_")])
    budget_path = os.path.join(E["BUDGETS_DIR"], shape)
    budget = int("".join(ch for ch in open(budget_path).read() if ch.isdigit())) if os.path.exists(budget_path) else None
    secs = shape_sections(shape)
    P.append(f"## {shape}")
    P.append("")
    P.append(DESCR[shape] + ".")
    P.append("")
    P.append("| | bytes |")
    P.append("|---|---:|")
    P.append(f"| **module** | **{n(b)}** |")
    big = ["code", "data", "component-type"]
    for k in big:
        if k in secs:
            P.append(f"| {k} section | {n(secs[k])} |")
    P.append(f"| everything else (types, imports, exports, ...; section headers) | {n(b - sum(secs.get(k, 0) for k in big))} |")
    if budget is not None:
        P.append(f"| budget (`size-report/budgets/{shape}`) | {n(budget)} ({n(budget - b)} to spare) |")
    if shape in TARGETS:
        t, lab = TARGETS[shape]
        P.append(f"| issue target ({lab}) | {n(t)} ({'met' if b <= t else n(b - t) + ' over'}) |")
    P.append("")
open(os.path.join(out, "shapes.md"), "w").write("\n".join(P))

# Sections.
def sections(path):
    res = []
    for line in open(path):
        m = re.match(r'\s*(custom "(.*)"|[a-z][a-z ]*?)\s*\|\s*0x[0-9a-f]+\s*-\s*0x[0-9a-f]+\s*\|\s*(\d+) bytes\s*\|\s*(\d+) count', line)
        if m:
            name = f'custom `{m.group(2)}`' if m.group(2) is not None else m.group(1).strip()
            res.append((name, int(m.group(3)), int(m.group(4))))
    return res
raw, ship = sections(E["RAW_OBJDUMP"]), sections(E["SHIP_OBJDUMP"])
rawd = {k: (b, c) for k, b, c in raw}
shipd = {k: (b, c) for k, b, c in ship}
order = [k for k, _, _ in ship] + [k for k, _, _ in raw if k not in shipd]
S = []
S.append("# Sections of the shipped module")
S.append("")
S.append("`dist/edge-mcp.wasm` vs the cargo output it is made from (`wasm-tools objdump`;")
S.append("bytes are section payloads, count is items in the section).")
S.append("Generated by `scripts/size-report.sh`; do not edit.")
S.append("")
S.append("| section | shipped bytes | shipped count | cargo bytes | cargo count |")
S.append("|---|---:|---:|---:|---:|")
def cell(d, k):
    return (n(d[k][0]), n(d[k][1])) if k in d else ("-", "-")
for k in order:
    a, b = cell(shipd, k), cell(rawd, k)
    S.append(f"| {k} | {a[0]} | {a[1]} | {b[0]} | {b[1]} |")
sh_tot, raw_tot = int(E["S_SHIP"]), int(E["S_RAW"])
S.append(f"| header, section ids and sizes | {n(sh_tot - sum(b for _, b, _ in ship))} | | {n(raw_tot - sum(b for _, b, _ in raw))} | |")
S.append(f"| **file** | **{n(sh_tot)}** | | **{n(raw_tot)}** | |")
open(os.path.join(out, "sections.md"), "w").write("\n".join(S) + "\n")
PY

# ---------------------------------------------------------------------------- twiggy
twig_header() {
  echo "# $1 on target/names/edge_mcp.names.opt.wasm: scripts/build.sh's wasm-opt output before it"
  echo "# drops the name section; without it, byte-identical to dist/edge-mcp.wasm ($S_SHIP bytes)."
  echo "# Generated by scripts/size-report.sh; do not edit."
}
"$WASM_TOOLS" strip "$NAMES" -o "$WORK/names.raw.wasm"   # cargo output, names kept
{
  twig_header "twiggy top -n 60"
  echo "# The \"function names\" subsection is in the twin only. wasm-opt inlines a lot, so the"
  echo "# second table, on the cargo output before wasm-opt, attributes bytes more finely."
  "$TWIGGY" top -n 60 "$NAMES_OPT"
  echo
  echo "# twiggy top -n 60 on the cargo output before wasm-opt ($(stat -c %s "$WORK/names.raw.wasm") bytes"
  echo "# with its name section, $S_RAW bytes without)"
  "$TWIGGY" top -n 60 "$WORK/names.raw.wasm"
} >"$OUT/twiggy-top.txt"
{ twig_header "twiggy dominators -d 3 -r 60"; "$TWIGGY" dominators -d 3 -r 60 "$NAMES_OPT"; } >"$OUT/twiggy-dominators.txt"
{ twig_header "twiggy garbage"; "$TWIGGY" garbage "$NAMES_OPT"; } >"$OUT/twiggy-garbage.txt"

# ---------------------------------------------------------------------------- fmt check
# Function names matching the formatting / panic-formatting machinery, in two views:
#   shipped: the named twin (dist/edge-mcp.wasm byte for byte, plus its function names)
#   cargo:   the cargo output as linked, before wasm-opt (stricter)
# plus, in the shipped view, the texts only alloc's error paths reach (DEAD_TEXTS below).
# SIZE_REPORT_FMT_GATE=shipped (default) fails on the shipped view only and lists the cargo
# view for information; =cargo fails on either. Why shipped by default: on stable Rust a
# no_std crate cannot replace the default alloc error handler, which formats the size
# ("memory allocation of {} bytes failed"), so the cargo output always links
# <u32 as Display>::fmt and Formatter::pad_integral through handle_alloc_error; the
# panic handler ignores the message and wasm-opt drops them. (In the cargo output,
# __rdl_alloc_error_handler passes the size with <u32 as Display>::fmt as a table entry,
# which is why twiggy paths ends at elem[0].)
# v0-mangled names carry crate disambiguators (core[c5930c85a12de822]::fmt) and legacy ones
# a ::h<hash> suffix: both are dropped before matching and in the listing.
FMT_GATE="${SIZE_REPORT_FMT_GATE:-shipped}"
FMT_PATTERNS='core::fmt|Formatter|panic_bounds_check|slice_error_fail|slice_index_fail|slice_start_index_len_fail|slice_end_index_len_fail|str_index_overflow_fail|is_printable|Debug>::fmt|Display>::fmt'
FMT_TOLERATED='panic_fmt|capacity_overflow|handle_alloc_error'
fmt_offenders() {  # wasm file -> "bytes<TAB>name" lines
  "$TWIGGY" top -n 1000000 "$1" \
    | sed -E 's/\[[0-9a-f]{16}\]//g; s/::h[0-9a-f]{16}\b//g' \
    | awk -F'┊' 'NF>=3 {gsub(/^ +| +$/, "", $1); gsub(/^ +| +$/, "", $3); print $1 "\t" $3}' \
    | { grep -E "$FMT_PATTERNS" || true; } | { grep -Ev "$FMT_TOLERATED" || true; } | sort -t$'\t' -k2
}
# alloc's dead error paths also leave text behind: wasm-opt drops the formatting functions
# (so no name above matches) but keeps a `.rodata` string a surviving `RawVec` path still
# addresses. One `Vec::from(&[u8])` brought ~800 bytes of it back (history, s8-json), so the
# shipped shapes are also searched for those texts.
DEAD_TEXTS=('capacity overflow' 'memory allocation of' '/rustc/' 'library/alloc/src')
dead_texts() {  # wasm file, shape -> "bytes<TAB>data: text (shape)" lines
  local t
  for t in "${DEAD_TEXTS[@]}"; do
    if LC_ALL=C grep -aqF "$t" "$1"; then printf '%s\tdata: "%s" (%s)\n' "${#t}" "$t" "$2"; fi
  done
}
{ fmt_offenders "$NAMES_OPT"; dead_texts "$SHIP" default; dead_texts "$HELLO" hello-only; } >"$WORK/fmt-shipped.tsv"
fmt_offenders "$WORK/names.raw.wasm" >"$WORK/fmt-cargo.tsv"
if [ "$FMT_GATE" = cargo ]; then cat "$WORK/fmt-shipped.tsv" "$WORK/fmt-cargo.tsv" | sort -u; else cat "$WORK/fmt-shipped.tsv"; fi \
  >"$WORK/fmt-offenders.tsv"
fmt_list() {
  if [ -s "$1" ]; then
    echo "$(wc -l <"$1") offenders, $(awk -F'\t' '{s+=$1} END {print s}' "$1") bytes (shallow)"
    awk -F'\t' '{printf "%8d  %s\n", $1, $2}' "$1"
  else
    echo "none"
  fi
}
{
  echo "# fmt check: function names matching"
  echo "#   $FMT_PATTERNS"
  echo "# tolerated (static messages only): $FMT_TOLERATED"
  echo "# Generated by scripts/size-report.sh; do not edit."
  echo
  if [ -s "$WORK/fmt-offenders.tsv" ]; then echo "FAIL (gate: $FMT_GATE)"; else echo "PASS (gate: $FMT_GATE)"; fi
  echo
  echo "## shipped view (dist/edge-mcp.wasm with its function names): $(fmt_list "$WORK/fmt-shipped.tsv" | head -n1)"
  fmt_list "$WORK/fmt-shipped.tsv" | tail -n +2
  echo
  echo "## cargo view (names build before wasm-opt): $(fmt_list "$WORK/fmt-cargo.tsv" | head -n1)"
  fmt_list "$WORK/fmt-cargo.tsv" | tail -n +2
  if [ -s "$WORK/fmt-cargo.tsv" ]; then
    echo
    echo "## what retains them in the cargo view (twiggy paths -d 6 -r 30)"
    "$TWIGGY" paths "$WORK/names.raw.wasm" --regex \
      'fmt::Formatter|fmt::Display|fmt::Debug|panic_bounds_check|slice_error_fail|slice_index_fail|len_fail|str_index_overflow_fail|is_printable' \
      -d 6 -r 30 | sed -E 's/[[:space:]]+$//'
  fi
} >"$OUT/fmt-check.txt"

# ---------------------------------------------------------------------------- history
if [ "$MODE" = write ]; then
  H="$REPORT/history.md"
  if [ ! -f "$H" ]; then
    printf '# Size history of dist/edge-mcp.wasm\n\nOne line per change that moved the shipped size; appended by `scripts/size-report.sh`\n(commit and why = the latest commit touching the inputs of the module when it ran; edit by hand if that is not the reason).\n\n| date | commit | bytes | why |\n|---|---|---:|---|\n' >"$H"
  fi
  last="$( (grep -E '^\| [0-9]{4}-' "$H" || true) | tail -n1 | awk -F'|' '{gsub(/[ ,]/, "", $4); print $4}')"
  if [ "$last" != "$S_SHIP" ]; then
    # The commit and subject of the latest change to what the module is made from.
    inputs=(src build Cargo.toml Cargo.lock catalog wit .cargo scripts/build.sh)
    rev="$(git log -1 --format=%h -- "${inputs[@]}" 2>/dev/null || true)"
    subj="$(git log -1 --format=%s -- "${inputs[@]}" 2>/dev/null | sed 's/|/\\|/g' || true)"
    dirty=""; git diff --quiet HEAD -- "${inputs[@]}" 2>/dev/null || dirty="+dirty"
    echo "| $(date -u +%F) | ${rev:-?}$dirty | $(echo "$S_SHIP" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') | ${subj:-?} |" >>"$H"
    log "history: ${last:-none} -> $S_SHIP bytes"
  fi
fi

# ---------------------------------------------------------------------------- verdicts
status=0
for shape in "${SHAPES[@]}"; do
  f="${SHAPE_FILE[$shape]}"; bytes=$(stat -c %s "$f"); budget_file="$REPORT/budgets/$shape"
  if [ -f "$budget_file" ]; then
    budget="$(tr -dc 0-9 <"$budget_file")"
    if [ "$bytes" -gt "$budget" ]; then
      echo "size-report: FAIL: the $shape shape is $bytes bytes, over its budget of $budget bytes (size-report/budgets/$shape) by $((bytes - budget))" >&2
      status=1
    else
      log "budget $shape: $bytes <= $budget bytes ($((budget - bytes)) to spare)"
    fi
  else
    echo "size-report: FAIL: size-report/budgets/$shape is missing" >&2; status=1
  fi
done

if [ -s "$WORK/fmt-offenders.tsv" ]; then
  echo "size-report: FAIL: core::fmt / panic-formatting machinery is linked into the module:" >&2
  awk -F'\t' '{printf "  %7d  %s\n", $1, $2}' "$WORK/fmt-offenders.tsv" >&2
  echo "  (gate: $FMT_GATE view; tolerated: $FMT_TOLERATED; details in size-report/fmt-check.txt)" >&2
  status=1
else
  log "fmt check: no core::fmt / panic-formatting machinery"
fi

# The fmt check and twiggy read the names twin (the shipped bytes carry no names): it
# must be the shipped module byte for byte once its name section is dropped.
if ! cmp -s "$WORK/names.noname.wasm" "$SHIP"; then
  echo "size-report: FAIL: the names twin without its name section ($TWIN_NONAME bytes) is not byte-identical to dist/edge-mcp.wasm ($S_SHIP bytes): the fmt check would not describe what ships" >&2
  status=1
else
  log "names twin: byte-identical to dist/edge-mcp.wasm once its name section is dropped"
fi

# Gcore's runtime compiles a module's functions in parallel, so one function holding most
# of the code section sets a request's latency alone (scripts/lib/function_sizes.py). The
# export once took in every method and was 53% of it; build.sh keeps mcp::answer apart.
read -r largest code_bytes function_count < <(python3 scripts/lib/function_sizes.py "$SHIP")
if [ $((largest * 100)) -gt $((code_bytes * 40)) ]; then
  echo "size-report: FAIL: the shipped module's largest function is $largest of its $code_bytes code bytes (over 40%): Gcore's runtime compiles functions in parallel, so that one function sets the latency (see build.sh's --no-inline)" >&2
  status=1
else
  log "largest function: $largest of $code_bytes code bytes ($function_count functions)"
fi

if [ "$MODE" = check ]; then
  stale=0
  for f in sizes.md shapes.md sections.md readme-table.md fmt-check.txt twiggy-top.txt twiggy-dominators.txt twiggy-garbage.txt; do
    if ! diff -u "$REPORT/$f" "$OUT/$f" >"$WORK/diff" 2>&1; then
      echo "size-report: size-report/$f is stale:" >&2
      cat "$WORK/diff" >&2
      stale=1
    fi
  done
  hlast="$( (grep -E '^\| [0-9]{4}-' "$REPORT/history.md" 2>/dev/null || true) | tail -n1 | awk -F'|' '{gsub(/[ ,]/, "", $4); print $4}')"
  if [ "$hlast" != "$S_SHIP" ]; then
    echo "size-report: size-report/history.md ends at ${hlast:-nothing} bytes, the shipped module is $S_SHIP" >&2
    stale=1
  fi
  if [ "$stale" = 1 ]; then
    echo "size-report: FAIL: the committed size report is stale: run scripts/size-report.sh and commit size-report/" >&2
    status=1
  fi
fi

echo "shipped dist/edge-mcp.wasm: $S_SHIP bytes (cargo $S_RAW, after -Oz $S_OZ, component $S_COMP)"
for shape in "${SHAPES[@]}"; do echo "shape $shape: $(stat -c %s "${SHAPE_FILE[$shape]}") bytes"; done
[ "$status" = 0 ] && log "OK" || true
exit "$status"

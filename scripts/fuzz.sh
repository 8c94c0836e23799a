#!/usr/bin/env bash
# Runs each cargo-fuzz target for a bounded time and fails on any finding.
#
#   scripts/fuzz.sh                 # every target, FUZZ_SECONDS (default 60) each
#   FUZZ_SECONDS=600 scripts/fuzz.sh handle
#
# The corpus of target T is fuzz/corpus/T (seeds t-*/s-* are committed; what the
# fuzzer adds is ignored by git). A crash, timeout or OOM is copied to
# tests/fuzz-corpus/T-<kind>-<hash>, which `cargo test` (tests/fuzz_regressions.rs)
# replays through the handler from then on: commit it with the fix.
#
# Toolchain: cargo-fuzz needs nightly-only rustc flags (-Zsanitizer, -Cpasses).
# A `nightly` rustup toolchain is used when installed; otherwise the stable one
# with RUSTC_BOOTSTRAP=1. cargo-fuzz itself is installed into .tools/cargo.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scan handle slots)

export PATH="$root/.tools/cargo/bin:$PATH"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz into .tools/cargo" >&2
  cargo install cargo-fuzz --locked --root "$root/.tools/cargo"
fi

toolchain=()
if rustup run nightly rustc --version >/dev/null 2>&1; then
  toolchain=(+nightly)
  echo "fuzz.sh: using $(rustup run nightly rustc --version)"
else
  export RUSTC_BOOTSTRAP=1
  echo "fuzz.sh: no nightly toolchain; using $(rustc --version) with RUSTC_BOOTSTRAP=1"
fi

max_len() {
  case $1 in
    handle) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

cd fuzz
cargo "${toolchain[@]}" fuzz build -O
status=0
summary=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  # Findings of earlier runs were saved to tests/fuzz-corpus already.
  rm -f artifacts/"$t"/crash-* artifacts/"$t"/timeout-* artifacts/"$t"/oom-* artifacts/"$t"/leak-*
  log="artifacts/$t/fuzz-$$.log" # per run: two runs at once must not share a log
  echo "fuzz.sh: $t for ${seconds}s (log: fuzz/$log)"
  set +e
  cargo "${toolchain[@]}" fuzz run -O "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -aEo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -aEo '[0-9]+$' | tail -1 || true)
  cov=$(grep -aEo 'cov: [0-9]+' "$log" | tail -1 || true)
  corpus=$(ls "corpus/$t" | wc -l)
  found=0
  for f in artifacts/"$t"/crash-* artifacts/"$t"/timeout-* artifacts/"$t"/oom-* artifacts/"$t"/leak-*; do
    [ -e "$f" ] || continue
    name=$(basename "$f")
    cp "$f" "$root/tests/fuzz-corpus/$t-$name"
    echo "fuzz.sh: FINDING in $t: saved tests/fuzz-corpus/$t-$name" >&2
    found=$((found + 1))
  done
  if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
    status=1
    tail -40 "$log" >&2
  fi
  summary+=("$t: ${runs:-?} execs in ${seconds}s, ${cov:-cov: ?}, corpus $corpus files, findings $found, exit $rc")
done
printf 'fuzz.sh: %s\n' "${summary[@]}"
exit $status

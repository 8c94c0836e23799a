#!/usr/bin/env bash
# Builds Gcore's own local FastEdge runtime (`fastedge-run`, G-Core/FastEdge-lib) with the
# script and sources in ../shared/gcore-fastedge-run/, into $HOME/.cache (outside the clone,
# so a later CI run reuses it; that script keys the binary by its inputs and skips a
# current one). About 15 minutes from scratch on 2 cores, seconds when current.
# Prints the binary's path on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${GCORE_FASTEDGE_RUN:-$HOME/.cache/gcore-fastedge-run/fastedge-run}"
build="${GCORE_RUNTIME_SRC:-$(cd .. && pwd)/shared/gcore-fastedge-run}/build.sh"
[ -f "$build" ] || { echo "Gcore's runtime sources are not at $(dirname "$build")" >&2; exit 1; }
bash "$build" "$out" >&2
echo "$out"

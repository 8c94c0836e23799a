#!/usr/bin/env bash
# Splices generated tables into README.md between their BEGIN/END markers:
#   size-table   <- size-report/readme-table.md   (scripts/size-report.sh)
#   bench        <- size-report/bench.md          (scripts/bench.sh)
#   allocators   <- size-report/allocators.md     (scripts/bench.sh)
#   tool-cost    <- size-report/tool-cost.md      (scripts/tool-cost.sh)
#   bench-gcore  <- size-report/bench-gcore.md    (scripts/bench-gcore.sh)
#   feature-cost <- size-report/feature-cost.md   (scripts/feature-cost.sh)
#   compat-table <- tests/conformance/results/summary.json + tests/clients/results.md
# With --check, fails if README.md is not current instead of writing it; with
# --print NAME, prints block NAME (e.g. compat-table) and changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - "$@" <<'PY'
import pathlib, sys
readme = pathlib.Path("README.md")
text = readme.read_text()
def read(*paths):
    parts = [pathlib.Path(p).read_text().strip() for p in paths if pathlib.Path(p).exists()]
    return "\n\n".join(parts) if parts else "(not generated yet)"
import json
RUNNER_TITLES = {"ours": "project runner", "gcore": "Gcore `fastedge-run`"}
def conformance():
    path = pathlib.Path("tests/conformance/results/summary.json")
    if not path.exists():
        return "(conformance not run yet)"
    runs = json.loads(path.read_text())["runs"]
    runners = list(dict.fromkeys(r.get("runner", "ours") for r in runs))
    suites = {}
    for run in runs:
        label = run["label"].split("] ", 1)[-1]
        suites.setdefault(label, {})[run.get("runner", "ours")] = run
    head = "| suite | wire | scored scenarios | " + " | ".join(
        f"passed / failed ({RUNNER_TITLES.get(r, r)})" for r in runners) + " | expected failures (stateless limits) |"
    rows = [head, "|---|---|---:|" + "---:|" * len(runners) + "---|"]
    for label, by_runner in suites.items():
        suite, _, wire = label.partition(" (")
        first = next(iter(by_runner.values()))
        cells = " | ".join(
            f"{by_runner[r]['passed']} / {by_runner[r]['failed']}" if r in by_runner else "not run" for r in runners)
        expected = ", ".join(f"`{e}`" for e in first.get("expectedFailureEntries", [])) or "none"
        rows.append(f"| `@modelcontextprotocol/conformance` {suite} | {wire.rstrip(')')} | {first['scored']} | {cells} | {expected} |")
    unscored = {}
    for run in runs:
        for n in run.get("notScored", []):
            unscored.setdefault(n["scenario"], {})[run.get("runner", "ours")] = n
    passing = sorted(s for s, by in unscored.items() if all(n["ok"] for n in by.values()))
    rows.append("")
    rows.append("Generated from `tests/conformance/results/summary.json` (written by `tests/conformance/run.sh`, "
                "which serves the module in each runner); the reasons for each expected failure are in "
                "`tests/conformance/expected-failures-*.yaml`. Unscored scenarios that pass in every runner: "
                + (", ".join(f"`{s}`" for s in passing) or "none")
                + ". Unscored and not served (the Tasks extension, which needs state that outlives a request): "
                "each with its reason in `tests/conformance/not-served-2026-07-28.md`.")
    return "\n".join(rows)
blocks = {
    "size-table": read("size-report/readme-table.md"),
    "allocators": read("size-report/allocators.md"),
    "bench": read("size-report/bench.md"),
    "tool-cost": read("size-report/tool-cost.md"),
    "bench-gcore": read("size-report/bench-gcore.md"),
    "feature-cost": read("size-report/feature-cost.md"),
    "compat-table": conformance() + "\n\n" + read("tests/clients/results.md"),
}
new = text
for name, body in blocks.items():
    begin = f"<!-- BEGIN {name}"
    b = new.index(begin)
    b_end = new.index("-->", b) + 3
    e = new.index(f"<!-- END {name} -->")
    new = new[:b_end] + "\n" + body + "\n" + new[e:]
if "--print" in sys.argv:
    print(blocks[sys.argv[sys.argv.index("--print") + 1]])
elif "--check" in sys.argv:
    if new != text:
        sys.exit("README.md is not current: run scripts/update-readme.sh and commit it")
    print("README.md tables are current")
else:
    readme.write_text(new)
    print("README.md updated")
PY

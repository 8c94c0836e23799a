#!/usr/bin/env bash
# Splices generated tables into README.md between their BEGIN/END markers:
#   size-table   <- size-report/readme-table.md   (scripts/size-report.sh)
#   bench        <- size-report/bench.md          (scripts/bench.sh)
#   allocators   <- size-report/allocators.md     (scripts/bench.sh)
#   tool-cost    <- size-report/tool-cost.md      (scripts/tool-cost.sh)
#   compat-table <- tests/conformance/results/summary.json + tests/clients/results.md
# With --check, fails if README.md is not current instead of writing it.
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
def conformance():
    path = pathlib.Path("tests/conformance/results/summary.json")
    if not path.exists():
        return "(conformance not run yet)"
    rows = ["| suite | wire | scored scenarios | passed | failed | expected failures (stateless limits) |",
            "|---|---|---:|---:|---:|---|"]
    for run in json.loads(path.read_text())["runs"]:
        suite, _, wire = run["label"].partition(" (")
        expected = ", ".join(f"`{e}`" for e in run.get("expectedFailureEntries", [])) or "none"
        rows.append(f"| `@modelcontextprotocol/conformance` {suite} | {wire.rstrip(')')} | {run['scored']} | "
                    f"{run['passed']} | {run['failed']} | {expected} |")
    rows.append("")
    rows.append("Generated from `tests/conformance/results/summary.json` (written by `tests/conformance/run.sh`); "
                "the reasons for each expected failure are in `tests/conformance/expected-failures-*.yaml`.")
    return "\n".join(rows)
blocks = {
    "size-table": read("size-report/readme-table.md"),
    "allocators": read("size-report/allocators.md"),
    "bench": read("size-report/bench.md"),
    "tool-cost": read("size-report/tool-cost.md"),
    "compat-table": conformance() + "\n\n" + read("tests/clients/results.md"),
}
new = text
for name, body in blocks.items():
    begin = f"<!-- BEGIN {name}"
    b = new.index(begin)
    b_end = new.index("-->", b) + 3
    e = new.index(f"<!-- END {name} -->")
    new = new[:b_end] + "\n" + body + "\n" + new[e:]
if "--check" in sys.argv:
    if new != text:
        sys.exit("README.md is not current: run scripts/update-readme.sh and commit it")
    print("README.md tables are current")
else:
    readme.write_text(new)
    print("README.md updated")
PY

"""One markdown row of size-report/allocators.md from `fastedge-run bench --json` on stdin."""
import json
import sys

name = sys.argv[1]
app = json.load(sys.stdin)["apps"][0]
r = app["requests"]
peak = max(int(v["memory_peak_pages"]) for v in r.values())
fuel = lambda kind: f"{int(r[kind]['fuel_total']):,}"
print(f"| `{name}` | {app['module_bytes']:,} | {fuel('fixed')} | {fuel('initialize')} | {fuel('tools/list')} | {fuel('tools/call')} "
      f"| {r['tools/call']['median_us']:.1f} | {peak} |")

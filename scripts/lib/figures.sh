# A generated figure file: written, or (with --check) compared with the committed one.
# Source this file, then:
#
#   figure_done SCRIPT MODE REPORT OUT
#
# SCRIPT names the generator in messages; MODE is "write" or "check"; REPORT the committed
# file under size-report/; OUT the freshly generated text. "write" moves OUT over REPORT;
# "check" fails (exit 1) when they differ, naming what to rerun.
figure_done() {
  local script=$1 mode=$2 report=$3 out=$4
  if [ "$mode" = check ]; then
    if diff -u "$report" "$out" >&2; then
      echo "$script: $report holds"; rm -f "$out"
    else
      rm -f "$out"
      echo "$script: FAIL: $report is stale: run scripts/$script.sh and scripts/update-readme.sh" >&2
      exit 1
    fi
  else
    mv "$out" "$report"; echo "wrote $report" >&2
  fi
}

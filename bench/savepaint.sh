#!/usr/bin/env bash
# Save to screen in the live preview (issue 16): BenchmarkSaveToPaint in
# internal/serve, run in rounds. Each run serves a generated portfolio of 10
# and of 1,000 plans with the real builder and watcher, opens the middle
# plan's page in headless Chromium, and saves the plan N times by atomic
# rename; the clock stops at the first frame painted with the new text. It
# prints the median, p95 and slowest save of each run, and fails on a missed
# update.
#
#   bash bench/savepaint.sh                         # 3 rounds, 40 saves each
#   bash bench/savepaint.sh --rounds 5 --against 45b7c37
#
# Options:
#   --rounds N     runs of each size (default 3)
#   --saves N      saves per run (default 40)
#   --against REV  also run an older revision's preview (its client and
#                  server, this checkout's benchmark), interleaved round by
#                  round with this checkout's, on the same machine state
#
# Needs go and chromium (apt-get install -y chromium). Works offline.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
rounds=3
saves=40
against=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --saves) saves=$2; shift 2 ;;
    --against) against=$2; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "savepaint.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
command -v chromium >/dev/null || { echo "savepaint.sh: chromium is not installed (apt-get install -y chromium)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each tree gets its test binary, run from its package directory.
trees=(this)
mkdir -p "$work/this"
(cd "$root" && go test -c -o "$work/this/serve.test" ./internal/serve)
if [ -n "$against" ]; then
  trees+=(old)
  mkdir -p "$work/old/src"
  git -C "$root" archive "$against" | tar -x -C "$work/old/src"
  # The benchmark (and the probe method it needs) from this checkout, so
  # both measure the same way.
  cp "$root/internal/serve/browser_test.go" "$work/old/src/internal/serve/browser_test.go"
  cp "$root/internal/browsertest/page.go" "$work/old/src/internal/browsertest/page.go"
  # KeepSmall (the collector as serve sets it), for revisions that kept it
  # in cmd/rolloutdocs.
  [ -f "$work/old/src/internal/serve/memory.go" ] || cp "$root/internal/serve/memory.go" "$work/old/src/internal/serve/memory.go"
  (cd "$work/old/src" && go test -c -o "$work/old/serve.test" ./internal/serve)
fi
dir_of() { if [ "$1" = this ]; then echo "$root/internal/serve"; else echo "$work/old/src/internal/serve"; fi; }
label_of() { if [ "$1" = this ]; then git -C "$root" describe --always --dirty; else echo "$against"; fi; }

for r in $(seq 1 "$rounds"); do
  for t in "${trees[@]}"; do
    (cd "$(dir_of "$t")" && "$work/$t/serve.test" -test.run '^$' -test.bench SaveToPaint -test.benchtime "${saves}x") |
      awk -v label="$(label_of "$t")" -v round="$r" '/^BenchmarkSaveToPaint/ {
        name = $1; sub(/^BenchmarkSaveToPaint\//, "", name); sub(/-[0-9]+$/, "", name)
        for (i = 3; i < NF; i += 2) v[$(i + 1)] = $i
        printf "round %d  %-10s %-12s median %6.1f ms  p95 %6.1f ms  max %6.1f ms\n", round, label, name, v["p50-ms"], v["p95-ms"], v["max-ms"]
      }'
  done
done

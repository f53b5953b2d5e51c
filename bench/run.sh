#!/usr/bin/env bash
# The performance benchmark (issue 6): for generated portfolios of N plans,
# times `rolloutdocs check`, a cold `rolloutdocs build`, the rebuild after
# one plan changes, the goldmark floor and Hugo building the same pages
# through the theme, and prints a Markdown table of medians, peak memory
# and ratios.
#
#   bash bench/run.sh                       # N = 100, 1000, 10000
#   bash bench/run.sh --sizes 1000 --runs 3
#   bash bench/run.sh --sizes 10000 --runs 1 --no-hugo
#   bash bench/run.sh --sizes 1000 --runs 7 --history-commits 10000 --builds-only
#   bash bench/run.sh --sizes 1000 --runs 7 --builds-only --against 'e30dbca^'
#
# Options:
#   --sizes LIST     comma-separated plan counts (default 100,1000,10000)
#   --runs N         runs of each command per size; the median is shown (default 5)
#   --hugo-runs N    runs of export + hugo per size (default 3; they are slow)
#   --rebuild-edits N  edits timed for the rebuild (default 20)
#   --seed S         generator seed (default 1): same seed, same plans
#   --no-hugo        skip Hugo
#   --workdir DIR    where to generate and build (default: a new temporary
#                    directory, removed at the end); it must be empty or new
#   --keep           keep the work directory
#   --out FILE       also write the table to FILE
#   --history-commits C  also build each size from a git repository whose
#                    history adds and edits its plans over C commits
#                    (genplans -commits C; sizes above C are skipped), in
#                    turn with the plain build: with history and no cache
#                    (as a fresh clone), again (history from the cache),
#                    with --no-history, and --no-history outside git
#   --against REV    also time the plain build (no git) with REV's binary
#                    (git archive REV, go build), in turn with this one's
#   --builds-only    time only the builds: no check, floor, copy, rebuild
#                    or Hugo (for --history-commits and --against)
#
# Needs go and GNU time (/usr/bin/time; `apt-get install -y time`), and
# hugo on PATH (the version tools/hugo pins; see README) unless --no-hugo.
# Works offline: Hugo imports the theme from this checkout.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sizes=100,1000,10000
runs=5
hugo_runs=3
edits=20
seed=1
use_hugo=1
workdir=""
keep=0
out=""
history_commits=0
against=""
builds_only=0

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "bench: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --hugo-runs) hugo_runs=${2:?}; shift 2 ;;
    --rebuild-edits) edits=${2:?}; shift 2 ;;
    --seed) seed=${2:?}; shift 2 ;;
    --no-hugo) use_hugo=0; shift ;;
    --workdir) workdir=${2:?}; shift 2 ;;
    --keep) keep=1; shift ;;
    --out) out=${2:?}; shift 2 ;;
    --history-commits) history_commits=${2:?}; shift 2 ;;
    --against) against=${2:?}; shift 2 ;;
    --builds-only) builds_only=1; use_hugo=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
for v in "$runs" "$hugo_runs" "$edits"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || die "run counts must be positive integers, not '$v'"
done
[[ "$history_commits" =~ ^[0-9]+$ ]] || die "--history-commits takes a number of commits, not '$history_commits'"
IFS=, read -r -a size_list <<<"$sizes"
for n in "${size_list[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "sizes must be positive integers, not '$n'"
done

TIME=/usr/bin/time
if ! "$TIME" -f %e true >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench: installing GNU time (apt-get install -y time)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null
  else
    die "GNU time is missing: apt-get install -y time"
  fi
fi
hugo=""
if [ "$use_hugo" = 1 ]; then
  hugo=$(command -v hugo || true)
  [ -z "$hugo" ] && [ -x "$(go env GOPATH)/bin/hugo" ] && hugo="$(go env GOPATH)/bin/hugo"
  [ -n "$hugo" ] || die "hugo is not on PATH: (cd tools/hugo && go build -o ../../.bin/hugo github.com/gohugoio/hugo), put .bin on PATH, or pass --no-hugo"
fi

if [ -z "$workdir" ]; then
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/rolloutdocs-bench.XXXXXX")
elif [ -e "$workdir" ] && [ -n "$(ls -A "$workdir")" ]; then
  die "$workdir is not empty; give a new or empty directory"
fi
mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)
cleanup() { if [ "$keep" = 0 ]; then rm -rf "$workdir"; else echo "bench: kept $workdir" >&2; fi; }
trap cleanup EXIT

log() { printf '%s\n' "$*" >&2; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "building the binaries"
bin="$workdir/bin"
mkdir -p "$bin"
(cd "$root" &&
  go build -o "$bin/rolloutdocs" ./cmd/rolloutdocs &&
  go build -o "$bin/genplans" ./internal/cmd/genplans &&
  go build -o "$bin/floor" ./bench/floor &&
  go build -o "$bin/sitebench" ./bench/sitebench)
if [ -n "$against" ]; then
  against_rev=$(git -C "$root" rev-parse --short "$against^{commit}") || die "--against: no revision $against here"
  log "building rolloutdocs at $against ($against_rev)"
  mkdir -p "$workdir/against-src"
  git -C "$root" archive "$against_rev" | tar -x -C "$workdir/against-src"
  (cd "$workdir/against-src" && go build -o "$bin/rolloutdocs-against" ./cmd/rolloutdocs)
  rm -rf "$workdir/against-src"
fi

# timed LABEL CMD...: runs CMD under GNU time, appending "wall cpu maxrss_kib"
# to $workdir/times/LABEL. Output goes to $workdir/logs/LABEL.log; a
# failing command stops the benchmark with its log.
timed() {
  local label=$1; shift
  mkdir -p "$workdir/times" "$workdir/logs"
  local t="$workdir/times/$label.tmp"
  if ! "$TIME" -f '%e %U %S %M' -o "$t" "$@" >>"$workdir/logs/$label.log" 2>&1; then
    # check exits 1 when plans have problems; that is a result, not a failure.
    if ! { [[ "$label" == check-* ]] && grep -q 'exit status 1$' "$t"; }; then
      log "bench: '$*' failed:"; tail -20 "$workdir/logs/$label.log" >&2; exit 1
    fi
  fi
  tail -1 "$t" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' >>"$workdir/times/$label"
  rm -f "$t"
}

# median FILE COLUMN: the median of a column (the lower middle for even counts).
median() { awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
maxof() { awk -v c="$2" 'BEGIN { m = 0 } $c > m { m = $c } END { print m }' "$1"; }

hugo_site() { # a fresh copy of the test Hugo site, without leftovers
  local dir=$1
  mkdir -p "$dir"
  cp -R "$root/testdata/hugosite/." "$dir/"
  rm -rf "$dir/public" "$dir/data/rolloutdocs" "$dir/resources"
}

for n in "${size_list[@]}"; do
  src="$workdir/plans-$n"
  log "N=$n: generating (seed $seed)"
  "$bin/genplans" -n "$n" -seed "$seed" "$src" 2>>"$workdir/genplans.log"
  # The same plans as the last version of a git history (genplans ends a
  # history at the files it writes without one).
  hsrc=""
  if [ "$history_commits" -gt 0 ]; then
    if [ "$n" -le "$history_commits" ]; then
      hsrc="$workdir/history-$n"
      log "N=$n: generating a git history of $history_commits commits"
      "$bin/genplans" -n "$n" -seed "$seed" -commits "$history_commits" "$hsrc" 2>>"$workdir/genplans.log"
      tail -1 "$workdir/genplans.log" >&2
      diff -r -q -x .git "$src" "$hsrc" >/dev/null || die "the history's HEAD has other files than $src"
    else
      log "N=$n: no history case: $history_commits commits cannot add $n plans"
    fi
  fi

  # Every run writes to a directory of its own, removed only when the size
  # is done: deleting thousands of files just before a run slows the next
  # file creations on some file systems (ext4 with discard: 2-5x).
  outdir="$workdir/out-$n"
  mkdir -p "$outdir"
  # The builds of one run follow one another, so that each kind sees the
  # same machine state as the others over the runs (A/B/C, A/B/C...).
  for r in $(seq "$runs"); do
    if [ "$builds_only" = 1 ]; then
      log "N=$n: run $r/$runs: builds"
    else
      log "N=$n: run $r/$runs: check, build, floor, copy"
      timed "check-$n" "$bin/rolloutdocs" check "$src/content"
      sync
    fi
    timed "build-$n" "$bin/rolloutdocs" build --source "$src" --destination "$outdir/site-$r"
    sync
    if [ -n "$hsrc" ]; then
      # Cold: no history cache, as in a fresh clone; then the same build
      # again, which finds the cache the first one wrote (no new commits).
      rm -rf "$hsrc/.git/rolloutdocs"
      timed "build-history-$n" "$bin/rolloutdocs" build --source "$hsrc" --destination "$outdir/site-history-$r"
      sync
      timed "build-cached-$n" "$bin/rolloutdocs" build --source "$hsrc" --destination "$outdir/site-cached-$r"
      sync
      timed "build-nohistory-$n" "$bin/rolloutdocs" build --no-history --source "$hsrc" --destination "$outdir/site-nohistory-$r"
      sync
      # Outside git with history left out: what looking for git costs.
      timed "build-nogit-nohistory-$n" "$bin/rolloutdocs" build --no-history --source "$src" --destination "$outdir/site-nogit-nohistory-$r"
      sync
    fi
    if [ -n "$against" ]; then
      timed "build-against-$n" "$bin/rolloutdocs-against" build --source "$src" --destination "$outdir/site-against-$r"
      sync
    fi
    [ "$builds_only" = 1 ] && continue
    timed "floor-$n" "$bin/floor" -source "$src" -dest "$outdir/floor-$r"
    sync
    # What creating the site's files costs on this file system, with no
    # work to make them: a copy of the first build's output.
    timed "copy-$n" cp -R "$outdir/site-1" "$outdir/copy-$r"
  done
  if [ -n "$hsrc" ]; then
    grep -q 'note: no history' "$workdir/logs/build-history-$n.log" &&
      die "the build in $hsrc read no history: $(grep 'note: no history' "$workdir/logs/build-history-$n.log" | tail -1)"
    grep -q 'Last change' "$outdir/site-history-1/index.html" || die "the build in $hsrc shows no history on its index"
  fi
  grep -o 'built [0-9]* plans, [0-9]* pages' "$workdir/logs/build-$n.log" | tail -1 | awk '{ print $4 }' >"$workdir/times/pages-$n"

  # Three kinds of edit: a sentence of prose (the plan's own pages and the
  # index files change), a ticked task (its row on the index too) and the
  # title (also every metric page across plans that lists the plan).
  for kind in prose task title; do
    [ "$builds_only" = 1 ] && break
    log "N=$n: rebuild after one plan changes ($kind edit, $edits edits)"
    "$bin/sitebench" rebuild -source "$src" -runs "$edits" -edit "$kind" >"$workdir/logs/rebuild-$kind-$n.log" 2>&1 ||
      { tail -20 "$workdir/logs/rebuild-$kind-$n.log" >&2; exit 1; }
    tail -1 "$workdir/logs/rebuild-$kind-$n.log" >"$workdir/times/rebuild-$kind-$n"
  done

  if [ -n "$hugo" ]; then
    for r in $(seq "$hugo_runs"); do
      log "N=$n: run $r/$hugo_runs: export --hugo, hugo"
      hs="$outdir/hugosite-$r"
      hugo_site "$hs"
      timed "export-$n" "$bin/rolloutdocs" export --hugo "$hs" --source "$src"
      sync
      timed "hugo-$n" env HUGO_MODULE_REPLACEMENTS="github.com/rolloutdocs/rolloutdocs -> $root" \
        HUGO_CACHEDIR="$outdir/hugocache-$r" HUGO_ENVIRONMENT=production \
        "$hugo" --source "$hs" --destination "$hs/public" --logLevel warn
    done
  fi
  log "N=$n: removing the outputs"
  rm -rf "$outdir"
  sync
  sleep 5 # let the file system finish discarding them
done

# ---- the table ----
commas() { echo "$1" | sed -e :a -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/; ta'; }
fmt_s() { awk -v v="$1" 'BEGIN { if (v < 10) printf "%.2f s", v; else printf "%.1f s", v }'; }
fmt_mib() { awk -v v="$1" 'BEGIN { printf "%d MiB", v / 1024 + 0.5 }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%+.0f%%", (a / b - 1) * 100; else print "–" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "–" }'; }
cell() { # cell LABEL N: "median wall (cpu X s, peak Y MiB)"
  local f="$workdir/times/$1-$2"
  [ -s "$f" ] || { printf '–'; return; }
  printf '%s (cpu %s, %s)' "$(fmt_s "$(median "$f" 1)")" "$(fmt_s "$(median "$f" 2)")" "$(fmt_mib "$(maxof "$f" 3)")"
}
wall() { local f="$workdir/times/$1-$2"; [ -s "$f" ] && median "$f" 1 || echo 0; }

{
  printf '| | %s |\n' "$(for n in "${size_list[@]}"; do printf '%s plans | ' "$(commas "$n")"; done | sed 's/ | $//')"
  printf '|---|%s\n' "$(for _ in "${size_list[@]}"; do printf -- '---:|'; done)"
  row() { local name=$1 label=$2; printf '| %s |' "$name"; for n in "${size_list[@]}"; do printf ' %s |' "$(cell "$label" "$n")"; done; printf '\n'; }
  printf '| pages | %s\n' "$(for n in "${size_list[@]}"; do printf '%s | ' "$(commas "$(cat "$workdir/times/pages-$n" 2>/dev/null || echo –)")"; done | sed 's/ $//')"
  [ "$builds_only" = 0 ] && row '`rolloutdocs check`' check
  row '`rolloutdocs build` (cold, fresh destination)' build
  if [ "$history_commits" -gt 0 ]; then
    row "\`build\` in a git repository of $(commas "$history_commits") commits, no history cache (a fresh clone)" build-history
    row '`build` again, history from the cache (no new commits)' build-cached
    row '`build --no-history`, the same repository' build-nohistory
    row '`build --no-history`, the same files outside git' build-nogit-nohistory
    pcts() { # pcts LABEL: LABEL's time against --no-history in the repository and against the plain build
      for n in "${size_list[@]}"; do
        if [ -s "$workdir/times/$1-$n" ]; then
          h=$(wall "$1" "$n")
          printf ' %s (%s) |' "$(pct "$h" "$(wall build-nohistory "$n")")" "$(pct "$h" "$(wall build "$n")")"
        else printf ' – |'; fi
      done
    }
    printf '| **history adds, no cache** (to --no-history; to the plain build) |%s\n' "$(pcts build-history)"
    printf '| **history adds, from the cache** (to --no-history; to the plain build) |%s\n' "$(pcts build-cached)"
    printf '| **outside git, history looked for** (plain build to --no-history there) |'
    for n in "${size_list[@]}"; do printf ' %s |' "$(pct "$(wall build "$n")" "$(wall build-nogit-nohistory "$n")")"; done; printf '\n'
  fi
  if [ -n "$against" ]; then
    row "\`build\` at $against ($against_rev), same files" build-against
    printf '| **build / build at %s** |' "$against"
    for n in "${size_list[@]}"; do printf ' %s |' "$(pct "$(wall build "$n")" "$(wall build-against "$n")")"; done; printf '\n'
  fi
  for kind in prose task title; do
    [ "$builds_only" = 1 ] && break
    printf '| rebuild after one plan changes: %s edit (median of %s) |' "$kind" "$edits"
    for n in "${size_list[@]}"; do printf ' %s ms |' "$(cat "$workdir/times/rebuild-$kind-$n")"; done; printf '\n'
  done
  if [ "$builds_only" = 0 ]; then
    row 'floor: read + goldmark + write, no templates' floor
    row 'writing the built site alone (`cp -R` of its output)' copy
  fi
  if [ -n "$hugo" ]; then
    row '`rolloutdocs export --hugo`' export
    row '`hugo` with the theme' hugo
    printf '| **Hugo / build** (hugo alone; with export) |'
    for n in "${size_list[@]}"; do
      h=$(wall hugo "$n"); e=$(wall export "$n"); b=$(wall build "$n")
      printf ' %s (%s) |' "$(ratio "$h" "$b")" "$(ratio "$(awk -v a="$h" -v b="$e" 'BEGIN { print a + b }')" "$b")"
    done; printf '\n'
  fi
  if [ "$builds_only" = 0 ]; then
    printf '| **build / floor** |'
    for n in "${size_list[@]}"; do printf ' %s |' "$(ratio "$(wall build "$n")" "$(wall floor "$n")")"; done; printf '\n'
  fi
  # Growth from 1,000 to 10,000 plans, when both were measured.
  if [ -s "$workdir/times/build-1000" ] && [ -s "$workdir/times/build-10000" ]; then
    printf '\n10,000 plans / 1,000 plans (wall): check %s, build %s, floor %s' \
      "$(ratio "$(wall check 10000)" "$(wall check 1000)")" "$(ratio "$(wall build 10000)" "$(wall build 1000)")" \
      "$(ratio "$(wall floor 10000)" "$(wall floor 1000)")"
    [ -n "$hugo" ] && printf ', hugo %s' "$(ratio "$(wall hugo 10000)" "$(wall hugo 1000)")"
    printf '.\n'
  fi
  printf '\nMedian wall time (median CPU time user+sys, peak RSS of any run). %s runs each%s, seed %s.\n' "$runs" "$([ -n "$hugo" ] && echo " (Hugo $hugo_runs)")" "$seed"
  printf 'Machine: %s, %s CPUs, %s; %s; %s.\n' "$(uname -sm)" "$(nproc)" \
    "$(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo)" "$(go version | awk '{ print $3 }')" \
    "$([ -n "$hugo" ] && "$hugo" version | awk '{ print "hugo " $2 }' || echo 'no hugo')"
  printf 'Load average before: %s; after: %s.\n' "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'Command: bash bench/run.sh --sizes %s --runs %s --hugo-runs %s --seed %s%s%s%s%s\n' "$sizes" "$runs" "$hugo_runs" "$seed" \
    "$([ "$use_hugo" = 0 ] && [ "$builds_only" = 0 ] && echo ' --no-hugo')" "$([ "$history_commits" -gt 0 ] && echo " --history-commits $history_commits")" \
    "$([ -n "$against" ] && echo " --against '$against'")" "$([ "$builds_only" = 1 ] && echo ' --builds-only')"
} | tee "$workdir/table.md"
[ -n "$out" ] && cp "$workdir/table.md" "$out"
exit 0

#!/usr/bin/env bash
# The diff benchmark (issue 12): times `rolloutdocs diff` between two
# commits of a generated portfolio of N plans with K plans changed, and
# between a commit and the working tree (the default head), so the table
# shows the time growing with the changed plans, not the portfolio.
#
#   bash bench/diff.sh                                   # N = 1000, 10000; K = 10, 100
#   bash bench/diff.sh --sizes 1000 --changed 10 --runs 5
#
# Options:
#   --sizes LIST     comma-separated portfolio sizes (default 1000,10000)
#   --changed LIST   comma-separated numbers of changed plans (default 10,100)
#   --runs N         runs of each command; the median is shown (default 5)
#   --workdir DIR    where to generate (default: a temporary directory, removed)
#
# Needs go and git. Works offline. Not part of CI: it measures, it does not test.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sizes=1000,10000
changed=10,100
runs=5
workdir=
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) sizes=$2; shift 2 ;;
	--changed) changed=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--workdir) workdir=$2; shift 2 ;;
	-h|--help) sed -n '2,16p' "$0"; exit 0 ;;
	*) echo "bench/diff.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
if [ -z "$workdir" ]; then
	workdir=$(mktemp -d)
	trap 'rm -rf "$workdir"' EXIT
fi
mkdir -p "$workdir"
bin=$workdir/rolloutdocs
(cd "$root" && go build -o "$bin" ./cmd/rolloutdocs && go build -o "$workdir/genplans" ./internal/cmd/genplans)

export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

# median_ms runs "$@" $runs times in the current directory and prints the
# median wall time in milliseconds.
median_ms() {
	local times=() i s e
	for ((i = 0; i < runs; i++)); do
		s=$(date +%s%N)
		"$@" >/dev/null
		e=$(date +%s%N)
		times+=($(((e - s) / 1000000)))
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo "| plans | changed | diff commit..commit (ms) | diff commit..working tree (ms) | plans reported |"
echo "|---:|---:|---:|---:|---:|"
IFS=, read -ra ns <<<"$sizes"
IFS=, read -ra ks <<<"$changed"
for n in "${ns[@]}"; do
	for k in "${ks[@]}"; do
		dir=$workdir/p$n-$k
		rm -rf "$dir"
		"$workdir/genplans" -n "$n" "$dir" >/dev/null
		(
			cd "$dir"
			git init -q -b main && git add -A && git commit -q -m base
			# Change K plans: the first phase's duration cut to 1 day.
			git ls-files content/plans | sed -n "1,${k}p" | while read -r f; do
				sed -i '0,/^\*\*Duration:\*\*.*/s//**Duration:** 1 day/' "$f"
			done
			git commit -q -am head
			git checkout -q HEAD~1 -- content && git checkout -q main -- content  # warm the index
			commits=$(median_ms "$bin" diff --base HEAD~1 --head HEAD)
			git reset -q --soft HEAD~1
			worktree=$(median_ms "$bin" diff --base HEAD)
			reported=$("$bin" diff --base HEAD --format json | grep -c '"slug"')
			echo "| $n | $k | $commits | $worktree | $reported |"
		)
	done
done

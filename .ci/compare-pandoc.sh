#!/usr/bin/env bash
# compare-pandoc.sh — times altformats against pandoc on the same Markdown and
# prints wall time, CPU time and peak memory side by side, with ratios.
#
# For people, not for CI: it takes minutes at the large size, and timings on
# a shared machine mean little as a pass/fail. .ci/run never calls it.
#
#   .ci/compare-pandoc.sh                 # seed and seed×1000, 3 runs each (1 run at ×1000)
#   .ci/compare-pandoc.sh --sizes "1 10"  # other sizes
#   .ci/compare-pandoc.sh --runs 5        # more runs per command (the median is shown)
#
# Inputs are content/ahp-mental-health.md and its body repeated N times
# (front matter once), written to a temporary folder. altformats runs as a
# built binary: every format in one process ("all"), and each format alone
# for the per-format rows. pandoc (when installed) makes docx, html, epub3 and
# plain text from the same file. Peak memory is the maximum resident set size
# from GNU time (/usr/bin/time, Debian package "time").
set -euo pipefail

sizes="1 1000"
runs=3
while [ $# -gt 0 ]; do
	case "$1" in
	--sizes) sizes="$2"; shift 2 ;;
	--runs) runs="$2"; shift 2 ;;
	-h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "compare-pandoc.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
	esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
seed="$root/content/ahp-mental-health.md"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/altformats-compare.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

gnutime=/usr/bin/time
if ! "$gnutime" -f %e true >/dev/null 2>&1; then
	echo "note: GNU time (/usr/bin/time) is missing, so no peak memory figures; install it with: apt-get install time" >&2
	gnutime=""
fi
have_pandoc=1
if ! command -v pandoc >/dev/null 2>&1; then
	have_pandoc=0
fi

echo "building altformats..." >&2
(cd "$root" && go build -o "$tmp/altformats" ./cmd/altformats)

# make_input N: the seed with its body repeated N times.
make_input() {
	local n=$1 out="$tmp/in/seed-x$1.md"
	mkdir -p "$tmp/in"
	awk -v n="$n" -v slug="seed-x$n" '
		NR == 1 && $0 == "---" { fm = 1; print; next }
		fm && $0 == "---" { fm = 0; print; next }
		fm && /^slug:/ { print "slug: " slug; next }
		fm { print; next }
		{ body = body $0 "\n" }
		END { for (i = 0; i < n; i++) printf "%s\n", body }
	' "$seed" >"$out"
	echo "$out"
}

# measure LABEL CMD...: runs CMD $runs times, keeps the run with the median
# wall time, and prints "wall_s cpu_s rss_kib" (rss "-" without GNU time).
measure() {
	local i log="$tmp/time.log" rows="$tmp/rows.txt"
	: >"$rows"
	for ((i = 0; i < reps; i++)); do
		if [ -n "$gnutime" ]; then
			if ! "$gnutime" -o "$log" -f "%e %U %S %M" "$@" >"$tmp/cmd.out" 2>&1; then
				echo "command failed: $*" >&2
				sed -n '1,20p' "$tmp/cmd.out" >&2
				echo "- - -"
				return
			fi
			awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' "$log" >>"$rows"
		else
			local t0 t1
			t0=$(date +%s%N)
			if ! "$@" >"$tmp/cmd.out" 2>&1; then
				echo "command failed: $*" >&2
				echo "- - -"
				return
			fi
			t1=$(date +%s%N)
			awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f - -\n", (b - a) / 1e9 }' >>"$rows"
		fi
	done
	sort -n "$rows" | awk -v n="$reps" 'NR == int((n + 1) / 2)'
}

# fmt_row NAME A_WALL A_CPU A_RSS P_WALL P_CPU P_RSS
fmt_row() {
	awk -v name="$1" -v aw="$2" -v ac="$3" -v ar="$4" -v pw="$5" -v pc="$6" -v pr="$7" '
		function mib(k) { return (k == "-" || k == "") ? "-" : sprintf("%.0f", k / 1024) }
		function ratio(p, a) { return (p == "-" || a == "-" || a + 0 == 0 || p + 0 == 0) ? "-" : sprintf("%.1f×", p / a) }
		BEGIN {
			printf "  %-14s %9s %8s %8s | %9s %8s %8s | %7s %7s %7s\n", name, aw, ac, mib(ar), pw, pc, mib(pr), ratio(pw, aw), ratio(pc, ac), ratio(pr, ar)
		}'
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(go version | cut -d' ' -f3)"
if [ "$have_pandoc" = 1 ]; then
	echo "pandoc: $(pandoc --version | head -1)"
else
	echo "note: pandoc is not installed, so only altformats is timed (apt-get install pandoc to compare)"
fi
echo "each figure is the median of the runs; wall and CPU (user+system) in seconds, peak RSS in MiB;"
echo "ratios are pandoc ÷ altformats (above 1× means altformats is faster or smaller); on a busy"
echo "machine wall times swing with other load, CPU times much less; /usr/bin/time counts in 10 ms steps"

for n in $sizes; do
	in=$(make_input "$n")
	reps=$runs
	if [ "$n" -ge 100 ] && [ "$runs" -gt 1 ]; then
		reps=1 # large inputs take seconds per command; one run is enough to see the ratio
	fi
	echo
	echo "seed × $n ($(wc -c <"$in") bytes of Markdown), $reps run(s) each"
	printf "  %-14s %9s %8s %8s | %9s %8s %8s | %7s %7s %7s\n" format "af wall" "af cpu" "af MiB" "pd wall" "pd cpu" "pd MiB" "wall" "cpu" "memory"

	read -r aw ac ar < <(measure "$tmp/altformats" build "$in" --out "$tmp/out-af")
	pw_sum=0 pc_sum=0 pr_max=0 pd_ok=$have_pandoc
	declare -A pd=()
	for f in docx html epub txt; do
		a=$(measure "$tmp/altformats" build --formats "$f" "$in" --out "$tmp/out-af-$f")
		p="- - -"
		if [ "$have_pandoc" = 1 ]; then
			case $f in
			docx) p=$(measure pandoc -f markdown -s -t docx -o "$tmp/pd.docx" "$in") ;;
			html) p=$(measure pandoc -f markdown -s -t html5 -o "$tmp/pd.html" "$in") ;;
			epub) p=$(measure pandoc -f markdown -s -t epub3 -o "$tmp/pd.epub" "$in") ;;
			txt) p=$(measure pandoc -f markdown -s -t plain -o "$tmp/pd.txt" "$in") ;;
			esac
			read -r w c r <<<"$p"
			if [ "$w" = "-" ]; then
				pd_ok=0
			else
				pw_sum=$(awk -v a="$pw_sum" -v b="$w" 'BEGIN { print a + b }')
				pc_sum=$(awk -v a="$pc_sum" -v b="$c" 'BEGIN { print a + b }')
				if [ "$r" != "-" ] && [ "$r" -gt "$pr_max" ]; then pr_max=$r; fi
			fi
		fi
		pd[$f]="$a|$p"
	done
	for f in docx html epub txt; do
		IFS='|' read -r a p <<<"${pd[$f]}"
		# shellcheck disable=SC2086 # the fields are meant to split
		fmt_row "$f" $a $p
	done
	for f in pdf large-print; do
		# shellcheck disable=SC2046
		fmt_row "$f" $(measure "$tmp/altformats" build --formats "$f" "$in" --out "$tmp/out-af-$f") "(none)" - -
	done
	if [ "$pd_ok" = 1 ]; then
		# pandoc needs one process per format; its four together against our six.
		fmt_row "all (af: 6)" "$aw" "$ac" "$ar" "$(printf %.3f "$pw_sum")" "$(printf %.3f "$pc_sum")" "$pr_max"
		echo "  (pandoc's 'all' is docx+html+epub+plain, one process each: wall and CPU summed, memory the largest)"
	else
		fmt_row "all (af: 6)" "$aw" "$ac" "$ar" - - -
	fi
	unset pd
done

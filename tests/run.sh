#!/usr/bin/env bash
# tests/run.sh: runs every unit suite (tests/bin/test_*) and every
# integration script (tests/integration/*.sh), each under a time limit,
# with its output shown and kept in tests/bin/logs/NAME.log.  Counts the
# TAP lines "ok N" and "not ok N" of all of them; a suite that exits
# non-zero without a "not ok" line, or that times out, counts as one
# failure.  The last line is "N passed, N failed"; the exit status is 1
# when anything failed.
#
#   tests/run.sh [SUITE...]     only the named suites (paths or names)
#
# SUITE_TIMEOUT (seconds, default 300) bounds each suite; TEST_LOGDIR
# puts the logs elsewhere (two runs at once in one tree, say).

cd "$(dirname "$0")/.." || exit 1

limit=${SUITE_TIMEOUT:-300}
logdir=${TEST_LOGDIR:-tests/bin/logs}
mkdir -p "$logdir"

passed=0
failed=0
failures=()

# run_suite NAME COMMAND...
run_suite() {
	local name=$1 log="$logdir/$1.log" pid rc p f
	shift
	printf '# ---- %s\n' "$name"
	: >"$log"	# before tail looks for it
	timeout --kill-after=10 "$limit" "$@" >"$log" 2>&1 </dev/null &
	pid=$!
	# Show the log as it grows; tail ends when the suite does.
	tail -n +1 -s 0.2 -f --pid="$pid" "$log"
	wait "$pid"
	rc=$?

	p=$(grep -cE '^ok [0-9]+' "$log")
	f=$(grep -cE '^not ok [0-9]+' "$log")
	while IFS= read -r line; do
		failures+=("$name: $line")
	done < <(grep -E '^not ok [0-9]+' "$log")

	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		printf '# %s: timed out after %s s\n' "$name" "$limit"
		failures+=("$name: timed out after $limit s")
		f=$((f + 1))
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		printf '# %s: exited with status %s without a failed test\n' \
		    "$name" "$rc"
		failures+=("$name: exit status $rc")
		f=$((f + 1))
	elif [ "$rc" = 0 ] && [ "$p" = 0 ] && [ "$f" = 0 ]; then
		printf '# %s: ran no tests\n' "$name"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

shopt -s nullglob
suites=()
if [ $# -gt 0 ]; then
	for a in "$@"; do
		# a suite's name first: "mootctl" and "docs" are also
		# the tool and the folder at the top of the tree
		if [ -f "tests/bin/$a" ]; then
			suites+=("tests/bin/$a")
		elif [ -f "tests/integration/$a.sh" ]; then
			suites+=("tests/integration/$a.sh")
		elif [ -f "tests/integration/$a" ]; then
			suites+=("tests/integration/$a")
		elif [ -f "$a" ]; then
			suites+=("$a")
		else
			echo "run.sh: no suite $a" >&2
			exit 2
		fi
	done
else
	for t in tests/bin/test_*; do
		[ -f "$t" ] && [ -x "$t" ] && suites+=("$t")
	done
	suites+=(tests/integration/*.sh)
fi

for t in "${suites[@]}"; do
	case $t in
	*.sh)	run_suite "$(basename "$t" .sh)" bash "$t" ;;
	/*)	run_suite "$(basename "$t")" "$t" ;;
	*)	run_suite "$(basename "$t")" "./$t" ;;
	esac
done

if [ ${#failures[@]} -gt 0 ]; then
	echo "# ---- failures"
	printf '#   %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

#!/usr/bin/env bash
# bench/sites.sh: what each community costs one mootd --sites (issue 15):
# resident memory with 1, 10 and 100 idle communities, and the time from
# exec to "serving" with 100 (certificates already made: a restart).
#
#   bench/sites.sh [COUNTS...]        (make bench-sites; default 1 10 100)
#
# Prints one table.  Idle means: every site migrated, its certificate
# loaded and its writer started, no request yet (the workers open a
# site's store on its first request).  A benchmark, not a test: it never
# fails on a number.
set -u
cd "$(dirname "$0")/.." || exit 1
COUNTS=${*:-1 10 100}
VAR=bench/var/sites
mkdir -p "$VAR"

port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# sites_dir N: bench/var/sites/N with N communities (made once)
sites_dir() {
	local d="$VAR/$1" i
	if [ ! -f "$d/.made" ]; then
		rm -rf "$d"
		for i in $(seq 1 "$1"); do
			./mootctl --sites "$d" site add "site$i.test" >/dev/null ||
			    return 1
		done
		touch "$d/.made"
	fi
	echo "$d"
}

# run_once DIR: starts mootd, prints "rss_kb start_ms", stops it
run_once() {
	local dir=$1 log="$VAR/mootd.log" pid t0 t1 rss gem gop cpu
	: >"$log"
	gem=$(port) gop=$(port)
	t0=$(date +%s%N)
	./mootd --sites "$dir" --gemini "127.0.0.1:$gem" \
	    --gopher "127.0.0.1:$gop" --workers 2 >"$log" 2>&1 &
	pid=$!
	for _ in $(seq 1000); do
		grep -q "serving $dir on" "$log" && break
		sleep 0.005
	done
	t1=$(date +%s%N)
	# CPU time to start (user + system): the wall time of a loaded
	# machine is mostly waiting for a core
	cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' \
	    "/proc/$pid/stat")
	sleep 0.5	# let the threads settle
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
	kill -TERM "$pid"
	wait "$pid"
	echo "$rss $(( (t1 - t0) / 1000000 )) $cpu"
}

printf '%-8s %10s %14s %12s %14s\n' sites "RSS (KB)" "per site (KB)" \
    "start (ms)" "start CPU (ms)"
base=
for n in $COUNTS; do
	dir=$(sites_dir "$n") || { echo "cannot make $n sites"; exit 1; }
	run_once "$dir" >/dev/null	# the first start makes certificates
	read -r rss ms cpu < <(run_once "$dir")
	[ -z "$base" ] && base=$rss
	per=-
	[ "$n" -gt 1 ] && per=$(( (rss - base) / (n - 1) ))
	printf '%-8s %10s %14s %12s %14s\n' "$n" "$rss" "$per" "$ms" "$cpu"
done

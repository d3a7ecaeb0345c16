#!/usr/bin/env bash
# lingering.sh: a connection closed with input still unread lingers (the
# server sends its FIN and discards what comes, for a while) and costs no
# CPU while it waits.  20 such connections, once answered, held for 3 s
# must cost mootd under 0.1 s of CPU (utime + stime from /proc/PID/stat;
# the handshakes before are not counted), for each way of getting there:
# bytes after a Gopher selector, bytes after a Gemini request, a Titan
# upload refused for its size.
#
#   bash tests/integration/lingering.sh           (after `make test')
#
# The connections come from tests/tools/holdconns.py.  libevent's epoll
# changelist once met a dup()ed socket here: the lingering close spun a
# whole core until it timed out.

. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null || bail_out "python3 is not installed"

CONNS=20
HOLD=3
CPU_MAX_MS=100

start_mootd || bail_out "mootd did not start"
HZ=$(getconf CLK_TCK)

# cpu_ms: mootd's user + system time so far, in milliseconds
cpu_ms() {
	awk -v hz="$HZ" '{ print int(($14 + $15) * 1000 / hz) }' \
	    "/proc/$MOOTD_PID/stat"
}

# held NAME MODE PORT: CONNS connections of MODE held for HOLD s
held() {
	local name=$1 mode=$2 port=$3 c0 c1 out pid ready="$TMP/ready.$2"
	python3 tests/tools/holdconns.py "$mode" 127.0.0.1 "$port" \
	    "$CONNS" "$HOLD" "$ready" >"$TMP/hold.$mode" 2>&1 &
	pid=$!
	track "$pid"
	# from the moment all are answered (at most 30 s to get there)
	for _ in $(seq 300); do
		[ -e "$ready" ] && break
		_alive "$pid" || break
		sleep 0.1
	done
	c0=$(cpu_ms)
	wait "$pid"
	c1=$(cpu_ms)
	out=$(cat "$TMP/hold.$mode")
	check_eq "$name: every connection got its reply" \
	    "replies=$CONNS" "$out"
	if [ $((c1 - c0)) -lt "$CPU_MAX_MS" ]; then
		ok "$name: $CONNS held for $HOLD s cost $((c1 - c0)) ms of CPU"
	else
		not_ok "$name: $CONNS held for $HOLD s cost under \
$CPU_MAX_MS ms of CPU" "they cost $((c1 - c0)) ms"
	fi
}

held "Gopher, bytes after the selector" gopher-extra "$GOPHER_PORT"
held "Gemini, bytes after the request" gemini-extra "$GEMINI_PORT"
held "Titan, an upload refused for its size" titan-refused "$GEMINI_PORT"

check "mootd is alive" mootd_alive
gem /
check_status "a normal request afterwards: 20" 20 "$HDR"
gopher '/\r\n'
check_contains "a Gopher request afterwards is answered" "About" "$RESP"
stop_mootd
done_testing

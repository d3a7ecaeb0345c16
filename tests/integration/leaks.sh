#!/usr/bin/env bash
# leaks.sh: about 3,000 mixed requests against one mootd (--workers 2):
# Gemini pages, 51s, 59s, 60s, Gopher menus and errors, TLS connections
# dropped after the ClientHello or right after the handshake, from
# several clients at once.  mootd's open descriptors must be as many
# after them as after a warm-up round, and its resident memory at most
# 2 MB more.  Then 4,000 Gemini requests for an empty capsule file (one
# worker): at most 256 kB more, and no libevent warning in the log
# (libevent 2.1 leaked a file segment for each, and said so).
#
#   bash tests/integration/leaks.sh               (after `make test')
#   LEAK_ROUNDS=30 bash tests/integration/leaks.sh     (a longer run)
#
# The many connections come from tests/bin/slowloris -m request (one
# process, many connections), so that the run takes seconds, not minutes.

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
need_slowloris

ROUNDS=${LEAK_ROUNDS:-10}	# of about 300 requests each
RSS_SLACK_KB=2048

make_client_cert leaky || bail_out "no client certificate"
start_mootd --workers 2 --max-per-address 0 --request-timeout 2 ||
    bail_out "mootd did not start"
THREAD=$(db "SELECT min(id) FROM threads")
G="gemini://localhost:$GEMINI_PORT"

fd_count() {
	ls "/proc/$MOOTD_PID/fd" 2>/dev/null | wc -l
}
rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$MOOTD_PID/status" 2>/dev/null
}
# settle: until the descriptor count stops changing (lingering closes
# and request timeouts are 2 s), at most 8 s
settle() {
	local a b
	a=$(fd_count)
	for _ in $(seq 16); do
		sleep 0.5
		b=$(fd_count)
		[ "$a" = "$b" ] && [ "$(_conns)" = 0 ] && break
		a=$b
	done
}
# _conns: TCP connections to mootd's ports that are still open
_conns() {
	awk -v g="$(printf '%04X' "$GEMINI_PORT")" \
	    -v o="$(printf '%04X' "$GOPHER_PORT")" \
	    'NR > 1 && $4 != "0A" && $4 != "06" &&
	    ($2 ~ ":" g "$" || $2 ~ ":" o "$")' /proc/net/tcp | wc -l
}

# round N: about 300 requests of every kind at once; the summaries of
# the slowloris runs go to $TMP/round.N.*
round() {
	local r=$1 pids=()
	"$SLOWLORIS" -T -m request -n 60 -d 20 -s "$G/\r\n" 127.0.0.1 \
	    "$GEMINI_PORT" >"$TMP/round.$r.home" 2>&1 &
	pids+=($!)
	"$SLOWLORIS" -T -m request -n 40 -d 20 -s "$G/thread/$THREAD\r\n" \
	    127.0.0.1 "$GEMINI_PORT" >"$TMP/round.$r.thread" 2>&1 &
	pids+=($!)
	"$SLOWLORIS" -T -m request -n 30 -d 20 -s "$G/no/such/page\r\n" \
	    127.0.0.1 "$GEMINI_PORT" >"$TMP/round.$r.51" 2>&1 &
	pids+=($!)
	"$SLOWLORIS" -T -m request -n 30 -d 20 -s "$G/\xff%zz\r\n" \
	    127.0.0.1 "$GEMINI_PORT" >"$TMP/round.$r.59" 2>&1 &
	pids+=($!)
	"$SLOWLORIS" -T -m request -n 20 -d 20 -s "$G/me\r\n" \
	    127.0.0.1 "$GEMINI_PORT" >"$TMP/round.$r.60" 2>&1 &
	pids+=($!)
	"$SLOWLORIS" -m request -n 50 -d 20 -s "/\r\n" 127.0.0.1 \
	    "$GOPHER_PORT" >"$TMP/round.$r.gopher" 2>&1 &
	pids+=($!)
	"$SLOWLORIS" -m request -n 20 -d 20 -s "/thread/$THREAD\tsearch\t+\r\n" \
	    127.0.0.1 "$GOPHER_PORT" >"$TMP/round.$r.gopher-search" 2>&1 &
	pids+=($!)
	"$SLOWLORIS" -m request -n 10 -d 20 -s "/nope\xff\r\n" 127.0.0.1 \
	    "$GOPHER_PORT" >"$TMP/round.$r.gopher-error" 2>&1 &
	pids+=($!)
	"$SLOWLORIS" -T -m abort-hello -n 20 -d 20 127.0.0.1 "$GEMINI_PORT" \
	    >"$TMP/round.$r.abort-hello" 2>&1 &
	pids+=($!)
	"$SLOWLORIS" -T -m abort-handshake -n 20 -d 20 127.0.0.1 \
	    "$GEMINI_PORT" >"$TMP/round.$r.abort-handshake" 2>&1 &
	pids+=($!)
	for p in "${pids[@]}"; do
		track "$p"
	done
	# a few real clients too: a certificate, a Titan upload refused
	# for its size, curl's Gopher
	"$GEMREQ" -t 5 -c "$TMP/leaky.crt" -k "$TMP/leaky.key" 127.0.0.1 \
	    "$GEMINI_PORT" "$G/join\r\n" >/dev/null 2>&1
	"$GEMREQ" -t 5 127.0.0.1 "$GEMINI_PORT" \
	    "titan://localhost:$GEMINI_PORT/thread/$THREAD/comment;size=99999999\r\n" \
	    >/dev/null 2>&1
	curl -s --max-time 5 "gopher://127.0.0.1:$GOPHER_PORT/1/about" \
	    >/dev/null 2>&1
	wait "${pids[@]}"
}

# requests ROUND: how many connections the round made (summaries)
requests() {
	cat "$TMP"/round."$1".* | sed -n 's/.*conns=\([0-9]*\).*/\1/p' |
	    awk '{ s += $1 } END { print s + 3 }'
}

t0=$(date +%s)
round 0
settle
fd0=$(fd_count)
rss0=$(rss_kb)
n0=$(requests 0)
diag "after the warm-up ($n0 requests): $fd0 descriptors, VmRSS $rss0 kB"

total=0
for r in $(seq "$ROUNDS"); do
	round "$r"
	total=$((total + $(requests "$r")))
	mootd_alive || break
done
settle
fd1=$(fd_count)
rss1=$(rss_kb)
t1=$(date +%s)
diag "after $total more requests: $fd1 descriptors, VmRSS $rss1 kB" \
    "($((t1 - t0)) s in all)"

check "mootd is alive after $total requests" mootd_alive
# every kind of request was answered as it should be
bad=
for r in $(seq "$ROUNDS"); do
	for k in home:reply20 thread:reply20 gopher:other \
	    gopher-search:other gopher-error:reply3; do
		f=$TMP/round.$r.${k%%:*}
		n=$(sed -n "s/.*conns=\([0-9]*\).*/\1/p" "$f")
		got=$(sed -n "s/.*${k#*:}=\([0-9]*\).*/\1/p" "$f")
		[ -n "$n" ] && [ "$n" = "$got" ] ||
		    bad="$bad $r.${k%%:*}($got/$n)"
	done
	for k in 51 59 60; do
		f=$TMP/round.$r.$k
		n=$(sed -n "s/.*conns=\([0-9]*\).*/\1/p" "$f")
		got=$(sed -n "s/.*other=\([0-9]*\).*/\1/p" "$f")
		[ -n "$n" ] && [ "$n" = "$got" ] || bad="$bad $r.$k($got/$n)"
	done
done
check_none "every request got its answer (round.kind(answered/sent))" "$bad"
gem /
check_status "a normal request afterwards: 20" 20 "$HDR"
settle
fd1=$(fd_count)
check_eq "open descriptors: as many as after the warm-up" "$fd0" "$fd1"
if [ "$fd1" != "$fd0" ]; then
	ls -l "/proc/$MOOTD_PID/fd" 2>/dev/null | tail -n +2 |
	    awk '{ print $NF }' | sed 's/[0-9]*\]$/N]/' | sort | uniq -c |
	    visible
fi
if ldd "$MOOTD" 2>/dev/null | grep -q libasan ||
    nm "$MOOTD" 2>/dev/null | grep -q __asan_init; then
	skip "VmRSS within $RSS_SLACK_KB kB of the warm-up" \
	    "ASan keeps freed memory in quarantine"
elif [ -n "$rss0" ] && [ -n "$rss1" ] &&
    [ "$rss1" -le $((rss0 + RSS_SLACK_KB)) ]; then
	ok "VmRSS within $RSS_SLACK_KB kB of the warm-up ($rss0 -> $rss1 kB)"
else
	not_ok "VmRSS within $RSS_SLACK_KB kB of the warm-up" \
	    "$rss0 kB after the warm-up, $rss1 kB after $total requests"
fi
stop_mootd

# ------------------------------------------------ an empty capsule file

EMPTY_ROUNDS=40		# of 100 requests each
EMPTY_SLACK_KB=256
setup_capsule
: >"$TMP/capsule/empty.txt"
start_mootd --workers 1 --max-per-address 0 || bail_out "mootd did not start"
gem /empty.txt
check_reply "an empty file: 20, text/plain" 20 "^text/plain"
check_empty "an empty file: no body" "$BODY"
# empty ROUNDS: ROUNDS x 100 requests for it, 100 at a time
empty() {
	for _ in $(seq "$1"); do
		"$SLOWLORIS" -T -m request -n 100 -d 20 \
		    -s "gemini://localhost:$GEMINI_PORT/empty.txt\r\n" \
		    127.0.0.1 "$GEMINI_PORT" >>"$TMP/empty.out" 2>&1
	done
}
empty 10
rss0=$(rss_kb)
empty "$EMPTY_ROUNDS"
rss1=$(rss_kb)
n=$(sed -n 's/.*reply20=\([0-9]*\).*/\1/p' "$TMP/empty.out" |
    awk '{ s += $1 } END { print s }')
check_eq "every request for the empty file answered 20" \
    $(((10 + EMPTY_ROUNDS) * 100)) "$n"
if ldd "$MOOTD" 2>/dev/null | grep -q libasan ||
    nm "$MOOTD" 2>/dev/null | grep -q __asan_init; then
	skip "empty file: VmRSS within $EMPTY_SLACK_KB kB" \
	    "ASan keeps freed memory in quarantine"
elif [ -n "$rss0" ] && [ -n "$rss1" ] &&
    [ "$rss1" -le $((rss0 + EMPTY_SLACK_KB)) ]; then
	ok "empty file: VmRSS within $EMPTY_SLACK_KB kB after \
$((EMPTY_ROUNDS * 100)) requests ($rss0 -> $rss1 kB)"
else
	not_ok "empty file: VmRSS within $EMPTY_SLACK_KB kB after \
$((EMPTY_ROUNDS * 100)) requests" "$rss0 -> $rss1 kB"
fi
check_no_grep "empty file: no libevent warnings in the log" \
    "evbuffer_file_segment|\[warn\]" "$TMP/mootd.log"
stop_mootd
done_testing

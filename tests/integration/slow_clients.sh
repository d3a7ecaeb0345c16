#!/usr/bin/env bash
# slow_clients.sh: slowloris and friends.  Hundreds of connections that
# send one byte a second must not keep a normal client from being
# served; over --max-clients, new connections are refused cleanly (44 on
# Gemini, a type 3 error on Gopher) and the refusal is logged once, not
# once per connection; a connection that sends nothing is closed at the
# request timeout.
#
#   bash tests/integration/slow_clients.sh        (after `make test')
#
# The slow clients come from tests/bin/slowloris (tests/crash/slowloris.c,
# built here through mk/sanitize.mk when missing).  Every one of them
# ends within its -d seconds, whatever the server does.

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
need_slowloris
command -v curl >/dev/null || bail_out "curl is not installed"

SLOW_CONNS=${SLOW_CONNS:-300}	# half Gemini, half Gopher
SLOW_SECONDS=8

# field NAME SUMMARY: one key=value of a slowloris summary line
field() {
	sed -n "s/.*\\<$1=\\([-0-9]*\\).*/\\1/p" <<<"$2"
}

# probe NAME: a normal Gemini client and a curl Gopher client, each
# must get the right content within 2 s (the time is shown, not judged)
probe() {
	local t0 t1 ms
	t0=$(date +%s%N)
	fetch -t 2 "gemini://localhost:$GEMINI_PORT/about\r\n"
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	if [[ "$HDR" =~ ^20\  ]] && [ -s "$BODY" ]; then
		ok "$1: Gemini /about served (${ms} ms)"
	else
		not_ok "$1: Gemini /about served within 2 s" \
		    "after ${ms} ms: [$HDR], gemreq exit $RC$(_rc_meaning "$RC")"
	fi
	t0=$(date +%s%N)
	curl -s --max-time 2 "gopher://127.0.0.1:$GOPHER_PORT/1/about" \
	    >"$RESP" 2>"$ERR"
	RC=$?
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	if [ "$RC" = 0 ] && grep -q $'^i' "$RESP" &&
	    tail -c 3 "$RESP" | cmp -s - <(printf '.\r\n'); then
		ok "$1: curl Gopher /about served (${ms} ms)"
	else
		not_ok "$1: curl Gopher /about served within 2 s" \
		    "after ${ms} ms: curl exit $RC"
		show_file "$RESP"
	fi
}

# ------------------------------------------------ slowloris, no limits

# The default request timeout (10 s) outlasts the drip; no per-address
# limit, since every slow client comes from 127.0.0.1.
start_mootd --workers 2 --max-per-address 0 ||
    bail_out "mootd did not start"

half=$((SLOW_CONNS / 2))
"$SLOWLORIS" -T -n "$half" -i 1000 -d "$SLOW_SECONDS" \
    -s "gemini://localhost:$GEMINI_PORT/about/and/a/long/path\r\n" \
    127.0.0.1 "$GEMINI_PORT" >"$TMP/slow-gemini" 2>&1 &
slow_gem=$!
track $slow_gem
"$SLOWLORIS" -n "$half" -i 1000 -d "$SLOW_SECONDS" \
    -s "/about/and/a/long/selector\r\n" 127.0.0.1 "$GOPHER_PORT" \
    >"$TMP/slow-gopher" 2>&1 &
slow_gop=$!
track $slow_gop

# Wait until the slow connections are all there (at most 4 s).
for _ in $(seq 40); do
	n=$(awk 'NR > 1 && $4 == "01"' /proc/net/tcp 2>/dev/null |
	    awk -v g="$(printf '%04X' "$GEMINI_PORT")" \
	    -v o="$(printf '%04X' "$GOPHER_PORT")" \
	    '$2 ~ ":" g "$" || $2 ~ ":" o "$"' | wc -l)
	[ "$n" -ge "$SLOW_CONNS" ] && break
	sleep 0.1
done
diag "$n slow connections established"
probe "during $SLOW_CONNS slow connections (1)"
sleep 2
probe "during $SLOW_CONNS slow connections (2)"
sleep 1
probe "during $SLOW_CONNS slow connections (3)"

wait "$slow_gem"
wait "$slow_gop"
sg=$(tail -n 1 "$TMP/slow-gemini")
so=$(tail -n 1 "$TMP/slow-gopher")
diag "gemini: $sg" "gopher: $so"
check_eq "all $half slow Gemini connections were accepted and handshaken" \
    "$half" "$(field handshakes "$sg")"
check_eq "all $half slow Gopher connections were accepted" "$half" \
    "$(field connected "$so")"
check "mootd is alive after the slowloris" mootd_alive
probe "after the slowloris"
stop_mootd

# --------------------------------------------------- over --max-clients

MAX=50
OVER=100
start_mootd --workers 2 --max-clients "$MAX" --max-per-address 0 \
    --request-timeout 10 || bail_out "mootd did not restart"
mark=$(wc -l <"$TMP/mootd.log")

# OVER idle TLS connections: the first ones are kept, the rest must get
# 44 once their handshake is done, and be closed.
"$SLOWLORIS" -T -m idle -n "$OVER" -d 4 127.0.0.1 "$GEMINI_PORT" \
    >"$TMP/over-gemini" 2>&1 &
p1=$!
track $p1
wait "$p1"
og=$(tail -n 1 "$TMP/over-gemini")
diag "gemini: $og"
r44=$(field reply44 "$og")
closed=$(field closed "$og")
open=$(field open "$og")
if [ "${r44:-0}" -ge $((OVER - MAX)) ]; then
	ok "over --max-clients $MAX: at least $((OVER - MAX)) of $OVER got 44 ($r44)"
else
	not_ok "over --max-clients $MAX: at least $((OVER - MAX)) of $OVER got 44" \
	    "$r44 got 44; $closed closed, $open kept open"
fi
check_eq "... every connection refused got 44 (none closed silently)" \
    "$closed" "$r44"
check_eq "... and nothing but 44 or silence" 0 "$(field other "$og")"
if [ "${open:-999}" -le "$MAX" ]; then
	ok "... at most $MAX kept open ($open)"
else
	not_ok "... at most $MAX kept open" "$open kept open"
fi

# The same for Gopher, while those are gone: fill up with idle Gemini
# connections again, then OVER Gopher connections.
"$SLOWLORIS" -T -m idle -n "$MAX" -d 5 127.0.0.1 "$GEMINI_PORT" \
    >"$TMP/fill-gemini" 2>&1 &
p2=$!
track $p2
sleep 1.5
"$SLOWLORIS" -m idle -n "$OVER" -d 3 127.0.0.1 "$GOPHER_PORT" \
    >"$TMP/over-gopher" 2>&1
oo=$(tail -n 1 "$TMP/over-gopher")
diag "gopher: $oo"
r3=$(field reply3 "$oo")
if [ "${r3:-0}" -ge $((OVER / 2)) ]; then
	ok "Gopher over --max-clients: refused with a type 3 error ($r3 of $OVER)"
else
	not_ok "Gopher over --max-clients: refused with a type 3 error" \
	    "$r3 of $OVER got one: $oo"
fi
check_eq "... nothing but the error or silence" 0 "$(field other "$oo")"
# a normal client meanwhile: at the limit it may be refused, but cleanly
fetch -t 4 "gemini://localhost:$GEMINI_PORT/\r\n"
check_status_in "a normal Gemini client at the limit: 20 or 44" "20 44" \
    "$HDR"
wait "$p2"
sleep 0.5
gem /
check_status "below the limit again: 20" 20 "$HDR"

refusals=$(tail -n +"$((mark + 1))" "$TMP/mootd.log" |
    grep -ciE 'refus|max-clients')
if [ "$refusals" = 1 ]; then
	ok "the refusals were logged once"
else
	not_ok "the refusals were logged once, not once per connection" \
	    "$refusals log lines about refusals:"
	tail -n +"$((mark + 1))" "$TMP/mootd.log" |
	    grep -iE 'refus|max-clients' | head -n 5 | visible
fi
check "mootd is alive after the refusals" mootd_alive
stop_mootd
# each refusal line counts those since the one before; at exit the rest
counted=$(tail -n +"$((mark + 1))" "$TMP/mootd.log" |
    grep -oE '[0-9]+ (refused )?since the last report' | grep -oE '^[0-9]+' |
    awk '{ n += $1 } END { print n + 0 }')
if [ "$counted" -ge $(( ${r44:-0} + ${r3:-0} )) ]; then
	ok "at exit the refusals since the last line are logged too ($counted)"
else
	not_ok "at exit the refusals since the last line are logged too" \
	    "the log counts $counted; $r44 got 44 and $r3 a type 3 error"
fi

# -------------------------------------------- idle connections time out

start_mootd --workers 2 --request-timeout 2 || bail_out "mootd did not restart"
"$SLOWLORIS" -m idle -n 5 -d 6 127.0.0.1 "$GOPHER_PORT" >"$TMP/idle-gopher" &
i1=$!
"$SLOWLORIS" -T -m idle -n 5 -d 6 127.0.0.1 "$GEMINI_PORT" \
    >"$TMP/idle-gemini" &
i2=$!
# a TCP connection to the Gemini port that never starts its handshake
"$SLOWLORIS" -m idle -n 5 -d 6 127.0.0.1 "$GEMINI_PORT" \
    >"$TMP/idle-tcp" &
i3=$!
track $i1
track $i2
track $i3
wait "$i1" "$i2" "$i3"
for k in gopher gemini tcp; do
	s=$(tail -n 1 "$TMP/idle-$k")
	last=$(field last_close_ms "$s")
	first=$(field first_close_ms "$s")
	if [ "$(field closed "$s")" = 5 ] && [ "$last" -le 3500 ] &&
	    [ "$first" -ge 1500 ]; then
		ok "idle $k connections closed at the 2 s timeout (${first}..${last} ms)"
	else
		not_ok "idle $k connections closed at the 2 s timeout" \
		    "want 5 closed between 1.5 and 3.5 s: $s"
	fi
done
probe "after the idle connections"
stop_mootd
done_testing

#!/usr/bin/env bash
# move.sh: a community moves from one mootd to another behind HAProxy
# while a member keeps posting, and no acknowledged comment is lost.
#
#   bash tests/integration/move.sh                  (after `make test')
#
# HAProxy (Debian's haproxy) listens in TCP mode and routes Gemini by
# SNI (req.ssl_sni and a map, no TLS termination) to two mootd --sites,
# each started with --proxy-from the proxy's address: HAProxy sends a
# PROXY v2 header (send-proxy-v2) from 127.0.0.3, so mootd must log the
# reader (127.0.0.1), not the proxy.  The move is contrib/moot-move:
# read-only, backup, copy, SIGHUP, switch the map (the runtime API),
# lift read-only.  Both mootd and HAProxy run on loopback ports in this
# namespace (docs/scaling.md says how the machines differ).

. "$(dirname "$0")/../lib.sh"

command -v haproxy >/dev/null ||
    bail_out "haproxy is not installed: apt-get install haproxy (make test-deps)"
command -v python3 >/dev/null || bail_out "python3 is not installed"

HOST=alpha.test
PROXY_ADDR=127.0.0.3
OLD="$TMP/old" NEW="$TMP/new"
mkdir -p "$OLD/alpha.test" "$NEW"
"$MOOTCTL" --sites "$OLD" --site alpha.test demo >/dev/null 2>&1 ||
    bail_out "mootctl demo"
# the poster below is not to be slowed by the posting limit
"$MOOTCTL" --sites "$OLD" --site alpha.test settings set post_refill 0 \
    >/dev/null 2>&1 || bail_out "mootctl settings set post_refill 0"
# the new machine serves another community already
"$MOOTCTL" --sites "$NEW" site add other.test >/dev/null ||
    bail_out "mootctl site add"
setup_capsule

_pick_port && OLD_PORT=$_PORT
_pick_port && NEW_PORT=$_PORT
_pick_port && FRONT=$_PORT
_pick_port && OLD_GOPHER=$_PORT
_pick_port && NEW_GOPHER=$_PORT

# start_site NAME DIR PORT GOPHER: mootd --sites DIR; its pid in $PID_NAME
start_site() {
	"$MOOTD" --sites "$2" --gemini "127.0.0.1:$3" --gopher "127.0.0.1:$4" \
	    --capsule "$TMP/capsule" --workers 2 --proxy-from "$PROXY_ADDR" \
	    >>"$TMP/$1.log" 2>&1 </dev/null &
	eval "PID_$1=$!"
	_tracked+=($!)
	for _ in $(seq 100); do
		grep -q "serving $2 on" "$TMP/$1.log" && return 0
		sleep 0.1
	done
	tail "$TMP/$1.log" | visible
	bail_out "mootd $1 did not start"
}
start_site old "$OLD" "$OLD_PORT" "$OLD_GOPHER"
start_site new "$NEW" "$NEW_PORT" "$NEW_GOPHER"

printf 'alpha.test be_old\n' >"$TMP/sni.map"
cat >"$TMP/haproxy.cfg" <<EOF
global
	stats socket $TMP/haproxy.sock mode 600 level admin
defaults
	mode tcp
	timeout connect 2s
	timeout client 30s
	timeout server 30s
frontend gemini
	bind 127.0.0.1:$FRONT
	tcp-request inspect-delay 5s
	tcp-request content accept if { req.ssl_hello_type 1 }
	use_backend %[req.ssl_sni,lower,map($TMP/sni.map,be_old)]
backend be_old
	server old 127.0.0.1:$OLD_PORT send-proxy-v2 source $PROXY_ADDR
backend be_new
	server new 127.0.0.1:$NEW_PORT send-proxy-v2 source $PROXY_ADDR
EOF
haproxy -f "$TMP/haproxy.cfg" -db >>"$TMP/haproxy.log" 2>&1 </dev/null &
HAPROXY_PID=$!
_tracked+=($HAPROXY_PID)
for _ in $(seq 50); do
	[ -S "$TMP/haproxy.sock" ] && break
	sleep 0.1
done
[ -S "$TMP/haproxy.sock" ] || { cat "$TMP/haproxy.log" | visible;
    bail_out "haproxy did not start"; }

# haproxy_cmd COMMAND: one command to HAProxy's runtime API
haproxy_cmd() {
	python3 - "$TMP/haproxy.sock" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall((sys.argv[2] + "\n").encode())
print(s.recv(4096).decode(), end="")
PY
}

# through the proxy: SNI picks the backend; URLs carry no port (the
# public port is the proxy's)
GEMINI_PORT=$FRONT
gem() {
	local p=${!#}
	fetch -n "$HOST" "${@:1:$#-1}" "gemini://$HOST$p\\r\\n"
}

gem /
check_reply "through HAProxy (SNI alpha.test): the old machine's home" 20 ''
check_grep "... the community's page" '^# Co-production Commons' "$BODY"
check_grep "... mootd logs the reader from the PROXY header" \
    'gemini 127\.0\.0\.1 / 20 ' "$TMP/old.log"
check_no_grep "... never the proxy's own address" "gemini $PROXY_ADDR " \
    "$TMP/old.log"

# a --proxy-from peer without a header is closed; anyone else is served
python3 - "$OLD_PORT" "$PROXY_ADDR" >"$TMP/raw.out" 2>&1 <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5,
    source_address=(sys.argv[2], 0))
s.sendall(b"/\r\n")
try:
    print("got %d bytes" % len(s.recv(100)))
except ConnectionResetError:
    print("got 0 bytes")
PY
check_grep "from the proxy's address without a PROXY header: closed" \
    '^got 0 bytes' "$TMP/raw.out"
GEMINI_PORT=$OLD_PORT fetch -n alpha.test "gemini://alpha.test:$OLD_PORT/\\r\\n"
check_reply "... a direct reader needs none" 20 ''
GEMINI_PORT=$FRONT

make_client_cert ann
act ann "/join?Ann%20Mover"
as ann /me
check_grep "ann joins through the proxy" 'Ann Mover' "$BODY"

# ------------------------------------------------------------ the move

# the poster: comments one after another, retrying a 44; the texts of
# the acknowledged ones (30) go to acked
POSTS=20
poster() {
	local i=0 tries
	trap - EXIT	# the script's cleanup is not the poster's
	: >"$TMP/acked"
	for i in $(seq 1 $POSTS); do
		for tries in $(seq 60); do
			act ann "/thread/1/comment?moved-comment-$i"
			case $HDR in
			30*) echo "moved-comment-$i" >>"$TMP/acked"; break ;;
			"44 60") echo 44 >>"$TMP/refused"; sleep 0.2 ;;
			*) echo "$i: $HDR" >>"$TMP/other"; sleep 0.2 ;;
			esac
		done
	done
}
: >"$TMP/refused"
: >"$TMP/other"
poster &
POSTER=$!
_tracked+=($POSTER)
for _ in $(seq 100); do
	[ "$(wc -l <"$TMP/acked" 2>/dev/null || echo 0)" -ge 3 ] && break
	sleep 0.1
done
MOOTCTL="$MOOTCTL" MOOT_MOVE_SETTLE=1 contrib/moot-move alpha.test "$OLD" \
    "$NEW" "$PID_new" --switch "printf 'alpha.test be_new\n' >'$TMP/sni.map';
    python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX);
s.connect(\"$TMP/haproxy.sock\");
s.sendall(b\"set map $TMP/sni.map alpha.test be_new\n\"); s.recv(100)'" \
    >"$TMP/move.log" 2>&1
MOVE_RC=$?
[ "$MOVE_RC" = 0 ] && ok "contrib/moot-move: exit 0" ||
    { not_ok "contrib/moot-move: exit 0" "exit $MOVE_RC"; visible <"$TMP/move.log"; }
wait "$POSTER"

n_acked=$(wc -l <"$TMP/acked")
[ "$n_acked" = $POSTS ] &&
    ok "every comment was acknowledged in the end ($POSTS)" ||
    not_ok "every comment was acknowledged in the end" "$n_acked of $POSTS"
[ -s "$TMP/refused" ] && ok "... some waited for the move with 44" ||
    not_ok "... some waited for the move with 44" "none did"
[ ! -s "$TMP/other" ] && ok "... and nothing else went wrong" ||
    { not_ok "... and nothing else went wrong"; head "$TMP/other" | visible; }

missing=0
while read -r text; do
	n=$(sqlite3 "$NEW/alpha.test/moot.db" \
	    "SELECT count(*) FROM comments WHERE body = '$text'")
	[ "$n" = 1 ] || { missing=$((missing + 1)); echo "# missing: $text"; }
done <"$TMP/acked"
[ "$missing" = 0 ] &&
    ok "every acknowledged comment is on the new machine, once" ||
    not_ok "every acknowledged comment is on the new machine" "$missing missing"
check_grep "... the later ones were posted to the new mootd" \
    'alpha\.test gemini 127\.0\.0\.1 /thread/1/comment 30 ' "$TMP/new.log"
cmp -s "$OLD/alpha.test/alpha.test.crt" "$NEW/alpha.test/alpha.test.crt" &&
    ok "the certificate moved with the community" ||
    not_ok "the certificate moved with the community"
gem /
check_reply "after the move, reading through the proxy" 20 ''
act ann "/thread/1/comment?after-the-move"
check_reply "... and posting (read-only lifted)" 30 ''
r=$(haproxy_cmd "show map $TMP/sni.map")
[[ "$r" == *"alpha.test be_new"* ]] && ok "HAProxy's map points at the new machine" ||
    not_ok "HAProxy's map points at the new machine" "$r"

check_replies_all
kill -TERM "$PID_old" "$PID_new" "$HAPROXY_PID" 2>/dev/null
wait "$PID_old" "$PID_new" 2>/dev/null
done_testing

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
# lift read-only.  Each mootd runs in a network namespace of its own (a
# machine: 10.77.N.2, port 1965, reached over a veth pair from HAProxy at
# 10.77.N.1); without the rights to make namespaces (not root), both run
# on loopback ports here instead, the proxy sending from 127.0.0.3.

. "$(dirname "$0")/../lib.sh"

command -v haproxy >/dev/null ||
    bail_out "haproxy is not installed: apt-get install haproxy (make test-deps)"
command -v python3 >/dev/null || bail_out "python3 is not installed"

HOST=alpha.test
OLD="$TMP/old" NEW="$TMP/new"

# The two machines: namespaces when we may make them, else loopback.
NS_OLD="moot-old-$$" NS_NEW="moot-new-$$"
if ip netns add "$NS_OLD" 2>/dev/null; then
	NETNS=1
	ip netns add "$NS_NEW" || bail_out "ip netns add"
	# net_up NS N: a veth pair, 10.77.N.1 here, 10.77.N.2 in NS
	net_up() {
		ip link add "mv$$$2" type veth peer name eth0 netns "$1" &&
		ip addr add "10.77.$2.1/24" dev "mv$$$2" &&
		ip link set "mv$$$2" up &&
		ip -n "$1" addr add "10.77.$2.2/24" dev eth0 &&
		ip -n "$1" link set eth0 up &&
		ip -n "$1" link set lo up
	}
	net_up "$NS_OLD" 1 && net_up "$NS_NEW" 2 ||
	    bail_out "cannot wire the namespaces"
	OLD_ADDR=10.77.1.2 NEW_ADDR=10.77.2.2 OLD_PORT=1965 NEW_PORT=1965
	OLD_GOPHER=70 NEW_GOPHER=70
	# what the old machine sees the proxy as, and another host there
	PROXY_ADDR=10.77.1.1 PROXY_ADDR_NEW=10.77.2.1 OTHER_ADDR=10.77.1.3
	ip addr add "$OTHER_ADDR/24" dev "mv$$1" ||
	    bail_out "cannot add $OTHER_ADDR"
	RUN_OLD=(ip netns exec "$NS_OLD") RUN_NEW=(ip netns exec "$NS_NEW")
	SOURCE=
else
	NETNS=0
	OLD_ADDR=127.0.0.1 NEW_ADDR=127.0.0.1
	_pick_port && OLD_PORT=$_PORT
	_pick_port && NEW_PORT=$_PORT
	_pick_port && OLD_GOPHER=$_PORT
	_pick_port && NEW_GOPHER=$_PORT
	PROXY_ADDR=127.0.0.3 PROXY_ADDR_NEW=127.0.0.3 OTHER_ADDR=127.0.0.1
	RUN_OLD=() RUN_NEW=()
	SOURCE="source $PROXY_ADDR"
fi
# after the library's cleanup (which stops the servers), the namespaces
move_cleanup() {
	_lib_cleanup
	if [ "$NETNS" = 1 ]; then
		ip netns del "$NS_OLD" 2>/dev/null
		ip netns del "$NS_NEW" 2>/dev/null
	fi
}
trap move_cleanup EXIT
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

_pick_port && FRONT=$_PORT

# start_site NAME DIR ADDR PORT GOPHER PROXY RUN...: mootd --sites DIR
# (in the namespace RUN names); its pid in $PID_NAME
start_site() {
	local name=$1 dir=$2 addr=$3 port=$4 gopher=$5 proxy=$6
	shift 6
	"$@" "$MOOTD" --sites "$dir" --gemini "$addr:$port" \
	    --gopher "$addr:$gopher" --capsule "$TMP/capsule" --workers 2 \
	    --proxy-from "$proxy" >>"$TMP/$name.log" 2>&1 </dev/null &
	eval "PID_$name=$!"
	_tracked+=($!)
	for _ in $(seq 100); do
		grep -q "serving $dir on" "$TMP/$name.log" && return 0
		sleep 0.1
	done
	tail "$TMP/$name.log" | visible
	bail_out "mootd $name did not start"
}
start_site old "$OLD" "$OLD_ADDR" "$OLD_PORT" "$OLD_GOPHER" "$PROXY_ADDR" \
    "${RUN_OLD[@]}"
start_site new "$NEW" "$NEW_ADDR" "$NEW_PORT" "$NEW_GOPHER" \
    "$PROXY_ADDR_NEW" "${RUN_NEW[@]}"

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
	server old $OLD_ADDR:$OLD_PORT send-proxy-v2 $SOURCE
backend be_new
	server new $NEW_ADDR:$NEW_PORT send-proxy-v2 $SOURCE
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
# (a Gopher selector straight to the old machine's Gopher port)
raw_from() {
	python3 - "$OLD_ADDR" "$OLD_GOPHER" "$1" <<'PY'
import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5,
    source_address=(sys.argv[3], 0))
s.sendall(b"/alpha.test/\r\n")
n = 0
try:
    while True:
        b = s.recv(4096)
        if not b:
            break
        n += len(b)
except ConnectionResetError:
    pass
print("got %d bytes" % n)
PY
}
raw_from "$PROXY_ADDR" >"$TMP/raw.out" 2>&1
check_grep "from the proxy's address without a PROXY header: closed" \
    '^got 0 bytes' "$TMP/raw.out"
raw_from "$OTHER_ADDR" >"$TMP/raw.out" 2>&1
check_grep "... a direct reader needs none" '^got [1-9][0-9]* bytes' \
    "$TMP/raw.out"

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

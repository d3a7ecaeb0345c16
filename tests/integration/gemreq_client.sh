#!/usr/bin/env bash
# gemreq_client.sh: tests of the test client itself, against `openssl
# s_server', so that a passing protocol test means what it says (that
# gemreq really offers TLS 1.1 when asked, really sends what it is
# given, and tells close_notify from a dropped connection).
#
#   bash tests/integration/gemreq_client.sh

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$TMP/srv.key" -out "$TMP/srv.crt" -subj /CN=localhost \
    -days 30 >/dev/null 2>&1 || bail_out "cannot make a server certificate"
make_client_cert alice || bail_out "cannot make a client certificate"
HTTP_GET='GET / HTTP/1.0\r\n\r\n'

# server NAME [S_SERVER-ARGS...]: `openssl s_server' on a fresh port
# ($PORT), output in $TMP/NAME.out, its pid in $SPID; its stdin is a
# FIFO held open by the script (an idle s_server, not one at EOF)
server() {
	local name=$1
	shift
	_pick_port || bail_out "no free port"
	PORT=$_PORT
	mkfifo "$TMP/$name.in" || bail_out "mkfifo"
	openssl s_server -accept "127.0.0.1:$PORT" -cert "$TMP/srv.crt" \
	    -key "$TMP/srv.key" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" \
	    <"$TMP/$name.in" &
	SPID=$!
	track "$SPID"
	exec {HOLD}>"$TMP/$name.in"
	wait_listening "$PORT" || bail_out "s_server $name did not start"
}

stop() {
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	[ -z "${HOLD:-}" ] || exec {HOLD}>&-
	HOLD=
}

# req [GEMREQ-OPTS...] REQUEST: gemreq to $PORT; $RC, $RESP, $ERR
req() {
	"$GEMREQ" "${@:1:$#-1}" 127.0.0.1 "$PORT" "${!#}" >"$RESP" 2>"$ERR"
	RC=$?
}

# --- a web server (s_server -www): close_notify, -H, -v, versions

server www -www
req -t 5 "$HTTP_GET"
check_exit "a full reply that ends in close_notify: exit 0" 0 "$RC"
check_contains "the whole reply is written" "</HTML>" "$RESP"
req -t 5 -H "$HTTP_GET"
check_eq "-H prints the header line alone, without CR" "HTTP/1.0 200 ok" \
    "$(cat "$RESP")"
check_exit "-H: the exit status still tells close_notify" 0 "$RC"
req -t 5 -v "$HTTP_GET"
check_eq "-v prints the server certificate's SHA-256 fingerprint" \
    "$(fingerprint "$TMP/srv.crt")" "$(sed -n 's/^fingerprint: //p' "$ERR")"
check_eq "TLS 1.3 by default" TLSv1.3 "$(sed -n 's/^protocol: //p' "$ERR")"
req -t 5 -v -m 1.2 "$HTTP_GET"
check_eq "-m 1.2 gives TLS 1.2" TLSv1.2 "$(sed -n 's/^protocol: //p' "$ERR")"
req -t 5 -m 1.1 "$HTTP_GET"
check_exit "-m 1.1 against a TLS 1.2+ server: exit 2" 2 "$RC"
rm -f "$TMP/sess"
req -t 5 -s "$TMP/sess" "$HTTP_GET"
check_eq "-s, first connection: resumed: no" no \
    "$(sed -n 's/^resumed: //p' "$ERR")"
req -t 5 -s "$TMP/sess" "$HTTP_GET"
check_eq "-s, second connection (TLS 1.3 ticket): resumed: yes" yes \
    "$(sed -n 's/^resumed: //p' "$ERR")"
rm -f "$TMP/sess"
req -t 5 -m 1.2 -s "$TMP/sess" "$HTTP_GET"
req -t 5 -m 1.2 -s "$TMP/sess" "$HTTP_GET"
check_eq "-s with TLS 1.2: resumed: yes" yes \
    "$(sed -n 's/^resumed: //p' "$ERR")"
stop

# TLS 1.1 is really offered with -m 1.1 (else the server test is empty)
server tls11 -www -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'
req -t 5 -v -m 1.1 "$HTTP_GET"
check_eq "-m 1.1 against a TLS 1.1 server: TLS 1.1" TLSv1.1 \
    "$(sed -n 's/^protocol: //p' "$ERR")"
req -t 5 "$HTTP_GET"
check_exit "default (1.2 minimum) against a TLS 1.1 server: exit 2" 2 "$RC"
stop

# --- SNI: the server fails the handshake unless the name is gem.example

server sni -www -cert2 "$TMP/srv.crt" -key2 "$TMP/srv.key" \
    -servername gem.example -servername_fatal
req -t 5 -n gem.example "$HTTP_GET"
check_exit "-n NAME sends NAME as SNI" 0 "$RC"
req -t 5 "$HTTP_GET"
check_exit "SNI defaults to localhost (not gem.example: refused)" 2 "$RC"
req -t 5 -N "$HTTP_GET"
check_exit "-N sends no SNI" 0 "$RC"
stop

# --- client certificates

server cert -www -verify 1
req -t 5 -c "$TMP/alice.crt" -k "$TMP/alice.key" "$HTTP_GET"
check_contains "-c/-k present the client certificate" "Subject: CN=alice" \
    "$RESP"
req -t 5 "$HTTP_GET"
check_contains "no -c: no client certificate" \
    "no client certificate available" "$RESP"
stop

# --- exactly the bytes given: an echoing server (s_server -quiet)

printf 'BODY\001\377' >"$TMP/bodyfile"
server echo -quiet
req -t 1 -b "$TMP/bodyfile" 'A\0B\tC\\D\xffE\x41\r\nZ\n'
sleep 0.3
printf 'A\0B\tC\\D\377EA\r\nZ\nBODY\001\377' >"$TMP/want"
if cmp -s "$TMP/want" "$TMP/echo.out"; then
	ok "the request is unescaped (\\0 \\t \\\\ \\xHH \\r \\n), -b appended"
else
	not_ok "the request is unescaped and -b appended" \
	    "want: $(od -An -c "$TMP/want" | tr -s ' ' | tr '\n' ' ')" \
	    "got:  $(od -An -c "$TMP/echo.out" | tr -s ' ' | tr '\n' ' ')"
fi
check_exit "a server that never answers: exit 4 (timeout)" 4 "$RC"
stop

server silent -quiet
elapsed eval '"$GEMREQ" -t 1 127.0.0.1 "$PORT" >"$RESP" 2>"$ERR"; RC=$?'
check_empty "no REQUEST: nothing is sent" "$TMP/silent.out"
check_exit "no REQUEST, no reply: exit 4" 4 "$RC"
if num_lt "$ELAPSED" 3; then
	ok "-t 1 stops after about a second ($ELAPSED s)"
else
	not_ok "-t 1 stops after about a second" "took $ELAPSED s"
fi
stop

# --- a reply in several pieces: -H prints the header once, and only it

_pick_port || bail_out "no free port"
PORT=$_PORT
openssl s_server -quiet -naccept 1 -accept "127.0.0.1:$PORT" \
    -cert "$TMP/srv.crt" -key "$TMP/srv.key" >"$TMP/pieces.out" 2>&1 \
    < <(sleep 0.5; printf '20 text/plain\r\n'; sleep 0.3; printf 'one\n';
    sleep 0.3; printf 'two\n'; sleep 0.3) &
SPID=$!
track "$SPID"
wait_listening "$PORT" || bail_out "s_server pieces did not start"
req -t 5 -H 'x\r\n'
check_eq "-H on a reply in pieces: the header line, once" \
    "$(printf '20 text/plain\n' | od -An -c)" "$(od -An -c "$RESP")"
check_exit "... and close_notify at the end of the input" 0 "$RC"
stop

# --- a server that dies without close_notify: exit 3

_pick_port || bail_out "no free port"
PORT=$_PORT
openssl s_server -quiet -accept "127.0.0.1:$PORT" -cert "$TMP/srv.crt" \
    -key "$TMP/srv.key" >"$TMP/die.out" 2>&1 \
    < <(sleep 0.7; printf '20 text/plain\r\npartial'; sleep 5) &
SPID=$!
track "$SPID"
wait_listening "$PORT" || bail_out "s_server die did not start"
"$GEMREQ" -t 8 127.0.0.1 "$PORT" 'x\r\n' >"$RESP" 2>"$ERR" &
cpid=$!
sleep 1.5
{ kill -KILL "$SPID"; wait "$SPID"; } 2>/dev/null
wait "$cpid"
RC=$?
check_exit "the server drops the connection: exit 3" 3 "$RC"
check_eq "... after writing what was received" \
    "$(printf '20 text/plain\r\npartial')" "$(cat "$RESP")"

# --- local errors

_pick_port || bail_out "no free port"
"$GEMREQ" -t 5 127.0.0.1 "$_PORT" 'x\r\n' >"$RESP" 2>"$ERR"
check_exit "connection refused: exit 2" 2 "$?"
"$GEMREQ" -t 5 127.0.0.1 "$_PORT" 'bad \q escape' >"$RESP" 2>"$ERR"
check_exit "an unknown escape is a usage error: exit 1" 1 "$?"
"$GEMREQ" -t 5 -c "$TMP/alice.crt" 127.0.0.1 "$_PORT" 'x' >"$RESP" 2>"$ERR"
check_exit "-c without -k: exit 1" 1 "$?"

done_testing

#!/usr/bin/env bash
# tls.sh: what the Gemini port's TLS offers.  TLS 1.2 takes only
# forward-secret AEAD suites (ECDHE with AES-GCM or ChaCha20-Poly1305):
# CBC and SHA-1 suites are refused.  Sessions resume with a ticket, also
# after a SIGHUP (the rotation of the ticket keys: tests/unit/test_tickets.c);
# a member's TLS 1.3 session is kept in the server's cache instead.
#
#   bash tests/integration/tls.sh                 (after `make test')
#
# The client is openssl s_client.  (AES128-SHA, static RSA, could not be
# had with the generated ECDSA certificate anyway; the ECDHE CBC suites
# are what the old default list gave.)

. "$(dirname "$0")/../lib.sh"

command -v openssl >/dev/null || bail_out "openssl is not installed"

start_mootd || bail_out "mootd did not start"

# s_client ARGS...: one TLS 1.2 or 1.3 handshake and a request for /;
# the transcript is in $RESP
s_client() {
	printf 'gemini://localhost:%s/\r\n' "$GEMINI_PORT" |
	    timeout "$NET_TIMEOUT" openssl s_client -connect \
	    "127.0.0.1:$GEMINI_PORT" -servername localhost -ign_eof "$@" \
	    >"$RESP" 2>&1
	RC=$?
}

# negotiated: the cipher suite the handshake agreed on, or nothing
negotiated() {
	sed -n 's/^New, [^,]*, Cipher is \(.*\)$/\1/p' "$RESP" | head -n 1
}

for c in AES128-SHA ECDHE-ECDSA-AES128-SHA ECDHE-ECDSA-AES256-SHA384 \
    ECDHE-ECDSA-AES128-SHA256 ECDHE-RSA-AES128-SHA; do
	# the client must offer the suite, and the server refuse it
	check "TLS 1.2 $c: this openssl offers it" \
	    sh -c 'openssl ciphers -tls1_2 "$1" >/dev/null' _ "$c"
	s_client -tls1_2 -cipher "$c"
	if { [ -z "$(negotiated)" ] || [ "$(negotiated)" = "(NONE)" ]; } &&
	    grep -q 'alert handshake failure' "$RESP"; then
		ok "TLS 1.2 $c: refused"
	else
		not_ok "TLS 1.2 $c: refused by the server" \
		    "negotiated $(negotiated)"
		_show_last
	fi
done
for c in ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384 \
    ECDHE-ECDSA-CHACHA20-POLY1305; do
	s_client -tls1_2 -cipher "$c"
	check_eq "TLS 1.2 $c: accepted" "$c" "$(negotiated)"
	check_grep "TLS 1.2 $c: the page is served" '^20 ' "$RESP"
done
s_client -tls1_3
check_grep "TLS 1.3: accepted, the page is served" '^20 ' "$RESP"

# resumption: a ticket from one connection opens the next, also after a
# SIGHUP (a new SSL_CTX: the ticket keys are the process's, not its)
resumes() {
	local name=$1 v=$2
	s_client "$v" -sess_out "$TMP/sess.$v"
	s_client "$v" -sess_in "$TMP/sess.$v"
	check_grep "$name: resumed" '^Reused, ' "$RESP"
	check_grep "$name: the page is served" '^20 ' "$RESP"
}
resumes "TLS 1.3" -tls1_3
resumes "TLS 1.2" -tls1_2

# ticket_hex FILE: the ticket a saved session holds, as hex
ticket_hex() {
	openssl sess_id -in "$1" -text -noout 2>/dev/null |
	    sed -n '/TLS session ticket:/,/Start Time/p' |
	    grep -oE '^ *[0-9a-f]{4} - ([0-9a-f]{2}[ -]){1,16}' |
	    sed 's/^ *[0-9a-f]* - //' | grep -oE '[0-9a-f]{2}' | tr -d '\n'
}
# A TLS 1.3 client uses a ticket once (RFC 8446, C.4; OpenSSL's and
# Go's do), so a resumed connection must bring a fresh ticket, or every
# other connection is a full handshake.
s_client -tls1_3 -sess_out "$TMP/chain.0"
for i in 1 2 3; do
	s_client -tls1_3 -sess_in "$TMP/chain.$((i - 1))" \
	    -sess_out "$TMP/chain.$i"
	check_grep "TLS 1.3, resumption $i in a row: resumed" '^Reused, ' \
	    "$RESP"
	a=$(ticket_hex "$TMP/chain.$((i - 1))") b=$(ticket_hex "$TMP/chain.$i")
	if [ -n "$b" ] && [ "$a" != "$b" ]; then
		ok "TLS 1.3, resumption $i in a row: a fresh ticket"
	else
		not_ok "TLS 1.3, resumption $i in a row: a fresh ticket" \
		    "the ticket was not renewed"
	fi
done
for v in -tls1_3 -tls1_2; do
	s_client "$v" -sess_out "$TMP/sess.$v"
done

# A member's TLS 1.3 session stays in the server's cache, the client
# holding only its 32-byte ID: a sealed ticket would carry the
# certificate, which OpenSSL parses again to seal and to open it (the
# dearest part of a member's handshake).  A visitor's is a sealed ticket.
# ticket_bytes FILE: the length of the ticket a saved session holds
ticket_bytes() {
	local hex
	hex=$(ticket_hex "$1")
	echo $((${#hex} / 2))
}
make_client_cert member 30 0 || bail_out "cannot make a certificate"
s_client -tls1_3 -cert "$TMP/member.crt" -key "$TMP/member.key" \
    -sess_out "$TMP/sess.member"
check_grep "a member's page over TLS 1.3" '^[1-6][0-9] ' "$RESP"
check_eq "a member's session: a 32-byte ID, kept by the server" 32 \
    "$(ticket_bytes "$TMP/sess.member")"
s_client -tls1_3 -cert "$TMP/member.crt" -key "$TMP/member.key" \
    -sess_in "$TMP/sess.member"
check_grep "a member's session resumes from the server's cache" \
    '^Reused, ' "$RESP"
n=$(ticket_bytes "$TMP/sess.-tls1_3")
if [ "$n" -gt 64 ]; then
	ok "a visitor's session: a sealed ticket ($n bytes)"
else
	not_ok "a visitor's session: a sealed ticket" "$n bytes"
fi

kill -HUP "$MOOTD_PID"
for _ in $(seq 50); do
	grep -q 'SIGHUP: reloaded' "$TMP/mootd.log" && break
	sleep 0.1
done
check_grep "SIGHUP made a new TLS context" 'SIGHUP: reloaded' \
    "$TMP/mootd.log"
for v in -tls1_3 -tls1_2; do
	s_client "$v" -sess_in "$TMP/sess.$v"
	check_grep "after SIGHUP, a ticket from before ($v): resumed" \
	    '^Reused, ' "$RESP"
done

stop_mootd
done_testing

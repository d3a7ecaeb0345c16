#!/usr/bin/env bash
# hostile.sh: requests no polite client sends, against the real mootd:
# over-long and unterminated lines, NUL bytes, invalid UTF-8, userinfo
# and fragments, climbing out of the capsule (.., %2e%2e, %2f,
# symlinks), SQL metacharacters in everything a client can send, Gopher
# menu injection through a comment, broken TLS on both ports.  After
# each group the server must still answer a normal request.
#
#   bash tests/integration/hostile.sh        (after `make test')
# KEEP_TMP=1 keeps the temporary directory.

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"

# --- fixtures: things outside the capsule, and links to them

setup_capsule
mkdir -p "$TMP/outside"
printf 'OUTSIDE-SECRET-MARKER\n' >"$TMP/outside/secret.txt"
printf '# OUTSIDE-GMI-MARKER\n' >"$TMP/outside/index.gmi"
ln -s /etc/passwd "$TMP/capsule/passwd.txt"
ln -s /etc/passwd "$TMP/capsule/passwd"
ln -s "$TMP/outside" "$TMP/capsule/outdir"
ln -s "$TMP/outside/secret.txt" "$TMP/capsule/secret.txt"
ln -s / "$TMP/capsule/rootfs"
PASSWD_MARK='root:'

make_demo_db || bail_out "no demo database"
"$MOOTCTL" --db "$TMP/moot.db" settings set post_refill 0 >/dev/null ||
    bail_out "mootctl settings set post_refill 0 failed"
make_client_cert hostile || bail_out "no client certificate"
THREAD=$(db "SELECT min(id) FROM threads")
SLUG=$(db "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id LIMIT 1")
COUNTS_SQL="SELECT (SELECT count(*) FROM comments) || '/' ||
    (SELECT count(*) FROM threads) || '/' || (SELECT count(*) FROM members)"
COUNTS_BEFORE=$(db "$COUNTS_SQL")

# One worker: whatever blocks it blocks everyone, so a stall shows.
start_mootd --request-timeout 2 --workers 1 --max-per-address 0 ||
    bail_out "mootd did not start"
G="gemini://localhost:$GEMINI_PORT"

# still_serving WHAT: a normal Gemini and Gopher request work, mootd lives
still_serving() {
	gem /
	check_status "after $1: Gemini / still 20" 20 "$HDR"
	gopher "/\r\n"
	if [ "$RC" = 0 ] && tail -c 3 "$RESP" | cmp -s - <(printf '.\r\n'); then
		ok "after $1: Gopher / still a menu"
	else
		not_ok "after $1: Gopher / still a menu" "exit $RC"
		show_file "$RESP"
	fi
	check "after $1: mootd is alive" mootd_alive
}

# gopher_is_error NAME: $RESP is one type 3 line and the closing "."
gopher_is_error() {
	if head -c 1 "$RESP" | grep -q '^3' &&
	    tail -c 3 "$RESP" | cmp -s - <(printf '.\r\n'); then
		ok "$1"
	else
		not_ok "$1" "want a type 3 error line and the closing ." \
		    "exchange exit status $RC$(_rc_meaning "$RC")"
		show_file "$RESP"
	fi
}

# not_leaked NAME MARKER: neither the last Gemini nor Gopher reply
# ($RESP) holds MARKER
not_leaked() {
	check_not_contains "$1" "$2" "$RESP"
}

# ------------------------------------------------ over-long lines

pad() {
	local s
	printf -v s '%*s' "$1" ''
	printf '%s' "${s// /a}"
}
base="$G/"
fetch "$base$(pad $((1025 - ${#base})))\r\n"
check_status "Gemini: a 1025-byte URL gets 59" 59 "$HDR"

elapsed fetch "$base$(pad 102400)"
check_status "Gemini: 100 KB without CRLF gets 59" 59 "$HDR"
if num_lt "$ELAPSED" 1.5; then
	ok "Gemini: ... at once, not at the request timeout (${ELAPSED} s)"
else
	not_ok "Gemini: ... at once, not at the request timeout" \
	    "took $ELAPSED s (the request timeout is 2 s)"
fi

gopher "/$(pad 2047)\r\n"
gopher_is_error "Gopher: a 2 KB selector gets a type 3 error"
elapsed gopher "/$(pad 102400)"
gopher_is_error "Gopher: 100 KB without a line end gets a type 3 error"
if num_lt "$ELAPSED" 1.5; then
	ok "Gopher: ... at once, not at the request timeout (${ELAPSED} s)"
else
	not_ok "Gopher: ... at once, not at the request timeout" \
	    "took $ELAPSED s"
fi
still_serving "over-long lines"

# ------------------------------------- no line end: timed out, closed

elapsed fetch -t 8 "$G/"
check_empty "Gemini: a request without CRLF gets no reply" "$RESP"
if [ "$RC" = 0 ] || [ "$RC" = 3 ]; then
	ok "Gemini: ... and is closed (exit $RC$(_rc_meaning "$RC"))"
else
	not_ok "Gemini: ... and is closed" "gemreq exit $RC$(_rc_meaning "$RC")"
fi
if num_lt "$ELAPSED" 4.5 && num_lt 1.5 "$ELAPSED"; then
	ok "Gemini: ... at the 2 s request timeout (${ELAPSED} s)"
else
	not_ok "Gemini: ... at the 2 s request timeout" "after $ELAPSED s"
fi
fetch -t 8 "$G/\n"
check_empty "Gemini: a bare LF is not a line end: no reply" "$RESP"
elapsed raw_tcp "$GOPHER_PORT" "/about" 8
if [ "$RC" != 124 ] && num_lt "$ELAPSED" 4.5; then
	ok "Gopher: a selector without a line end is closed in time (${ELAPSED} s)"
else
	not_ok "Gopher: a selector without a line end is closed in time" \
	    "exit $RC after $ELAPSED s"
fi

# ------------------------------------- NUL, bad UTF-8, userinfo, #

for r in "NUL|$G/\0about" "escaped NUL|$G/about%00" \
    "0xFF|$G/\xff" "overlong /|$G/\xc0\xafetc" "surrogate|$G/\xed\xa0\x80" \
    "lone continuation|$G/\x80" "bad escape|$G/%c3%28" \
    "userinfo|gemini://u@localhost:$GEMINI_PORT/" \
    "userinfo to another host|gemini://localhost:$GEMINI_PORT@evil.example/" \
    "fragment|$G/about#x" "fragment with ..|$G/#/../../etc/passwd"; do
	name=${r%%|*}
	fetch "${r#*|}\r\n"
	check_status "Gemini 59 for: $name" 59 "$HDR"
done
fetch "$G/\r\n\0\0\0\xff\xff"
check_status "Gemini: NUL and bad bytes after the CRLF are ignored" 20 "$HDR"

gopher "/ab\0out\r\n"
gopher_is_error "Gopher: a NUL in the selector gets a type 3 error"
gopher "/\xff\xfe\r\n"
gopher_is_error "Gopher: invalid UTF-8 gets a type 3 error"
gopher "/\xc0\xaf\xc0\xafetc/passwd\r\n"
gopher_is_error "Gopher: overlong / gets a type 3 error"
still_serving "bad bytes"

# ---------------------------------- climbing out of the capsule

for p in "/../../../../etc/passwd" "/%2e%2e/%2e%2e/%2e%2e/etc/passwd" \
    "/%2E%2E/%2E%2E/etc/passwd" "/..%2f..%2f..%2fetc%2fpasswd" \
    "/%2e%2e%2f%2e%2e%2fetc%2fpasswd" "/docs/..%2F..%2F..%2Fetc/passwd" \
    "/.%2e/.%2e/.%2e/etc/passwd" "/passwd" "/passwd.txt" \
    "/rootfs/etc/passwd" "/outdir/../../../../etc/passwd"; do
	gem "$p"
	not_leaked "Gemini $p: no /etc/passwd" "$PASSWD_MARK"
	gopher "$p\r\n"
	not_leaked "Gopher $p: no /etc/passwd" "$PASSWD_MARK"
	gopher "0$p\r\n"
	not_leaked "Gopher 0$p: no /etc/passwd" "$PASSWD_MARK"
done
for p in /outdir/secret.txt /secret.txt /outdir/ /outdir /outdir/index.gmi \
    "/outdir%2fsecret.txt" "/outdir/%2e/secret.txt"; do
	gem "$p"
	if [[ "$HDR" =~ ^20 ]]; then
		not_ok "Gemini $p (symlink out of the capsule): not 20" \
		    "got: $HDR"
	else
		ok "Gemini $p (symlink out of the capsule): not 20 ($HDR)"
	fi
	not_leaked "Gemini $p: not the target's content" OUTSIDE-
	gopher "$p\r\n"
	not_leaked "Gopher $p: not the target's content" OUTSIDE-
done
still_serving "paths out of the capsule"

# ------------------------------- SQL metacharacters, no certificate

sqlpaths=(
	"/space/x'%20OR%201=1--" "/space/x%27%20OR%20%271%27=%271"
	"/space/$SLUG'--" "/space/$SLUG%22%3B%20DROP%20TABLE%20threads--"
	"/thread/1%20OR%201=1" "/thread/1'--" "/thread/1;DROP%20TABLE%20comments"
	"/thread/-1%20UNION%20SELECT%201,2,3--" "/thread/0x1"
	"/thread/99999999999999999999999" "/thread/1e3"
	"/space/$SLUG/page/1%20OR%201=1" "/space/$SLUG/page/-1"
	"/invite/x'%20OR%20'1'='1" "/draft/1%20OR%201=1"
	"/comment/1%20OR%201=1/edit" "/report/comment/1'--"
)
bad=
for p in "${sqlpaths[@]}"; do
	gem "$p"
	[[ "$HDR" =~ ^(51|59)( |$) ]] || bad="$bad $p:[$HDR]"
done
check_none "SQL metacharacters in paths, no certificate: 51 or 59" "$bad"
# answers to prompts and queries on pages that take none
bad=
for p in "/?'%20OR%201=1--" "/space/$SLUG?'%3B%20DROP%20TABLE%20spaces--" \
    "/thread/$THREAD?1'%20OR%20'1'='1" "/join?x'%20OR%201=1--" \
    "/thread/$THREAD/comment?');%20DROP%20TABLE%20comments;--" \
    "/me/name?Robert');%20DROP%20TABLE%20members;--" "/link?'%20OR%201=1"; do
	gem "$p"
	[[ "$HDR" =~ ^(20|30|51|59|60)( |$) ]] || bad="$bad $p:[$HDR]"
done
check_none "SQL metacharacters in queries, no certificate: 20, 51, 59 or 60" \
    "$bad"
bad=
for s in "/space/x' OR 1=1--" "/thread/1 OR 1=1" \
    "/thread/1;DROP TABLE comments" "1/thread/1' UNION SELECT 1--" \
    "/space/$SLUG\t' OR 1=1--" "/thread/$THREAD\t'); DROP TABLE comments;--" \
    "/space/$SLUG?x'--" "/invite/a' OR 'a'='a"; do
	gopher "$s\r\n"
	if [ "$RC" != 0 ] || ! tail -c 3 "$RESP" | cmp -s - <(printf '.\r\n')
	then
		bad="$bad $s:[exit $RC]"
	fi
done
check_none "Gopher selectors with SQL metacharacters: a menu or an error" \
    "$bad"
check_eq "no row added or lost by any of it" "$COUNTS_BEFORE" \
    "$(db "$COUNTS_SQL")"
still_serving "SQL metacharacters"

# ------------------------------- SQL metacharacters, as a member

act hostile "/join?Hostile%20Tester"
check_status "a member joins" 30 "$HDR"

INJ="'); DROP TABLE comments;--"
act hostile "/thread/$THREAD/comment?$(urlenc "$INJ")"
check_status "comment \"$INJ\": 30" 30 "$HDR"
check_eq "... the comments table is still there" 1 \
    "$(db "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND
    name = 'comments'")"
check_eq "... stored literally, once" 1 \
    "$(db "SELECT count(*) FROM comments WHERE body =
    '$(sed "s/'/''/g" <<<"$INJ")'")"
gem "/thread/$THREAD"
check_contains "... and shown verbatim on the thread page" "$INJ" "$BODY"
gopher "/thread/$THREAD\r\n"
check_contains "... and on the Gopher thread menu" "$INJ" "$RESP"

INJ2="x' OR '1'='1\"; SELECT * FROM members; --"
act hostile "/thread/$THREAD/comment?$(urlenc "$INJ2")"
check_status "comment with quotes and a second statement: 30" 30 "$HDR"
check_eq "... stored literally" "$INJ2" \
    "$(db "SELECT body FROM comments ORDER BY id DESC LIMIT 1")"

act hostile "/me/name?$(urlenc "Robert'); DROP TABLE members;--")"
check_status "name \"Robert'); DROP TABLE members;--\": refused (10)" 10 \
    "$HDR"
NAME="O'Brien (test)"
act hostile "/me/name?$(urlenc "$NAME")"
check_status "name \"$NAME\": 30" 30 "$HDR"
check_eq "... stored literally" "$NAME" \
    "$(db "SELECT m.name FROM members m JOIN certs c ON c.member_id = m.id
    WHERE c.fingerprint = lower(replace('$(fingerprint "$TMP/hostile.crt")',
    ':', ''))")"
check_eq "... the members table is still there" 1 \
    "$(db "SELECT count(*) FROM sqlite_master WHERE name = 'members'")"

TITLE="Title'); DROP TABLE threads;-- \"quoted\""
act hostile "/space/$SLUG/new?$(urlenc "$TITLE")"
check_status "title \"$TITLE\": 30 to a draft" 30 "$HDR"
draft=${HDR#30 }
act hostile "$draft?$(urlenc "Body'); DELETE FROM threads;--")"
check_status "... its opening post: 30" 30 "$HDR"
check_eq "... the title is stored literally" "$TITLE" \
    "$(db "SELECT title FROM threads ORDER BY id DESC LIMIT 1")"
check_eq "... the threads table is still there and whole" \
    "$(( $(echo "$COUNTS_BEFORE" | cut -d/ -f2) + 1 ))" \
    "$(db "SELECT count(*) FROM threads")"
check_eq "PRAGMA integrity_check" ok "$(db "PRAGMA integrity_check")"

# ------------------------- Gopher menu injection through a comment

GOPHER_INJ=$'tab\there and a CR\rin the middle\n.\ni an info lookalike\tnull.host\t1\n3error lookalike\t\terror.host\t1\n1/secret menu\t/x\tevil.example\t70\n.\r\ncaf\xc3\xa9\ttab after a two-byte character\nend'
act hostile "/thread/$THREAD/comment?$(urlenc "$GOPHER_INJ")"
check_status "comment with TAB, CR, \".\" and item-type lines: 30" 30 "$HDR"
gopher "/thread/$THREAD\r\n"
cp "$RESP" "$TMP/gopher-thread"
check_contains "... shown on the Gopher thread menu" "3error lookalike" \
    "$TMP/gopher-thread"
# every line: CRLF, exactly 4 fields; "." only as the very last line
bad=$(awk '{ n++ }
    !/\r$/ { print "line " n ": no CRLF" }
    { sub(/\r$/, "") }
    $0 == "." { dots++; next }
    { f = split($0, a, "\t")
      if (f != 4) print "line " n ": " f " fields: " substr($0, 1, 60) }
    END { if (dots != 1) print dots + 0 " lines \".\"" }' \
    "$TMP/gopher-thread" | head -n 5 | escaped | tr '\n' ';')
check_none "... every menu line has 4 fields and CRLF, one \".\" line" "$bad"
if tail -c 3 "$TMP/gopher-thread" | cmp -s - <(printf '.\r\n') &&
    [ "$(grep -c $'^\\.\r$' "$TMP/gopher-thread")" = 1 ]; then
	ok "... and \".\" is the last line, once"
else
	not_ok "... and \".\" is the last line, once"
	tail -n 3 "$TMP/gopher-thread" | visible
fi
if ! grep -q $'^1/secret menu\t' "$TMP/gopher-thread" &&
    ! grep -q $'^3error lookalike\t' "$TMP/gopher-thread"; then
	ok "... no line of the comment became an item of its own"
else
	not_ok "... no line of the comment became an item of its own"
	grep -nE $'^(1/secret|3error)' "$TMP/gopher-thread" | visible
fi
still_serving "menu injection"

# --------------------------------------------------- broken TLS

# A client that stops mid-handshake: the first bytes of a ClientHello,
# then nothing, from a few connections at once.  The only worker must
# go on serving others.
hello='\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03'
stalled=()
for _ in 1 2 3 4 5; do
	timeout 6 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 2
	    printf "%b" "$2" >&3; sleep 5' _ "$GEMINI_PORT" "$hello" \
	    >/dev/null 2>&1 &
	stalled+=($!)
	track $!
done
sleep 0.3
elapsed gem /
check_status "while 5 handshakes are stalled: / is 20" 20 "$HDR"
if num_lt "$ELAPSED" 1.5; then
	ok "... and served at once (${ELAPSED} s)"
else
	not_ok "... and served at once" "took $ELAPSED s"
fi
# openssl s_client killed part-way (-ign_eof: it would otherwise end
# the connection politely when its input ends)
if command -v openssl >/dev/null; then
	for t in 0.05 0.1 0.3; do
		(timeout -s KILL "$t" openssl s_client -connect \
		    "127.0.0.1:$GEMINI_PORT" -servername localhost -ign_eof \
		    </dev/null >/dev/null 2>&1; :) 2>/dev/null
	done
	gem /about
	check_status "after openssl s_client killed mid-connection: 20" 20 \
	    "$HDR"
fi
for p in "${stalled[@]}"; do
	wait "$p" 2>/dev/null
done

# Plain text to the TLS port: no Gemini reply, and the connection ends.
elapsed raw_tcp "$GEMINI_PORT" "gemini://localhost:$GEMINI_PORT/\r\n" 6
if ! head -n 1 "$RESP" | grep -qE '^[0-9]{2}( |$)'; then
	ok "plain text to the Gemini port: no Gemini reply"
else
	not_ok "plain text to the Gemini port: no Gemini reply"
	show_file "$RESP"
fi
if [ "$RC" != 124 ]; then
	ok "... and the connection is closed (${ELAPSED} s)"
else
	not_ok "... and the connection is closed" "still open after 6 s"
fi
raw_tcp "$GEMINI_PORT" "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n" 6
if ! grep -qaE '^(HTTP|[0-9]{2} )' "$RESP" && [ "$RC" != 124 ]; then
	ok "HTTP to the Gemini port: no reply but a TLS alert, closed"
else
	not_ok "HTTP to the Gemini port: no reply but a TLS alert, closed" \
	    "exit $RC"
	show_file "$RESP"
fi

# TLS to the Gopher port: a Gopher error or a close, never a crash.
"$GEMREQ" -t 6 127.0.0.1 "$GOPHER_PORT" "$G/\r\n" >"$RESP" 2>"$ERR"
RC=$?
if [ "$RC" != 4 ] && mootd_alive; then
	ok "TLS to the Gopher port: refused or closed (gemreq exit $RC)"
else
	not_ok "TLS to the Gopher port: refused or closed" \
	    "gemreq exit $RC$(_rc_meaning "$RC")"
fi
still_serving "broken TLS"

# ------------------------------------------------------- the log

if grep -q 'bug:' "$TMP/mootd.log"; then
	not_ok "mootd logged no \"bug:\" line"
	grep 'bug:' "$TMP/mootd.log" | head -n 5 | visible
else
	ok "mootd logged no \"bug:\" line"
fi
# Timeouts and refused oversized requests may well end without a
# close_notify reaching the client; the other two checks hold for all.
_no_close_notify=()
check_replies_all
stop_mootd
done_testing

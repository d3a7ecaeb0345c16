#!/usr/bin/env bash
# sites.sh: several communities from one mootd (mootd --sites DIR).
#
#   bash tests/integration/sites.sh                 (after `make test')
#
# Two sites, alpha.test (the demo community) and beta.test (a new one),
# each with its own content, certificate (checked per SNI with openssl
# s_client), members and moderators; a third whose database is corrupt
# answers 42 while the others serve; SIGHUP adds a fourth; Gopher links
# carry each site's selector prefix; a read-only site answers 44 to
# posting and keeps reading open; a member of one site is a stranger on
# another.

. "$(dirname "$0")/../lib.sh"

command -v openssl >/dev/null || bail_out "openssl is not installed"

SITES="$TMP/sites"
HOST=alpha.test

# sctl ARGS...: mootctl on the sites folder (ctl's $CRC, $OUT, $CERR)
sctl() {
	"$MOOTCTL" --sites "$SITES" "$@" >"$OUT" 2>"$CERR"
	CRC=$?
}

# gem is the library's, for $HOST: its SNI and its URLs
gem() {
	local p=${!#}
	fetch -n "$HOST" "${@:1:$#-1}" "gemini://$HOST:$GEMINI_PORT$p\\r\\n"
}

# cert_cn HOST: the CN of the certificate mootd presents for SNI HOST
cert_cn() {
	printf '' | timeout "$NET_TIMEOUT" openssl s_client -connect \
	    "127.0.0.1:$GEMINI_PORT" -servername "$1" 2>/dev/null |
	    sed -n 's/^subject=.*CN *= *\([^,/]*\).*/\1/p' | head -n 1
}

# ------------------------------------------------------------- set up

sctl site add beta.test
check_ctl "mootctl site add beta.test: exit 0" 0 "beta.test is ready"
[ -f "$SITES/beta.test/moot.db" ] && ok "... made beta.test/moot.db" ||
    not_ok "... made beta.test/moot.db"
sctl site add beta.test
check_ctl "site add of an existing site: exit 1, says so" 1 "already"
sctl site add 'Bad_Name'
check_ctl "site add of a bad hostname: exit 1, says why" 1 "not a hostname"
mkdir -p "$SITES/alpha.test"
sctl --site alpha.test demo
check_ctl "mootctl --site alpha.test demo: the demo community" 0
sctl --site beta.test settings set name "Beta Allotments"
check_ctl "mootctl --site beta.test settings set name" 0
sctl --site beta.test space add beds "Raised beds" --reason "first space"
check_ctl "mootctl --site beta.test space add" 0
# a third, broken: not a database at all
mkdir -p "$SITES/broken.test"
head -c 8192 /dev/urandom >"$SITES/broken.test/moot.db"

sctl site list
check_ctl "site list: exit 0" 0
check_grep "site list: alpha.test ok, with members" \
    '^alpha\.test +ok +[1-9][0-9]* ' "$OUT"
check_grep "site list: beta.test ok, no members" '^beta\.test +ok +0 ' "$OUT"
check_grep "site list: broken.test broken" '^broken\.test +broken ' "$OUT"

setup_capsule
_pick_port && GEMINI_PORT=$_PORT
_pick_port && GOPHER_PORT=$_PORT
_pick_port && HTTP_PORT=$_PORT
"$MOOTD" --sites "$SITES" --gemini "127.0.0.1:$GEMINI_PORT" \
    --gopher "127.0.0.1:$GOPHER_PORT" --capsule "$TMP/capsule" \
    --http "127.0.0.1:$HTTP_PORT" \
    --workers 2 >>"$TMP/mootd.log" 2>&1 </dev/null &
MOOTD_PID=$!
for _ in $(seq 100); do
	grep -q "serving $SITES on" "$TMP/mootd.log" && break
	_alive "$MOOTD_PID" || break
	sleep 0.1
done
_alive "$MOOTD_PID" || { tail "$TMP/mootd.log" | visible; bail_out \
    "mootd --sites did not start"; }

# ------------------------------------------------- content, certificates

HOST=alpha.test gem /
check_reply "alpha.test: its home page" 20 'text/gemini'
check_grep "... alpha's content (the demo community)" \
    '^# Co-production Commons' "$BODY"
HOST=beta.test gem /
check_reply "beta.test: its home page" 20 'text/gemini'
check_grep "... beta's content" '^# Beta Allotments' "$BODY"
check_no_grep "... none of alpha's" 'Co-production' "$BODY"
HOST=beta.test gem /space/beds
check_reply "beta.test: its own space" 20 ''
HOST=alpha.test gem /space/beds
check_reply "alpha.test: not beta's space" 51 ''

[ "$(cert_cn alpha.test)" = alpha.test ] &&
    ok "SNI alpha.test: alpha.test's certificate" ||
    not_ok "SNI alpha.test: alpha.test's certificate" "got $(cert_cn alpha.test)"
[ "$(cert_cn beta.test)" = beta.test ] &&
    ok "SNI beta.test: beta.test's certificate" ||
    not_ok "SNI beta.test: beta.test's certificate" "got $(cert_cn beta.test)"
[ -f "$SITES/beta.test/beta.test.crt" ] && [ -f "$SITES/beta.test/beta.test.key" ] &&
    ok "... made in the site's folder" || not_ok "... made in the site's folder"

# the web view: the site the Host header names
# web HOST PATH: the status line and body in $RESP
web() {
	curl -s --max-time "$NET_TIMEOUT" -o "$RESP" -w '%{http_code}' \
	    -H "Host: $1" "http://127.0.0.1:$HTTP_PORT$2"
}
check_eq "HTTP Host alpha.test: 200" 200 "$(web "alpha.test:$HTTP_PORT" /)"
check_grep "... alpha's home page" '<h1>Co-production Commons' "$RESP"
check_eq "HTTP Host beta.test: 200" 200 "$(web beta.test /)"
check_grep "... beta's home page" '<h1>Beta Allotments' "$RESP"
check_eq "HTTP Host beta.test: its own space" 200 "$(web beta.test /space/beds)"
check_eq "HTTP Host alpha.test: not beta's space" 404 \
    "$(web alpha.test /space/beds)"
check_eq "HTTP Host of no site here: 421" 421 "$(web nowhere.test /)"

fetch -n alpha.test "gemini://beta.test:$GEMINI_PORT/\\r\\n"
check_reply "beta's URL on a connection for alpha: 53" 53 ''
fetch -n nowhere.test "gemini://nowhere.test:$GEMINI_PORT/\\r\\n"
check_reply "an unknown host: 53" 53 ''

# ---------------------------------------------- members and moderators

make_client_cert ann
HOST=alpha.test act ann "/join?Ann%20Alpha"
HOST=alpha.test as ann /me
check_reply "ann joined alpha.test" 20 ''
check_grep "... and is Ann Alpha there" 'Ann Alpha' "$BODY"
HOST=beta.test as ann /me
check_no_grep "... but a stranger on beta.test" 'Ann Alpha' "$BODY"
check_redirect "... whom beta.test sends to join (30 to /join/me)" "/join/me"
HOST=beta.test act ann "/join?Ann%20Beta"
HOST=beta.test as ann /me
check_grep "... where she joins as someone else" 'Ann Beta' "$BODY"
sctl --site beta.test member role "Ann Beta" moderator --reason "tends beds"
check_ctl "ann is made a moderator of beta.test" 0
[ "$(sqlite3 "$SITES/beta.test/moot.db" \
    "SELECT role FROM members WHERE name = 'Ann Beta'")" = 1 ] &&
    ok "... a moderator on beta.test" || not_ok "... a moderator on beta.test"
[ "$(sqlite3 "$SITES/alpha.test/moot.db" \
    "SELECT role FROM members WHERE name = 'Ann Alpha'")" = 0 ] &&
    ok "... still a member on alpha.test" ||
    not_ok "... still a member on alpha.test"

HOST=alpha.test act ann "/thread/1/comment?Hello%20from%20alpha"
check_reply "ann comments on alpha.test" 30 ''
n=$(sqlite3 "$SITES/alpha.test/moot.db" \
    "SELECT count(*) FROM comments WHERE body = 'Hello from alpha'")
[ "$n" = 1 ] && ok "... the comment is in alpha's database" ||
    not_ok "... the comment is in alpha's database" "found $n"
n=$(sqlite3 "$SITES/beta.test/moot.db" "SELECT count(*) FROM comments")
[ "$n" = 0 ] && ok "... and not in beta's" || not_ok "... and not in beta's"

# ------------------------------------------------------ a broken site

HOST=broken.test gem /
check_reply "broken.test (a corrupt database): 42 with the reason" 42 \
    'broken\.test.*unavailable'
HOST=alpha.test gem /
check_reply "... while alpha.test serves" 20 ''
check_grep "log lines name the site" ' alpha\.test gemini ' "$TMP/mootd.log"
check_grep "... HTTP's too" ' beta\.test http [^ ]+ /space/beds 200 ' \
    "$TMP/mootd.log"

# --------------------------------------------------------------- Gopher

gopher '/alpha.test/\r\n'
check_grep "Gopher /alpha.test/: alpha's menu" 'Co-production Commons' "$RESP"
check_grep "... its links carry /alpha.test and the host" \
    $'^1[^\t]*\t/alpha\\.test/space/[a-z-]+\talpha\\.test\t'"$GOPHER_PORT" "$RESP"
check_no_grep "... and no link without it" $'^[017][^\t]*\t/(space|thread|search)' "$RESP"
asel=$(grep -m 1 -oE $'\t/alpha\\.test/thread/[0-9]+' "$RESP" | tr -d '\t')
gopher "${asel:-/alpha.test/thread/none}\r\n"
check_grep "a discussion's URL: items (actions) carry /alpha.test too" \
    $'^h[^\t]*\t/alpha\\.test/URL:gemini://' "$RESP"
check_no_grep "... and none without it" $'^h[^\t]*\tURL:' "$RESP"
usel=$(grep -m 1 -oE $'\t/alpha\\.test/URL:[^\t]+' "$RESP" | tr -d '\t')
gopher "${usel:-/alpha.test/URL:none}\r\n"
check_grep "... and asking for one answers its page, not an error" \
    'gemini://' "$RESP"
check_no_grep "... (no error item)" '^3' "$RESP"
gopher '/beta.test/space/beds\r\n'
check_grep "Gopher /beta.test/space/beds: beta's space" 'Raised beds' "$RESP"
gopher '/\r\n'
check_grep "Gopher / names no site: an error item that says how" \
    '^3.*/HOSTNAME/' "$RESP"

# ---------------------------------------------------------- read-only

sctl site readonly alpha.test on
check_ctl "site readonly alpha.test on" 0 "read-only"
sctl site list
check_grep "... site list says read-only" '^alpha\.test +read-only ' "$OUT"
HOST=alpha.test act ann "/thread/1/comment?While%20moving"
check_reply "posting on a read-only site: 44" 44 '^[0-9]+$'
HOST=alpha.test gem /thread/1
check_reply "... reading goes on" 20 ''
HOST=beta.test act ann "/thread/1/comment?x"
[[ "$HDR" != 44* ]] &&
    ok "... beta.test is not read-only" ||
    not_ok "... beta.test is not read-only" "$HDR"
sctl site readonly alpha.test off
check_ctl "site readonly alpha.test off" 0
HOST=alpha.test act ann "/thread/1/comment?After%20the%20move"
check_reply "... posting again" 30 ''

# ------------------------------------------------------ SIGHUP adds one

sctl site add gamma.test
sctl --site gamma.test settings set name "Gamma Garden"
HOST=gamma.test gem /
check_reply "before SIGHUP, gamma.test is not served: 53" 53 ''
kill -HUP "$MOOTD_PID"
for _ in $(seq 50); do
	grep -q 'serving gamma.test' "$TMP/mootd.log" && break
	sleep 0.1
done
HOST=gamma.test gem /
check_reply "after SIGHUP, gamma.test serves" 20 ''
check_grep "... its own content" '^# Gamma Garden' "$BODY"
[ "$(cert_cn gamma.test)" = gamma.test ] &&
    ok "... with its own certificate" || not_ok "... with its own certificate"
HOST=alpha.test gem /
check_reply "... and alpha.test still does" 20 ''

# a removed folder takes no new connections
mv "$SITES/gamma.test" "$TMP/gamma.gone"
kill -HUP "$MOOTD_PID"
for _ in $(seq 50); do
	grep -q 'gamma.test is gone' "$TMP/mootd.log" && break
	sleep 0.1
done
HOST=gamma.test gem /
check_reply "a removed site is no longer served: 53" 53 ''
HOST=beta.test gem /
check_reply "... the others are" 20 ''

check_replies_all
stop_mootd
done_testing

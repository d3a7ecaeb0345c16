#!/usr/bin/env bash
# limits.sh: issue 11, item 9, against the real mootd: rate-limit buckets
# that a flood of throwaway certificates cannot wipe out or crowd, the
# echo of readers' words folded to one line (Gemini and Gopher), and
# search's own limits (a minimum prefix, a rate per address).
#
#   bash tests/integration/limits.sh    (after `make mootd mootctl
#                                        tests/bin/gemreq tests/bin/certflood')
# KEEP_TMP=1 keeps the temporary directory.

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
CERTFLOOD=$TOP/tests/bin/certflood
[ -x "$CERTFLOOD" ] || bail_out "tests/bin/certflood is not built"
command -v sqlite3 >/dev/null || bail_out "sqlite3 (the CLI) is needed"

# flood [SOURCE] N PATH: N requests for PATH, each with a new throwaway
# certificate (from the local address SOURCE when given); $FLOOD holds
# "NN count" lines, one per status, and "failed N"
FLOOD=
flood() {
	local src=()
	[ $# = 3 ] && { src=(-s "$1"); shift; }
	FLOOD=$("$CERTFLOOD" "${src[@]}" 127.0.0.1 "$GEMINI_PORT" \
	    "gemini://localhost:$GEMINI_PORT$2" "$1")
}
# flood_count NN: how many of the last flood's replies had status NN
flood_count() {
	awk -v s="$1" '$1 == s { n = $2 } END { print n + 0 }' <<<"$FLOOD"
}
ctl() {
	"$MOOTCTL" --db "$TMP/moot.db" "$@" >>"$TMP/mootctl.log" 2>&1
}

make_demo_db || bail_out "no demo database"
start_mootd --request-timeout 2 || bail_out "mootd did not start"
T=$(sql "SELECT id FROM threads WHERE held = 0 ORDER BY id LIMIT 1")

# ------------------------------------------------ rate-limit buckets

make_client_cert alice >/dev/null 2>&1 || bail_out "no certificate"
act alice "/join?Alice%20Limits"
check_header "alice joins" "30 /welcome" "$HDR"
# two posts in a row, then one an hour: nothing refills during the test
ctl settings set post_burst 2 && ctl settings set post_refill 3600
check_exit "post_burst 2, post_refill 3600" 0 "$?"
for i in 1 2 3; do
	act alice "/thread/$T/comment?limited%20$i"
done
check_reply "alice posts until limited: 44 with seconds" 44 '^[0-9]+$'

# Throwaway certificates flood in from another address: with the
# stalest bucket reused, a few thousand of them wiped alice's debt.
# (From her own address the flood would run into the address's bucket
# first, which would hide a forgotten debt.)
flood 127.0.0.2 3000 "/link?WRONG111"
refused=$(flood_count 44)
act alice "/thread/$T/comment?limited%204"
check_reply "alice is still limited after 3000 throwaway certificates: 44" \
    44 '^[0-9]+$'
check "... which were mostly refused (44)" [ "$refused" -gt 2900 ]
check_eq "... and none of her refused comments was stored" 0 \
    "$(sql "SELECT count(*) FROM comments WHERE body LIKE 'limited _'
    AND body NOT IN ('limited 1', 'limited 2')")"

# Another address, whose own bucket (four times post_burst) would let
# hundreds through: it gets at most RATELIMIT_PER_ADDRESS (64) buckets in
# debt, its own among them, so one address cannot fill the table.
ctl settings set post_burst 1000
flood 127.0.0.3 300 "/link?WRONG222"
check "a flood of 300 certificates from 127.0.0.3, post_burst 1000" \
    [ "$(flood_count failed)" = 0 ]
n44=$(flood_count 44)
if [ "$n44" -ge 236 ] && [ "$n44" -le 240 ]; then
	ok "... 64 buckets at most (60 to 64 let through, $n44 refused)"
else
	not_ok "... 64 buckets at most (60 to 64 let through)" \
	    "refused: $n44 of 300" "$FLOOD"
fi
act alice "/thread/$T/comment?limited%20X"
check_reply "alice is still limited after all the floods: 44" 44 '^[0-9]+$'
make_client_cert bob >/dev/null 2>&1 || bail_out "no certificate"
act bob "/join?Bob%20Limits"
check_header "a member from an address that did not flood joins" \
    "30 /welcome" "$HDR"
ctl settings set post_burst 5 && ctl settings set post_refill 0
act alice "/thread/$T/comment?unlimited"
check_header "post_refill 0 lifts the limit" "30 /thread/$T" "$HDR"

# ------------------------------------------------ echoed words, one line

# A CR LF in the search words once made "# 20 x" a heading of its own
# (and "20 x" an info line on Gopher).
gem "/search?%0d%0a20%20x"
check_status "/search?%0d%0a20%20x: 20" 20 "$HDR"
check_grep "... the words are echoed in the one heading" '^# Search: +20 x' \
    "$BODY"
check_no_grep "... and make no heading of their own" '^#+ *20 x' "$BODY"
check_eq "... one heading in all" 1 "$(grep -c '^#' "$BODY")"
# Gopher: words after a TAB are taken as they come (a CR LF there ends
# the request); words after ? are percent-decoded like Gemini's.
gopher "/search?%0d%0a20%20x\r\n"
check_grep "Gopher /search?%0d%0a20%20x: the words in the one heading line" \
    $'^iSearch: +20 x\t' "$RESP"
check_no_grep "... and no info line of their own" $'^i *20 x\t' "$RESP"
gopher "/search\t%0d%0a20%20x\r\n"
check_no_grep "Gopher, the words after a TAB: no info line of their own" \
    $'^i *20 x\t' "$RESP"

# ------------------------------------------------ search's own limits

SLUG=$(sql "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id LIMIT 1")
act alice "/space/$SLUG/new?Zqxjvk%20gardens"
act alice "$(meta)?An%20opening%20post%20about%20zqxjvk%20gardens."
check_reply "alice starts a discussion with a rare word" 30 '^/thread/[0-9]+$'
ZT=${HDR#30 /thread/}
gem "/search?zqx"
check_grep "/search?zqx: three letters match as a prefix" \
    "^=> ?/thread/$ZT[ /#]" "$BODY"
gem "/search?zq"
check_no_grep "/search?zq: two letters match whole words only" \
    "^=> ?/thread/$ZT[ /#]" "$BODY"
check_contains "... so nothing is found" "Nothing found" "$BODY"
gopher "/search\tzqx\r\n"
check_grep "Gopher (type 7) zqx: a prefix" $'^1[^\t]*\t/thread/'"$ZT"$'[\t/#]' \
    "$RESP"
gopher "/search\tzq\r\n"
check_no_grep "Gopher (type 7) zq: whole words only" \
    $'^1[^\t]*\t/thread/'"$ZT"$'[\t/#]' "$RESP"

# SEARCH_BURST (10) searches in a row from one address, then one every
# search_refill (default 2) seconds; six were made just above.
limited=
for i in $(seq 20); do
	gem "/search?garden$i"
	if [ "${HDR%% *}" = 44 ]; then
		limited=$i
		break
	fi
done
if [ -n "$limited" ]; then
	ok "searching again and again: 44 after a few ($((limited - 1)) more)"
else
	not_ok "searching again and again runs into a limit" \
	    "20 searches answered; last header: $HDR"
fi
check_reply "... with the seconds to wait" 44 '^[0-9]+$'
# on Gopher (a type 7 item), from the same address: an error item, at
# once or after a token that refilled meanwhile
limited=
for i in $(seq 20); do
	gopher "/search\tgardens$i\r\n"
	if grep -qE $'^3[^\t]*(busy|wait)' "$RESP"; then
		limited=$i
		break
	fi
done
if [ -n "$limited" ]; then
	ok "... and on Gopher (type 7): an error item ($((limited - 1)) more first)"
else
	not_ok "... and on Gopher (type 7): an error item" \
	    "20 searches answered"
	show_file "$RESP"
fi
gem /search
check_reply "... the prompt alone is not limited: 10" 10 "Search"
ctl settings set search_refill 0
gem "/search?gardens"
check_status "search_refill 0 lifts the limit: 20" 20 "$HDR"

stop_mootd
done_testing

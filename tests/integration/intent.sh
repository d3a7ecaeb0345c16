#!/usr/bin/env bash
# intent.sh: intent tokens (docs/security.md).  In Gemini a client shows
# its certificate with every link it follows, and an action takes its
# answer from the query, so a link a member posts must not act as
# whoever follows it.  For every action route: a crafted link without a
# token, with another member's token and with an expired one changes
# nothing in the database (the member gets a page that says so), and the
# link the server offers works.  Tokens are computed here independently
# with `openssl dgst -mac HMAC' from the key in the database.
#
#   bash tests/integration/intent.sh
# KEEP_TMP=1 keeps the temporary directory (database, log, certificates).

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
command -v sqlite3 >/dev/null || bail_out "sqlite3 (the CLI) is needed"

make_demo_db || bail_out "no demo database"
db "INSERT INTO settings (key, value) VALUES ('post_refill', '0')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value" ||
    bail_out "cannot turn the rate limit off"
start_mootd || bail_out "mootd did not start"

for c in admin mod alice eve newbie stranger spare; do
	make_client_cert "$c" 30 0 || bail_out "cannot make certificates"
done

# ------------------------------------------------------------ helpers

KEY=$(sql "SELECT hex(secret) FROM server_secret WHERE id = 1")
check_eq "the server made a 32-byte key on its first start" 64 "${#KEY}"

# token SUBJECT PATH DAY: the token as intent.c makes it, by openssl
token() {
	printf '%s\n%s\n%s' "$1" "$2" "$3" |
	    openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY" -binary |
	    head -c 12 | base64 | tr '+/' '-_' | tr -d '=\n'
}

today() {
	echo $(($(date +%s) / 86400))
}

# subject WHO: "m:ID" for a member's certificate, "c:FINGERPRINT" else
subject() {
	local f id
	f=$(fp "$TMP/$1.crt")
	id=$(sql "SELECT member_id FROM certs WHERE fingerprint = '$f'")
	if [ -n "$id" ]; then
		echo "m:$id"
	else
		echo "c:$f"
	fi
}

# is_intent_page: the last reply is the page that asks first
is_intent_page() {
	[[ "$HDR" == "20 "* ]] && grep -q '^# Nothing was done yet' "$BODY"
}

# guard NAME WHO OTHER PATH STATE-SQL: PATH (with its query) as WHO, a
# link they did not get from the server: without a token, with OTHER's
# token for the path and with WHO's own token of two days ago, nothing
# changes (STATE-SQL answers as before) and WHO sees the intent page;
# then the link that page offers (with the query the member would type)
# changes it.
guard() {
	local name=$1 who=$2 other=$3 p=$4 st=$5 path q= before tok own
	path=${p%%\?*}
	[ "$path" != "$p" ] && q="?${p#*\?}"
	before=$(sql "$st")

	as "$who" "$p"
	own=$(intent_token_of_reply)
	if is_intent_page && [ "$(sql "$st")" = "$before" ]; then
		ok "$name: without a token: nothing done, the intent page"
	else
		not_ok "$name: without a token: nothing done, the intent page" \
		    "state before: $before" "state after:  $(sql "$st")"
		_show_last
	fi

	intent_token "$other" "$path"
	tok=$INTENT_TOKEN
	as "$who" "$path/~$tok$q"
	if [ -n "$tok" ] && is_intent_page &&
	    [ "$(sql "$st")" = "$before" ]; then
		ok "$name: with $other's token: nothing done"
	else
		not_ok "$name: with $other's token: nothing done" \
		    "token: '$tok'" "state after: $(sql "$st")"
		_show_last
	fi

	tok=$(token "$(subject "$who")" "$path" $(($(today) - 2)))
	as "$who" "$path/~$tok$q"
	if is_intent_page && [ "$(sql "$st")" = "$before" ]; then
		ok "$name: with $who's token of two days ago: nothing done"
	else
		not_ok "$name: with $who's token of two days ago: nothing done" \
		    "state after: $(sql "$st")"
		_show_last
	fi

	# the link the page offers, with what the member then types
	as "$who" "$path/~$own$q"
	if [ -n "$own" ] && [ "$(sql "$st")" != "$before" ]; then
		ok "$name: by the link the server offers: done ($HDR)"
	else
		not_ok "$name: by the link the server offers: done" \
		    "state unchanged: $before"
		_show_last
	fi
}

# ------------------------------------------------------------ members

for pair in "admin:Adna Test" "mod:Maud Test" "alice:Alice Test" \
    "eve:Eve Test"; do
	act "${pair%%:*}" "/join?$(urlenc "${pair#*:}")"
done
id_of() {
	sql "SELECT id FROM members WHERE name = '$1'"
}
ADMIN_ID=$(id_of "Adna Test")
MOD_ID=$(id_of "Maud Test")
ALICE_ID=$(id_of "Alice Test")
EVE_ID=$(id_of "Eve Test")
[ -n "$ADMIN_ID" ] && [ -n "$MOD_ID" ] && [ -n "$ALICE_ID" ] &&
    [ -n "$EVE_ID" ] || bail_out "the members did not join"
sql "UPDATE members SET role = 2 WHERE id = $ADMIN_ID;
    UPDATE members SET role = 1 WHERE id = $MOD_ID"
T=$(sql "SELECT t.id FROM threads t JOIN spaces s ON s.id = t.space_id
    WHERE t.locked = 0 AND t.held = 0 AND s.archived = 0 ORDER BY t.id
    LIMIT 1")
T2=$(sql "SELECT t.id FROM threads t JOIN spaces s ON s.id = t.space_id
    WHERE t.locked = 0 AND t.held = 0 AND s.archived = 0 ORDER BY t.id
    LIMIT 1 OFFSET 1")
T3=$(sql "SELECT t.id FROM threads t JOIN spaces s ON s.id = t.space_id
    WHERE t.locked = 0 AND t.held = 0 AND s.archived = 0 ORDER BY t.id
    LIMIT 1 OFFSET 2")
SLUG=$(sql "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id LIMIT 1")
SLUG2=$(sql "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id
    LIMIT 1 OFFSET 1")

# An independent implementation: the token the server offers is the one
# openssl computes from the key.
as alice "/thread/$T/follow"
check_eq "the server's token is HMAC-SHA256(key, subject, path, day)" \
    "$(token "m:$ALICE_ID" "/thread/$T/follow" "$(today)")" \
    "$(intent_token_of_reply)"
check "... and there is one" test -n "$(intent_token_of_reply)"

# An action that only asks for text (a comment, a reply, a report),
# followed without a token and without text, goes on to itself with
# the member's token: what they reach is the prompt, and nothing is done
# until they type.  With text and no token it is any action's case.
C_P=$(sql "SELECT id FROM comments WHERE thread_id = $T AND deleted = 0
    AND hidden IS NULL AND held = 0 ORDER BY id LIMIT 1")
for pp in "/thread/$T/comment" "/comment/$C_P/reply" "/report/comment/$C_P" \
    "/report/thread/$T"; do
	before=$(sql "SELECT (SELECT count(*) FROM comments) ||
	    (SELECT count(*) FROM reports)")
	as alice "$pp"
	check_eq "$pp without a token: 30 to itself with alice's token" \
	    "30 $pp/~$(token "m:$ALICE_ID" "$pp" "$(today)")" "$HDR"
	as alice "$(meta)"
	check_status "... which prompts (10)" 10 "$HDR"
	as eve "$pp/~$(token "m:$ALICE_ID" "$pp" "$(today)")"
	check_eq "... alice's token followed by eve: 30 to eve's own" \
	    "30 $pp/~$(token "m:$EVE_ID" "$pp" "$(today)")" "$HDR"
	check_eq "... nothing stored" "$before" \
	    "$(sql "SELECT (SELECT count(*) FROM comments) ||
	    (SELECT count(*) FROM reports)")"
done

# ----------------------------------------- the issue's reproductions

# An admin follows a link a member posted: member 20 would be an admin.
guard "admin role change" admin eve \
    "/admin/member/$EVE_ID/role/admin?ok" \
    "SELECT role FROM members WHERE id = $EVE_ID"
check_eq "... eve is an admin only after the admin confirmed" 2 \
    "$(sql "SELECT role FROM members WHERE id = $EVE_ID")"
sql "UPDATE members SET role = 0 WHERE id = $EVE_ID"

# A moderator follows /mod/thread/N/delete?x
guard "discussion delete" mod eve "/mod/thread/$T2/delete?x" \
    "SELECT count(*) FROM threads WHERE id = $T2"

# ... and /mod/member/N/suspend?x
guard "member suspend" mod eve "/mod/member/$ALICE_ID/suspend?x" \
    "SELECT suspended FROM members WHERE id = $ALICE_ID"
sql "UPDATE members SET suspended = NULL WHERE id = $ALICE_ID"

# A member follows /thread/N/comment?TEXT: someone else's words under
# their name.  The page keeps the text.
WORDS='Words that are not mine ```WORDSMARK'
as alice "/thread/$T/comment?$(urlenc "$WORDS")"
check_contains "a comment link: the intent page says what it asked" \
    "post a comment in discussion $T" "$BODY"
check_grep "... and shows the text in a preformatted block" \
    '^```the text the link carried$' "$BODY"
check_contains "... the text itself" "Words that are not mine" "$BODY"
check_grep "... one link to the real action, without the text" \
    "^=> /thread/$T/comment/~[A-Za-z0-9_-]{16} " "$BODY"
check_eq "... nothing stored" 0 \
    "$(sql "SELECT count(*) FROM comments WHERE body LIKE '%WORDSMARK%'")"
guard "comment" alice eve "/thread/$T/comment?$(urlenc "$WORDS")" \
    "SELECT count(*) FROM comments WHERE body LIKE '%WORDSMARK%'"

# A Titan upload to a URL without a token.
printf 'An upload TITANMARK\nsecond line' >"$TMP/up.txt"
fetch -c "$TMP/alice.crt" -k "$TMP/alice.key" -b "$TMP/up.txt" \
    "titan://localhost:$GEMINI_PORT/thread/$T/comment;mime=text/plain;size=$(
    wc -c <"$TMP/up.txt")\r\n"
check "a Titan upload without a token: the intent page" is_intent_page
check_contains "... shows the uploaded text" "second line" "$BODY"
check_grep "... its link is a gemini:// URL (not titan://)" \
    "^=> gemini://localhost:$GEMINI_PORT/thread/$T/comment/~[A-Za-z0-9_-]{16} " \
    "$BODY"
check_eq "... nothing stored" 0 \
    "$(sql "SELECT count(*) FROM comments WHERE body LIKE '%TITANMARK%'")"
intent_token eve "/thread/$T/comment"
fetch -c "$TMP/alice.crt" -k "$TMP/alice.key" -b "$TMP/up.txt" \
    "titan://localhost:$GEMINI_PORT/thread/$T/comment/~$INTENT_TOKEN;mime=text/plain;size=$(
    wc -c <"$TMP/up.txt")\r\n"
check "... with eve's token: the page that asks first" is_intent_page
check_eq "... with eve's token: nothing stored" 0 \
    "$(sql "SELECT count(*) FROM comments WHERE body LIKE '%TITANMARK%'")"
act_titan alice "$TMP/up.txt" \
    "/thread/$T/comment;mime=text/plain;size=$(wc -c <"$TMP/up.txt")"
check_redirect "... with alice's own token: 30 to the discussion" \
    "gemini://localhost:$GEMINI_PORT/thread/$T"
check_eq "... stored once" 1 \
    "$(sql "SELECT count(*) FROM comments WHERE body LIKE '%TITANMARK%'")"

# A visitor without a certificate still gets 60 first.
gem "/thread/$T/comment?visitor%20VISITORMARK"
check_status "a visitor without a certificate: 60" 60 "$HDR"
gem "/admin/member/$EVE_ID/role/admin?ok"
check_status "... on an admin action too" 60 "$HDR"

# -------------------------------------------- every other action route

C_A=$(sql "SELECT id FROM comments WHERE member_id = $ALICE_ID ORDER BY id
    LIMIT 1")
[ -n "$C_A" ] || bail_out "alice has no comment"
guard "comment edit" alice eve "/comment/$C_A/edit?edited%20EDITMARK" \
    "SELECT body FROM comments WHERE id = $C_A"
guard "reply to a comment" alice eve "/comment/$C_A/reply?REPLYMARK" \
    "SELECT count(*) FROM comments WHERE body = 'REPLYMARK'"
guard "report a comment" alice eve "/report/comment/$C_A?spam" \
    "SELECT count(*) FROM reports WHERE comment_id = $C_A"
guard "report a discussion" alice eve "/report/thread/$T?spam" \
    "SELECT count(*) FROM reports WHERE thread_id = $T AND comment_id IS NULL"
guard "new discussion (draft)" alice eve "/space/$SLUG/new?A%20title" \
    "SELECT count(*) FROM drafts"
D=$(sql "SELECT max(id) FROM drafts WHERE member_id = $ALICE_ID")
guard "draft publish" alice eve "/draft/$D?The%20opening%20post" \
    "SELECT count(*) FROM threads"
sql "INSERT INTO drafts (member_id, space_id, title, created)
    SELECT $ALICE_ID, id, 'A draft to drop', 0 FROM spaces LIMIT 1"
D=$(sql "SELECT max(id) FROM drafts WHERE member_id = $ALICE_ID")
guard "discard a new discussion's draft" alice eve "/draft/$D/discard" \
    "SELECT count(*) FROM drafts WHERE id = $D"
sql "INSERT INTO comment_drafts (member_id, thread_id, body, created)
    VALUES ($ALICE_ID, $T, 'SAVEDMARK', 0), ($ALICE_ID, $T, 'DROPMARK', 0)"
CD=$(sql "SELECT id FROM comment_drafts WHERE body = 'SAVEDMARK'")
guard "post a saved comment" alice eve "/draft/comment/$CD" \
    "SELECT count(*) FROM comments WHERE body = 'SAVEDMARK'"
CD=$(sql "SELECT id FROM comment_drafts WHERE body = 'DROPMARK'")
guard "discard a saved comment" alice eve "/draft/comment/$CD/discard" \
    "SELECT count(*) FROM comment_drafts WHERE id = $CD"
TA=$(sql "SELECT id FROM threads WHERE member_id = $ALICE_ID ORDER BY id
    DESC LIMIT 1")
guard "edit an opening post" alice eve "/thread/$TA/edit?new%20words" \
    "SELECT body FROM threads WHERE id = $TA"
guard "change a title" alice eve "/thread/$TA/title?A%20new%20title" \
    "SELECT title FROM threads WHERE id = $TA"
# events (issue 17): alice's discussion made an event a month ahead
sql "INSERT INTO events (thread_id, starts_at, tzid, place, updated)
    VALUES ($TA, $(($(date +%s) + 30 * 86400)), 'UTC', 'Hall', 0)"
guard "announce an event" alice eve "/space/$SLUG/event?An%20event" \
    "SELECT count(*) FROM event_drafts"
ED=$(sql "SELECT max(id) FROM event_drafts WHERE member_id = $ALICE_ID")
guard "an event draft's answer" alice eve "/event/draft/$ED?UTC" \
    "SELECT tzid FROM event_drafts WHERE id = $ED"
guard "I'll come" eve alice "/event/$TA/come" \
    "SELECT count(*) FROM attendance WHERE thread_id = $TA"
guard "I'll come, unlisted" mod alice "/event/$TA/come/quietly" \
    "SELECT count(*) FROM attendance WHERE thread_id = $TA"
guard "I can't come any more" eve alice "/event/$TA/leave" \
    "SELECT count(*) FROM attendance WHERE thread_id = $TA"
guard "change an event's place" alice eve "/event/$TA/edit/place?Library" \
    "SELECT place FROM events WHERE thread_id = $TA"
guard "cancel an event" alice eve "/event/$TA/cancel?ill" \
    "SELECT cancelled FROM events WHERE thread_id = $TA"
guard "hide a discussion" mod eve "/mod/thread/$TA/hide?why" \
    "SELECT hidden IS NOT NULL FROM threads WHERE id = $TA"
act mod "/mod/thread/$TA/retitle?Retitled%20RT"
check_reply "a moderator's new title: 30 to the reason, with a token" 30 \
    "^/mod/thread/$TA/retitle/[0-9a-f]+/~[A-Za-z0-9_-]{16}\$"
_untokened "$(meta)"
guard "a moderator's new title" mod eve "$_UNTOKENED?why" \
    "SELECT title FROM threads WHERE id = $TA"
guard "rename" alice eve "/me/name?Alice%20Renamed" \
    "SELECT name FROM members WHERE id = $ALICE_ID"
guard "notifications marked read" alice eve "/me/notifications" \
    "SELECT count(*) FROM notifications WHERE member_id = $ALICE_ID AND
    seen = 1"
guard "the about on the member page" alice eve "/me/about?Hello" \
    "SELECT coalesce(about, '') FROM members WHERE id = $ALICE_ID"
guard "leave the directory" alice eve "/me/directory/leave" \
    "SELECT unlisted FROM members WHERE id = $ALICE_ID"
guard "a linking code" alice eve "/me/link" "SELECT count(*) FROM link_codes"
CODE=$(grep -m 1 -E '^[A-Z0-9]{8}$' "$BODY")
check "... the page shows a code" test -n "$CODE"
guard "/link with a code (not a member yet)" newbie stranger "/link?$CODE" \
    "SELECT count(*) FROM certs WHERE member_id = $ALICE_ID"
FP_NEWBIE=$(fp "$TMP/newbie.crt")
guard "unlink a certificate" alice eve "/me/certs/$FP_NEWBIE/unlink?yes" \
    "SELECT count(*) FROM certs WHERE fingerprint = '$FP_NEWBIE'"
guard "an invitation (member)" alice eve "/me/invite/new" \
    "SELECT count(*) FROM invites"
I1=$(sql "SELECT id FROM invites WHERE creator_id = $ALICE_ID ORDER BY id
    DESC LIMIT 1")
guard "revoke an invitation" alice eve "/me/invite/$I1/revoke?yes" \
    "SELECT revoked IS NOT NULL FROM invites WHERE id = $I1"
guard "an invitation (moderator)" mod eve "/mod/invite?3" \
    "SELECT count(*) FROM invites"
INV=$(grep -m 1 -oE '/invite/[a-z0-9]+' "$BODY" | sed 's|.*/||')
guard "join with an invitation" newbie stranger "/invite/$INV?Newbie%20One" \
    "SELECT count(*) FROM members"
guard "join" spare stranger "/join?Spare%20One" "SELECT count(*) FROM members"
C_H=$(sql "SELECT id FROM comments WHERE thread_id = $T AND hidden IS NULL
    AND deleted = 0 AND member_id <> $MOD_ID ORDER BY id DESC LIMIT 1")
guard "hide a comment" mod eve "/mod/comment/$C_H/hide?why" \
    "SELECT hidden IS NOT NULL FROM comments WHERE id = $C_H"
guard "lock a discussion" mod eve "/mod/thread/$T/lock?why" \
    "SELECT locked FROM threads WHERE id = $T"
guard "move a discussion" mod eve "/mod/thread/$T/move/$SLUG2?why" \
    "SELECT space_id FROM threads WHERE id = $T"
R=$(sql "SELECT id FROM reports ORDER BY id LIMIT 1")
guard "resolve a report" mod eve "/mod/report/$R/resolve?done" \
    "SELECT resolved FROM reports WHERE id = $R"
guard "a setting" admin eve "/admin/setting/name?Renamed%20Community" \
    "SELECT value FROM settings WHERE key = 'name'"
guard "add a space" admin eve "/admin/space/new?intent-space%20Intent" \
    "SELECT count(*) FROM spaces"
guard "rename a space" admin eve "/admin/space/intent-space/rename?Renamed" \
    "SELECT name FROM spaces WHERE slug = 'intent-space'"
guard "follow a discussion" alice eve "/thread/$T/follow" \
    "SELECT coalesce((SELECT state FROM participants WHERE
    thread_id = $T AND member_id = $ALICE_ID), -1)"
guard "stop following a discussion" alice eve "/thread/$T/unfollow" \
    "SELECT coalesce((SELECT state FROM participants WHERE
    thread_id = $T AND member_id = $ALICE_ID), -1)"
guard "mute a discussion" alice eve "/thread/$T/mute" \
    "SELECT coalesce((SELECT state FROM participants WHERE
    thread_id = $T AND member_id = $ALICE_ID), -1)"
guard "unmute a discussion" alice eve "/thread/$T/unmute" \
    "SELECT coalesce((SELECT state FROM participants WHERE
    thread_id = $T AND member_id = $ALICE_ID), -1)"
guard "follow a space" alice eve "/space/$SLUG/follow" \
    "SELECT count(*) FROM follows WHERE member_id = $ALICE_ID"
guard "stop following a space" alice eve "/space/$SLUG/unfollow" \
    "SELECT count(*) FROM follows WHERE member_id = $ALICE_ID"
guard "follow a member" alice eve "/member/$EVE_ID/follow" \
    "SELECT count(*) FROM follows WHERE member_id = $ALICE_ID"
guard "stop following a member" alice eve "/member/$EVE_ID/unfollow" \
    "SELECT count(*) FROM follows WHERE member_id = $ALICE_ID"
guard "comment delete" alice eve "/comment/$C_A/delete?yes" \
    "SELECT deleted FROM comments WHERE id = $C_A"
sql "INSERT INTO settings (key, value) VALUES ('terms_version', '7')
    ON CONFLICT (key) DO UPDATE SET value = '7'"
guard "terms accept" alice eve "/terms/accept?yes" \
    "SELECT terms_accepted FROM members WHERE id = $ALICE_ID"

# ------------------------------------------------ pages, caches, restarts

as alice "/thread/$T3"
check_grep "a member's page: action links carry the member's token" \
    "^=> /thread/$T3/follow/~$(token "m:$ALICE_ID" "/thread/$T3/follow" \
    "$(today)") " "$BODY"
check_no_grep "... reading links do not" "^=> /thread/$T3/feed/~" "$BODY"
check_grep "... a link that only prompts does not either" \
    "^=> /thread/$T3/comment " "$BODY"
check_no_grep "... none to a comment, a reply or a report" \
    "^=> /(thread/$T3/comment|comment/[0-9]+/reply|report/[a-z]+/[0-9]+)/~" \
    "$BODY"
gem "/thread/$T3"
check_no_grep "a visitor's page (cached, shared) holds no token" '/~' "$BODY"
gem "/thread/$T3"
check_no_grep "... nor when it comes from the cache" '/~' "$BODY"
as alice "/thread/$T3"
check_grep "... and a member's page after it still has theirs" \
    "^=> /thread/$T3/follow/~" "$BODY"

# yesterday's token still works (a link lives 24 to 48 hours)
tok=$(token "m:$ALICE_ID" "/thread/$T3/comment" $(($(today) - 1)))
act alice "/thread/$T3/comment"
as alice "/thread/$T3/comment/~$tok?yesterday%20YESTERDAYMARK"
check_eq "yesterday's token is accepted" 1 \
    "$(sql "SELECT count(*) FROM comments WHERE body LIKE '%YESTERDAYMARK%'")"

# the key is in the database: tokens outlive a restart
tok=$(token "m:$ALICE_ID" "/thread/$T3/comment" "$(today)")
stop_mootd
start_mootd || bail_out "mootd did not start again"
check_eq "... the key is the same after a restart" "$KEY" \
    "$(sql "SELECT hex(secret) FROM server_secret WHERE id = 1")"
as alice "/thread/$T3/comment/~$tok?restart%20RESTARTMARK"
check_eq "... and so is a token made before it" 1 \
    "$(sql "SELECT count(*) FROM comments WHERE body LIKE '%RESTARTMARK%'")"

# the key is never shown
"$MOOTCTL" --db "$TMP/moot.db" export "$TMP/export" >"$TMP/export.log" 2>&1
check_exit "mootctl export: exit 0" 0 "$?"
if grep -rqi "$KEY" "$TMP/export" "$TMP/export.log" 2>/dev/null; then
	not_ok "... the key is not in the export"
else
	ok "... the key is not in the export"
fi
"$MOOTCTL" --db "$TMP/moot.db" settings get >"$TMP/settings.txt" 2>&1
check_not_contains "mootctl settings get: no key" "$KEY" "$TMP/settings.txt"
check_not_contains "... nor its table" "secret" "$TMP/settings.txt"

# ----------------------------------------- continuations a link chooses

# /terms/accept/PATH and /join/PATH (through /welcome?PATH) carry on to a
# path that came with the link: the server must not sign it, or anyone's
# link could have an action signed on the way (accept the terms, or just
# open the welcome page, and the next click acts).
N_INV=$(sql "SELECT count(*) FROM invites")
act alice "/terms/accept/me/invite/new?yes"
check_reply "terms accepted, carrying on to a link's action: no token" 30 \
    '^/me/invite/new$'
as alice "$(meta)"
check "... so it asks first" is_intent_page
as alice "/welcome?/me/invite/new"
check_grep "/welcome?PATH: the link to carry on is there" \
    '^=> /me/invite/new ' "$BODY"
check_no_grep "... without a token" '/me/invite/new/~' "$BODY"
as alice "/me/invite/new"
check "... so it asks first" is_intent_page
check_eq "... and no invitation was made" "$N_INV" \
    "$(sql "SELECT count(*) FROM invites")"

# an action's path with a trailing slash is the same action: the link
# the page offers for it must work, not ask again and again
as alice "/me/name/"
check "an action with a trailing slash asks first" is_intent_page
link=$(grep -m 1 -oE '^=> [^ ]*/~[A-Za-z0-9_-]{16}' "$BODY" | sed 's/^=> //')
as alice "$link"
check_status "... and the link it offers works (10, the prompt)" 10 "$HDR"

# /mod/thread/ID/retitle/HEX carries the new title in the link: anyone
# can write one, so the question the moderator answers shows the title
hex=$(printf 'Crafted Title QX' | od -An -tx1 | tr -d ' \n')
act mod "/terms/accept?yes"
act mod "/mod/thread/$T3/retitle/$hex"
check_reply "a crafted retitle link: the reason prompt shows the title" 10 \
    'Crafted Title QX'

# -------------------------------------------------------------- the log

as alice "/terms/accept/me/certs/$(fp "$TMP/eve.crt")/unlink"
gem "/no-such-place/~AAAAAAAAAAAAAAAA"
sleep 0.3
check_no_grep "the log holds no token" '~[A-Za-z0-9_-]{16}' "$TMP/mootd.log"
check_no_grep "... and no certificate fingerprint" '[0-9a-f]{64}' \
    "$TMP/mootd.log"
check_grep "... an unlinking is logged without the fingerprint" \
    ' /me/certs/\.\.\./unlink ' "$TMP/mootd.log"
check_grep "... a path with a token is logged without it" \
    ' /thread/[0-9]+/comment 30 ' "$TMP/mootd.log"

check_replies_all
done_testing

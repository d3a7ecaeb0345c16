#!/usr/bin/env bash
# members.sh: issue 12, "Member pages".  /member/ID (name, about, role,
# joined date, recent discussions and comments; 51 for an unknown id);
# the about a member writes on /me (one line, at most 500 characters,
# cleared by an empty answer or /me/about/clear); the directory /members
# (newest first and A to Z, paged; suspended members only for
# moderators; leaving it and coming back from /me, the member page
# staying); names linking to member pages in discussions, search and
# notifications; moderators suspending and restoring from the member
# page and /mod/suspended (never themselves, never an admin); the same
# pages over Gopher; the about in the member's own export.
#
#   bash tests/integration/members.sh    (after `make mootd mootctl
#                                         tests/bin/gemreq')

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
command -v sqlite3 >/dev/null || bail_out "sqlite3 (the CLI) is needed"
command -v curl >/dev/null || bail_out "curl is needed"

id_of() {
	sql "SELECT id FROM members WHERE name = '$1'"
}

# gopher_curl SELECTOR: a Gopher menu fetched with curl into $TMP/g.txt
gopher_curl() {
	curl -s --max-time "$NET_TIMEOUT" \
	    "gopher://127.0.0.1:$GOPHER_PORT/1$1" >"$TMP/g.txt" 2>/dev/null
}

make_demo_db || bail_out "no demo database"
"$MOOTCTL" --db "$TMP/moot.db" settings set post_refill 0 >/dev/null 2>&1
# members enough for two directory pages, joined long ago
for i in $(seq 10 29); do
	sql "INSERT INTO members (name, name_key, joined, role, approved,
	    terms_accepted, name_skel, name_skel_cased) VALUES
	    ('Filler $i', 'filler $i', 1000 + $i, 0, 1, 0, 'fillskel$i',
	    'FillSkel$i')"
done
start_mootd || bail_out "mootd did not start"
for c in alice bob mod adm; do
	make_client_cert "$c" 30 0 || bail_out "cannot make certificates"
done
act alice "/join?Alice%20Members"
act bob "/join?Bob%20Members"
act mod "/join?Maud%20Members"
act adm "/join?Adam%20Members"
for r in "Maud Members:moderator" "Adam Members:admin"; do
	"$MOOTCTL" --db "$TMP/moot.db" member role "${r%%:*}" "${r#*:}" \
	    --reason "test roles" >/dev/null 2>&1 ||
	    bail_out "mootctl member role failed"
done
ALICE=$(id_of "Alice Members")
BOB=$(id_of "Bob Members")
MOD=$(id_of "Maud Members")
ADM=$(id_of "Adam Members")
[ -n "$ALICE" ] && [ -n "$BOB" ] && [ -n "$MOD" ] && [ -n "$ADM" ] ||
    bail_out "the members did not join"
SLUG=$(sql "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id LIMIT 1")

post_thread alice "$SLUG" "Members MEMBTITLE" "Opening words ZYGOMEMBERS."
T=$NEW
[ -n "$T" ] || bail_out "alice could not start a discussion"
act alice "/thread/$T/comment?$(urlenc "Alice adds QUOKKAWORD here")"
CA=$(sql "SELECT max(id) FROM comments WHERE member_id = $ALICE")
act bob "/thread/$T/comment?$(urlenc "Bob answers @Alice Members BOBWORD")"
CB=$(sql "SELECT max(id) FROM comments WHERE member_id = $BOB")
[ -n "$CA" ] && [ -n "$CB" ] || bail_out "no comments"

# ------------------------------------------------------- the member page

gem "/member/$ALICE"
check_status "/member/ID: 20 for a visitor" 20 "$HDR"
check_grep "... the display name as its heading" "^# Alice Members$" "$BODY"
check_grep "... the role and the joined date" \
    "^Member since $(date -u +%Y-%m-%d)\\.$" "$BODY"
check_grep "... says there is no about yet" \
    "Alice Members has not written about themselves yet" "$BODY"
check_grep "... lists the discussion she started, with its title" \
    "^=> /thread/$T Members MEMBTITLE " "$BODY"
check_grep "... lists her comment at its permalink, with the title" \
    "^=> /comment/$CA On \"Members MEMBTITLE\", .*QUOKKAWORD" "$BODY"
check_grep "... links the directory" "^=> /members " "$BODY"
check_no_grep "... offers a visitor no moderation" "/mod/member/" "$BODY"
gem "/member/$MOD"
check_grep "a moderator's page says Moderator" "^Moderator since " "$BODY"
gem "/member/$ADM"
check_grep "an admin's page says Admin" "^Admin since " "$BODY"
gem "/member/999999"
check_reply "an unknown id: 51" 51 "no such member"
gem "/member/abc"
check_status "a member page by something else than an id: 51" 51 "$HDR"

# a held comment is not listed on the page
sql "UPDATE comments SET hidden = 'test' WHERE id = $CA"
gem "/member/$ALICE"
check_no_grep "a hidden comment is not listed" "/comment/$CA " "$BODY"
sql "UPDATE comments SET hidden = NULL WHERE id = $CA"

# ------------------------------------------------------------ the about

as alice /me
check_grep "/me links the member page" "^=> /member/$ALICE " "$BODY"
check_grep "/me offers to write about yourself" "^=> /me/about$TOK " "$BODY"
as alice "/member/$ALICE"
check_grep "her own member page offers to write about herself" \
    "^=> /me/about$TOK " "$BODY"
act alice /me/about
check_reply "/me/about asks, saying the limit in characters" 10 \
    "about you.*up to [0-9]+ characters"
act alice "/me/about?$(urlenc "  Gardener in Leeds, ABOUTWORD  ")"
check_redirect "an about is kept, back to the member page" "/member/$ALICE"
check_eq "... stored trimmed" "Gardener in Leeds, ABOUTWORD" \
    "$(sql "SELECT about FROM members WHERE id = $ALICE")"
gem "/member/$ALICE"
check_grep "... shown on the member page" "^Gardener in Leeds, ABOUTWORD$" \
    "$BODY"
check_no_grep "... instead of 'not written'" "has not written" "$BODY"
as alice /me
check_grep "... and on /me" "^About you: Gardener in Leeds, ABOUTWORD$" \
    "$BODY"
check_grep "... which offers to clear it" "^=> /me/about/clear$TOK " "$BODY"
LONG=$(printf 'a%.0s' $(seq 1 501))
act alice "/me/about?$LONG"
check_reply "501 characters are refused at the prompt" 10 "at most 500"
check_eq "... and nothing is changed" "Gardener in Leeds, ABOUTWORD" \
    "$(sql "SELECT about FROM members WHERE id = $ALICE")"
act alice "/me/about?${LONG:1}"
check_redirect "500 characters are taken" "/member/$ALICE"
check_eq "... all of them" 500 \
    "$(sql "SELECT length(about) FROM members WHERE id = $ALICE")"
act alice "/me/about?two%0Alines"
check_reply "two lines are refused" 10 "one line"
act alice "/me/about/clear"
check_redirect "/me/about/clear clears it" "/member/$ALICE"
check_eq "... none stored" "" \
    "$(sql "SELECT coalesce(about, '') FROM members WHERE id = $ALICE")"
act alice "/me/about?Again%20ABOUTWORD"
act alice "/me/about?"
check_redirect "an empty answer clears it too" "/member/$ALICE"
check_eq "... none stored" "" \
    "$(sql "SELECT coalesce(about, '') FROM members WHERE id = $ALICE")"
act alice "/me/about?Gardener%20ABOUTWORD"
as alice /me/export
check_grep "the member's own export has the about" "^## About Alice Members$" \
    "$BODY"
check_grep "... and its words" "^Gardener ABOUTWORD$" "$BODY"

# ------------------------------------------------------- the directory

LISTED=$(sql "SELECT count(*) FROM members WHERE suspended IS NULL")
gem /members
check_status "/members: 20" 20 "$HDR"
check_grep "... counts the members listed" "^$LISTED members in the directory, newest first\\.$" "$BODY"
check_grep "... page 1 of 2" "^Page 1 of 2\\.$" "$BODY"
FIRST=$(grep -m1 -oE '^=> /member/[0-9]+ ' "$BODY" | grep -oE '[0-9]+')
check_eq "... newest first" "$(sql "SELECT id FROM members
    ORDER BY joined DESC, id DESC LIMIT 1")" "$FIRST"
check_grep "... links the next page" "^=> /members/page/2 " "$BODY"
check_grep "... and A to Z" "^=> /members/az " "$BODY"
check_eq "... 30 members a page" 30 \
    "$(grep -cE '^=> /member/[0-9]+ ' "$BODY")"
gem /members/page/2
check_status "/members/page/2: 20" 20 "$HDR"
check_eq "... the rest of them" $((LISTED - 30)) \
    "$(grep -cE '^=> /member/[0-9]+ ' "$BODY")"
check_grep "... links the previous page" "^=> /members " "$BODY"
check_grep "... the oldest last" "^=> /member/$(sql "SELECT id FROM members
    ORDER BY joined, id LIMIT 1") " "$BODY"
gem /members/page/3
check_status "/members/page/3: 51" 51 "$HDR"
gem /members/page/0
check_status "/members/page/0: 51" 51 "$HDR"
gem /members/az
check_grep "/members/az: A to Z" "^$LISTED members in the directory, A to Z\\.$" "$BODY"
FIRST=$(grep -m1 -oE '^=> /member/[0-9]+ ' "$BODY" | grep -oE '[0-9]+')
check_eq "... the first by name" "$(sql "SELECT id FROM members
    ORDER BY name_key, id LIMIT 1")" "$FIRST"
check_grep "... paged in its own order" "^=> /members/az/page/2 " "$BODY"
gem /members/az/page/2
check_grep "/members/az/page/2: the last by name" "^=> /member/$(sql "SELECT id
    FROM members ORDER BY name_key DESC, id DESC LIMIT 1") " "$BODY"

# leaving the directory, and coming back
gem /members
grep -qE "^=> /member/$BOB " "$BODY" && ok "bob is listed to begin with" ||
    not_ok "bob is listed to begin with"
gem /members/az
cp "$BODY" "$TMP/az.all"
gem /members/az/page/2
cat "$BODY" >>"$TMP/az.all"
check_grep "... and in A to Z, on page 1 or 2" "^=> /member/$BOB " "$TMP/az.all"
as bob /me
check_grep "/me offers to leave the directory" \
    "^=> /me/directory/leave$TOK .*member page stays" "$BODY"
act bob /me/directory/leave
check_redirect "leaving the directory: back to /me" /me
check_eq "... stored" 1 "$(sql "SELECT unlisted FROM members WHERE id = $BOB")"
gem /members
check_no_grep "... bob is not listed (newest)" "^=> /member/$BOB " "$BODY"
check_grep "... and the count says one fewer" \
    "^$((LISTED - 1)) members in the directory" "$BODY"
gem /members/az
check_no_grep "... nor A to Z" "^=> /member/$BOB " "$BODY"
gem /members/az/page/2
check_no_grep "... on any page" "^=> /member/$BOB " "$BODY"
gem "/member/$BOB"
check_status "... his member page stays" 20 "$HDR"
as bob /me
check_grep "/me then offers to come back" "^=> /me/directory/return$TOK " \
    "$BODY"
act bob /me/directory/return
check_redirect "coming back: back to /me" /me
gem /members
check_grep "... bob is listed again" "^=> /member/$BOB " "$BODY"
check_grep "... as is alice, before she is suspended" "^=> /member/$ALICE " \
    "$BODY"
gem /me/directory/leave
check_status "a visitor cannot leave the directory (60)" 60 "$HDR"

# -------------------------------------------------- names link to pages

gem "/thread/$T"
check_grep "the opening post's author links to her page" \
    "^=> /member/$ALICE Alice Members \\(member page\\)$" "$BODY"
check_grep "a comment's author links to his page" \
    "^=> /member/$BOB Bob Members \\(member page\\)$" "$BODY"
L_HEAD=$(line_of "$BODY" "^### Bob Members, ")
L_LINK=$(line_of "$BODY" "^=> /member/$BOB ")
check_eq "... just under the comment's heading" $((L_HEAD + 1)) "$L_LINK"
gem "/search?QUOKKAWORD"
check_grep "a search result links its author's page" \
    "^=> /member/$ALICE Alice Members \\(member page\\)$" "$BODY"
gem "/search?BOBWORD"
check_grep "... a comment's author's" "^=> /member/$BOB " "$BODY"
act alice /me/notifications
check_grep "a notification links the page of who wrote" \
    "^=> /member/$BOB Bob Members \\(member page\\)$" "$BODY"
sql "UPDATE members SET name = 'Bob Renamed', name_key = 'bob renamed',
    name_skel = 'bobrenamedskel', name_skel_cased = 'BobRenamedSkel'
    WHERE id = $BOB"
gem "/thread/$T"
check_grep "after a rename the same page is linked by the new name" \
    "^=> /member/$BOB Bob Renamed \\(member page\\)$" "$BODY"

# ------------------------------------------------------------ moderation

as mod "/member/$ALICE"
check_grep "a moderator is offered to suspend from the member page" \
    "^=> /mod/member/$ALICE/suspend$TOK Suspend Alice Members" "$BODY"
as bob "/member/$ALICE"
check_no_grep "a member is not" "/mod/member/" "$BODY"
act bob "/mod/member/$ALICE/suspend?spam"
check_status_in "... and is refused when he tries" "60 61 62" "$HDR"
as mod "/member/$MOD"
check_no_grep "a moderator is not offered to suspend themselves" \
    "/mod/member/" "$BODY"
act mod "/mod/member/$MOD/suspend?me"
check_reply "... and is refused" 50 "themselves"
as mod "/member/$ADM"
check_no_grep "a moderator is not offered to suspend an admin" \
    "/mod/member/" "$BODY"
act mod "/mod/member/$ADM/suspend?nope"
check_reply "... and is refused" 50 "admin"
check_eq "... nobody was suspended" 0 \
    "$(sql "SELECT count(*) FROM members WHERE suspended IS NOT NULL")"
act mod "/mod/member/999999/suspend?x"
check_reply "an unknown member cannot be suspended (51)" 51 "no such member"

act mod "/mod/member/$ALICE/suspend"
check_reply "suspending asks for a reason" 10 "why suspend"
act mod "/mod/member/$ALICE/suspend?$(urlenc "spam SUSPWORD")"
check_redirect "... then goes back to the member page" "/member/$ALICE"
check_eq "... she is suspended" "spam SUSPWORD" \
    "$(sql "SELECT suspended FROM members WHERE id = $ALICE")"
check_modlog suspend "member $ALICE" "spam SUSPWORD" "$MOD"
as mod "/member/$ALICE"
check_grep "a moderator sees the suspension and its reason" \
    "^Suspended: spam SUSPWORD$" "$BODY"
check_grep "... and is offered to restore" \
    "^=> /mod/member/$ALICE/restore$TOK Restore Alice Members" "$BODY"
as alice "/member/$ALICE"
check_grep "she sees her own suspension on her page" \
    "^Suspended: spam SUSPWORD$" "$BODY"
check_no_grep "... which offers her nothing she may not do" "/me/about" \
    "$BODY"
gem "/member/$ALICE"
check_status "a visitor still reads her page" 20 "$HDR"
check_no_grep "... without the suspension" "SUSPWORD|Suspended" "$BODY"
gem /members
check_no_grep "a visitor's directory leaves her out" "^=> /member/$ALICE " \
    "$BODY"
as mod /members
check_grep "a moderator's lists her, marked suspended" \
    "^=> /member/$ALICE Alice Members \\(member, joined .*, suspended\\)$" \
    "$BODY"
as mod /mod
check_grep "/mod links the suspended members" "^=> /mod/suspended " "$BODY"
as mod /mod/suspended
check_status "/mod/suspended: 20 for a moderator" 20 "$HDR"
check_grep "... lists her with the reason" "^Suspended: spam SUSPWORD$" "$BODY"
check_grep "... links her page" "^=> /member/$ALICE " "$BODY"
check_grep "... and restoring her" "^=> /mod/member/$ALICE/restore$TOK " \
    "$BODY"
as bob /mod/suspended
check_status_in "/mod/suspended is refused to a member" "61 62" "$HDR"
gem /mod/suspended
check_status "... and asks a visitor for a certificate" 60 "$HDR"
act mod "/mod/member/$ALICE/restore?$(urlenc "better now")"
check_redirect "restoring goes back to the member page" "/member/$ALICE"
check_eq "... she is not suspended" "" \
    "$(sql "SELECT coalesce(suspended, '') FROM members WHERE id = $ALICE")"
check_modlog restore "member $ALICE" "better now" "$MOD"
as mod /mod/suspended
check_grep "the list is then empty" "^Nobody is suspended\\.$" "$BODY"

# --------------------------------------------------------------- Gopher

gopher_curl "/member/$ALICE"
check_grep "Gopher: /member/ID has the name" "Alice Members" "$TMP/g.txt"
check_grep "... the about" "Gardener ABOUTWORD" "$TMP/g.txt"
check_grep "... and a menu item to her discussion" \
    "^1Members MEMBTITLE .*	/thread/$T	" "$TMP/g.txt"
gopher_curl /members
check_grep "Gopher: /members lists members as menu items" \
    "^1Alice Members \\(member, joined .*	/member/$ALICE	" "$TMP/g.txt"
check_grep "... with the next page" "	/members/page/2	" "$TMP/g.txt"
gopher_curl "/thread/$T"
check_grep "Gopher: a discussion's names are menu items to member pages" \
    "^1Bob Renamed \\(member page\\)	/member/$BOB	" "$TMP/g.txt"
gopher_curl /member/999999
check_grep "Gopher: an unknown member is an error item" "^3" "$TMP/g.txt"

check_replies_all
done_testing

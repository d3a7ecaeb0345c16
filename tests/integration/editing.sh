#!/usr/bin/env bash
# editing.sh: issue 11 items 6 and 9.  Authors correct their opening
# post and title (prompt and Titan upload), the page says "edited";
# moderators change a title and hide (and restore) an opening post,
# with the reason in the moderation log; a locked discussion or an
# archived space takes no edits; a draft is not published into a space
# archived since its title was given.
#
#   bash tests/integration/editing.sh    (after `make mootd mootctl
#                                         tests/bin/gemreq')

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
command -v sqlite3 >/dev/null || bail_out "sqlite3 (the CLI) is needed"

# titan WHO PATH FILE: upload FILE as text/gemini to PATH (with WHO's
# intent token)
titan() {
	local size
	size=$(wc -c <"$3")
	act_titan "$1" "$3" "$2;mime=text/gemini;size=$size"
}

make_demo_db || bail_out "no demo database"
"$MOOTCTL" --db "$TMP/moot.db" settings set post_refill 0 >/dev/null 2>&1
start_mootd || bail_out "mootd did not start"
for c in alice bob mod; do
	make_client_cert "$c" 30 0 || bail_out "cannot make certificates"
done
act alice "/join?Alice%20Edit"
act bob "/join?Bob%20Edit"
act mod "/join?Maud%20Edit"
"$MOOTCTL" --db "$TMP/moot.db" member role "Maud Edit" moderator \
    --reason "test moderator" >/dev/null 2>&1 ||
    bail_out "mootctl member role failed"
MOD_ID=$(sql "SELECT id FROM members WHERE name = 'Maud Edit'")
SLUG=$(sql "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id LIMIT 1")

post_thread alice "$SLUG" "A title with a tpyo" "The frist words."
T=$NEW
[ -n "$T" ] || bail_out "alice could not start a discussion"

# ------------------------------------------------ the author's edits

as alice "/thread/$T"
check_grep "the author sees 'Edit the opening post'" \
    "^=> */thread/$T/edit$TOK( |$)" "$BODY"
check_grep "... and 'Change the title'" "^=> */thread/$T/title$TOK( |$)" "$BODY"
as bob "/thread/$T"
check_no_grep "another member sees neither" "/thread/$T/(edit|title)" "$BODY"
check_no_grep "... nor an 'edited' mark yet" "^\(edited " "$BODY"

act alice "/thread/$T/edit"
check_reply "/thread/ID/edit asks for the new text (10)" 10 "opening post"
act alice "/thread/$T/edit?$(urlenc "The first words, corrected.")"
check_reply "... the answer replaces it (30 to the discussion)" 30 \
    "^/thread/$T$"
as bob "/thread/$T"
check_contains "the page shows the corrected post" \
    "The first words, corrected." "$BODY"
check_not_contains "... not the old one" "The frist words." "$BODY"
check_grep "... with an 'edited' mark" "^\(edited [0-9]{4}-" "$BODY"

act alice "/thread/$T/title"
check_reply "/thread/ID/title asks for the new title (10)" 10 "title"
act alice "/thread/$T/title?$(urlenc "A title, corrected")"
check_reply "... the answer replaces it" 30 "^/thread/$T$"
check_eq "... in the database" "A title, corrected" \
    "$(sql "SELECT title FROM threads WHERE id = $T")"
gem "/search?corrected"
check_grep "search finds the new words" "^=> */thread/$T( |$)" "$BODY"
gem "/search?frist"
check_no_grep "... and no longer the old ones" "/thread/$T( |$)" "$BODY"

printf '# Retitled by Titan\n\nUploaded words.\n' >"$TMP/up.gmi"
titan alice "/thread/$T/edit" "$TMP/up.gmi"
check_reply "a Titan upload to /thread/ID/edit is taken" 30 "/thread/$T$"
check_eq "... '# Title' first changes the title too" \
    "Retitled by Titan|Uploaded words." \
    "$(sql "SELECT title, body FROM threads WHERE id = $T")"

act bob "/thread/$T/edit?$(urlenc "Hijack")"
check_reply "another member cannot edit it (61)" 61 "author"
act bob "/thread/$T/title?$(urlenc "Hijack")"
check_reply "... nor change its title (61)" 61 "author"
check_eq "... nothing changed" "Retitled by Titan" \
    "$(sql "SELECT title FROM threads WHERE id = $T")"
act alice "/thread/999999/edit?x"
check_reply "editing a discussion that never was: 51" 51 ""

# --------------------------------------------------- moderators

as mod "/thread/$T"
check_grep "a moderator sees 'Change the title (moderators)'" \
    "^=> */mod/thread/$T/retitle$TOK( |$)" "$BODY"
check_grep "... and 'Hide the opening post (moderators)'" \
    "^=> */mod/thread/$T/hide$TOK( |$)" "$BODY"
act bob "/mod/thread/$T/retitle?x"
check_reply "a member cannot use the moderators' title change (61)" 61 ""
act mod "/mod/thread/$T/retitle"
check_reply "/mod/thread/ID/retitle asks for the title" 10 "title"
act mod "/mod/thread/$T/retitle?$(urlenc "A/../fair // title?")"
check_reply "... then asks why" 30 "^/mod/thread/$T/retitle/[0-9a-f]+$TOK\$"
NEXT=$(meta)
act mod "$NEXT"
check_reply "... (10)" 10 "why"
act mod "$NEXT?$(urlenc "Clearer TITLEWHY")"
check_reply "... and changes it" 30 "^/thread/$T$"
check_eq "... to exactly what was typed" "A/../fair // title?" \
    "$(sql "SELECT title FROM threads WHERE id = $T")"
check_modlog retitle "thread $T" "Clearer TITLEWHY" "$MOD_ID"
act mod "/mod/thread/$T/retitle/zz?why"
check_reply "a bad encoded title: 59, not a crash" 59 "again"

act mod "/mod/thread/$T/hide"
check_reply "/mod/thread/ID/hide asks why" 10 "why"
act mod "/mod/thread/$T/hide?$(urlenc "Personal details HIDEWHY")"
check_reply "... and hides the opening post" 30 "^/thread/$T$"
check_modlog hide "thread $T" "Personal details HIDEWHY" "$MOD_ID"
as bob "/thread/$T"
check_contains "readers see the reason" \
    "hidden by a moderator: Personal details HIDEWHY" "$BODY"
check_not_contains "... not the post" "Uploaded words." "$BODY"
gopher "/thread/$T\r\n"
check_not_contains "... nor on Gopher" "Uploaded words." "$RESP"
gem "/thread/$T/feed.xml"
check_status "... the discussion's Atom feed: 20" 20 "$HDR"
check_not_contains "... nor in the discussion's Atom feed" \
    "Uploaded words." "$BODY"
gem "/feed.xml"
check_status "... the site's Atom feed: 20" 20 "$HDR"
check_not_contains "... nor in the Atom feed" "Uploaded words." "$BODY"
gem "/search?uploaded"
check_status "... the search: 20" 20 "$HDR"
check_no_grep "... nor in search" "/thread/$T( |$)" "$BODY"
as mod "/thread/$T"
check_contains "a moderator still sees it" "Uploaded words." "$BODY"
check_grep "... with 'Restore the opening post'" \
    "^=> */mod/thread/$T/restore$TOK( |$)" "$BODY"
check_eq "the author is told" 1 \
    "$(sql "SELECT count(*) FROM notifications n JOIN members m
    ON m.id = n.member_id WHERE m.name = 'Alice Edit'
    AND n.note LIKE '%hid the opening post%HIDEWHY%'")"
act mod "/mod/thread/$T/restore?$(urlenc "Fixed RESTOREWHY")"
check_reply "a moderator restores it" 30 "^/thread/$T$"
check_modlog restore "thread $T" "Fixed RESTOREWHY" "$MOD_ID"
as bob "/thread/$T"
check_contains "... readers see it again" "Uploaded words." "$BODY"

# ------------------------------------------- locked: no edits (9b)

act bob "/thread/$T/comment?$(urlenc "Bob's comment.")"
C=$(sql "SELECT max(id) FROM comments WHERE thread_id = $T")
act mod "/mod/thread/$T/lock?$(urlenc "Cooling off")"
check_reply "a moderator locks the discussion" 30 ""
act alice "/thread/$T/edit?$(urlenc "Edit while locked")"
check_reply "the author cannot edit a locked opening post (50)" 50 "locked"
act alice "/thread/$T/title?$(urlenc "Title while locked")"
check_reply "... nor its title (50)" 50 "locked"
act bob "/comment/$C/edit?$(urlenc "Edit while locked")"
check_reply "a comment in a locked discussion cannot be edited (50)" 50 \
    "locked"
check_eq "... nothing changed" "Bob's comment.|A/../fair // title?" \
    "$(sql "SELECT c.body, t.title FROM comments c JOIN threads t
    ON t.id = c.thread_id WHERE c.id = $C")"
as bob "/thread/$T"
check_no_grep "the locked page offers no comment edit" \
    "/comment/$C/edit" "$BODY"
as alice "/thread/$T"
check_no_grep "... nor an opening post edit" "/thread/$T/(edit|title)" \
    "$BODY"
act mod "/mod/thread/$T/unlock?$(urlenc "Calm again")"
act bob "/comment/$C/edit?$(urlenc "Edited once unlocked.")"
check_reply "unlocked, the comment can be edited again" 30 ""

# ------------------------------------ archived: no edits, no drafts (9a)

act alice "/space/$SLUG/new?$(urlenc "Drafted before the archive")"
check_reply "alice gives a title: a draft" 30 "^/draft/[0-9]+$TOK\$"
DRAFT=$(meta)
"$MOOTCTL" --db "$TMP/moot.db" space archive "$SLUG" \
    --reason "test archive" >/dev/null 2>&1
check_exit "mootctl archives the space" 0 "$?"
act alice "$DRAFT?$(urlenc "Published into the archive?")"
check_reply "the draft cannot be published into the archived space (50)" \
    50 "archived"
check_eq "... no discussion was made" 0 \
    "$(sql "SELECT count(*) FROM threads
    WHERE title = 'Drafted before the archive'")"
act alice "$DRAFT"
check_reply "... asked without text, the same answer" 50 "archived"
act alice "/thread/$T/edit?$(urlenc "Edit while archived")"
check_reply "an opening post in an archived space cannot be edited (50)" \
    50 "archived"
act bob "/comment/$C/edit?$(urlenc "Edit while archived")"
check_reply "... nor a comment (50)" 50 "archived"

# ------------------------------------------------------------ mootctl

ctl() {
	"$MOOTCTL" --db "$TMP/moot.db" "$@" >"$TMP/ctl.out" 2>&1
}
ctl thread retitle "$T" "Retitled by the operator" --reason "OPTITLE"
check_exit "mootctl thread retitle ID TITLE --reason: exit 0" 0 "$?"
check_eq "... the title changed" "Retitled by the operator" \
    "$(sql "SELECT title FROM threads WHERE id = $T")"
check_modlog retitle "thread $T" "OPTITLE" NULL
ctl thread retitle "$T" "Retitled by the operator" --reason "again"
check_exit "... the same title again: exit 1" 1 "$?"
ctl thread retitle "$T" "$(printf 'two\nlines')" --reason "x"
check_exit "... a title of two lines: exit 1" 1 "$?"
ctl thread hide "$T" --reason "OPHIDE"
check_exit "mootctl thread hide ID --reason: exit 0" 0 "$?"
check_modlog hide "thread $T" "OPHIDE" NULL
gem "/thread/$T"
check_contains "... readers see the reason" "moderator: OPHIDE" "$BODY"
ctl thread hide "$T" --reason "again"
check_exit "... hiding it again: exit 1" 1 "$?"
ctl thread restore "$T" --reason "OPRESTORE"
check_exit "mootctl thread restore ID --reason: exit 0" 0 "$?"
check_modlog restore "thread $T" "OPRESTORE" NULL
ctl thread hide 999999 --reason "x"
check_exit "... a discussion that is not there: exit 1" 1 "$?"

check_replies_all
stop_mootd
done_testing

#!/usr/bin/env bash
# drafts.sh: issue 12, "Nothing a member types is lost", and a few
# smaller points.  A comment refused for new terms, the posting limit
# (44) or a locked discussion is kept as a draft, offered back on the
# discussion ("Post your saved comment", "Discard") and on /me; posting
# it goes through the rules of every comment and deletes it; drafts are
# bounded; their actions want intent tokens.  A new discussion's title
# is a draft on /me.  Editing shows the current text (in the prompt
# when it fits, else on the page).  /discussions lists every discussion
# by last activity, paged, on Gopher too.  An admin's reason for a
# setting and the title of a deleted discussion are in the log.
#
#   bash tests/integration/drafts.sh    (after `make mootd mootctl
#                                        tests/bin/gemreq')

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
command -v sqlite3 >/dev/null || bail_out "sqlite3 (the CLI) is needed"

make_demo_db || bail_out "no demo database"
"$MOOTCTL" --db "$TMP/moot.db" settings set post_refill 0 >/dev/null 2>&1
start_mootd || bail_out "mootd did not start"
for c in alice bob mod admin; do
	make_client_cert "$c" 30 0 || bail_out "cannot make certificates"
done
act alice "/join?Alice%20Draft"
act bob "/join?Bob%20Draft"
act mod "/join?Maud%20Draft"
act admin "/join?Adna%20Draft"
ctl member role "Maud Draft" moderator --reason "test" >/dev/null 2>&1 ||
    bail_out "mootctl member role failed"
ctl member role "Adna Draft" admin --reason "test" >/dev/null 2>&1 ||
    bail_out "mootctl member role failed"
ALICE=$(sql "SELECT id FROM members WHERE name = 'Alice Draft'")
T=$(sql "SELECT t.id FROM threads t JOIN spaces s ON s.id = t.space_id
    WHERE s.archived = 0 AND t.held = 0 AND t.locked = 0 ORDER BY t.id
    LIMIT 1")
SLUG=$(sql "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id LIMIT 1")
[ -n "$T" ] && [ -n "$ALICE" ] || bail_out "no discussion or no alice"

drafts_of() {	# drafts_of BODY: how many comment drafts hold BODY
	sql "SELECT count(*) FROM comment_drafts WHERE member_id = $ALICE
	    AND body = '$1'"
}
draft_id() {
	sql "SELECT id FROM comment_drafts WHERE member_id = $ALICE AND
	    body = '$1'"
}
comments_of() {
	sql "SELECT count(*) FROM comments WHERE body = '$1'"
}

# ------------------------------------------------ a locked discussion

act mod "/mod/thread/$T/lock?$(urlenc "Cooling off")"
act alice "/thread/$T/comment?$(urlenc "Kept while locked")"
check_reply "a comment in a locked discussion: 50, saying it was saved" \
    50 "locked.*saved as a draft"
check_eq "... kept as a draft" 1 "$(drafts_of "Kept while locked")"
as alice "/thread/$T"
check_grep "the discussion offers it: 'Post your saved comment'" \
    "^=> /draft/comment/$(draft_id "Kept while locked")$TOK Post your saved comment" \
    "$BODY"
check_grep "... and 'Discard'" \
    "^=> /draft/comment/[0-9]+/discard$TOK Discard" "$BODY"
check_contains "... showing the text" "Kept while locked" "$BODY"
as bob "/thread/$T"
check_not_contains "another member does not see it" "Kept while locked" \
    "$BODY"
gem "/thread/$T"
check_not_contains "... nor does a visitor" "Kept while locked" "$BODY"

D=$(draft_id "Kept while locked")
act alice "/draft/comment/$D"
check_reply "posting it while still locked: refused again (50)" 50 "locked"
check_eq "... still one draft, not two" 1 "$(drafts_of "Kept while locked")"
check_eq "... and no comment" 0 "$(comments_of "Kept while locked")"

as alice "/draft/comment/$D"
check_grep "without its token the action only asks" \
    "^# Nothing was done yet" "$BODY"

act mod "/mod/thread/$T/unlock?$(urlenc "Calm again")"
as alice "/draft/comment/$D"
check_eq "... and posts nothing" 0 "$(comments_of "Kept while locked")"
act alice "/draft/comment/$D"
check_reply "once unlocked, posting the draft: 30 to the comment" 30 \
    "^/thread/$T"
check_eq "... the comment is there" 1 "$(comments_of "Kept while locked")"
check_eq "... and the draft is gone" 0 "$(drafts_of "Kept while locked")"
as alice "/thread/$T"
check_no_grep "... no longer offered" "Post your saved comment" "$BODY"

# ------------------------------------------------ the posting limit (44)

ctl settings set post_burst 1 >/dev/null && ctl settings set post_refill 3600 >/dev/null
act alice "/thread/$T/comment?$(urlenc "First in the hour")"
act alice "/thread/$T/comment?$(urlenc "Kept while limited")"
check_reply "over the posting limit: 44 with the wait" 44 '^[0-9]+$'
check_eq "... the text kept as a draft" 1 "$(drafts_of "Kept while limited")"
act alice "/thread/$T/comment?$(urlenc "Kept while limited")"
check_eq "... a retry keeps it once" 1 "$(drafts_of "Kept while limited")"
as alice "/thread/$T"
check_grep "... offered on the discussion" "Post your saved comment" "$BODY"
as alice "/me"
check_grep "/me lists 'Your drafts'" "^## Your drafts" "$BODY"
check_grep "... with the saved comment" "Kept while limited" "$BODY"
check_grep "... to post" "^=> /draft/comment/[0-9]+$TOK Post it" "$BODY"
check_grep "... to discard" "^=> /draft/comment/[0-9]+/discard$TOK " "$BODY"
check_grep "... to view" "^=> /me/drafts/[0-9]+ View it" "$BODY"
D=$(draft_id "Kept while limited")
as alice "/me/drafts/$D"
check_reply "/me/drafts/ID shows it whole" 20 "text/gemini"
check_contains "... its text" "Kept while limited" "$BODY"
as bob "/me/drafts/$D"
check_reply "... and not to another member" 51 "draft"
act alice "/draft/comment/$D"
check_reply "posting it while still limited: 44 again" 44 '^[0-9]+$'
ctl settings set post_burst 5 >/dev/null && ctl settings set post_refill 0 >/dev/null
act alice "/draft/comment/$D"
check_reply "after the wait, posting the draft: 30" 30 "^/thread/$T"
check_eq "... the comment is there" 1 "$(comments_of "Kept while limited")"
check_eq "... the draft gone" 0 "$(drafts_of "Kept while limited")"

# ------------------------------------------------ new terms to accept

sql "INSERT INTO settings (key, value) VALUES ('terms_version', '7')
    ON CONFLICT (key) DO UPDATE SET value = '7'"
act alice "/thread/$T/comment?$(urlenc "Kept for the terms")"
check_reply "new terms: a comment detours to /terms/accept, back to the discussion" \
    30 "^/terms/accept/thread/$T$TOK$"
check_eq "... the text kept as a draft" 1 "$(drafts_of "Kept for the terms")"
act alice "/terms/accept/thread/$T"
check_reply "... the terms prompt says it was saved" 10 "saved as a draft"
act alice "/terms/accept/thread/$T?yes"
check_reply "accepted: back to the discussion" 30 "^/thread/$T$"
as alice "/thread/$T"
check_grep "... which offers the saved comment" "Post your saved comment" \
    "$BODY"
D=$(draft_id "Kept for the terms")
act alice "/draft/comment/$D/discard"
check_reply "discarding it: 30 to the discussion" 30 "^/thread/$T$"
check_eq "... the draft is gone" 0 "$(drafts_of "Kept for the terms")"
check_eq "... and nothing was posted" 0 "$(comments_of "Kept for the terms")"
act alice "/draft/comment/$D/discard"
check_reply "discarding it again: 51" 51 "draft"

# ------------------------------------------------ a new discussion's title

act alice "/space/$SLUG/new?$(urlenc "An abandoned title")"
check_reply "a title makes a draft (30 to it)" 30 "^/draft/[0-9]+"
TD=$(sql "SELECT id FROM drafts WHERE title = 'An abandoned title'")
as alice "/me"
check_grep "/me lists the abandoned title" "An abandoned title" "$BODY"
check_grep "... to write its opening post" "^=> /draft/$TD$TOK Write" "$BODY"
check_grep "... or discard" "^=> /draft/$TD/discard$TOK " "$BODY"
ctl settings set post_burst 1 >/dev/null && ctl settings set post_refill 3600 >/dev/null
act alice "/thread/$T/comment?$(urlenc "Uses up the hour")"
act alice "/draft/$TD?$(urlenc "An opening post refused for the limit")"
check_reply "an opening post over the limit: 44" 44 '^[0-9]+$'
check_eq "... kept with its title" "An opening post refused for the limit" \
    "$(sql "SELECT body FROM drafts WHERE id = $TD")"
ctl settings set post_burst 5 >/dev/null && ctl settings set post_refill 0 >/dev/null
as alice "/me"
check_grep "/me offers to publish it" "^=> /draft/$TD$TOK Publish it" "$BODY"
act alice "/draft/$TD"
check_reply "publishing it: 30 to the new discussion" 30 "^/thread/[0-9]+$"
check_eq "... with the saved opening post" 1 "$(sql "SELECT count(*) FROM
    threads WHERE title = 'An abandoned title' AND
    body = 'An opening post refused for the limit'")"
as alice "/me"
check_no_grep "... no longer a draft on /me" "Publish it" "$BODY"
act alice "/space/$SLUG/new?$(urlenc "Another title")"
TD=$(sql "SELECT id FROM drafts WHERE title = 'Another title'")
act alice "/draft/$TD/discard"
check_reply "discarding a title: 30 to /me/drafts" 30 "^/me/drafts$"
check_eq "... it is gone" 0 "$(sql "SELECT count(*) FROM drafts WHERE
    id = $TD")"

# ------------------------------------------------ the bound

act mod "/terms/accept?yes"
act admin "/terms/accept?yes"
act mod "/mod/thread/$T/lock?$(urlenc "Bound test")"
for i in $(seq 1 $((20 + 3))); do
	act alice "/thread/$T/comment?$(urlenc "Bound $i")"
done
check_eq "at most 20 saved comments a member" 20 \
    "$(sql "SELECT count(*) FROM comment_drafts WHERE member_id = $ALICE")"
check_eq "... the oldest dropped" 0 "$(drafts_of "Bound 3")"
check_eq "... the newest kept" 1 "$(drafts_of "Bound 23")"
act mod "/mod/thread/$T/unlock?$(urlenc "Done")"

# ------------------------------------------------ editing shows the text

act alice "/thread/$T/comment?$(urlenc "A short comment to correct")"
C=$(sql "SELECT id FROM comments WHERE body = 'A short comment to correct'")
act alice "/comment/$C/edit"
check_reply "editing a short comment: the prompt shows its text" 10 \
    'now: "A short comment to correct"'
# one line too long for the prompt's META, short enough for a URL
long=$(printf 'Longwords%.0s' $(seq 1 100))
act alice "/thread/$T/comment?$(urlenc "$long")"
C=$(sql "SELECT id FROM comments WHERE body LIKE 'LongwordsLongwords%'")
act alice "/comment/$C/edit"
check_reply "editing a long comment: a page instead" 20 "text/gemini"
check_contains "... showing the current text" "$long" "$BODY"
check_grep "... above the link to the prompt" \
    "^=> /comment/$C/edit/text$TOK Type the new text" "$BODY"
check_grep "... and the Titan address" "titan://[^ ]*/comment/$C/edit/~" \
    "$BODY"
act alice "/comment/$C/edit/text"
check_reply "... whose link asks for the new text (10)" 10 "new text"
act alice "/comment/$C/edit/text?$(urlenc "Shorter now")"
check_reply "... and takes it" 30 "^/thread/$T"
check_eq "... the comment is changed" "Shorter now" \
    "$(sql "SELECT body FROM comments WHERE id = $C")"
act alice "/space/$SLUG/new?$(urlenc "An opening to correct")"
TD=$(sql "SELECT id FROM drafts WHERE title = 'An opening to correct'")
act alice "/draft/$TD?$(urlenc "Opening words")"
TA=$(sql "SELECT id FROM threads WHERE title = 'An opening to correct'")
act alice "/thread/$TA/edit"
check_reply "editing an opening post: the prompt shows its text" 10 \
    'now: "Opening words"'

# ------------------------------------------------ all discussions

# enough for a few pages, in spaces archived or not
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
    WHERE i < 30) INSERT INTO threads (space_id, member_id, title, body,
    created, last_activity) SELECT (SELECT id FROM spaces ORDER BY id
    LIMIT 1), $ALICE, 'Filler ' || i, 'Filler.', 1000 + i, 1000 + i FROM n"
gem "/"
check_grep "the home page links 'All discussions'" "^=> /discussions " \
    "$BODY"
total=$(sql "SELECT count(*) FROM threads WHERE held = 0")
gem "/discussions"
check_reply "/discussions: 20" 20 "text/gemini"
check_contains "... says how many" "$total discussions" "$BODY"
first=$(sql "SELECT id FROM threads WHERE held = 0 ORDER BY last_activity
    DESC, id DESC LIMIT 1")
check_grep "... the last active first" "^=> /thread/$first " "$BODY"
check_eq "... 20 a page" 20 "$(grep -cE '^=> /thread/[0-9]+ ' "$BODY")"
check_grep "... with the next page" "^=> /discussions/page/2 " "$BODY"
pages=$(( (total + 19) / 20 ))
gem "/discussions/page/$pages"
check_reply "the last page: 20" 20 "text/gemini"
check_eq "... holds the rest" $((total - (pages - 1) * 20)) \
    "$(grep -cE '^=> /thread/[0-9]+ ' "$BODY")"
gem "/discussions/page/$((pages + 1))"
check_reply "a page past the end: 51" 51 "No such page"
listed=$( (for i in $(seq 1 "$pages"); do
	[ "$i" = 1 ] && gem "/discussions" || gem "/discussions/page/$i"
	grep -oE '^=> /thread/[0-9]+ ' "$BODY"
done) | sort -u | wc -l)
check_eq "... every discussion once over the pages" "$total" "$listed"
sql "UPDATE threads SET held = 1 WHERE id = $first"
gem "/discussions"
check_no_grep "a held discussion is not listed" "^=> /thread/$first " "$BODY"
sql "UPDATE threads SET held = 0 WHERE id = $first"
gopher "/discussions\r\n"
check_grep "on Gopher: a menu of discussions" "^1.*	/thread/$first	" "$RESP"
check_grep "... with the next page" "^1.*	/discussions/page/2	" "$RESP"

# ------------------------------------------------ a setting's reason

act admin "/admin/setting/name?$(urlenc "Drafted Community")"
check_reply "an admin changes a setting: 30 to the reason's prompt" 30 \
    "^/admin/setting/name/why$TOK$"
act admin "/admin/setting/name/why"
check_reply "... which asks why, for the log" 10 "moderation log"
act admin "/admin/setting/name/why?$(urlenc "A clearer name")"
check_reply "... the answer: 30 to /admin" 30 "^/admin$"
check_modlog set "setting name" "A clearer name" \
    "$(sql "SELECT id FROM members WHERE name = 'Adna Draft'")"
as mod "/mod/log"
check_grep "... the log shows the reason" \
    "changed the setting name: A clearer name" "$BODY"
act admin "/admin/setting/post_burst?5"
act admin "/admin/setting/post_burst/why?-"
check_reply "no reason ('-'): 30 to /admin" 30 "^/admin$"
check_eq "... the log keeps the default" "changed on /admin" \
    "$(sql "SELECT reason FROM modlog WHERE target = 'setting post_burst' AND moderator_id IS NOT NULL")"

# ------------------------------------------------ deleted items in the log

TT=$(sql "SELECT id FROM threads WHERE title = 'An opening to correct'")
act mod "/mod/thread/$TT/delete?$(urlenc "Off topic")"
check_eq "a deleted discussion is gone" 0 \
    "$(sql "SELECT count(*) FROM threads WHERE id = $TT")"
as mod "/mod/log"
check_grep "the log still names it by its title" \
    'deleted "An opening to correct" \(no longer there\): Off topic' \
    "$BODY"
check_no_grep "... with no link to it" "^=> /thread/$TT( |$)" "$BODY"
check_grep "... where one still there (locked above) is linked" \
    "^=> /thread/$T The discussion$" "$BODY"

# ------------------------------------------------ the member's export

as alice "/me/export"
check_reply "/me/export: 20" 20 "text/gemini"
check_grep "... has a section of drafts" "^## Drafts" "$BODY"
check_contains "... with the saved comments" "Bound 23" "$BODY"

done_testing

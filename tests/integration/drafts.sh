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
act mod "/mod/thread/$T/lock?$(urlenc "Bound test")"
for i in $(seq 1 $((20 + 3))); do
	act alice "/thread/$T/comment?$(urlenc "Bound $i")"
done
check_eq "at most 20 saved comments a member" 20 \
    "$(sql "SELECT count(*) FROM comment_drafts WHERE member_id = $ALICE")"
check_eq "... the oldest dropped" 0 "$(drafts_of "Bound 3")"
check_eq "... the newest kept" 1 "$(drafts_of "Bound 23")"
act mod "/mod/thread/$T/unlock?$(urlenc "Done")"

done_testing

#!/usr/bin/env bash
# replies.sh: issue 12, "Reply to a comment".  A "Reply" link under each
# comment (/comment/ID/reply, by prompt or Titan); the reply shows whom
# and what it answers (author, its first line quoted, its permalink),
# over Gemini and Gopher, and "a comment that was removed" once that one
# is gone; the answered author hears of it once ("replied to your
# comment"), even when also mentioned or taking part; a locked
# discussion or a removed comment takes no replies; the export keeps
# reply_to.
#
#   bash tests/integration/replies.sh    (after `make mootd mootctl
#                                         tests/bin/gemreq')

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
command -v sqlite3 >/dev/null || bail_out "sqlite3 (the CLI) is needed"

# newest_of NAME: the id of the member's newest comment
newest_of() {
	sql "SELECT max(c.id) FROM comments c JOIN members m ON
	    m.id = c.member_id WHERE m.name = '$1'"
}

# notes_about WHO_NAME COMMENT: how many notifications WHO has of it
notes_about() {
	sql "SELECT count(*) FROM notifications n JOIN members m ON
	    m.id = n.member_id WHERE m.name = '$1' AND n.comment_id = $2"
}

make_demo_db || bail_out "no demo database"
"$MOOTCTL" --db "$TMP/moot.db" settings set post_refill 0 >/dev/null 2>&1
start_mootd || bail_out "mootd did not start"
for c in alice bob carol dave mod; do
	make_client_cert "$c" 30 0 || bail_out "cannot make certificates"
done
act alice "/join?Alice%20Reply"
act bob "/join?Bob%20Reply"
act carol "/join?Carol%20Reply"
act dave "/join?Dave%20Reply"
act mod "/join?Maud%20Reply"
"$MOOTCTL" --db "$TMP/moot.db" member role "Maud Reply" moderator \
    --reason "test moderator" >/dev/null 2>&1 ||
    bail_out "mootctl member role failed"
SLUG=$(sql "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id LIMIT 1")

post_thread alice "$SLUG" "Replies REPLYTITLE" "Opening words."
T=$NEW
[ -n "$T" ] || bail_out "alice could not start a discussion"
act bob "/thread/$T/comment?$(urlenc "Bob's first line BOBFIRST
> a line bob quotes
and more from bob")"
CB=$(newest_of "Bob Reply")
[ -n "$CB" ] || bail_out "bob could not comment"
# everyone has read their notifications so far: what follows is new
for w in alice bob carol dave; do act "$w" /me/notifications; done

# ------------------------------------------------ the link and the prompt

gem "/thread/$T"
check_grep "a visitor sees 'Reply' under the comment" \
    "^=> */comment/$CB/reply( |$)" "$BODY"
gem "/comment/$CB/reply"
check_status "... which asks a visitor for a certificate (60)" 60 "$HDR"
as bob "/thread/$T"
check_grep "a member sees 'Reply' under a comment, with no token: it only prompts" \
    "^=> */comment/$CB/reply Reply$" "$BODY"

act carol "/thread/$T/comment"
COMMENT_PROMPT=$(meta)
act carol "/comment/$CB/reply"
check_reply "/comment/ID/reply prompts (10)" 10 "reply"
check_eq "... with the comment prompt's limits and advice" \
    "$(printf '%s' "${COMMENT_PROMPT#*\": }" | sed 's|titan://.*||')" \
    "$(meta | sed 's|^[^:]*\": ||; s|titan://.*||')"
# a link to the prompt can come from anyone's post (a lookalike Reply):
# the prompt itself names what is answered, and where
TTITLE=$(sql "SELECT title FROM threads WHERE id = $T")
check_reply "... and names the comment answered and its discussion" 10 \
    "^Your reply to Bob Reply's comment in \"$TTITLE\": "
check_reply "... and Titan to the same path" 10 \
    "titan://localhost:$GEMINI_PORT/comment/$CB/reply"
act carol "/report/comment/$CB"
check_reply "the report prompt names the comment and discussion too" 10 \
    "^Reporting Bob Reply's comment in \"$TTITLE\": what is wrong"

# ------------------------------------------------ the reply and its page

act carol "/comment/$CB/reply?$(urlenc "@Bob Reply agreed CAROLREPLY
> a line carol quotes
her own words")"
check_reply "the reply is posted: 30 to its page" 30 "^/(thread|comment)/"
CR=$(newest_of "Carol Reply")
check_eq "... stored with what it answers" "$CB|$T" \
    "$(sql "SELECT reply_to, thread_id FROM comments WHERE id = $CR")"

as dave "/thread/$T"
check_grep "the page says whom it answers" "^In reply to Bob Reply:$" "$BODY"
check_grep "... quotes the first line of that comment" \
    "^> Bob's first line BOBFIRST$" "$BODY"
check_grep "... links to its permalink" "^=> /comment/$CB " "$BODY"
check_eq "... in that order, above the reply's words" \
    "In reply to Bob Reply:|> Bob's first line BOBFIRST|=> /comment/$CB The comment answered|@Bob Reply agreed CAROLREPLY" \
    "$(grep -A3 '^In reply to' "$BODY" | tr '\n' '|' | sed 's/|$//')"
check_grep "the reply's own quote line stays a quote line" \
    "^> a line carol quotes$" "$BODY"
check_grep "... as does the answered comment's" "^> a line bob quotes$" \
    "$BODY"
check_grep "the reply has a 'Reply' link of its own" \
    "^=> */comment/$CR/reply Reply$" "$BODY"

gopher "/thread/$T\r\n"
check_grep "Gopher: 'In reply to' shows" "^iIn reply to Bob Reply:" "$RESP"
check_grep "... the quoted first line" "^i.*Bob's first line BOBFIRST" "$RESP"
check_grep "... and the link to the comment answered" \
    "^1The comment answered	/comment/$CB	" "$RESP"

# A long first line is cut.
LONG=$(printf 'LONGSTART%.0s0123456789' {1..15})
act dave "/thread/$T/comment?$(urlenc "$LONG")"
CD=$(newest_of "Dave Reply")
act bob "/comment/$CD/reply?$(urlenc "Short answer LONGANSWER")"
as carol "/thread/$T"
QUOTE=$(grep -A1 '^In reply to Dave Reply:$' "$BODY" | tail -n 1)
check "a long first line is quoted cut, with an ellipsis" \
    grep -qE '^> LONGSTART0123456789.*\.\.\.$' <<<"$QUOTE"
check "... to about 100 characters" test "${#QUOTE}" -le 110

# A Titan upload to the same path.
printf 'An uploaded reply TITANREPLY\n> quoted in the upload\n' >"$TMP/up.gmi"
act_titan dave "$TMP/up.gmi" \
    "/comment/$CR/reply;mime=text/gemini;size=$(wc -c <"$TMP/up.gmi")"
check_reply "a reply by Titan upload: 30" 30 ""
check_eq "... stored as a reply to that comment" "$CR" \
    "$(sql "SELECT reply_to FROM comments WHERE body LIKE '%TITANREPLY%'")"

# ------------------------------------------------ who hears of it

act bob /me/notifications
check_eq "bob (answered, mentioned, taking part) has one notification of it" \
    1 "$(notes_about "Bob Reply" "$CR")"
check_grep "... which says carol replied to his comment" \
    "^=> /comment/$CR New: .*Carol Reply replied to your comment in \"Replies REPLYTITLE\"$" \
    "$BODY"
check_eq "... and only that one" 1 \
    "$(grep -c "Carol Reply replied" "$BODY")"
act alice /me/notifications
# with the others since, in one line for the discussion, to the first
check_grep "alice (the discussion's author) hears of it with the others" \
    "^=> /comment/$CR New: .*[0-9]+ new comments in \"Replies REPLYTITLE\"$" \
    "$BODY"
check_eq "... once" 1 "$(notes_about "Alice Reply" "$CR")"
act carol /me/notifications
check_eq "carol is not told of her own reply" 0 \
    "$(notes_about "Carol Reply" "$CR")"
check_eq "dave's reply by upload tells carol once" 1 \
    "$(notes_about "Carol Reply" "$(newest_of "Dave Reply")")"
check_grep "... as a reply to her comment" \
    "Dave Reply replied to your comment in" "$BODY"

# Replying to one's own comment tells nobody twice, and not oneself.
act carol "/comment/$CR/reply?$(urlenc "A follow-up of mine SELFREPLY")"
check_reply "carol replies to her own comment: 30" 30 "^/thread/$T([^0-9]|\$)"
CS=$(newest_of "Carol Reply")
act carol /me/notifications
check_eq "a reply to one's own comment tells its author nothing" 0 \
    "$(notes_about "Carol Reply" "$CS")"

# A reply held for a moderator tells the answered author on approval.
make_client_cert newbie 30 0 || bail_out "cannot make certificates"
act newbie "/join?Newbie%20Reply"
sql "UPDATE members SET approved = 0 WHERE name = 'Newbie Reply'"
act newbie "/comment/$CB/reply?$(urlenc "Held reply HELDREPLY")"
CN=$(newest_of "Newbie Reply")
check_eq "a new member's reply waits for a moderator" 1 \
    "$(sql "SELECT held FROM comments WHERE id = $CN")"
act bob /me/notifications
check_eq "... bob is not told of it yet" 0 "$(notes_about "Bob Reply" "$CN")"
act mod "/mod/comment/$CN/approve?$(urlenc "fine")"
act bob /me/notifications
check_eq "... once approved, bob is told once" 1 \
    "$(notes_about "Bob Reply" "$CN")"
check_grep "... as a reply to his comment" \
    "Newbie Reply replied to your comment in" "$BODY"

# A mention of someone taking part makes one notification, not two.
act dave "/thread/$T/comment?$(urlenc "@Alice Reply look MENTIONALICE")"
CM=$(newest_of "Dave Reply")
act alice /me/notifications
check_eq "alice, mentioned in a discussion she started: one notification" \
    1 "$(notes_about "Alice Reply" "$CM")"
check_grep "... the mention" "Dave Reply mentioned you in" "$BODY"

# @mentions in opening posts notify too, once the post is public.
post_thread alice "$SLUG" "Opening mention OPENMENTION" \
    "Welcome @Dave Reply to this one."
TM=$NEW
act dave /me/notifications
check_eq "dave, named in an opening post, is told once" 1 \
    "$(sql "SELECT count(*) FROM notifications n JOIN members m ON
    m.id = n.member_id WHERE m.name = 'Dave Reply' AND n.thread_id = $TM")"
check_grep "... linking the discussion" \
    "^=> /thread/$TM New: .*Alice Reply mentioned you in \"Opening mention OPENMENTION\"$" \
    "$BODY"
sql "UPDATE members SET approved = 0 WHERE name = 'Newbie Reply'"
post_thread newbie "$SLUG" "Held mention HELDMENTION" \
    "Hello @Dave Reply, held for now."
TH=$(sql "SELECT id FROM threads WHERE title = 'Held mention HELDMENTION'")
check_eq "a held opening post tells nobody yet" 0 \
    "$(sql "SELECT count(*) FROM notifications WHERE thread_id = $TH AND
    kind = 'mention'")"
act mod "/mod/thread/$TH/approve?$(urlenc "fine")"
check_eq "... and, approved, tells whom it names, once" 1 \
    "$(sql "SELECT count(*) FROM notifications n JOIN members m ON
    m.id = n.member_id WHERE m.name = 'Dave Reply' AND n.thread_id = $TH
    AND n.kind = 'mention'")"

# ------------------------------------------------ refusals

act carol "/comment/999999/reply?$(urlenc "to nothing")"
check_reply "a reply to a comment that never was: 51" 51 ""
act bob "/comment/$CB/delete?yes"
act carol "/comment/$CB/reply?$(urlenc "too late DELETEDREPLY")"
check_reply "a reply to a deleted comment: 52" 52 "removed"
check_eq "... nothing stored" 0 \
    "$(sql "SELECT count(*) FROM comments WHERE body LIKE '%DELETEDREPLY%'")"
as dave "/thread/$T"
check_grep "the reply now says the comment was removed" \
    "^In reply to a comment that was removed\.$" "$BODY"
check_no_grep "... without its words" "BOBFIRST" "$BODY"
gopher "/thread/$T\r\n"
check_grep "... on Gopher too" "^iIn reply to a comment that was removed\." \
    "$RESP"

act mod "/mod/comment/$CD/hide?$(urlenc "Hidden for the test")"
act carol "/comment/$CD/reply?$(urlenc "to hidden HIDDENREPLY")"
check_reply "a reply to a comment hidden by a moderator: 52" 52 ""
as carol "/thread/$T"
check_no_grep "a reply to a hidden comment does not quote it" \
    "^> LONGSTART" "$BODY"

act mod "/mod/thread/$T/lock?$(urlenc "Cooling off")"
act carol "/comment/$CR/reply?$(urlenc "locked LOCKEDREPLY")"
check_reply "a reply in a locked discussion: 50" 50 "locked"
check_eq "... nothing stored" 0 \
    "$(sql "SELECT count(*) FROM comments WHERE body LIKE '%LOCKEDREPLY%'")"
as carol "/thread/$T"
check_no_grep "... and no 'Reply' links there" "/reply" "$BODY"
act mod "/mod/thread/$T/unlock"

# ------------------------------------------------ the export

stop_mootd
"$MOOTCTL" --db "$TMP/moot.db" export "$TMP/export" >"$TMP/export.log" 2>&1
check_eq "mootctl export: exit 0" 0 "$?"
if command -v python3 >/dev/null; then
	check_eq "the JSON has reply_to for the reply, null for the others" \
	    "$CB|null" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
def walk(o):
    if isinstance(o, dict):
        if "reply_to" in o and "id" in o:
            yield o
        for v in o.values():
            yield from walk(v)
    elif isinstance(o, list):
        for v in o:
            yield from walk(v)
cs = {c["id"]: c["reply_to"] for c in walk(d)}
print("%s|%s" % (cs.get(int(sys.argv[2])), json.dumps(cs.get(int(sys.argv[3])))))
' "$TMP/export/community.json" "$CR" "$CB")"
else
	skip "the JSON has reply_to" "no python3"
fi
check_grep "the gemtext export says what a reply answers" \
    "^\(In reply to Bob Reply, comment $CB\.\)$" "$TMP/export/threads/$T.gmi"

done_testing

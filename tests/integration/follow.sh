#!/usr/bin/env bash
# follow.sh: issue 12, "Follow and mute", "Notifications that don't
# flood" and "Moderators are told".  Following a discussion tells of
# others' comments (not one's own); following a space, of its new
# discussions; following a member, of theirs; muting silences a
# discussion, replies and mentions included, until unmuted; one
# notification per comment whatever the reasons; the unread count on the
# home page, /me and the footer, which reading (not counting) clears;
# notifications grouped per discussion, linking to the first unread,
# paged with "More"; moderators' counts of open reports and held posts;
# actions need the member's intent token; nobody sees another's follows.
#
#   bash tests/integration/follow.sh    (after `make mootd mootctl
#                                        tests/bin/gemreq')

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
command -v sqlite3 >/dev/null || bail_out "sqlite3 (the CLI) is needed"

# comment WHO THREAD TEXT: its id in $NEW_C; a refused comment is a
# failure here, or a later "nobody was told" would pass for no comment
comment() {
	act "$1" "/thread/$2/comment?$(urlenc "$3")"
	NEW_C=$(sql "SELECT max(id) FROM comments WHERE thread_id = $2")
	[[ "$HDR" =~ ^30\ /thread/$2([^0-9]|$) ]] ||
	    not_ok "$1's comment in discussion $2 was taken" "got: $HDR"
}

id_of() {
	sql "SELECT id FROM members WHERE name = '$1'"
}

# notes WHO_ID [WHERE...]: how many notifications WHO has (and where)
notes() {
	local who=$1
	shift
	sql "SELECT count(*) FROM notifications WHERE member_id = $who
	    ${*:+AND $*}"
}

# state WHO_ID THREAD: participants.state, or -1 for no row
state() {
	sql "SELECT coalesce((SELECT state FROM participants WHERE
	    member_id = $1 AND thread_id = $2), -1)"
}

make_demo_db || bail_out "no demo database"
"$MOOTCTL" --db "$TMP/moot.db" settings set post_refill 0 >/dev/null 2>&1
start_mootd || bail_out "mootd did not start"
for c in alice bob carol dave mod; do
	make_client_cert "$c" 30 0 || bail_out "cannot make certificates"
done
act alice "/join?Alice%20Follow"
act bob "/join?Bob%20Follow"
act carol "/join?Carol%20Follow"
act dave "/join?Dave%20Follow"
act mod "/join?Maud%20Follow"
"$MOOTCTL" --db "$TMP/moot.db" member role "Maud Follow" moderator \
    --reason "test moderator" >/dev/null 2>&1 ||
    bail_out "mootctl member role failed"
ALICE=$(id_of "Alice Follow")
BOB=$(id_of "Bob Follow")
CAROL=$(id_of "Carol Follow")
DAVE=$(id_of "Dave Follow")
[ -n "$DAVE" ] || bail_out "the members could not join"
SLUG=$(sql "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id LIMIT 1")
SLUG2=$(sql "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id
    LIMIT 1 OFFSET 1")
[ -n "$SLUG2" ] || bail_out "the demo has fewer than two spaces"

post_thread alice "$SLUG" "Followed FOLLOWTITLE" "Opening words."
T=$NEW
[ -n "$T" ] || bail_out "alice could not start a discussion"
# nothing read so far is new for what follows
for w in alice bob carol dave mod; do act "$w" /me/notifications; done

# ------------------------------------------------- the links and tokens

gem "/thread/$T"
check_no_grep "a visitor sees no follow or mute link" \
    "/thread/$T/(follow|unfollow|mute|unmute)" "$BODY"
as carol "/thread/$T"
check_grep "a member who took no part: 'Follow this discussion'" \
    "^=> /thread/$T/follow$TOK Follow this discussion" "$BODY"
check_grep "... and 'Mute this discussion'" \
    "^=> /thread/$T/mute$TOK Mute this discussion" "$BODY"
as alice "/thread/$T"
check_grep "its author (taking part): 'Stop following'" \
    "^=> /thread/$T/unfollow$TOK Stop following this discussion" "$BODY"

as carol "/thread/$T/follow"
check_grep "following without a token: the page that asks first" \
    '^# Nothing was done yet' "$BODY"
check_eq "... and nothing done" -1 "$(state "$CAROL" "$T")"
act carol "/thread/$T/follow"
check_reply "following with carol's token: 30 back to the discussion" 30 \
    "^/thread/$T\$"
check_eq "... carol follows it" 1 "$(state "$CAROL" "$T")"
as carol "/thread/$T"
check_grep "... her page now offers 'Stop following'" \
    "^=> /thread/$T/unfollow$TOK Stop following this discussion" "$BODY"
as dave "/thread/$T"
check_grep "dave's page still offers him 'Follow' (nothing of carol's)" \
    "^=> /thread/$T/follow$TOK Follow this discussion" "$BODY"
check_no_grep "... and names no follower" "Carol Follow" "$BODY"
gem "/thread/$T"
check_no_grep "a visitor's page names no follower either" "Carol Follow|follow" \
    "$BODY"
gem "/thread/$T/follow"
check_status "following as a visitor: 60" 60 "$HDR"
act carol "/thread/999999/follow"
check_status "following a discussion that does not exist: 51" 51 "$HDR"

# ------------------------------------- a followed discussion's comments

as carol /about
check_grep "nothing new: carol's footer says 'Your page'" \
    '^=> /me Your page$' "$BODY"
comment bob "$T" "Bob's comment in the followed discussion."
CB1=$NEW_C
as carol /about
check_grep "a comment by bob: carol's footer says 'Your page (1 new)'" \
    '^=> /me Your page \(1 new\)$' "$BODY"
as carol /about
check_grep "... counting twice does not read them" \
    '^=> /me Your page \(1 new\)$' "$BODY"
as carol /
check_grep "... her home page: '1 new notification for you'" \
    "^=> /me/notifications$TOK 1 new notification for you$" "$BODY"
as carol /me
check_grep "... her /me: 'Your notifications (1 new)'" \
    "^=> /me/notifications$TOK Your notifications \\(1 new\\)$" "$BODY"
act carol /me/notifications
check_grep "her notifications: bob's comment, linked to its permalink" \
    "^=> /comment/$CB1 New: .*Bob Follow replied in \"Followed FOLLOWTITLE\"$" \
    "$BODY"
check_grep "... and the page's footer has nothing new any more" \
    '^=> /me Your page$' "$BODY"
as carol /about
check_grep "read: the footer says 'Your page' again" '^=> /me Your page$' \
    "$BODY"
as carol /
check_no_grep "... and the home page no count" 'new notification' "$BODY"

comment carol "$T" "Carol's own comment."
CC1=$NEW_C
act carol /me/notifications
check_eq "carol is not told of her own comment" 0 \
    "$(notes "$CAROL" "comment_id = $CC1")"
check_eq "alice (the author) is told of it" 0 \
    "$(notes "$ALICE" "comment_id = $CC1")"
act alice /me/notifications
check_eq "... once she reads her notifications" 1 \
    "$(notes "$ALICE" "comment_id = $CC1")"

# one notification per comment: carol follows, took part, is answered
# and mentioned, all in one comment
act bob "/comment/$CC1/reply?$(urlenc "@Carol Follow yes, and more.")"
check_reply "bob replies to carol, mentioning her: 30" 30 "^/thread/$T([^0-9]|\$)"
CB2=$(sql "SELECT max(id) FROM comments WHERE thread_id = $T")
act carol /me/notifications
check_eq "followed, answered and mentioned: one notification of it" 1 \
    "$(notes "$CAROL" "comment_id = $CB2")"
check_grep "... saying bob replied to her comment" \
    "Bob Follow replied to your comment in" "$BODY"

act carol "/thread/$T/unfollow"
check_reply "stop following: 30 back to the discussion" 30 "^/thread/$T\$"
check_eq "... carol's row is gone" -1 "$(state "$CAROL" "$T")"
comment bob "$T" "Bob again, after carol stopped following."
act carol /me/notifications
check_eq "... and bob's next comment does not reach her" 0 \
    "$(notes "$CAROL" "comment_id = $NEW_C")"

# --------------------------------------------------------------- muting

act alice "/thread/$T/mute"
check_reply "alice mutes her own discussion: 30" 30 "^/thread/$T\$"
check_eq "... her row says muted" 2 "$(state "$ALICE" "$T")"
as alice "/thread/$T"
check_grep "... her page says what muting means" \
    "You muted this discussion: you are told nothing of it, not even replies" \
    "$BODY"
check_grep "... and offers 'Unmute'" \
    "^=> /thread/$T/unmute$TOK Unmute this discussion" "$BODY"
comment alice "$T" "Alice's words before bob answers."
CA1=$NEW_C
check_eq "her comment while muted keeps the mute" 2 "$(state "$ALICE" "$T")"
comment bob "$T" "A comment alice muted."
CM1=$NEW_C
act bob "/comment/$CA1/reply?$(urlenc "@Alice Follow a reply and a mention")"
check_reply "bob replies to alice, mentioning her: 30" 30 "^/thread/$T([^0-9]|\$)"
CM2=$(sql "SELECT max(id) FROM comments WHERE thread_id = $T")
as alice /about
check_grep "muted: nothing new in alice's footer" '^=> /me Your page$' \
    "$BODY"
act alice /me/notifications
check_eq "... no notification of a comment" 0 \
    "$(notes "$ALICE" "comment_id = $CM1")"
check_eq "... nor of a reply to her that mentions her" 0 \
    "$(notes "$ALICE" "comment_id = $CM2")"

act alice "/thread/$T/unmute"
check_reply "unmute: 30" 30 "^/thread/$T\$"
check_eq "... alice takes part again (state 0)" 0 "$(state "$ALICE" "$T")"
act alice /me/notifications
check_eq "... and is not flooded with what was said while muted" 0 \
    "$(notes "$ALICE" "comment_id IN ($CM1, $CM2)")"
comment bob "$T" "Bob after the unmute."
act alice /me/notifications
check_eq "... but hears of the next comment" 1 \
    "$(notes "$ALICE" "comment_id = $NEW_C")"

act dave "/thread/$T/mute"
check_eq "dave, who took no part, mutes it" 2 "$(state "$DAVE" "$T")"
act dave "/thread/$T/unmute"
check_eq "... and unmuting leaves him no row (not a follower)" -1 \
    "$(state "$DAVE" "$T")"

# ------------------------------------------- spaces and members followed

as dave "/space/$SLUG"
check_grep "a space's page offers a member 'Follow this space'" \
    "^=> /space/$SLUG/follow$TOK Follow this space" "$BODY"
gem "/space/$SLUG"
check_no_grep "... not a visitor" "/space/$SLUG/(un)?follow" "$BODY"
act dave "/space/$SLUG/follow"
check_reply "dave follows the space: 30 back to it" 30 "^/space/$SLUG\$"
as dave "/space/$SLUG"
check_grep "... his page now offers 'Stop following this space'" \
    "^=> /space/$SLUG/unfollow$TOK Stop following this space" "$BODY"
as carol "/space/$SLUG"
check_grep "... carol's still 'Follow this space'" \
    "^=> /space/$SLUG/follow$TOK Follow this space" "$BODY"
post_thread bob "$SLUG" "Space news SPACETITLE" "New in the space."
TS=$NEW
post_thread bob "$SLUG2" "Elsewhere OTHERTITLE" "Not in dave's space."
TO=$NEW
as dave /about
check_grep "a new discussion in his space: dave's footer '(1 new)'" \
    '^=> /me Your page \(1 new\)$' "$BODY"
act dave /me/notifications
check_grep "... 'Bob Follow started a discussion', linked to it" \
    "^=> /thread/$TS New: .*Bob Follow started a discussion: \"Space news SPACETITLE\"$" \
    "$BODY"
check_eq "... and nothing of the other space's" 0 \
    "$(notes "$DAVE" "thread_id = $TO")"
act bob "/space/$SLUG/follow"
check_reply "bob follows the space too: 30" 30 "^/space/$SLUG\$"
post_thread bob "$SLUG" "Own news OWNTITLE" "Bob's own."
check_eq "... where dave, following it, is told of bob's next" 1 \
    "$(notes "$DAVE" "thread_id = $NEW")"
check_eq "its author is not told of his own discussion" 0 \
    "$(notes "$BOB" "thread_id = $NEW")"

as carol "/member/$BOB"
check_grep "bob's member page offers carol to follow him" \
    "^=> /member/$BOB/follow/~[^ ]* Follow this member" "$BODY"
as bob "/member/$BOB"
check_no_grep "... and not bob himself" "/member/$BOB/follow" "$BODY"
gem "/member/$BOB"
check_no_grep "... nor a visitor" "/follow" "$BODY"
act carol "/member/$BOB/follow"
check_reply "carol follows bob: 30 to his page" 30 "^/member/$BOB\$"
as carol "/member/$BOB"
check_grep "... where she may stop following him" \
    "^=> /member/$BOB/unfollow/~[^ ]* Stop following this member" "$BODY"
check_eq "... a row" 1 "$(sql "SELECT count(*) FROM follows WHERE
    member_id = $CAROL AND followed_id = $BOB")"
act dave "/member/$BOB/follow"
check_reply "dave follows bob too: 30" 30 "^/member/$BOB\$"
act bob "/member/$BOB/follow"
check_status "following oneself: 50" 50 "$HDR"
act bob "/member/999999/follow"
check_status "following nobody: 51" 51 "$HDR"
gem "/member/$BOB/follow"
check_status "following a member as a visitor: 60" 60 "$HDR"
as carol "/member/$BOB/follow"
check_grep "... without a token: the page that asks first" \
    '^# Nothing was done yet' "$BODY"
post_thread bob "$SLUG" "By bob BOBTITLE @Dave Follow" \
    "For those who follow bob, @Dave Follow."
TB=$NEW
check_eq "bob's new discussion: carol (following him) is told" 1 \
    "$(notes "$CAROL" "thread_id = $TB AND kind = 'started'")"
check_eq "dave (the space, bob, and a mention): once" 1 \
    "$(notes "$DAVE" "thread_id = $TB")"
act carol "/member/$BOB/unfollow"
check_eq "carol stops following bob: no row" 0 "$(sql "SELECT count(*)
    FROM follows WHERE member_id = $CAROL AND followed_id = $BOB")"
post_thread bob "$SLUG2" "After carol BOBAFTER" "Not for carol."
check_eq "... and is not told of his next one" 0 \
    "$(notes "$CAROL" "thread_id = $NEW")"
check_eq "... which dave, still following bob, is told of" 1 \
    "$(notes "$DAVE" "thread_id = $NEW")"
act dave "/space/$SLUG/unfollow"
check_eq "dave stops following the space" 0 "$(sql "SELECT count(*) FROM
    follows WHERE member_id = $DAVE AND space_id IS NOT NULL")"

act carol "/thread/$TS/follow"
act carol "/thread/$TO/mute"
act carol "/space/$SLUG2/follow"
act carol /me/export
check_grep "carol's export lists the discussion she follows" \
    "^\\* Following: discussion $TS: Space news SPACETITLE$" "$BODY"
check_grep "... the one she muted" \
    "^\\* Muted: discussion $TO: Elsewhere OTHERTITLE$" "$BODY"
check_grep "... and the space" "^\\* Following: space " "$BODY"
act dave /me/export
check_no_grep "dave's export shows nothing of carol's" \
    "SPACETITLE|OTHERTITLE" "$BODY"
act carol "/space/$SLUG2/unfollow"
act carol "/thread/$TO/unmute"

# --------------------------------------- grouped, first unread, paging

act carol /me/notifications
comment bob "$TS" "First of three GROUPONE."
G1=$NEW_C
comment dave "$TS" "Second of three."
comment bob "$TS" "Third of three."
act carol /me/notifications
check_grep "three comments: one line, '3 new comments in', to the first" \
    "^=> /comment/$G1 New: .*3 new comments in \"Space news SPACETITLE\"$" \
    "$BODY"
check_eq "... one line for that discussion" 1 \
    "$(grep -c 'Space news SPACETITLE' "$BODY")"
act carol /me/notifications
check_grep "read: the line stays, not new, to the newest comment" \
    "^=> /comment/$NEW_C [^N].*3 comments in \"Space news SPACETITLE\"$" \
    "$BODY"

# 25 discussions, each with a notification for carol: two pages
NOW=$(date +%s)
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
    WHERE i < 25) INSERT INTO threads (space_id, member_id, title, body,
    created, last_activity) SELECT (SELECT id FROM spaces WHERE slug =
    '$SLUG'), $BOB, 'Paged PAGED' || i, 'body', $NOW + i, $NOW + i
    FROM n" || bail_out "cannot add discussions"
sql "INSERT INTO notifications (member_id, kind, thread_id, actor_id,
    created) SELECT $CAROL, 'started', id, $BOB, created FROM threads
    WHERE title LIKE 'Paged PAGED%'"
as carol /about
check_grep "25 new: the footer says '(25 new)'" \
    '^=> /me Your page \(25 new\)$' "$BODY"
act carol /me/notifications
check_eq "page 1 shows 20 lines of them" 20 \
    "$(grep -c 'Paged PAGED' "$BODY")"
grep -m 1 '^=> ' "$BODY" >"$TMP/top"
check_grep "... the newest first" "^=> /thread/[0-9]+ New: .*PAGED25\"$" \
    "$TMP/top"
check_grep "... and a 'More' link to page 2" \
    "^=> /me/notifications/page/2$TOK More notifications" "$BODY"
check_eq "... those shown are read, the rest not" 5 \
    "$(notes "$CAROL" "seen = 0")"
act carol /me/notifications/page/2
check_status "page 2: 20" 20 "$HDR"
check_grep "... shows the older ones" "PAGED5\"$" "$BODY"
check_no_grep "... not the newer" "PAGED25\"$" "$BODY"
check_grep "... links back" "^=> /me/notifications$TOK Newer notifications" \
    "$BODY"
check_eq "... and reading it reads them" 0 "$(notes "$CAROL" "seen = 0")"
act carol /me/notifications/page/99
check_status "a page past the end: 51" 51 "$HDR"
act carol /me/notifications/page/0
check_status "page 0: 51" 51 "$HDR"

# ------------------------------------------------------- moderators

# what the demo left waiting is dealt with first
sql "UPDATE reports SET resolved = $NOW WHERE resolved IS NULL;
    UPDATE comments SET held = 0 WHERE held = 1;
    UPDATE threads SET held = 0 WHERE held = 1"
as mod /about
check_no_grep "nothing waiting: no 'Moderation (' in a moderator's footer" \
    'Moderation \(' "$BODY"
act carol "/report/thread/$TS?$(urlenc "spam SPAMMARK")"
sql "UPDATE comments SET held = 1 WHERE id = $G1"
as mod /about
check_grep "an open report and a held post: 'Moderation (2)' in the footer" \
    "^=> /mod$TOK Moderation \\(2\\)$" "$BODY"
as mod /
check_grep "... the home page says what waits" \
    "^=> /mod$TOK Moderation: 1 open report, 1 held post waiting$" "$BODY"
act mod /me/notifications
check_grep "... and so do the moderator's notifications" \
    "^=> /mod$TOK Moderation: 1 open report, 1 held post waiting$" "$BODY"
as bob /about
check_no_grep "a member's footer has no moderation count" 'Moderation' \
    "$BODY"
as bob /
check_no_grep "... nor his home page" 'Moderation' "$BODY"
sql "UPDATE comments SET held = 0 WHERE id = $G1"
sql "UPDATE reports SET resolved = $NOW"
as mod /about
check_no_grep "resolved and released: the count goes" 'Moderation \(' \
    "$BODY"

# ------------------------------------------------------------- /help

gem /help
check_grep "/help explains following" "[Ff]ollow" "$BODY"
check_grep "... and muting, replies and mentions included" \
    "[Mm]ut.*(replies|mention)" "$BODY"

done_testing

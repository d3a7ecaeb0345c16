#!/usr/bin/env bash
# paging.sh: long discussions are pages (handlers/thread.c), every
# comment has a permalink, and no reply is larger than REPLY_MAX.
#
#   /thread/ID            page 1: the opening post, the first comments
#   /thread/ID/page/N     page N; past the last: 51
#   /thread/ID/latest     30 to the newest page
#   /comment/ID           30 to the page that holds the comment
#
# A discussion of 151 short comments is four pages of 50 (50, 50, 50, 1);
# one of 2,000 comments of 16 KB is cut by weight into pages of which none
# is over 256 KB, on Gemini or Gopher, and 64 slow readers of its largest
# page raise mootd's RSS by 32 MB at most: visitors, who share the cached
# page, and a member, whose every connection has a copy of its own.
. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
need_slowloris
command -v curl >/dev/null || bail_out "curl is not installed"

REPLY_MAX=$((256 * 1024))
PER_PAGE=50
SLOW_READERS=${SLOW_READERS:-64}
RSS_MAX_KB=$((32 * 1024))

make_client_cert alice
make_client_cert mod
make_demo_db
sql "INSERT INTO settings (key, value) VALUES ('post_refill', '0')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
    INSERT INTO settings (key, value) VALUES ('post_burst', '1000')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;"
start_mootd --workers 1

act alice '/join?Alice%20Pages'
act mod '/join?Maud%20Pages'
"$MOOTCTL" --db "$TMP/moot.db" member role "Maud Pages" moderator \
    --reason "for the paging test" >/dev/null
alice=$(sql "SELECT id FROM members WHERE name = 'Alice Pages'")
space=$(sql "SELECT id FROM spaces ORDER BY id LIMIT 1")
slug=$(sql "SELECT slug FROM spaces WHERE id = $space")
now=$(date +%s)
sql "INSERT INTO members (name, name_key, joined) VALUES
    ('Bob Pages', 'bob pages', $now)"
bob=$(sql "SELECT id FROM members WHERE name = 'Bob Pages'")

# new_thread TITLE BODY: a discussion by Alice, its id on stdout
new_thread() {
	sql "INSERT INTO threads (space_id, member_id, title, body, created,
	    last_activity) VALUES ($space, $alice, '$1', '$2', $now, $now);
	    SELECT last_insert_rowid();"
}

# add_comments THREAD N BODY-SQL: N comments by Bob; BODY-SQL may use i,
# the comment's number from 1
add_comments() {
	sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
	    WHERE i < $2) INSERT INTO comments (thread_id, member_id, body,
	    created) SELECT $1, $bob, $3, $now + i FROM n"
}

# nth THREAD N: the id of the Nth comment of a discussion
nth() {
	sql "SELECT id FROM comments WHERE thread_id = $1 ORDER BY id
	    LIMIT 1 OFFSET $(($2 - 1))"
}

# menu_problems FILE: the lines of a Gopher menu that are not items
# (type, display, selector, host, port), or a missing last "."
menu_problems() {
	awk 'BEGIN { FS = "\t" }
	    $0 == ".\r" { last = NR; next }
	    !/\r$/ || NF < 4 || $4 !~ /^[0-9]+\r?$/ { print NR ": " $0 }
	    END { if (last != NR) print "no closing ." }' "$1" | head -n 3
}

# ------------------------------------------- 151 comments: four pages
tid=$(new_thread "A long discussion" "The opening words of the long one.")
add_comments "$tid" 151 "'Comment number ' || i || '.'"

gem "/thread/$tid"
check_status "page 1" 20 "$HDR"
check_contains "... has the opening post" "The opening words of the long one" \
    "$BODY"
check_contains "... and comment 1" "Comment number 1." "$BODY"
check_contains "... up to comment 50" "Comment number 50." "$BODY"
check_not_contains "... and not comment 51" "Comment number 51." "$BODY"
check_contains "... says which page of how many" "Page 1 of 4." "$BODY"
check_contains "... links the newest page" "=> /thread/$tid/page/4 " "$BODY"
check_contains "... and the next" "=> /thread/$tid/page/2 Later comments" \
    "$BODY"
check_eq "... and each of its 50 comments' permalinks" 50 \
    "$(grep -c '^=> /comment/[0-9]* Link to this comment$' "$BODY")"
check_contains "... and \"Add a comment\"" \
    "=> /thread/$tid/comment Add a comment" "$BODY"

for n in 2 3 4; do
	gem "/thread/$tid/page/$n"
	check_status "page $n" 20 "$HDR"
	check_not_contains "... without the opening post" \
	    "The opening words of the long one" "$BODY"
	check_contains "... with \"Add a comment\"" \
	    "=> /thread/$tid/comment Add a comment" "$BODY"
	check_contains "... and a link to page 1" "=> /thread/$tid " "$BODY"
	check_contains "... and the previous page" "Earlier comments" "$BODY"
	[ "$n" = 4 ] || check_contains "... and the newest page" \
	    "=> /thread/$tid/page/4 " "$BODY"
	cp "$BODY" "$TMP/page$n"
done
check_contains "page 2 begins at comment 51" "Comment number 51." \
    "$TMP/page2"
check_contains "... and ends at comment 100" "Comment number 100." \
    "$TMP/page2"
check_not_contains "... not 101" "Comment number 101." "$TMP/page2"
check_eq "page 4 holds comment 151 alone" 1 \
    "$(grep -c '^=> /comment/[0-9]* Link to this comment$' "$TMP/page4")"
check_contains "... which is comment 151" "Comment number 151." "$TMP/page4"

gem "/thread/$tid/page/5"
check_reply "page 5 of 4 is not found" 51 "page"
gem "/thread/$tid/page/0"
check_status "page 0 is not found" 51 "$HDR"
gem "/thread/$tid/page/1"
check_contains "/page/1 is page 1" "The opening words of the long one" \
    "$BODY"

# permalinks
c1=$(nth "$tid" 1)
c75=$(nth "$tid" 75)
c151=$(nth "$tid" 151)
gem "/comment/$c1"
check_reply "comment 1's permalink: page 1" 30 "^/thread/$tid\$"
gem "/comment/$c75"
check_reply "comment 75's permalink: page 2" 30 "^/thread/$tid/page/2\$"
gem "/comment/$c151"
check_reply "comment 151's permalink: page 4" 30 "^/thread/$tid/page/4\$"
gem "/thread/$tid/latest"
check_reply "/latest: the newest page" 30 "^/thread/$tid/page/4\$"
gem "/comment/99999999"
check_reply "no such comment" 51 "comment"
rejected=$(sql "INSERT INTO comments (thread_id, member_id, body, created,
    held) VALUES ($tid, $bob, 'To be rejected', $now, 1);
    SELECT last_insert_rowid();")
"$MOOTCTL" --db "$TMP/moot.db" comment reject "$rejected" --reason "test" \
    >/dev/null 2>&1 ||
    sql "DELETE FROM comments WHERE id = $rejected"
gem "/comment/$rejected"
check_reply "a removed comment's permalink: gone" 52 "removed"
c10=$(nth "$tid" 10)
c11=$(nth "$tid" 11)
sql "UPDATE comments SET hidden = 'off topic' WHERE id = $c10;
    UPDATE comments SET deleted = 1, body = '' WHERE id = $c11"
gem "/comment/$c10"
check_reply "a hidden comment's permalink: gone, and says why" 52 "hidden"
gem "/comment/$c11"
check_reply "a deleted comment's permalink: gone, and says why" 52 "deleted"
as mod "/comment/$c10"
check_reply "... a moderator is taken to the hidden comment" 30 \
    "^/thread/$tid\$"
sql "INSERT INTO comments (thread_id, member_id, body, created, held)
    VALUES ($tid, $bob, 'Bob waits for approval', $now, 1)"
held=$(sql "SELECT id FROM comments WHERE body = 'Bob waits for approval'")
gem "/comment/$held"
check_reply "a held comment is not found by others" 51 "comment"
held_thread=$(new_thread "Held one" "Not yet approved.")
sql "UPDATE threads SET held = 1 WHERE id = $held_thread"
add_comments "$held_thread" 1 "'In a held discussion'"
gem "/comment/$(nth "$held_thread" 1)"
check_reply "... nor a comment in a held discussion" 51 "comment"

# views: once a visit, whichever page it starts on; once per reader
# (here a certificate each) and hour
for r in pager v1 v2 v3; do
	make_client_cert "$r" || bail_out "cannot make certificates"
done
sleep 1.2
v0=$(sql "SELECT views FROM threads WHERE id = $tid")
as pager "/thread/$tid/page/2"
as pager "/thread/$tid/page/3"
as pager "/thread/$tid/page/2"
as v1 "/thread/$tid"
as v2 "/comment/$c75"
as v3 "/thread/$tid/latest"
as v1 "/thread/$tid/latest"	# v1's view was counted already
sleep 1.5	# the view flush runs once a second
check_eq "page 1, a permalink and /latest count; pages 2 and 3 do not" \
    "$((v0 + 3))" "$(sql "SELECT views FROM threads WHERE id = $tid")"

# Gopher: the same pages, as valid menus
gopher "/thread/$tid/page/2\r\n"
check_none "Gopher page 2 is a valid menu" "$(menu_problems "$RESP")"
check_grep "... with comment 51 (marked as a member's words)" \
    "^i\\| Comment number 51\\." "$RESP"
check_grep "... the newest page as a menu item" \
    "^1The newest comments \\(page 4\\)	/thread/$tid/page/4	" "$RESP"
check_grep "... \"Add a comment\" on Gemini" \
    "^hAdd a comment	URL:gemini://[^	]*/thread/$tid/comment	" "$RESP"
check_grep "... and the permalinks as menu items" \
    "^1Link to this comment	/comment/$c75	" "$RESP"
gopher "/thread/$tid/page/4\r\n"
check_none "Gopher page 4 is a valid menu" "$(menu_problems "$RESP")"
check_grep "... with the previous page" \
    "^1Earlier comments \\(page 3\\)	/thread/$tid/page/3	" "$RESP"
gopher "/comment/$c75\r\n"
check_none "a Gopher permalink is a valid menu" "$(menu_problems "$RESP")"
check_grep "... leading to page 2" "^1[^	]*	/thread/$tid/page/2	" "$RESP"
gopher "/thread/$tid/page/9\r\n"
check_grep "a Gopher page past the last: an error item" "^3" "$RESP"

# the lists: the newest page of a long discussion in one step
gem "/space/$slug"
check_contains "the space lists the discussion's latest comments" \
    "=> /thread/$tid/latest " "$BODY"

# posting lands on the page that holds the new comment
add_comments "$tid" 49 "'Filler ' || i || '.'"
act alice "/thread/$tid/comment?The%20two%20hundred%20and%20first%20words"
check_reply "a comment: to its page (the 201st comment: page 5)" 30 \
    "^/thread/$tid/page/5\$"
new=$(sql "SELECT id FROM comments WHERE body =
    'The two hundred and first words'")
gem "/thread/$tid/page/5"
check_contains "... which shows it" "The two hundred and first words" "$BODY"
check_contains "... and its permalink" "=> /comment/$new " "$BODY"
act alice "/thread/$tid/comment?The%20two%20hundred%20and%20first%20words"
check_reply "a retry of the same comment: the same page" 30 \
    "^/thread/$tid/page/5\$"

# feeds, notifications and search link the permalinks
gem "/thread/$tid/feed"
check_contains "the gemtext feed links the comment's permalink" \
    "=> /comment/$new " "$BODY"
gem "/thread/$tid/feed.xml"
check_contains "the Atom feed too" "/comment/$new\"/>" "$BODY"
check_no_grep "... and no fragments" "href=\"[^\"]*#" "$BODY"
sql "INSERT INTO comments (thread_id, member_id, body, created) VALUES
    ($tid, $bob, 'Bob answers with xylophonic words', $now + 100000)"
bobs=$(sql "SELECT id FROM comments WHERE body =
    'Bob answers with xylophonic words'")
# the discussion's line links its first unread comment; once read, its
# newest: bob's
act alice /me/notifications
check_grep "a notification links a comment's permalink" \
    "^=> /comment/[0-9]+ New: " "$BODY"
act alice /me/notifications
check_contains "... read, the newest: the reply's permalink" \
    "=> /comment/$bobs " "$BODY"
gem "/search?xylophonic"
check_contains "a search result links the comment's permalink" \
    "=> /comment/$bobs " "$BODY"

# --------------------------- 2,000 comments of 16 KB: pages by weight
big=$(new_thread "A very long discussion" "The opening words of the big one.")
# 16 KB of prose in lines of 64 bytes, numbered
add_comments "$big" 2000 "'Big comment ' || i || '.' || char(10) ||
    substr(replace(hex(zeroblob(300)), '00',
    'The quick brown fox jumps over the lazy dog, again and again.' ||
    char(10)), 1, 16300)"
gem "/thread/$big"
check_status "the big discussion's page 1" 20 "$HDR"
pages=$(sed -n 's/^Page 1 of \([0-9]*\)\.$/\1/p' "$BODY" | head -n 1)
diag "2,000 comments of 16 KB: ${pages:-?} pages"
if [ -z "$pages" ] || [ "$pages" -lt $((2000 / PER_PAGE)) ]; then
	not_ok "the big discussion has pages" "got: ${pages:-none}"
	pages=1
fi
over=
cut=
largest=1
largest_size=0
# every page on Gopher, from one curl (a process a page would take
# minutes on a busy machine); Gemini for every eighth, the last and the
# one largest on Gopher
args=()
for n in $(seq 1 "$pages"); do
	args+=(-o "$TMP/g.$n" "gopher://127.0.0.1:$GOPHER_PORT/1/thread/$big/page/$n")
done
curl -s "${args[@]}"
files=()
for n in $(seq 1 "$pages"); do
	files+=("$TMP/g.$n")
done
# a few processes for all the pages, not a few a page
over=$(stat -c '%s %n' "${files[@]}" |
    awk -v max="$REPLY_MAX" '$1 > max { printf " %s=%s", $2, $1 }')
largest=$(stat -c '%s %n' "${files[@]}" | sort -n | tail -n 1 |
    sed 's/.*\.//')
largest_size=$(wc -c <"$TMP/g.$largest")
over="$over$(awk 'BEGIN { FS = "\t" }
    FNR == 1 && NR > 1 && lastline != ".\r" { print " no-dot:" pf }
    FNR == 1 { pf = FILENAME }
    { lastline = $0 }
    $0 != ".\r" && (!/\r$/ || NF < 4 || $4 !~ /^[0-9]+\r?$/) {
        print " bad-menu:" FILENAME ":" FNR }
    END { if (lastline != ".\r") print " no-dot:" pf }' "${files[@]}" |
    head -n 3)"
over="$over$(grep -L "^hAdd a comment	URL:gemini://[^	]*/thread/$big/comment	" \
    "${files[@]}" | sed 's/^/ no-add-comment:/' | head -n 3)"
cut=$(grep -l "cut short" "${files[@]}" | head -n 3)
sed -n 's|^1Link to this comment	/comment/\([0-9]*\)	.*|\1|p' \
    "${files[@]}" >"$TMP/ids"
for n in $(seq 1 16 "$pages") "$pages" "$largest"; do
	fetch "gemini://localhost:$GEMINI_PORT/thread/$big/page/$n\r\n"
	size=$(wc -c <"$RESP")
	[[ "$HDR" =~ ^20\  ]] || over="$over gemini-status:$n"
	[ "$size" -le "$REPLY_MAX" ] || over="$over gemini:$n=$size"
	grep -q "cut short" "$BODY" && cut="$cut gemini:$n"
	grep -q "^=> /thread/$big/comment Add a comment" "$BODY" ||
	    over="$over no-add-comment:$n"
done
check_none "every page is at most 256 KB, on Gemini and Gopher, a valid menu
    and with \"Add a comment\"" "$over"
check_none "... and none of them cut short (the weights hold)" "$cut"
check_eq "every comment is on exactly one page" \
    "$(sql "SELECT id FROM comments WHERE thread_id = $big ORDER BY id" |
    md5sum)" "$(md5sum <"$TMP/ids")"
diag "the largest page: $largest, $largest_size bytes on Gopher"
c2000=$(nth "$big" 2000)
gem "/comment/$c2000"
check_reply "comment 2000's permalink: the last page" 30 \
    "^/thread/$big/page/$pages\$"
c999=$(nth "$big" 999)
gem "/comment/$c999"
target=${HDR#30 }
gem "$target"
check_contains "comment 999's permalink: the page that holds it" \
    "Big comment 999." "$BODY"

# a comment larger than a reply: its page is cut short, tail and all kept
huge=$(new_thread "A huge comment" "Opening.")
add_comments "$huge" 1 "substr(replace(hex(zeroblob(9000)), '00',
    'Forty-eight bytes of one long line, repeated. '), 1, 400000)"
add_comments "$huge" 1 "'After the huge one.'"
gem "/thread/$huge"
check_status "a page with a 400 KB comment" 20 "$HDR"
check_eq "... is at most 256 KB" 1 "$(($(wc -c <"$RESP") <= REPLY_MAX))"
check_contains "... says it is cut short" "cut short" "$BODY"
check_contains "... and keeps \"Add a comment\"" \
    "=> /thread/$huge/comment Add a comment" "$BODY"
check_contains "... and the footer" "=> /terms Terms of use" "$BODY"
gem "/comment/$(nth "$huge" 2)"
check_reply "... the comment after it is on page 2" 30 \
    "^/thread/$huge/page/2\$"
gopher "/thread/$huge\r\n"
check_eq "... and on Gopher too, at most 256 KB" 1 \
    "$(($(wc -c <"$RESP") <= REPLY_MAX))"
check_none "... a valid menu" "$(menu_problems "$RESP")"

# ------------------------- 64 slow readers of the largest page: RSS
rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$MOOTD_PID/status" 2>/dev/null
}

# slow_readers NAME PORT [-T] -s REQUEST: SLOW_READERS connections that
# ask for the page and read nothing; the most VmRSS grew while they wait
slow_readers() {
	local name=$1 port=$2 rss0 rss peak=0 pid i
	shift 2
	rss0=$(rss_kb)
	"$SLOWLORIS" "$@" -n "$SLOW_READERS" -d 6 -m slowread 127.0.0.1 \
	    "$port" >"$TMP/slow.out" 2>&1 &
	pid=$!
	for i in $(seq 1 20); do
		sleep 0.25
		rss=$(rss_kb)
		[ -n "$rss" ] && [ "$rss" -gt "$peak" ] && peak=$rss
	done
	wait "$pid"
	# the bound means something only if the readers were really there
	check_grep "$name: all $SLOW_READERS slow readers connected and held" \
	    "connected=$SLOW_READERS .*open=$SLOW_READERS " "$TMP/slow.out"
	diag "$name: VmRSS $rss0 kB before, at most $peak kB with" \
	    "$SLOW_READERS slow readers ($(tail -n 1 "$TMP/slow.out"))"
	if [ -n "$rss0" ] && [ $((peak - rss0)) -le "$RSS_MAX_KB" ]; then
		ok "$name: $SLOW_READERS slow readers add at most 32 MB of RSS"
	else
		not_ok "$name: $SLOW_READERS slow readers add at most 32 MB of RSS" \
		    "before: ${rss0:-?} kB, peak: $peak kB"
	fi
}

# warm up: the page once, so that its rendering is not counted
lpath=/thread/$big/page/$largest
[ "$largest" = 1 ] && lpath=/thread/$big
curl -s "gopher://127.0.0.1:$GOPHER_PORT/1$lpath" >/dev/null
gem "$lpath"
slow_readers "Gopher" "$GOPHER_PORT" -s "$lpath\\r\\n"
slow_readers "Gemini" "$GEMINI_PORT" -T -s "gemini://localhost$lpath\\r\\n"
# a member's pages are their own (never cached): one copy a connection
as alice "$lpath"
slow_readers "Gemini, a member (uncached)" "$GEMINI_PORT" -T \
    -c "$TMP/alice.crt" -k "$TMP/alice.key" \
    -s "gemini://localhost$lpath\\r\\n"

gem /about
check_status "mootd still serves" 20 "$HDR"
stop_mootd
done_testing

#!/usr/bin/env bash
# The page cache (src/net/cache.c): pages shared by visitors are rendered once
# per change of the database, and every kind of change shows at once: a
# comment from the writer thread, a moderator's action on this worker's
# own connection, mootctl in another process.  Views still count, once
# per reader.
. "$(dirname "$0")/../lib.sh"

make_client_cert alice
make_client_cert mod
make_demo_db
db "INSERT INTO settings (key, value) VALUES ('post_refill', '0')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;"
# one worker, so that every request meets the same cache; --debug for
# the cache's counts at exit
start_mootd --workers 1 --debug
tid=$(db "SELECT id FROM threads ORDER BY id LIMIT 1")

act alice '/join?Alice%20Cache'
act mod '/join?Maud%20Cache'
"$MOOTCTL" --db "$TMP/moot.db" member role "Maud Cache" moderator \
    --reason "for the cache test" >/dev/null

# twice, so that the second is served from the cache
gem /
gem /
check_contains "the home page, cached" "$(db "SELECT value FROM settings
    WHERE key = 'name'")" "$BODY"
"$MOOTCTL" --db "$TMP/moot.db" settings set name "Renamed Commons" >/dev/null
gem /
check_contains "mootctl (another process) renames: the next visitor sees it" \
    "# Renamed Commons" "$BODY"

gopher "/thread/$tid\r\n"
gopher "/thread/$tid\r\n"
act alice "/thread/$tid/comment?cache%20busting%20words"
check_status "a comment through the writer thread" 30 "$HDR"
gopher "/thread/$tid\r\n"
check_contains "... shows at once on the cached Gopher page" \
    "cache busting words" "$RESP"
gem "/thread/$tid"
check_contains "... and on the cached Gemini page" "cache busting words" \
    "$BODY"

cid=$(db "SELECT id FROM comments WHERE body = 'cache busting words'")
gem "/thread/$tid"
act mod "/mod/comment/$cid/hide?cache%20test"
check_status "a moderator hides it (this worker's own connection)" 30 "$HDR"
gem "/thread/$tid"
check_not_contains "... and visitors no longer see it" "cache busting words" \
    "$BODY"
check_contains "... but the hidden note" "Hidden by a moderator: cache test" \
    "$BODY"

# visit N: the discussion over Gopher from 127.0.0.N, a reader of its
# own (a view counts once per reader and hour)
visit() {
	curl -s --max-time "$NET_TIMEOUT" --interface "127.0.0.$1" \
	    "gopher://127.0.0.1:$GOPHER_PORT/1/thread/$tid" -o /dev/null
}

# views still count when the page comes from the cache
sleep 1.2
before=$(db "SELECT views FROM threads WHERE id = $tid")
visit 2
visit 2		# cached now
for n in 3 4 5 6 7; do
	visit "$n"
done
sleep 1.5	# the view flush runs once a second
after=$(db "SELECT views FROM threads WHERE id = $tid")
check_eq "five cached views by five readers count five" "$((before + 6))" \
    "$after"
for _ in 1 2 3 4 5; do
	visit 8
done
sleep 1.5
check_eq "one reader reloading the cached page five times counts one" \
    "$((after + 1))" "$(db "SELECT views FROM threads WHERE id = $tid")"

# members are never served a visitor's page
as alice "/thread/$tid"
check_contains "a member's page has their own links" "Report this discussion" \
    "$BODY"
gem "/thread/$tid"
check_not_contains "... which a visitor's page never has" \
    "Report this discussion" "$BODY"

# A discussion's page outlives changes elsewhere (its revisions), but
# never what it shows: each change below is made after the page is
# cached, then the page is asked for again.
ctl() { "$MOOTCTL" --db "$TMP/moot.db" "$@" --reason "cache test" >/dev/null; }
other=$(db "SELECT id FROM threads WHERE id <> $tid ORDER BY id LIMIT 1")
author=$(db "SELECT m.name FROM threads t JOIN members m ON m.id =
    t.member_id WHERE t.id = $tid")
slug=$(db "SELECT s.slug FROM threads t JOIN spaces s ON s.id = t.space_id
    WHERE t.id = $tid")
for proto in gem gopher; do
	thread_page() {
		if [ $proto = gem ]; then gem "/thread/$tid"; PAGE=$BODY
		else gopher "/thread/$tid\r\n"; PAGE=$RESP; fi
	}
	thread_page; thread_page
	for i in 1 2 3; do
		act alice "/thread/$other/comment?elsewhere%20$proto%20$i"
		thread_page
	done
	check_contains "$proto: a comment in another discussion leaves the page whole" \
	    "Hidden by a moderator: cache test" "$PAGE"
	ctl member rename "$author" "Renamed $proto Author"
	thread_page
	check_contains "$proto: ... the author renamed (mootctl) shows at once" \
	    "Renamed $proto Author" "$PAGE"
	author="Renamed $proto Author"
	ctl space rename "$slug" "Space $proto Renamed"
	thread_page
	check_contains "$proto: ... so does its space renamed" \
	    "Space $proto Renamed" "$PAGE"
	ctl thread lock "$tid"
	thread_page
	check_contains "$proto: ... and the discussion locked" "is locked" \
	    "$PAGE"
	ctl thread unlock "$tid"
	thread_page
	check_not_contains "$proto: ... and unlocked" "is locked" "$PAGE"
	ctl settings set licence "CC0-$proto"
	thread_page
	check_contains "$proto: ... and a new licence in the footer" \
	    "CC0-$proto" "$PAGE"
done
act alice "/thread/$tid/comment?the%20last%20word"
gem "/thread/$tid"
check_contains "a comment in the discussion itself shows at once" \
    "the last word" "$BODY"

# views counted in the last moment are written when mootd stops
sleep 1.2
before=$(db "SELECT views FROM threads WHERE id = $tid")
for n in 9 10 11; do
	visit "$n"
done
stop_mootd
after=$(db "SELECT views FROM threads WHERE id = $tid")
# a page served after a comment in another discussion, without a render
renewed=$(grep -aoE 'page cache: [0-9]+ hits \([0-9]+ of them after a change' \
    "$TMP/mootd.log" | grep -oE '\([0-9]+' | tr -d '(' | tail -n 1)
if [ "${renewed:-0}" -ge 1 ]; then
	ok "the discussion's cached page outlived comments elsewhere ($renewed times)"
else
	not_ok "the discussion's cached page outlived comments elsewhere" \
	    "the worker's count at exit: '${renewed:-none}'"
fi
check_eq "three views just before SIGTERM are written at shutdown" \
    "$((before + 3))" "$after"

# Capsule files (router.h, ROUTE_FILE): the cache keeps a small one for
# a second at most, for visitors and members alike.  Over Gopher a
# binary file goes as it is and text dot-stuffed, from the cache as
# from the disk; a file above STATIC_BODY_MAX (static.c) goes from its
# descriptor each time.
printf 'first words\n.\nlast\n' >"$TMP/capsule/note.txt"
printf 'GIF89a\r\n.\r\n\000\377end\n' >"$TMP/capsule/pic.gif"
head -c 70000 /dev/urandom >"$TMP/capsule/big.png"
start_mootd --workers 1 --debug
for i in 1 2 3 4 5 6; do
	gem /note.txt
done
check_contains "a capsule file, six times" "first words" "$BODY"
as alice /note.txt
check_contains "... and to a member" "first words" "$BODY"
gopher "/note.txt\r\n"
gopher "/note.txt\r\n"
check_contains "Gopher text, from the cache: the dot line stuffed" \
    $'\r\n..\r\n' "$RESP"
for i in 1 2 3; do
	curl -s --max-time "$NET_TIMEOUT" -o "$TMP/pic.$i" \
	    "gopher://127.0.0.1:$GOPHER_PORT/g/pic.gif"
	curl -s --max-time "$NET_TIMEOUT" -o "$TMP/big.$i" \
	    "gopher://127.0.0.1:$GOPHER_PORT/I/big.png"
done
for i in 1 2 3; do
	check_eq "Gopher binary file, fetch $i: the bytes on disk" 0 \
	    "$(cmp -s "$TMP/pic.$i" "$TMP/capsule/pic.gif"; echo $?)"
	check_eq "Gopher file above 64 KB, fetch $i: the bytes on disk" 0 \
	    "$(cmp -s "$TMP/big.$i" "$TMP/capsule/big.png"; echo $?)"
done
printf 'second words\n' >"$TMP/capsule/note.txt"
sleep 1.1	# STATIC_FRESH_SECS
gem /note.txt
check_contains "the file changed on disk: a second later readers see it" \
    "second words" "$BODY"
rm "$TMP/capsule/note.txt"
sleep 1.1
gem /note.txt
check_status "... and once it is removed, 51" 51 "$HDR"
stop_mootd
hits=$(grep -aoE 'page cache: [0-9]+ hits' "$TMP/mootd.log" | tail -n 1 |
    grep -oE '[0-9]+')
if [ "${hits:-0}" -ge 1 ]; then
	ok "capsule files were served from the cache ($hits times)"
else
	not_ok "capsule files were served from the cache" \
	    "the worker's count at exit: '${hits:-none}'"
fi

# Members' pages of a discussion (handlers/snapshots.h): the comments
# as any member sees them are built once and kept; each member's own
# comments and the ones they reported are built for them.  One worker,
# so that every member meets the same snapshot.
make_client_cert bob
make_client_cert carol
start_mootd --workers 1 --debug
act bob '/join?Bob%20Cache'
act carol '/join?Carol%20Cache'
tid2=$(db "SELECT id FROM threads ORDER BY id DESC LIMIT 1")
act alice "/thread/$tid2/comment?snapMARK%20from%20alice"
act bob "/thread/$tid2/comment?snapMARK%20from%20bob"
ca=$(db "SELECT id FROM comments WHERE body = 'snapMARK from alice'")
cb=$(db "SELECT id FROM comments WHERE body = 'snapMARK from bob'")
as carol "/thread/$tid2"
check_contains "a third member reads both comments" "snapMARK from bob" \
    "$BODY"
check_contains "... with Report on alice's" "/report/comment/$ca " "$BODY"
as alice "/thread/$tid2"
check_contains "alice: Edit on her own comment" "/comment/$ca/edit/~" \
    "$BODY"
check_contains "... and Delete" "/comment/$ca/delete/~" "$BODY"
check_not_contains "... no Report on it" "/report/comment/$ca/" "$BODY"
check_contains "... Report on bob's" "/report/comment/$cb " "$BODY"
check_not_contains "... no Edit on bob's" "/comment/$cb/edit" "$BODY"
as bob "/thread/$tid2"
check_contains "bob: Edit on his own comment" "/comment/$cb/edit/~" "$BODY"
check_contains "... Report on alice's" "/report/comment/$ca " "$BODY"
check_not_contains "... no Edit on alice's" "/comment/$ca/edit" "$BODY"
# Reply and Report only prompt: no token rides on the shared comments
check_not_contains "... carries no token on Reply or Report" "reply/~" \
    "$BODY"
# a link every member gets (muting the discussion): each member's
# page signs it for them
as alice "/thread/$tid2"
alice_tok=$(grep -oE "/thread/$tid2/mute/~[A-Za-z0-9_-]{16}" "$BODY" |
    head -n 1)
check_eq "alice's page signs Mute" 1 \
    "$([ -n "$alice_tok" ] && echo 1 || echo 0)"
as carol "/thread/$tid2"
carol_tok=$(grep -oE "/thread/$tid2/mute/~[A-Za-z0-9_-]{16}" "$BODY" |
    head -n 1)
check_eq "... so does carol's, with a token of her own" 1 \
    "$([ -n "$carol_tok" ] && [ "$carol_tok" != "$alice_tok" ] &&
    echo 1 || echo 0)"
as bob "/thread/$tid2"
check_not_contains "bob's page holds none of alice's tokens" \
    "${alice_tok:-/thread/$tid2/mute/~}" "$BODY"
act carol "/report/comment/$cb?snapshot%20test"
as carol "/thread/$tid2"
check_contains "carol reported bob's comment: she reads that she did" \
    "You reported this comment" "$BODY"
check_not_contains "... and not its words" "snapMARK from bob" "$BODY"
as alice "/thread/$tid2"
check_contains "alice still reads bob's comment" "snapMARK from bob" "$BODY"
check_not_contains "... and no note of carol's report" \
    "You reported this comment" "$BODY"
as mod "/thread/$tid2"
check_contains "a moderator: Hide on each comment" "/mod/comment/$ca/hide/~" \
    "$BODY"
# an own comment a moderator hid: its author reads its words, and may
# still mend or remove it; the others read that it was hidden
act alice "/thread/$tid2/comment?snapMARK%20hidden%20from%20alice"
ch=$(db "SELECT id FROM comments WHERE body = 'snapMARK hidden from alice'")
act mod "/mod/comment/$ch/hide?snapshot%20test"
as carol "/thread/$tid2"
check_not_contains "a hidden comment: the others do not read it" \
    "snapMARK hidden from alice" "$BODY"
as alice "/thread/$tid2"
check_contains "... its author does" "snapMARK hidden from alice" "$BODY"
check_contains "... with Edit" "/comment/$ch/edit/~" "$BODY"
check_contains "... and Delete" "/comment/$ch/delete/~" "$BODY"
check_contains "... and Edit still on her other comment" \
    "/comment/$ca/edit/~" "$BODY"
act bob "/thread/$tid2/comment?snapMARK%20later%20from%20bob"
as carol "/thread/$tid2"
check_contains "a new comment: the members' pages show it at once" \
    "snapMARK later from bob" "$BODY"
"$MOOTCTL" --db "$TMP/moot.db" member rename "Bob Cache" "Robert Cache" \
    --reason "for the cache test" >/dev/null
as alice "/thread/$tid2"
check_contains "... and a member renamed by mootctl" "Robert Cache" "$BODY"
# the footer's licence, which each worker's connection keeps between
# pages until the database changes (store/settings.c)
"$MOOTCTL" --db "$TMP/moot.db" settings set licence "CC0-members" \
    --reason "for the cache test" >/dev/null
as alice "/thread/$tid2"
check_contains "... and the licence set by mootctl, in a member's footer" \
    "CC0-members" "$BODY"
# locked: an own comment may be deleted, not edited, nor answered
act mod "/mod/thread/$tid2/lock?snapshot%20test"
as alice "/thread/$tid2"
check_contains "locked: Delete on her own comment" "/comment/$ca/delete/~" \
    "$BODY"
check_not_contains "... no Edit" "/comment/$ca/edit" "$BODY"
check_not_contains "... no Reply" "/comment/$ca/reply" "$BODY"
check_contains "... Report on bob's" "/report/comment/$cb " "$BODY"
gem "/thread/$tid2"
check_not_contains "a visitor's page has no member's links" \
    "/report/comment/$ca" "$BODY"
stop_mootd
snaps=$(grep -aoE "members' snapshots: [0-9]+ hits" "$TMP/mootd.log" |
    tail -n 1 | grep -oE '[0-9]+')
if [ "${snaps:-0}" -ge 3 ]; then
	ok "members' pages were made from the kept comments ($snaps times)"
else
	not_ok "members' pages were made from the kept comments" \
	    "the worker's count at exit: '${snaps:-none}'"
fi
check_replies_all
done_testing

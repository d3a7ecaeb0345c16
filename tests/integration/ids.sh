#!/usr/bin/env bash
# ids.sh: issue 11 item 4, a number is never used twice.  Deleting the
# newest discussion, rejecting a held one or a held comment, then
# posting again gives higher ids, and the old URLs say "gone" (52, a
# Gopher error item) instead of showing someone else's words.  A
# database made at schema 5 (tests/fixtures/schema5.sql) migrates to the
# same schema a new one has, keeps its rows, search index and foreign
# keys, and does not give out the number of a discussion deleted before.
#
#   bash tests/integration/ids.sh    (after `make mootd mootctl
#                                     tests/bin/gemreq')

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
command -v sqlite3 >/dev/null || bail_out "sqlite3 (the CLI) is needed"

# post_comment WHO THREAD BODY: its id in $NEW
post_comment() {
	act "$1" "/thread/$2/comment?$(urlenc "$3")"
	NEW=$(sql "SELECT max(id) FROM comments WHERE thread_id = $2")
}

# higher A B: A and B are numbers and A > B
higher() {
	[ -n "$1" ] && [ -n "$2" ] && [ "$1" -gt "$2" ]
}

# gopher_says_gone SELECTOR: the Gopher reply is one error item saying
# the post was removed
gopher_says_gone() {
	gopher "$1\r\n"
	head -n 1 "$RESP" | grep -qE '^3.*removed'
}

# ---------------------------------------------------------- the server

make_demo_db || bail_out "no demo database"
"$MOOTCTL" --db "$TMP/moot.db" settings set post_refill 0 >/dev/null 2>&1
start_mootd || bail_out "mootd did not start"
for c in alice mod; do
	make_client_cert "$c" 30 0 || bail_out "cannot make certificates"
done
act alice "/join?Alice%20Ids"
act mod "/join?Maud%20Ids"
"$MOOTCTL" --db "$TMP/moot.db" member role "Maud Ids" moderator \
    --reason "test moderator" >/dev/null 2>&1 ||
    bail_out "mootctl member role failed"
ALICE=$(sql "SELECT id FROM members WHERE name = 'Alice Ids'")
SLUG=$(sql "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id LIMIT 1")

# ------------------------------------------------ a deleted discussion

post_thread alice "$SLUG" "First of two" "The words of the first."
T1=$NEW
check_eq "alice starts a discussion, the newest" \
    "$(sql "SELECT max(id) FROM threads")" "$T1"
post_comment alice "$T1" "A comment on the first."
C1=$NEW
act mod "/mod/thread/$T1/delete?$(urlenc "Testing ids")"
check_reply "a moderator deletes it" 30 "^/mod"
check_eq "... it is gone from the database" 0 \
    "$(sql "SELECT count(*) FROM threads WHERE id = $T1")"
post_thread alice "$SLUG" "Second of two" "Someone else's words."
T2=$NEW
check "the next discussion gets a higher number ($T2 > $T1)" \
    higher "$T2" "$T1"
as alice "/thread/$T1"
check_reply "/thread/$T1 (deleted) answers 52 gone" 52 "removed"
check_not_contains "... never the new discussion's words" \
    "Someone else" "$RESP"
gem "/thread/$T1"
check_reply "... to a visitor too" 52 "removed"
gem "/thread/$T1/feed"
check_reply "/thread/$T1/feed answers 52" 52 "removed"
gem "/thread/$T1/feed.xml"
check_reply "/thread/$T1/feed.xml answers 52" 52 "removed"
check "Gopher /thread/$T1: an error item saying it was removed" \
    gopher_says_gone "/thread/$T1"
act alice "/thread/$T1/comment?$(urlenc "Late")"
check_reply "commenting on it: 52" 52 "removed"
act alice "/comment/$C1/edit?$(urlenc "Late edit")"
check_reply "editing a comment that went with it: 52" 52 "removed"
act mod "/mod/thread/$T1/lock?$(urlenc "why")"
check_reply "a moderator acting on it: 52" 52 "removed"
N=$((T2 + 1000))
as alice "/thread/$N"
check_reply "/thread/$N (never was) still answers 51" 51 ""

# ------------------------------------------------ a rejected discussion

sql "UPDATE members SET approved = 0 WHERE id = $ALICE" >/dev/null
post_thread alice "$SLUG" "Held then rejected" "Waiting words."
T3=$NEW
check_eq "a new member's discussion is held" 1 \
    "$(sql "SELECT held FROM threads WHERE id = $T3")"
act mod "/mod/thread/$T3/reject?$(urlenc "Off topic")"
check_reply "a moderator rejects it" 30 "^/mod"
post_thread alice "$SLUG" "After the rejection" "New words."
T4=$NEW
check "the next discussion gets a higher number ($T4 > $T3)" \
    higher "$T4" "$T3"
as alice "/thread/$T3"
check_reply "/thread/$T3 (rejected) answers 52 gone" 52 "removed"

# ---------------------------------------------------- comments

post_comment alice "$T2" "Held, then rejected."
C2=$NEW
check_eq "a new member's comment is held" 1 \
    "$(sql "SELECT held FROM comments WHERE id = $C2")"
act mod "/mod/comment/$C2/reject?$(urlenc "Spam")"
check_reply "a moderator rejects the held comment" 30 ""
sql "UPDATE members SET approved = 1 WHERE id = $ALICE" >/dev/null
post_comment alice "$T2" "After the rejected comment."
C3=$NEW
check "the next comment gets a higher number ($C3 > $C2)" \
    higher "$C3" "$C2"
act alice "/comment/$C2/edit?$(urlenc "x")"
check_reply "/comment/$C2/edit (rejected) answers 52" 52 "removed"
act alice "/report/comment/$C2?$(urlenc "x")"
check_reply "/report/comment/$C2 answers 52" 52 "removed"
act mod "/mod/comment/$C2/hide?$(urlenc "x")"
check_reply "/mod/comment/$C2/hide answers 52" 52 "removed"
act alice "/comment/$C3/delete?yes"
check_reply "alice deletes her newest comment" 30 ""
post_comment alice "$T2" "After the deleted comment."
C4=$NEW
check "the next comment gets a higher number ($C4 > $C3)" \
    higher "$C4" "$C3"
check_replies_all
stop_mootd

# ----------------------------------------------- migrating schema 5

# the schema as this build makes it, for comparison
MOOT_FRESH="$TMP/fresh.db"
"$MOOTCTL" --db "$MOOT_FRESH" init >/dev/null 2>&1
schema() {
	sqlite3 -batch -noheader "$1" "SELECT type, name, tbl_name, sql
	    FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%'
	    ORDER BY type, name"
}
rm -f "$TMP/moot.db"*
sqlite3 "$TMP/moot.db" < tests/fixtures/schema5.sql ||
    bail_out "cannot load tests/fixtures/schema5.sql"
check_eq "the fixture is at schema 5" 5 "$(db "PRAGMA user_version")"
"$MOOTCTL" --db "$TMP/moot.db" init >"$TMP/init.log" 2>&1
check_exit "mootctl init migrates it" 0 "$?"
check_eq "... to the version a new database has" \
    "$(sqlite3 "$MOOT_FRESH" "PRAGMA user_version")" \
    "$(db "PRAGMA user_version")"
if [ "$(schema "$TMP/moot.db")" = "$(schema "$MOOT_FRESH")" ]; then
	ok "... with the very schema of a new database"
else
	not_ok "... with the very schema of a new database" \
	    "$(diff <(schema "$TMP/moot.db") <(schema "$MOOT_FRESH") |
	    head -n 6 | tr '\n' ' ')"
fi
check_eq "... every row kept" "2 2 2 1 1 1" \
    "$(db "SELECT (SELECT count(*) FROM threads), (SELECT count(*) FROM
    comments), (SELECT count(*) FROM members), (SELECT count(*) FROM
    reports), (SELECT count(*) FROM invites), (SELECT count(*) FROM certs)" |
    tr '|' ' ')"
check_eq "... integrity and foreign keys hold" "ok" \
    "$(db "PRAGMA integrity_check; PRAGMA foreign_key_check")"
check_eq "... the search index still finds words of both kinds" "1 2" \
    "$(db "SELECT count(*) FROM search WHERE search MATCH 'discussion';
    SELECT count(*) FROM search WHERE search MATCH 'zebrafish'" |
    tr '\n' ' ' | sed 's/ $//')"

start_mootd || bail_out "mootd did not start on the migrated database"
make_client_cert old 30 0
act old "/join?Old%20Newcomer"
post_thread old general "After the migration" "New words."
check "a new discussion does not take the deleted number 3 ($NEW)" \
    higher "$NEW" 3
gem "/thread/3"
check_reply "/thread/3 (deleted before the migration) answers 52" 52 \
    "removed"
gem "/search?zebrafish"
check_grep "search finds the migrated posts" "^=> */thread/1" "$BODY"
post_comment old 1 "A comment after the migration."
check "a new comment gets a number above the migrated ones (> 2)" \
    higher "$NEW" 2
check_replies_all
stop_mootd

done_testing

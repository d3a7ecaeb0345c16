#!/usr/bin/env bash
# mootctl.sh: issue 4, the operator's tool, against a running mootd:
# usage and exit codes, every member, space, thread, comment, report and
# settings command (each seen in the database, its moderation log row,
# and on the Gemini and Gopher pages), a backup taken while members post,
# the export (files, licence, valid JSON that counts what the database
# holds), stats, and waiting out another writer's lock.
#
#   bash tests/integration/mootctl.sh    (after `make test' or `make
#                                         mootd mootctl tests/bin/gemreq')
# KEEP_TMP=1 keeps the temporary directory (database, log, certificates).

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
command -v sqlite3 >/dev/null || bail_out "sqlite3 (the CLI) is needed"

# --------------------------------------------------------------- helpers

# check_ctl matches mootctl's words whatever their case here
CTL_ICASE=1

# acted NAME ACTION TARGET REASON: the last ctl succeeded, and the
# moderation log holds exactly one row for it, by the operator
ACTIONS=0
acted() {
	check_ctl "$1: exit 0" 0
	ACTIONS=$((ACTIONS + 1))
	check_modlog "$2" "$3" "$4" NULL
}

# stat_of NAME: a number from `mootctl stats' in $OUT
stat_of() {
	awk -v k="$1" '$1 == k { print $2; exit }' "$OUT"
}

# ----------------------------------------- usage, without any database

"$MOOTCTL" >"$OUT" 2>"$CERR"
CRC=$?
check_ctl "no command: exit 2, with the usage" 2 "usage: mootctl"
"$MOOTCTL" --help >"$OUT" 2>"$CERR"
CRC=$?
check_ctl "--help: exit 0" 0 "usage: mootctl"
missing=
for c in "init" "demo" "member list" "member show" "member role" \
    "member suspend" "member restore" "member rename" "space add" \
    "space rename" "space describe" "space archive" "thread list" \
    "thread lock" "thread unlock" "thread move" "thread delete" \
    "comment hide" "comment restore" "report list" "report resolve" \
    "settings get" "settings set" "backup" "export" "stats"; do
	grep -qE "^  $c( |\$)" "$OUT" || missing+=" [$c]"
done
check_none "--help lists every command of the issue" "$missing"
"$MOOTCTL" member --help >"$OUT" 2>"$CERR"
CRC=$?
check_ctl "member --help: exit 0, the member commands" 0 "member suspend"
"$MOOTCTL" thread move --help >"$OUT" 2>"$CERR"
CRC=$?
check_ctl "thread move --help: exit 0, its usage" 0 \
    "thread move ID SLUG --reason TEXT"
"$MOOTCTL" settings --help >"$OUT" 2>"$CERR"
CRC=$?
check_ctl "settings --help lists the settings" 0 "licence"

ctl frobnicate
check_ctl "an unknown command: exit 2" 2 "unknown command frobnicate"
ctl member
check_ctl "a command without its subcommand: exit 2" 2 "needs a subcommand"
ctl member frob
check_ctl "an unknown subcommand: exit 2" 2 "no subcommand frob"
ctl member list
check_ctl "no database: exit 1, says to run init" 1 \
    "no database at .*moot.db \\(run mootctl init\\)"
check "... and makes none" test ! -e "$TMP/moot.db"

"$MOOTCTL" --db "$TMP/fresh.db" init >"$OUT" 2>"$CERR"
CRC=$?
check_ctl "init makes a database: exit 0" 0 "ready"
check_eq "... at the schema version of this build" \
    "$(grep -oE 'STORE_SCHEMA_VERSION[[:space:]]+[0-9]+' src/store/store.h |
    awk '{ print $2 }')" \
    "$(sqlite3 "$TMP/fresh.db" 'PRAGMA user_version')"
check_eq "... readable by the operator only" 600 \
    "$(stat -c %a "$TMP/fresh.db")"
"$MOOTCTL" --db "$TMP/fresh.db" init >"$OUT" 2>"$CERR"
CRC=$?
check_ctl "init again: exit 0" 0

# ---------------------------------------------------------- the server

make_demo_db || bail_out "no demo database"
ctl settings set post_refill 0
check_ctl "settings set post_refill 0: exit 0" 0
ACTIONS=$((ACTIONS + 1))	# logged like every change
start_mootd --request-timeout 2 || bail_out "mootd did not start"
G="gemini://localhost:$GEMINI_PORT"
for c in carol dave; do
	make_client_cert "$c" 30 0 || bail_out "cannot make certificates"
done
act carol "/join?Carol%20Test"
[ "$HDR" = "30 /welcome" ] || bail_out "carol could not join: $HDR"
act dave "/join?Dave%20Test"
[ "$HDR" = "30 /welcome" ] || bail_out "dave could not join: $HDR"
CAROL=$(sql "SELECT id FROM members WHERE name = 'Carol Test'")
DAVE=$(sql "SELECT id FROM members WHERE name = 'Dave Test'")

# two demo discussions in different spaces, and a third for deleting
T=$(sql "SELECT min(id) FROM threads")
T_SPACE=$(sql "SELECT s.slug FROM threads t JOIN spaces s
    ON s.id = t.space_id WHERE t.id = $T")
T2=$(sql "SELECT min(t.id) FROM threads t JOIN spaces s
    ON s.id = t.space_id WHERE s.slug <> '$T_SPACE'")
TD=$(sql "SELECT max(id) FROM threads")
[ -n "$T" ] && [ -n "$T2" ] && [ "$TD" != "$T2" ] && [ "$TD" != "$T" ] ||
    bail_out "the demo has too few threads"

ctl init
check_ctl "init on the live database: exit 0" 0
ctl demo
check_ctl "demo on a database with a community: exit 1" 1 "already"

# ------------------------------------------------------------- members

ctl member list
check_ctl "member list: exit 0" 0 "Carol Test"
check_eq "... one line per member, and a heading" \
    "$(($(sql "SELECT count(*) FROM members") + 1))" "$(wc -l <"$OUT")"
ctl member show "carol test"
check_ctl "member show NAME (any case): exit 0" 0 "^name: +Carol Test$"
check_grep "... its id" "^id: +$CAROL\$" "$OUT"
check_grep "... its role" "^role: +member\$" "$OUT"
check_grep "... the day it joined" "^joined: +$(date -u +%F)" "$OUT"
check_grep "... not suspended" "^suspended: +no\$" "$OUT"
check_contains "... its certificate's fingerprint" "$(fp "$TMP/carol.crt")" \
    "$OUT"
ctl member show "$CAROL"
check_ctl "member show ID: exit 0" 0 "^name: +Carol Test$"
ctl member show "Nobody Here"
check_ctl "member show of an unknown member: exit 1" 1 \
    "no member Nobody Here"
ctl member show
check_ctl "member show without a name: exit 2" 2 "missing"
ctl member show a b
check_ctl "member show with two: exit 2" 2 "too many"

ctl member role "Carol Test" admin
check_ctl "member role without --reason: exit 2, says so" 2 \
    "needs --reason"
ctl member role "Carol Test" admin --reason "   "
check_ctl "member role with an empty reason: exit 2" 2 "reason"
ctl member role "Carol Test" overlord --reason "x"
check_ctl "member role to no such role: exit 2" 2 "no role overlord"
ctl member role "Nobody Here" admin --reason "x"
check_ctl "member role of an unknown member: exit 1" 1 "no member"
ctl member role "Carol Test" admin --reason "the first admin"
acted "member role NAME admin" role "member $CAROL to admin" \
    "the first admin"
check_eq "... the database says admin" 2 \
    "$(sql "SELECT role FROM members WHERE id = $CAROL")"
ctl member role "$CAROL" admin --reason "again"
check_ctl "... again: exit 1, already" 1 "already an admin"
ctl member role "$CAROL" moderator --reason="step down MARK"
acted "member role ID moderator --reason=TEXT" role \
    "member $CAROL to moderator" "step down MARK"
check_eq "... the database says moderator" 1 \
    "$(sql "SELECT role FROM members WHERE id = $CAROL")"
ctl member role "$CAROL" member --reason "back to member"
acted "member role ID member" role "member $CAROL to member" \
    "back to member"

act dave "/thread/$T/comment?before%20suspension%20MARK"
check_header "a member posts before suspension" "30 /thread/$T" "$HDR"
ctl member suspend "Dave Test"
check_ctl "member suspend without --reason: exit 2" 2 "needs --reason"
ctl member suspend "Dave Test" --reason "posting spam SUSMARK"
acted "member suspend" suspend "member $DAVE" "posting spam SUSMARK"
check_eq "... the database holds the reason" "posting spam SUSMARK" \
    "$(sql "SELECT suspended FROM members WHERE id = $DAVE")"
act dave "/thread/$T/comment?after%20suspension"
check_reply "... posting over Gemini: 61 with the reason" 61 "SUSMARK"
check_eq "... and nothing is stored" 0 \
    "$(sql "SELECT count(*) FROM comments WHERE body = 'after suspension'")"
ctl member show "$DAVE"
check_grep "member show: suspended, and why" "^suspended: +yes: .*SUSMARK" \
    "$OUT"
ctl member suspend "$DAVE" --reason "twice"
check_ctl "... suspending again: exit 1, already" 1 "already suspended"
ctl member restore "$DAVE"
check_ctl "member restore without --reason: exit 2" 2 "needs --reason"
ctl member restore "$DAVE" --reason "apologised"
acted "member restore" restore "member $DAVE" "apologised"
act dave "/thread/$T/comment?after%20restore%20MARK"
check_header "... posting works again" "30 /thread/$T" "$HDR"
ctl member restore "$DAVE" --reason "again"
check_ctl "... restoring again: exit 1" 1 "not suspended"

ctl member rename "$DAVE" "x" --reason "r"
check_ctl "member rename to an invalid name: exit 1, why" 1 "2 to 32"
ctl member rename "$DAVE" "carol test" --reason "r"
check_ctl "member rename to a taken name: exit 1" 1 "taken"
# issue 11: mootctl vets names as /join and /me/name do (names.c)
ctl member rename "$DAVE" "carol t$(printf '\xd0\xb5')st" --reason "r"
check_ctl "member rename to a Cyrillic-e look-alike: exit 1, one script" \
    1 "one script"
ctl member rename "$DAVE" "CAR0L TEST" --reason "r"
check_ctl "member rename to CAR0L TEST (zero for O): exit 1, taken" 1 \
    "taken.*Carol Test"
ctl member rename "$DAVE" "Dave$(printf '\xef\xb8\x8f')" --reason "r"
check_ctl "member rename with U+FE0F: exit 1, invisible" 1 "invisible"
ctl member rename "$DAVE" "Moderator" --reason "r"
check_ctl "member rename to Moderator: exit 1, reserved" 1 "kept for"
ctl member rename "$DAVE" "$("$MOOTCTL" --db "$TMP/moot.db" settings get \
    name | tr a-z A-Z)" --reason "r"
check_ctl "member rename to the community's name: exit 1" 1 \
    "community's own name"
ctl member rename "$DAVE" "Dave Renamed" --reason "asked by them"
acted "member rename" rename "member $DAVE" "asked by them"
gem "/thread/$T"
check_grep "... the thread shows the new name" "^### Dave Renamed, " "$BODY"

DFP=$(fp "$TMP/dave.crt")
ctl member unlink "$DAVE" "abc" --reason "r"
check_ctl "member unlink with a malformed fingerprint: exit 1, why" 1 \
    "not a SHA-256 fingerprint"
ctl member unlink "$DAVE" "$(fp "$TMP/carol.crt")" --reason "r"
check_ctl "... with another member's certificate: exit 1" 1 \
    "no certificate"
ctl member unlink "$DAVE" "$DFP"
check_ctl "... without --reason: exit 2" 2 "needs --reason"
ctl member unlink "$DAVE" "$(fingerprint "$TMP/dave.crt")" \
    --reason "key stolen"
acted "member unlink (an AB:CD: fingerprint)" unlink "member $DAVE" \
    "key stolen"
check_eq "... the certificate is gone from the member" 0 \
    "$(sql "SELECT count(*) FROM certs WHERE fingerprint = '$DFP'")"
as dave /me
check_redirect "... whoever holds it is a stranger: 30 /join/me" \
    "/join/me"
check_eq "... and the member is told" 1 "$(sql "SELECT count(*) FROM
    notifications WHERE member_id = $DAVE AND kind = 'moderated' AND
    note LIKE '%unlinked a certificate%key stolen%'")"

# --------------------------------------------------------------- spaces

ctl space add Bad_Slug "Bad" --reason "r"
check_ctl "space add with a bad slug: exit 1" 1 "slug"
ctl space add ctl-test "Ctl Test SPMARK"
check_ctl "space add without --reason: exit 2" 2 "needs --reason"
ctl space add ctl-test "Ctl Test SPMARK" --reason "a new topic"
SP=$(sql "SELECT id FROM spaces WHERE slug = 'ctl-test'")
acted "space add SLUG NAME" add "space $SP" "a new topic"
ctl space add ctl-test "Again" --reason "r"
check_ctl "... the same slug again: exit 1" 1 "already"
gem /
check_grep "... on the Gemini home page" "^=>[ ]*/space/ctl-test[ ]+Ctl Test SPMARK" \
    "$BODY"
gopher "/\r\n"
check_grep "... and on the Gopher home menu" \
    "^1Ctl Test SPMARK[^"$'\t'"]*"$'\t'"/space/ctl-test"$'\t' "$RESP"
ctl space rename ctl-test "Ctl Renamed SPMARK" --reason "clearer"
acted "space rename" rename "space $SP" "clearer"
ctl space describe ctl-test "Described DESCMARK." --reason "say what"
acted "space describe" describe "space $SP" "say what"
gem /space/ctl-test
check_grep "... Gemini: the new name" "^# Ctl Renamed SPMARK" "$BODY"
check_contains "... and the description" "Described DESCMARK." "$BODY"
ctl space list
check_ctl "space list: exit 0" 0 "ctl-test"

# -------------------------------------------------------------- threads

ctl thread list
check_ctl "thread list: exit 0" 0 "TITLE"
check_eq "... one line per discussion, and a heading" \
    "$(($(sql "SELECT count(*) FROM threads") + 1))" "$(wc -l <"$OUT")"
ctl thread list --space "$T_SPACE"
check_ctl "thread list --space SLUG: exit 0" 0
bad=$(awk 'NR > 1 { print $2 }' "$OUT" | grep -vx "$T_SPACE")
check_none "... only that space's discussions" "$bad"
check_grep "... with id, comments, views and title" \
    "^ +$T +$T_SPACE +$(sql "SELECT comment_count FROM threads
    WHERE id = $T") +[0-9]+ +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{5} +$(sql \
    "SELECT substr(title, 1, 12) FROM threads WHERE id = $T")" "$OUT"
ctl thread list --space no-such-space
check_ctl "thread list --space of no space: exit 1" 1 "no space"
ctl thread list --reason x
check_ctl "thread list --reason: exit 2, no such option" 2 "option"

ctl thread lock "$T2" --reason "too heated LOCKMARK"
acted "thread lock" lock "thread $T2" "too heated LOCKMARK"
act carol "/thread/$T2/comment?into%20a%20locked%20thread"
check_status "... commenting over Gemini: 50" 50 "$HDR"
gem "/thread/$T2"
check_contains "... the thread says it is locked" "locked" "$BODY"
check_no_grep "... without an Add a comment link" \
    "^=>[ ]*/thread/$T2/comment$TOK" "$BODY"
ctl thread lock "$T2" --reason "again"
check_ctl "... locking again: exit 1, already" 1 "already locked"
ctl thread unlock "$T2" --reason "cooled down"
acted "thread unlock" unlock "thread $T2" "cooled down"
act carol "/thread/$T2/comment?after%20the%20unlock"
check_header "... commenting works again" "30 /thread/$T2" "$HDR"
ctl thread lock abc --reason "x"
check_ctl "thread lock of a non-number: exit 2" 2 "not a discussion id"
ctl thread lock 999999 --reason "x"
check_ctl "thread lock of no such thread: exit 1" 1 "no discussion 999999"

ctl thread move "$T" ctl-test --reason "belongs there"
acted "thread move ID SLUG" move "thread $T to space $SP" "belongs there"
gem /space/ctl-test
check_grep "... Gemini: the new space lists it" "^=>[ ]*/thread/$T([ ]|\$)" \
    "$BODY"
gem "/space/$T_SPACE"
check_no_grep "... the old space does not" "^=>[ ]*/thread/$T([ ]|\$)" \
    "$BODY"
gem "/thread/$T"
check_contains "... the thread names its new space" "Ctl Renamed SPMARK" \
    "$BODY"
gopher "/space/ctl-test\r\n"
check_contains "... Gopher: the new space lists it" $'\t/thread/'"$T"$'\t' \
    "$RESP"
gopher "/space/$T_SPACE\r\n"
check_not_contains "... the old space does not" $'\t/thread/'"$T"$'\t' \
    "$RESP"
ctl thread move "$T" ctl-test --reason "again"
check_ctl "... moving it there again: exit 1" 1 "already in"
ctl thread move "$T" no-such-space --reason "x"
check_ctl "thread move to no space: exit 1" 1 "no space"

ctl space archive ctl-test
check_ctl "space archive without --reason: exit 2" 2 "needs --reason"
ctl space archive ctl-test --reason "wound down ARCHMARK"
acted "space archive" archive "space $SP" "wound down ARCHMARK"
check_eq "... the database says archived" 1 \
    "$(sql "SELECT archived FROM spaces WHERE id = $SP")"
gem /
check_no_grep "... the Gemini home page no longer lists it" \
    "^=>[ ]*/space/ctl-test([ ]|\$)" "$BODY"
gopher "/\r\n"
check_not_contains "... nor the Gopher home menu" $'\t/space/ctl-test\t' \
    "$RESP"
gem /space/ctl-test
check_contains "... its Gemini page says it is archived" "archived" "$BODY"
check_no_grep "... and offers no new discussion" "/space/ctl-test/new" \
    "$BODY"
gopher "/space/ctl-test\r\n"
check_contains "... its Gopher menu says so too" "archived" "$RESP"
act carol "/space/ctl-test/new?A%20new%20title"
check_status "... starting a discussion there: 50" 50 "$HDR"
act carol "/thread/$T/comment?in%20an%20archived%20space"
check_status "... commenting in its discussions: 50" 50 "$HDR"
ctl space archive ctl-test --reason "again"
check_ctl "... archiving again: exit 1" 1 "already archived"
ctl space unarchive ctl-test --reason "back in use"
acted "space unarchive" unarchive "space $SP" "back in use"
gem /
check_grep "... listed again" "^=>[ ]*/space/ctl-test[ ]" "$BODY"
ctl thread move "$T" "$T_SPACE" --reason "moved back"
OLDSP=$(sql "SELECT id FROM spaces WHERE slug = '$T_SPACE'")
acted "thread move back" move "thread $T to space $OLDSP" "moved back"

n=$(sql "SELECT count(*) FROM comments WHERE thread_id = $TD")
ctl thread delete "$TD"
check_ctl "thread delete without --reason: exit 2" 2 "needs --reason"
ctl thread delete "$TD" --reason "off topic DELMARK"
acted "thread delete" delete "thread $TD" "off topic DELMARK"
check_eq "... the thread and its $n comments are gone" "0|0" \
    "$(sql "SELECT (SELECT count(*) FROM threads WHERE id = $TD),
    (SELECT count(*) FROM comments WHERE thread_id = $TD)")"
gem "/thread/$TD"
check_reply "... its Gemini page: 52 removed" 52 "removed"

# ------------------------------------------------------------- comments

act carol "/thread/$T2/comment?secret%20words%20HIDEMARK"
check_header "a comment to hide" "30 /thread/$T2" "$HDR"
C=$(sql "SELECT id FROM comments WHERE body = 'secret words HIDEMARK'")
ctl comment hide "$C"
check_ctl "comment hide without --reason: exit 2" 2 "needs --reason"
ctl comment hide "$C" --reason "personal details"
acted "comment hide" hide "comment $C" "personal details"
gem "/thread/$T2"
cp "$BODY" "$TMP/hidden.gmi"
if grep -qi "hidden by a moderator" "$TMP/hidden.gmi"; then
	ok "... the thread page says \"hidden by a moderator\""
else
	# the thread page's rendering of hidden comments is the server's
	not_ok "... the thread page says \"hidden by a moderator\"" \
	    "(rendering of hidden comments in src/handlers/thread.c)"
	show_file "$TMP/hidden.gmi" 60
fi
check_not_contains "... and not the text" "HIDEMARK" "$TMP/hidden.gmi"
gopher "/thread/$T2\r\n"
check_not_contains "... nor does Gopher show it" "HIDEMARK" "$RESP"
ctl comment hide "$C" --reason "again"
check_ctl "... hiding again: exit 1" 1 "already hidden"
ctl comment restore "$C" --reason "details removed by the author"
acted "comment restore" restore "comment $C" \
    "details removed by the author"
gem "/thread/$T2"
check_contains "... the text is back" "secret words HIDEMARK" "$BODY"
ctl comment restore "$C" --reason "again"
check_ctl "... restoring again: exit 1" 1 "not hidden"
ctl comment hide 999999 --reason "x"
check_ctl "comment hide of no comment: exit 1" 1 "no comment"
ctl comment hide "$C" --reason "kept hidden for the export"
acted "comment hide (again, for the export)" hide "comment $C" \
    "kept hidden for the export"

# one deleted by its author, for the export
act carol "/thread/$T2/comment?deleted%20words%20GONEMARK"
CD=$(sql "SELECT id FROM comments WHERE body = 'deleted words GONEMARK'")
act carol "/comment/$CD/delete?yes"
check_header "a comment deleted by its author" "30 /thread/$T2" "$HDR"

# -------------------------------------------------------------- reports

ctl report list
check_ctl "report list with none: exit 0" 0 "no open reports"
RC1=$(sql "SELECT min(id) FROM comments WHERE thread_id = $T2 AND
    member_id <> $CAROL AND deleted = 0")
sql "INSERT INTO reports (reporter_id, thread_id, comment_id, reason,
    created) VALUES ($CAROL, $T2, $RC1, 'rude REPMARK', $(date +%s))"
R=$(sql "SELECT max(id) FROM reports")
ctl report list
check_ctl "report list: exit 0, the report" 0 "report $R"
check_contains "... its reason" "rude REPMARK" "$OUT"
check_contains "... the reporter" "by Carol Test" "$OUT"
check_contains "... what it is about" "comment $RC1 by" "$OUT"
check_contains "... and an excerpt of it" "$(sql "SELECT substr(body, 1, 30)
    FROM comments WHERE id = $RC1" | head -n 1)" "$OUT"
ctl report resolve "$R"
check_ctl "report resolve without --reason: exit 2" 2 "needs --reason"
ctl report resolve "$R" --reason "talked to them"
acted "report resolve" resolve "report $R" "talked to them"
check "... the database marks it resolved" test -n \
    "$(sql "SELECT resolved FROM reports WHERE id = $R")"
ctl report resolve "$R" --reason "again"
check_ctl "... resolving again: exit 1" 1 "already resolved"
ctl report resolve 999999 --reason "x"
check_ctl "report resolve of no report: exit 1" 1 "no report"
ctl report list
check_ctl "... the list is empty again" 0 "no open reports"

# ------------------------------------------------------------- settings

ctl settings get licence
check_ctl "settings get licence: the default, CC BY-SA 4.0" 0 \
    "^CC BY-SA 4.0$"
ctl settings get nosuch
check_ctl "settings get of no setting: exit 1" 1 "no setting"
ctl settings set nosuch 1
check_ctl "settings set of no setting: exit 1" 1 "no setting"
ctl settings set post_burst lots
check_ctl "settings set post_burst lots: exit 1, why" 1 "whole number"
ctl settings set join_mode maybe
check_ctl "settings set join_mode maybe: exit 1" 1 "open, approval"
for kv in "post_burst 999999999" "post_burst 0" "post_burst 1001" \
    "post_refill 86401" "post_refill 5x"; do
	ctl settings set ${kv% *} "${kv#* }"
	check_ctl "settings set $kv: exit 1, the range" 1 \
	    "whole number from [01] to (1000|86400)"
done
check_eq "... none of them was stored" 0 \
    "$(sql "SELECT count(*) FROM settings WHERE key IN ('post_burst',
    'post_refill') AND value NOT IN ('1', '1000', '0', '86400', '5',
    '10')")"
for kv in "post_burst 1" "post_burst 1000" "post_refill 86400" \
    "post_refill 0" "post_burst 5"; do
	ctl settings set ${kv% *} "${kv#* }"
	check_ctl "settings set $kv (a bound): exit 0" 0 "^${kv% *} = ${kv#* }\$"
	ACTIONS=$((ACTIONS + 1))
done
ctl settings set lang en_US
check_ctl "settings set lang en_US: exit 1" 1 "language tag"
ctl settings set lang es-419
check_ctl "settings set lang es-419 (BCP 47): exit 0" 0 "^lang = es-419$"
ACTIONS=$((ACTIONS + 1))
gem /
check_header "... and mootd sends lang=es-419" \
    "20 text/gemini; charset=utf-8; lang=es-419" "$HDR"
ctl settings set lang en
check_ctl "settings set lang en again: exit 0" 0 "^lang = en$"
ACTIONS=$((ACTIONS + 1))
ctl settings set name
check_ctl "settings set without a value: exit 2" 2 "missing"
ctl settings set name "Ctl Commons NAMEMARK"
acted "settings set name (reason: set with mootctl)" set "setting name" \
    "set with mootctl"
gem /
check_grep "... the home page has the new name" "^# Ctl Commons NAMEMARK" \
    "$BODY"
ctl settings set licence "CC BY 4.0" --reason "agreed at the meeting"
acted "settings set licence --reason" set "setting licence" \
    "agreed at the meeting"
ctl settings get
check_ctl "settings get: every setting" 0 "^licence = CC BY 4.0$"

# ---------------------------------------- the moderation log, in total

ctl modlog 3
check_ctl "modlog 3: exit 0" 0 "agreed at the meeting"
check_eq "... three entries" 3 "$(wc -l <"$OUT")"
check_eq "the moderation log has one row per action, none for refusals" \
    "$ACTIONS" "$(sql "SELECT count(*) FROM modlog")"
check_eq "... all by the operator, each with a reason" 0 \
    "$(sql "SELECT count(*) FROM modlog WHERE moderator_id IS NOT NULL
    OR reason = ''")"

# --------------------------------- waiting out another writer's lock

{ echo ".timeout 5000"; echo "BEGIN IMMEDIATE;"; sleep 2; echo "COMMIT;"; } |
    sqlite3 "$TMP/moot.db" &
LOCKER=$!
track "$LOCKER"
sleep 0.5
elapsed ctl thread lock "$T2" --reason "while locked BUSYMARK"
wait "$LOCKER" 2>/dev/null
check_ctl "a change while another writer holds the lock: waits, exit 0" 0
if num_lt 1 "$ELAPSED"; then
	ok "... it waited for the lock ($ELAPSED s)"
else
	not_ok "... it waited for the lock" "took $ELAPSED s, want > 1 s"
fi
ctl thread unlock "$T2" --reason "unlocked again"
check_ctl "... and unlock: exit 0" 0
ACTIONS=$((ACTIONS + 2))

# ---------------------------------------- a backup while members post

intent_token carol "/thread/$T/comment"
(
	for i in $(seq 600); do
		"$GEMREQ" -t 5 -c "$TMP/carol.crt" -k "$TMP/carol.key" \
		    127.0.0.1 "$GEMINI_PORT" \
		    "$G/thread/$T/comment/~$INTENT_TOKEN?load%20$i%20LOADMARK\r\n" \
		    >/dev/null 2>&1
	done
) &
LOAD=$!
track "$LOAD"
for _ in $(seq 50); do
	[ "$(sql "SELECT count(*) FROM comments WHERE body LIKE
	    'load % LOADMARK'")" -ge 5 ] && break
	sleep 0.1
done
bad=
first_n0=
last_n1=
for b in 1 2 3; do
	n0=$(sql "SELECT count(*) FROM comments WHERE body LIKE
	    'load % LOADMARK'")
	ctl backup "$TMP/backup$b.db"
	n1=$(sql "SELECT count(*) FROM comments WHERE body LIKE
	    'load % LOADMARK'")
	[ "$CRC" = 0 ] || bad+=" backup$b:exit-$CRC:$(head -c 200 "$CERR")"
	grep -qE "^ok: .*backup$b.db, [0-9]+ bytes" "$OUT" ||
	    bad+=" backup$b:says:$(head -c 100 "$OUT")"
	ic=$(sqlite3 "$TMP/backup$b.db" 'PRAGMA integrity_check' 2>&1 |
	    head -n 3)
	[ "$ic" = ok ] || bad+=" backup$b:integrity:$ic"
	nb=$(sqlite3 "$TMP/backup$b.db" "SELECT count(*) FROM comments
	    WHERE body LIKE 'load % LOADMARK'" 2>&1)
	{ [ "$nb" -ge "$n0" ] && [ "$nb" -le "$n1" ]; } 2>/dev/null ||
	    bad+=" backup$b:holds-$nb-not-$n0..$n1"
	[ -z "$first_n0" ] && first_n0=$n0
	last_n1=$n1
done
check_none "three backups while a member posts: exit 0, \"ok\", the copy passes integrity_check, holds the comments of its moment" \
    "$bad"
if mootd_alive && [ "${last_n1:-0}" -gt "${first_n0:-0}" ]; then
	ok "... comments were being posted meanwhile (${first_n0} then ${last_n1})"
else
	not_ok "... comments were being posted meanwhile" \
	    "${first_n0:-?} then ${last_n1:-?}"
fi
kill "$LOAD" 2>/dev/null
wait "$LOAD" 2>/dev/null
check_eq "... a backup is one file, in rollback-journal mode" delete \
    "$(sqlite3 "$TMP/backup1.db" 'PRAGMA journal_mode')"
check "... no temporary file is left beside it" test -z \
    "$(find "$TMP" -maxdepth 1 -name 'backup*.db.*' -print -quit)"
ctl backup "$TMP/backup1.db"
check_ctl "backup to an existing file: exit 1" 1 "exists"
ctl backup "$TMP/backup1.db" --force
check_ctl "... with --force: exit 0" 0 "^ok: "
ctl backup "$TMP/moot.db" --force
check_ctl "backup over the live database, even with --force: exit 1" 1 \
    "live database"
ctl backup "$TMP/no/such/dir/b.db"
check_ctl "backup into a missing directory: exit 1" 1 "beside"

# --------------------------------------------------------------- export

# A comment the JSON escaper has to work for: quotes, backslashes,
# control characters, UTF-8 in two, three and four bytes, DEL; and one
# with a byte that is not UTF-8.
sql "INSERT INTO comments (thread_id, member_id, body, created)
    VALUES ($T2, $CAROL, 'esc\"MARK\\back' || char(1) || char(31) ||
    char(9) || char(10) || char(13) || 'é€😀' || char(127) || '/end',
    $(date +%s));
    INSERT INTO comments (thread_id, member_id, body, created)
    VALUES ($T2, $CAROL, 'badutf8MARK' || CAST(X'FF' AS TEXT) || 'x',
    $(date +%s))"

ctl export "$TMP/export"
check_ctl "export DIR: exit 0" 0 "exported"
X="$TMP/export"
missing=
for f in index.gmi about.gmi terms.gmi LICENCE.txt community.json; do
	[ -s "$X/$f" ] || missing+=" $f"
done
for s in $(sql "SELECT slug FROM spaces"); do
	[ -s "$X/spaces/$s.gmi" ] || missing+=" spaces/$s.gmi"
done
for t in $(sql "SELECT id FROM threads WHERE held = 0"); do
	[ -s "$X/threads/$t.gmi" ] || missing+=" threads/$t.gmi"
done
check_none "... every file: index, about, terms, LICENCE, JSON, each space and thread" \
    "$missing"
check_grep "... index.gmi: the community's name" "^# Ctl Commons NAMEMARK" \
    "$X/index.gmi"
check_contains "... index.gmi states the licence" "published under CC BY 4.0" \
    "$X/index.gmi"
check_grep "... and links to every space" "^=> spaces/ctl-test.gmi " \
    "$X/index.gmi"
check_contains "... LICENCE.txt states the licence" "CC BY 4.0" \
    "$X/LICENCE.txt"
check_contains "... with its link" \
    "https://creativecommons.org/licenses/by/4.0/" "$X/LICENCE.txt"
check_contains "... and how to attribute" "Attribution" "$X/LICENCE.txt"
check_grep "... a space lists its discussions" "^=> \.\./threads/$T2\.gmi " \
    "$X/spaces/$(sql "SELECT s.slug FROM threads t JOIN spaces s
    ON s.id = t.space_id WHERE t.id = $T2").gmi"
check_contains "... a thread file: its title" "# $(sql "SELECT title
    FROM threads WHERE id = $T2")" "$X/threads/$T2.gmi"
check_grep "... each comment with its author and date" \
    "^### Carol Test, [0-9]{4}-[0-9]{2}-[0-9]{2} " "$X/threads/$T2.gmi"
check_contains "... a hidden comment as hidden by a moderator" \
    "Hidden by a moderator" "$X/threads/$T2.gmi"
bad=$(grep -rl "HIDEMARK" "$X")
check_none "... the hidden text is nowhere in the export" "$bad"
check_contains "... a deleted comment as deleted" \
    "(This comment was deleted by its author.)" "$X/threads/$T2.gmi"
bad=$(grep -rl "GONEMARK" "$X")
check_none "... the deleted text is nowhere in the export" "$bad"
bad=$(grep -rlF -e "$(fp "$TMP/carol.crt")" -e "REPMARK" -e "SUSMARK" "$X")
check_none "... no fingerprints, reports or (private) moderation log" "$bad"
check_contains "the JSON states the licence" '"licence": "CC BY 4.0"' \
    "$X/community.json"
check_contains "... escapes quotes and backslashes" 'esc\"MARK\\back' \
    "$X/community.json"
check_contains "... control characters as \\u00XX" '\u0001\u001f\t\n\r' \
    "$X/community.json"
check_contains "... passes UTF-8 through" 'é€😀\u007f/end' \
    "$X/community.json"
check_contains "... a byte that is not UTF-8 as U+FFFD" \
    'badutf8MARK\ufffdx' "$X/community.json"

if command -v python3 >/dev/null; then
	if python3 -m json.tool "$X/community.json" >/dev/null 2>"$TMP/json.err"
	then
		ok "the JSON is valid (python3 -m json.tool)"
	else
		not_ok "the JSON is valid (python3 -m json.tool)"
		visible <"$TMP/json.err"
	fi
	got=$(python3 - "$X/community.json" <<-'EOF'
	import json, sys
	d = json.load(open(sys.argv[1], encoding="utf-8"))
	want = 'esc"MARK\\back\x01\x1f\t\n\ré€😀\x7f/end'
	cs = [c for s in d["spaces"] for t in s["threads"]
	    for c in t["comments"]]
	print(sum(1 for c in cs if c.get("body") == want))
	EOF
	)
	check_eq "... and reads back to the very words stored" 1 "$got"
elif command -v jq >/dev/null; then
	if jq empty "$X/community.json" 2>"$TMP/json.err"; then
		ok "the JSON is valid (jq)"
	else
		not_ok "the JSON is valid (jq)"
		visible <"$TMP/json.err"
	fi
else
	skip "the JSON is valid" "neither python3 nor jq is installed"
fi

# the comments readers see: not held, not deleted, in discussions not held
want=$(sql "SELECT count(*) FROM comments c JOIN threads t
    ON t.id = c.thread_id WHERE c.held = 0 AND c.deleted = 0 AND t.held = 0")
got=$(grep -cE '^ *"state": "(visible|hidden)"' "$X/community.json")
check_eq "the JSON holds every comment but held and deleted ones" "$want" \
    "$got"
check_grep "... the export says how many" "and $want comments" "$OUT"
check_eq "... and every discussion but held ones" \
    "$(sql "SELECT count(*) FROM threads WHERE held = 0")" \
    "$(grep -cE '^ {10}"title": ' "$X/community.json")"

ctl export "$X"
check_ctl "export into a directory that is not empty: exit 1" 1 \
    "not empty"
: >"$TMP/afile"
ctl export "$TMP/afile"
check_ctl "export onto a file: exit 1" 1 "not a directory"
mkdir "$TMP/empty"
ctl export "$TMP/empty"
check_ctl "export into an empty directory: exit 0" 0 "exported"

ctl member export "Carol Test"
check_ctl "member export NAME: exit 0, gemtext" 0 "^# Carol Test in "
check_contains "... with their comments" "after the unlock" "$OUT"
check_contains "... hidden ones too (they are theirs)" "HIDEMARK" "$OUT"
check_not_contains "... but not deleted ones" "GONEMARK" "$OUT"
check_contains "... and the licence" "CC BY 4.0" "$OUT"

# ---------------------------------------------------------------- stats

want=$(sql "SELECT count(*) FROM comments c JOIN threads t
    ON t.id = c.thread_id WHERE c.held = 0 AND c.deleted = 0 AND t.held = 0")
v0=$(sql "SELECT sum(views) FROM threads")
ctl stats
v1=$(sql "SELECT sum(views) FROM threads")
check_ctl "stats: exit 0" 0 "posts per day"
check_eq "... members as the database counts them" \
    "$(sql "SELECT count(*) FROM members")" "$(stat_of members)"
check_eq "... discussions (not held)" \
    "$(sql "SELECT count(*) FROM threads WHERE held = 0")" \
    "$(stat_of discussions)"
check_eq "... comments (not held, not deleted)" "$want" \
    "$(stat_of comments)"
check_eq "... open reports" \
    "$(sql "SELECT count(*) FROM reports WHERE resolved IS NULL")" \
    "$(stat_of reports)"
views=$(stat_of views)
if [ -n "$views" ] && [ "$views" -ge "$v0" ] && [ "$views" -le "$v1" ]; then
	ok "... views, the sum over discussions ($views)"
else
	not_ok "... views, the sum over discussions" \
	    "want $v0..$v1, got '$views'"
fi
check_eq "... posts per day: 14 days" 14 \
    "$(grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2} +[0-9]+' "$OUT")"
midnight=$(date -u -d "$(date -u +%F)" +%s)
check_eq "... today's posts as the database counts them" \
    "$(sql "SELECT (SELECT count(*) FROM threads WHERE held = 0 AND
    created >= $midnight) + (SELECT count(*) FROM comments c JOIN threads t
    ON t.id = c.thread_id WHERE c.held = 0 AND t.held = 0 AND
    c.created >= $midnight)")" \
    "$(awk -v d="$(date -u +%F)" '$1 == d { print $2 }' "$OUT")"

# -------------------------------------------- new terms, last of all

tv=$(sql "SELECT value FROM settings WHERE key = 'terms_version'")
ctl settings set terms "New terms TERMSMARK"
acted "settings set terms" set "setting terms" "set with mootctl"
check_eq "... bumps terms_version" "$((${tv:-1} + 1))" \
    "$(sql "SELECT value FROM settings WHERE key = 'terms_version'")"
gem /terms
check_contains "... /terms shows them" "New terms TERMSMARK" "$BODY"
ctl settings set terms_version 9
check_ctl "settings set terms_version: exit 1, read only" 1 "terms do"

gem /
check_header "still serving after all of the above" \
    "20 text/gemini; charset=utf-8; lang=en" "$HDR"
check_replies_all
stop_mootd

done_testing

#!/usr/bin/env bash
# Privileges, signals and faults (issue 6): the sandbox really refuses
# other files, --user gives up root, keys and the database are private,
# SIGHUP swaps the certificate while an upload is under way, SIGTERM lets
# it finish, a locked database answers 40 while reading goes on (a full
# disk: full_disk.sh), and the log holds neither queries nor posted text.
. "$(dirname "$0")/../lib.sh"

make_client_cert alice
make_demo_db
db "INSERT INTO settings (key, value) VALUES ('post_refill', '0')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;"

# ---- the sandbox, with --check-sandbox (it starts up, confines, tries)
setup_capsule
sandbox() {
	"$MOOTD" --db "$TMP/moot.db" --capsule "$TMP/capsule" \
	    --cert "$TMP/server.crt" --key "$TMP/server.key" \
	    --gemini 127.0.0.1:0 --gopher 127.0.0.1:0 "$@" 2>"$TMP/sandbox.log"
}
out=$(sandbox --check-sandbox /etc/passwd)
rc=$?
if grep -q "no Landlock" "$TMP/sandbox.log"; then
	skip "a confined mootd cannot open /etc/passwd" "kernel has no Landlock"
else
	check_eq "a confined mootd cannot open /etc/passwd (exit 0)" 0 "$rc"
	check "and says it was refused" grep -q refused <<<"$out"
	out=$(sandbox --check-sandbox "$TMP/capsule/robots.txt")
	check_eq "a confined mootd still opens its capsule (exit 1)" 1 "$?"
	out=$(sandbox --check-sandbox "$TMP/moot.db")
	check_eq "a confined mootd still opens its database" 1 "$?"
fi
check_eq "the generated key is private (0600)" 600 \
    "$(stat -c %a "$TMP/server.key")"
check_eq "the database is private (0600)" 600 "$(stat -c %a "$TMP/moot.db")"

if [ "$(id -u)" = 0 ]; then
	check "as root without --user, mootd warns once" \
	    test "$(grep -c 'start mootd with --user' "$TMP/sandbox.log")" = 1
else
	skip "as root without --user, mootd warns once" "not root"
fi

# ---- --user: root is given up once the ports are open
chmod 755 "$TMP"
# nobody must be able to walk down to $TMP: a private parent folder (a
# clone inside a 0700 mktemp folder, say) would make this test about that
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 &&
    runuser -u nobody -- test -x "$TMP" 2>/dev/null; then
	start_mootd --user nobody --workers 2
	uid=$(awk '/^Uid:/ { print $2 }' "/proc/$MOOTD_PID/status")
	check_eq "--user nobody: mootd runs as nobody" "$(id -u nobody)" "$uid"
	check_eq "--user nobody: the database now belongs to nobody" nobody \
	    "$(stat -c %U "$TMP/moot.db")"
	gem /
	check_status "--user nobody: pages are served" 20 "$HDR"
	act alice '/join?Alice%20Sandbox'
	check_status "--user nobody: members can join (the database is \
writable)" 30 "$HDR"
	stop_mootd
	chmod 700 "$TMP"
else
	skip "--user nobody" "not root, no user nobody, or $TMP out of its reach"
fi

# ---- --user and links planted at the database's path: root must
# neither create, migrate nor hand over a file a link points to
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	mkdir -p "$TMP/planted" "$TMP/elsewhere"
	# planted NAME: mootd --user nobody on $TMP/planted/moot.db; it must
	# refuse to start; $TMP/planted.log has what it said
	planted() {
		"$MOOTD" --db "$TMP/planted/moot.db" --capsule "$TMP/capsule" \
		    --cert "$TMP/server.crt" --key "$TMP/server.key" \
		    --gemini 127.0.0.1:0 --gopher 127.0.0.1:0 --user nobody \
		    --check-sandbox /etc/passwd >"$TMP/planted.log" 2>&1
		check_exit "$1: mootd refuses to start" 1 "$?"
	}
	# a link to where no file is yet: root would create it there
	ln -s "$TMP/elsewhere/made" "$TMP/planted/moot.db"
	planted "a dangling symbolic link at the database path"
	check_grep "and says it is a symbolic link" "symbolic link" \
	    "$TMP/planted.log"
	check "no file made where the link points" \
	    test ! -e "$TMP/elsewhere/made" -a ! -e "$TMP/elsewhere/made-wal"
	rm -f "$TMP/planted"/moot.db*
	# a link to a file of root's (empty: SQLite would take it for a
	# new database, migrate it and hand it over)
	: >"$TMP/elsewhere/roots"
	ln -s "$TMP/elsewhere/roots" "$TMP/planted/moot.db"
	planted "a symbolic link to a file of root's"
	check_grep "... and says it is a symbolic link" "symbolic link" \
	    "$TMP/planted.log"
	check_eq "that file still belongs to root, untouched" "root 0" \
	    "$(stat -c '%U %s' "$TMP/elsewhere/roots")"
	rm -f "$TMP/planted"/moot.db*
	# a hard link to it: a regular file, but not the database's own
	ln "$TMP/elsewhere/roots" "$TMP/planted/moot.db"
	planted "a hard link to a file of root's"
	check_grep "... and says it has more than one name" "one name" \
	    "$TMP/planted.log"
	check_eq "that file still belongs to root, untouched" "root 0" \
	    "$(stat -c '%U %s' "$TMP/elsewhere/roots")"
	rm -f "$TMP/planted"/moot.db*
	# a real database, with a link planted at its -wal
	cp "$TMP/moot.db" "$TMP/planted/moot.db"
	printf 'ROOTS-WAL\n' >"$TMP/elsewhere/wal"
	ln -s "$TMP/elsewhere/wal" "$TMP/planted/moot.db-wal"
	planted "a symbolic link at the database's -wal"
	check_grep "and says what is wrong with it" "moot.db-wal is not a" \
	    "$TMP/planted.log"
	check_eq "the -wal's target still belongs to root, untouched" \
	    "root ROOTS-WAL" "$(stat -c %U "$TMP/elsewhere/wal") \
$(cat "$TMP/elsewhere/wal")"
	check_eq "the database still belongs to root" root \
	    "$(stat -c %U "$TMP/planted/moot.db")"
else
	skip "links planted at the database path" "not root, or no user nobody"
fi

# ---- signals: SIGHUP reloads the certificate without dropping anyone
log_from=$(($(wc -l <"$TMP/mootd.log") + 1))
start_mootd --anonymise-addresses
act alice '/join?Alice%20Signals'
tid=$(db "SELECT id FROM threads ORDER BY id LIMIT 1")
# alice's intent token for commenting there (raw requests below)
intent_token alice "/thread/$tid/comment"
ATOK=$INTENT_TOKEN

# An upload that arrives in two parts, a second apart.
slow_upload() {
	local body=$1
	{
		printf 'titan://localhost:%s/thread/%s/comment/~%s;mime=text/plain;size=%s\r\n' \
		    "$GEMINI_PORT" "$tid" "$ATOK" "${#body}"
		sleep 1
		printf '%s' "$body"
		sleep 2
	} | timeout 8 openssl s_client -quiet -connect "127.0.0.1:$GEMINI_PORT" \
	    -servername localhost -cert "$TMP/alice.crt" \
	    -key "$TMP/alice.key" 2>/dev/null | head -n 1 | tr -d '\r'
}

old_fp=$(fingerprint "$TMP/server.crt")
slow_upload "upload across a reload" >"$TMP/up1" &
up=$!
sleep 0.5
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$TMP/new.key" -out "$TMP/new.crt" -subj /CN=localhost \
    -days 30 2>/dev/null
cp "$TMP/new.crt" "$TMP/server.crt"
cp "$TMP/new.key" "$TMP/server.key"
kill -HUP "$MOOTD_PID"
wait $up
check_eq "an upload under way during SIGHUP completes" \
    "30 gemini://localhost:$GEMINI_PORT/thread/$tid" "$(cat "$TMP/up1")"
gem -v /
served=$(sed -n 's/^fingerprint: *//p' "$ERR")
check "after SIGHUP, new connections get the new certificate" \
    test -n "$served" -a "$served" != "$old_fp"
check "the reload is logged" grep -q "SIGHUP: reloaded" "$TMP/mootd.log"
check "mootd is still running after SIGHUP" mootd_alive

# ---- privacy: no queries or posted text in the log
act alice \
    "/thread/$tid/comment?zanzibar%20marmalade%20secret"
check_status "a comment for the log check is posted" 30 "$HDR"
check_none "the log holds no posted text" "$(grep zanzibar "$TMP/mootd.log")"
gem '/search?quokka'
check_none "the log holds no search words" "$(grep quokka "$TMP/mootd.log")"
check "--anonymise-addresses logs 127.0.0.0" \
    grep -q "gemini 127.0.0.0 /search" "$TMP/mootd.log"
check_none "--anonymise-addresses: no full address" \
    "$(tail -n +"$log_from" "$TMP/mootd.log" | grep "gemini 127.0.0.1 ")"

# ---- a locked database: writes wait (up to the writer's 5 s busy
# timeout) and then answer 40; reading goes on meanwhile
{ echo "BEGIN IMMEDIATE;"; echo "INSERT INTO settings VALUES ('lock', 'x');"
  sleep 7; echo "ROLLBACK;"; } | sqlite3 "$TMP/moot.db" &
locker=$!
sleep 0.5
"$GEMREQ" -H -t 10 -c "$TMP/alice.crt" -k "$TMP/alice.key" 127.0.0.1 \
    "$GEMINI_PORT" "gemini://localhost:$GEMINI_PORT/thread/$tid/comment/~$ATOK?while%20locked\r\n" \
    >"$TMP/locked" 2>/dev/null &
poster=$!
sleep 0.5
gem "/thread/$tid"
check_status "a locked database: reading goes on while a post waits" 20 \
    "$HDR"
wait $poster
check "a locked database: the post answers 40 when the lock outlasts \
the wait" grep -q "^40 " "$TMP/locked"
wait $locker
check_eq "nothing half-written while locked" 0 \
    "$(db "SELECT count(*) FROM comments WHERE body = 'while locked'")"
act alice "/thread/$tid/comment?after%20the%20lock"
check_status "after the lock, posting works again" 30 "$HDR"

# ---- SIGTERM lets an upload in flight finish
slow_upload "upload across a shutdown" >"$TMP/up2" &
up=$!
sleep 0.5
kill -TERM "$MOOTD_PID"
wait $up
check_eq "an upload under way during SIGTERM completes" \
    "30 gemini://localhost:$GEMINI_PORT/thread/$tid" "$(cat "$TMP/up2")"
for _ in $(seq 50); do
	_alive "$MOOTD_PID" || break
	sleep 0.1
done
wait "$MOOTD_PID"
check_eq "mootd exits 0 after SIGTERM" 0 "$?"
MOOTD_PID=
check_eq "the upload is stored once" 1 \
    "$(db "SELECT count(*) FROM comments WHERE body = 'upload across a shutdown'")"

# ---- a missing capsule folder: 40 for files, pages still served
rm -rf "$TMP/capsule.gone"
mv "$TMP/capsule" "$TMP/capsule.gone"
mkdir -p "$TMP/capsule"	# start_mootd copies it back otherwise
rmdir "$TMP/capsule"
GEMINI_PORT= GOPHER_PORT=
start_mootd
rm -rf "$TMP/capsule"
gem /robots.txt
check_status "a missing capsule: files answer 40" 40 "$HDR"
gem /robots.txt
gem /
check_status "a missing capsule: pages are still served" 20 "$HDR"
check_eq "a missing capsule is logged once" 1 \
    "$(grep -c 'capsule folder' "$TMP/mootd.log")"
stop_mootd

check_replies_all
done_testing

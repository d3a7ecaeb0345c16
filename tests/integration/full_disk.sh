#!/usr/bin/env bash
# A full disk (issue 6): when the database's file system has no room
# left, a post is answered 40 and is not stored (never a 30 for a comment
# that is not there), reading goes on, mootd stays up; once there is room
# again posting works, and the database is whole.  The database sits on
# a small tmpfs in a private mount namespace, which needs root (CI runs
# as root); without it the suite says why and does not run.

if [ "$(id -u)" = 0 ] && [ -z "${MOOT_MOUNT_NS:-}" ] &&
    command -v unshare >/dev/null &&
    unshare -m true 2>/dev/null; then
	# before lib.sh: its temporary folder belongs to the process that
	# makes it and cleans it up
	exec unshare -m env MOOT_MOUNT_NS=1 bash "$0" "$@"
fi
. "$(dirname "$0")/../lib.sh"

if [ -z "${MOOT_MOUNT_NS:-}" ]; then
	skip "a full disk answers 40 and loses nothing" \
	    "needs root and unshare -m for a small tmpfs"
	done_testing
	exit 0
fi

FULL=$TMP/full
mkdir -p "$FULL"
mount -t tmpfs -o size=8m,mode=0700 tmpfs "$FULL" ||
    bail_out "cannot mount a tmpfs on $FULL"
trap 'umount -l "$FULL" 2>/dev/null' EXIT
make_client_cert alice
make_demo_db
cp "$TMP/moot.db" "$FULL/moot.db" || bail_out "cannot copy the database"
chmod 600 "$FULL/moot.db"
fdb() { sqlite3 -cmd ".timeout 5000" "$FULL/moot.db" "$@"; }
fdb "INSERT INTO settings (key, value) VALUES ('post_refill', '0')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;"
# the last --db wins: the database on the small file system
start_mootd --db "$FULL/moot.db" --workers 1 || bail_out "mootd did not start"

act alice '/join?Alice%20Full'
check_header "a member joins: 30 /welcome" "30 /welcome" "$HDR"
T=$(fdb "SELECT id FROM threads ORDER BY id LIMIT 1")
act alice "/thread/$T/comment?before%20the%20disk%20fills"
check_header "a comment while there is room: 30" "30 /thread/$T" "$HDR"

# fill the file system to the last block
dd if=/dev/zero of="$FULL/filler" bs=64k 2>/dev/null
check_eq "the file system is full" 0 \
    "$(df --output=avail -B1 "$FULL" | tail -n 1 | tr -d ' ')"

# Each comment adds pages to the WAL; the space the WAL already has
# takes the first few, then there is none.
text=$(printf 'full disk comment %s ' $(seq 30))
thirty=0 forty=0 other=
for i in $(seq 20); do
	act alice "/thread/$T/comment?$(urlenc "$i: $text")"
	case $HDR in
	"30 /thread/$T") thirty=$((thirty + 1)) ;;
	"40 The server's disk is full, so nothing was saved;"*)
		forty=$((forty + 1)) ;;
	*) other+=" [$i: $HDR]" ;;
	esac
done
diag "while full: $thirty answered 30, $forty answered 40"
check_none "while full, every post is answered 30, or 40 saying the disk is full" \
    "$other"
check "... and once the WAL has no room left, posts are refused (40)" \
    test "$forty" -ge 1
check_eq "... every 30 is a stored comment, nothing else is stored" \
    "$thirty" "$(fdb "SELECT count(*) FROM comments WHERE body LIKE
    '%: full disk comment 1 %'")"
check "mootd is alive with a full disk" mootd_alive
gem /
check_status "reading goes on: / is 20" 20 "$HDR"
gem "/thread/$T"
check_status "... and the discussion is 20" 20 "$HDR"
gopher "/thread/$T\r\n"
check_contains "... also over Gopher" "before the disk fills" "$RESP"
check "the refusals are in the log" \
    grep -aq 'database full: database or disk is full' "$TMP/mootd.log"

rm -f "$FULL/filler"
act alice "/thread/$T/comment?room%20again"
check_header "with room again, a comment: 30" "30 /thread/$T" "$HDR"
gem "/thread/$T"
check_contains "... and it shows" "room again" "$BODY"
stop_mootd
check_eq "the database is whole after all of it" ok \
    "$(fdb 'PRAGMA integrity_check')"
check_eq "... every acknowledged comment is there" $((thirty + 2)) \
    "$(fdb "SELECT count(*) FROM comments WHERE body LIKE
    '%: full disk comment 1 %' OR body IN ('before the disk fills',
    'room again')")"

done_testing

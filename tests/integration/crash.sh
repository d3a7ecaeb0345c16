#!/usr/bin/env bash
# crash.sh: durability under SIGKILL.  Two clients post comments over
# real TLS with a member's certificate as fast as they can (by prompt
# answer, and every fourth one as a larger Titan upload), each with a
# unique body, and note every body that got a 30; meanwhile mootd is
# killed with SIGKILL at random moments and started again on the same
# database.  Afterwards:
#   - every body that got a 30 is in the comments table exactly once
#   - every stored body is one that was sent, whole (none truncated,
#     none empty)
#   - PRAGMA integrity_check is ok, and so is the search index
#   - the thread's comment_count is the number of its (visible) rows
#
#   bash tests/integration/crash.sh                  (10 kills, ~30 s)
#   CRASH_ROUNDS=100 bash tests/integration/crash.sh (or make crash-long)

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"

ROUNDS=${CRASH_ROUNDS:-10}
POSTERS=2

make_demo_db || bail_out "no demo database"
"$MOOTCTL" --db "$TMP/moot.db" settings set post_refill 0 >/dev/null ||
    bail_out "mootctl settings set post_refill 0 failed"
make_client_cert crasher || bail_out "no client certificate"
T=$(db "SELECT t.id FROM threads t JOIN spaces s ON s.id = t.space_id
    WHERE t.locked = 0 AND t.held = 0 AND s.archived = 0
    ORDER BY t.id LIMIT 1")
[ -n "$T" ] || bail_out "no open thread in the demo data"

start_mootd --workers 2 --request-timeout 5 || bail_out "mootd did not start"
G="gemini://localhost:$GEMINI_PORT"
CERT=(-c "$TMP/crasher.crt" -k "$TMP/crasher.key")

act crasher "/join?Crash%20Tester"
check_eq "the poster joins" "30 /welcome" "$HDR"
# the posters' requests carry the poster's intent token (tests/lib.sh)
intent_token crasher "/thread/$T/comment"
CTOK=$INTENT_TOKEN
MEMBER=$(db "SELECT member_id FROM certs WHERE fingerprint =
    lower(replace('$(fingerprint "$TMP/crasher.crt")', ':', ''))")
[ -n "$MEMBER" ] || bail_out "the poster is not a member"
diag "posting to thread $T as member $MEMBER; $ROUNDS kills"

# poster ID: post until $TMP/stop exists (or 20 min have passed); bodies
# sent go to sent.ID before they are sent, those answered 30 to
# acked.ID, other headers to other.ID
poster() {
	local id=$1 i=0 body fill hdr end=$((SECONDS + 1200))
	printf -v fill '%*s' 900 ''
	fill=${fill// /x}
	while [ ! -e "$TMP/stop" ] && [ "$SECONDS" -lt "$end" ]; do
		i=$((i + 1))
		if ((i % 4 == 0)); then
			# Titan: 4 to 12 KB on one line
			body="crash-$id-$i-titan-$(printf '%s' \
			    "$fill$fill$fill$fill$fill$fill$fill$fill$fill$fill$fill$fill" |
			    head -c $((4000 + (i * 797) % 8000)))-end"
			printf '%s' "$body" >"$TMP/upload.$id"
			printf '%s\n' "$body" >>"$TMP/sent.$id"
			hdr=$("$GEMREQ" -H -t 5 "${CERT[@]}" -b "$TMP/upload.$id" \
			    127.0.0.1 "$GEMINI_PORT" \
			    "titan://localhost:$GEMINI_PORT/thread/$T/comment/~$CTOK;mime=text/plain;size=${#body}\r\n" \
			    2>/dev/null)
		else
			body="crash-$id-$i-${fill:0:$((100 + (i * 37) % 800))}-end"
			printf '%s\n' "$body" >>"$TMP/sent.$id"
			hdr=$("$GEMREQ" -H -t 5 "${CERT[@]}" 127.0.0.1 \
			    "$GEMINI_PORT" "$G/thread/$T/comment/~$CTOK?$body\r\n" \
			    2>/dev/null)
		fi
		case $hdr in
		"30 "*)	printf '%s\n' "$body" >>"$TMP/acked.$id" ;;
		"")	sleep 0.02 ;;	# mootd is down: connection refused
		*)	printf '%s\n' "${hdr:0:80}" >>"$TMP/other.$id" ;;
		esac
	done
}

for id in $(seq "$POSTERS"); do
	: >"$TMP/sent.$id"
	: >"$TMP/acked.$id"
	: >"$TMP/other.$id"
	poster "$id" &
	track $!
	pids+=($!)
done

restart_failed=0
for r in $(seq "$ROUNDS"); do
	# 0.2 to 1.5 s
	sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.2 + r % 131 / 100 }')"
	kill -KILL "$MOOTD_PID"
	wait "$MOOTD_PID" 2>/dev/null
	MOOTD_PID=
	if ! start_mootd --workers 2 --request-timeout 5; then
		restart_failed=$((restart_failed + 1))
		break
	fi
done
sleep 0.5
touch "$TMP/stop"
for p in "${pids[@]}"; do
	wait "$p"
done
check_eq "mootd restarted after each of the $ROUNDS kills" 0 "$restart_failed"

gem /
check_status "after the last restart: / is 20" 20 "$HDR"
gem "/thread/$T"
check_status "... and the thread is 20" 20 "$HDR"
stop_mootd

cat "$TMP"/sent.* >"$TMP/sent.all"
cat "$TMP"/acked.* >"$TMP/acked.all"
nsent=$(wc -l <"$TMP/sent.all")
nacked=$(wc -l <"$TMP/acked.all")
diag "$nsent comments sent, $nacked answered 30," \
    "$(cat "$TMP"/other.* | wc -l) answered otherwise: $(cat "$TMP"/other.* |
    cut -c1-2 | sort | uniq -c | tr -s ' \n' ' ')"
if [ "$nacked" -ge "$ROUNDS" ]; then
	ok "the posters got through between the kills ($nacked stored)"
else
	not_ok "the posters got through between the kills" \
	    "only $nacked comments answered 30"
fi

# The checks, in a scratch database that attaches moot.db.
check_sql() {
	sqlite3 -batch -noheader "$TMP/check.db" <<-EOF
	.timeout 5000
	ATTACH '$TMP/moot.db' AS m;
	$1
	EOF
}
rm -f "$TMP/check.db"
sqlite3 -batch "$TMP/check.db" <<-EOF || bail_out "cannot load the lists"
CREATE TABLE sent (b TEXT);
CREATE TABLE acked (b TEXT);
.mode csv
.import $TMP/sent.all sent
.import $TMP/acked.all acked
CREATE INDEX sent_b ON sent (b);
EOF

lost=$(check_sql "SELECT count(*) FROM acked a WHERE (SELECT count(*) FROM
    m.comments c WHERE c.body = a.b) = 0;")
check_eq "every comment answered 30 is stored" 0 "$lost"
twice=$(check_sql "SELECT count(*) FROM acked a WHERE (SELECT count(*) FROM
    m.comments c WHERE c.body = a.b) > 1;")
check_eq "... exactly once" 0 "$twice"
dup=$(check_sql "SELECT count(*) FROM (SELECT body FROM m.comments WHERE
    member_id = $MEMBER GROUP BY body HAVING count(*) > 1);")
check_eq "no body sent once is stored twice" 0 "$dup"
stored=$(check_sql "SELECT count(*) FROM m.comments WHERE member_id = $MEMBER;")
bad=$(check_sql "SELECT id || ':' || length(body) FROM m.comments c
    WHERE member_id = $MEMBER AND NOT EXISTS (SELECT 1 FROM sent s
    WHERE s.b = c.body) LIMIT 5;")
check_none "every stored comment is one that was sent, whole ($stored rows)" \
    "$(printf '%s' "$bad" | tr '\n' ' ')"
check_eq "no empty comment" 0 \
    "$(check_sql "SELECT count(*) FROM m.comments WHERE length(body) = 0;")"
check_eq "PRAGMA integrity_check" ok \
    "$(check_sql "PRAGMA m.integrity_check;")"
check_eq "PRAGMA foreign_key_check: nothing" "" \
    "$(check_sql "PRAGMA m.foreign_key_check;" | head -n 5)"
if check_sql "SELECT 1 FROM m.sqlite_master WHERE name = 'search';" |
    grep -q 1; then
	if out=$(sqlite3 -batch "$TMP/moot.db" \
	    "INSERT INTO search (search) VALUES ('integrity-check');" 2>&1)
	then
		ok "the search index is consistent"
	else
		not_ok "the search index is consistent" "$out"
	fi
fi
check_eq "comment_count of thread $T is the number of its visible rows" \
    "$(db "SELECT count(*) FROM comments WHERE thread_id = $T AND held = 0")" \
    "$(db "SELECT comment_count FROM threads WHERE id = $T")"
bad=$(db "SELECT t.id || ':' || t.comment_count || '/' || (SELECT count(*)
    FROM comments c WHERE c.thread_id = t.id AND c.held = 0)
    FROM threads t WHERE t.comment_count != (SELECT count(*) FROM
    comments c WHERE c.thread_id = t.id AND c.held = 0)")
check_none "... and of every thread" "$(printf '%s' "$bad" | tr '\n' ' ')"
done_testing

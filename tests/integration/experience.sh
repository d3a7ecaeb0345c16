#!/usr/bin/env bash
# experience.sh: issue 12, small things a reader or operator meets:
#   - robots.txt keeps crawlers out of searching and every action path,
#     and lets them read (checked with an RFC 9309 matcher, over Gemini
#     and Gopher);
#   - `mootctl backup` wants a file: a directory (existing, or a name
#     ending in "/") is refused with a message saying so;
#   - `mootctl member list` lines up by terminal columns, with CJK names
#     (two columns a character) and combining accents (none);
#   - a view counts once per reader, discussion and hour, cached pages
#     included, and the count a page shows never goes back between
#     reloads, while other readers add views and flushes write them.
#
#   bash tests/integration/experience.sh  (after `make mootd mootctl
#                                          tests/bin/gemreq')

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
command -v python3 >/dev/null || bail_out "python3 is needed"

# robots_verdicts FILE PATH...: prints "PATH allow" or "PATH disallow"
# for each PATH under the "*" group of FILE, as RFC 9309 says: the
# longest matching rule wins, Allow on a tie; "*" is any characters, a
# final "$" the end.
robots_verdicts() {
	python3 - "$@" <<'PY'
import re, sys
rules, group = [], False
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if ":" not in line:
        continue
    key, val = (s.strip() for s in line.split(":", 1))
    key = key.lower()
    if key == "user-agent":
        group = val == "*"
    elif group and key in ("allow", "disallow") and val:
        rules.append((key, val))
def matches(rule, path):
    end = rule.endswith("$")
    body = rule[:-1] if end else rule
    rx = ".*".join(re.escape(p) for p in body.split("*"))
    return re.match(rx + ("$" if end else ""), path) is not None
for path in sys.argv[2:]:
    best = ("allow", "")
    for key, val in rules:
        if matches(val, path) and (len(val) > len(best[1]) or
                (len(val) == len(best[1]) and key == "allow")):
            best = (key, val)
    print(path, best[0])
PY
}

# several workers: each has its own page cache
start_mootd --workers 4 || bail_out "mootd did not start"

# ------------------------------------------------------------ robots.txt

gem /robots.txt
check_status "robots.txt over Gemini: 20" 20 "$HDR"
cp "$BODY" "$TMP/robots.gemini"
gopher '/robots.txt\r\n'
# a Gopher text file: CR LF lines, dot-stuffed, ending in "."
tr -d '\r' <"$RESP" | sed -e '$ { /^\.$/d; }' -e 's/^\.\././' \
    >"$TMP/robots.gopher"
check_eq "robots.txt over Gopher is the same file" \
    "$(md5sum <"$TMP/robots.gemini")" "$(md5sum <"$TMP/robots.gopher")"

CLOSED="/search /search?moot /search/page/2?moot
/space/general/search /space/general/search?moot
/space/general/search/page/3?moot /join /join/abc /welcome /me /me/name
/me/invite/new /link /invite/abcdef /terms/accept /terms/accept/2
/draft/3 /comment/5/edit /comment/5/delete /report/comment/5
/report/thread/1 /mod /mod/log /mod/thread/1/lock /admin /admin/members
/space/general/new /thread/1/comment /thread/1/edit /thread/1/title
/thread/1/comment~0123abcd /mod/thread/1/lock~0123abcd
/draft/comment/3 /draft/comment/3/discard /draft/3/discard /me/drafts
/me/drafts/3 /comment/5/edit/text /thread/1/edit/text
/admin/setting/name/why
/me/about
/me/about/clear /me/directory/leave /me/directory/return
/mod/member/3/suspend /mod/suspended /member/3 /members /members/az
/members/page/2 /members/az/page/2
/thread/1/follow /thread/1/unfollow /thread/1/mute /thread/1/unmute
/space/general/follow /space/general/unfollow /member/2/follow
/member/2/unfollow
/space/general/event /space/general/event?Title /event/draft/3
/event/3/come /event/3/come/quietly /event/3/leave /event/3/edit/start
/event/3/cancel"
OPEN="/ /about /terms /help /space/general /space/general/page/2 /thread/1
/thread/12 /thread/1/page/2 /thread/1/latest /comment/5 /thread/1/feed
/thread/1/feed.xml /feed /feed.xml
/space/general/feed /robots.txt /favicon.txt /discussions
/discussions/page/2 /events /events/past /events.ics
/space/general/events /space/general/events/past
/space/general/events.ics"
for f in robots.gemini robots.gopher; do
	# shellcheck disable=SC2086 # the lists are split on purpose
	robots_verdicts "$TMP/$f" $CLOSED $OPEN >"$TMP/verdicts"
	for p in $CLOSED; do
		check_eq "$f keeps crawlers out of $p" "$p disallow" \
		    "$(awk -v p="$p" '$1 == p' "$TMP/verdicts")"
	done
	for p in $OPEN; do
		check_eq "$f lets crawlers read $p" "$p allow" \
		    "$(awk -v p="$p" '$1 == p' "$TMP/verdicts")"
	done
done

# ---------------------------------------------------- mootctl backup DIR

mkdir "$TMP/backups"
WANT='names a directory: backup wants the path of the file to write'
for target in "$TMP/backups/" "$TMP/backups" "$TMP/nowhere/"; do
	ctl backup "$target"
	check_ctl "backup $target: exit 1, a file path is wanted" 1 "$WANT"
done
ctl backup --force "$TMP/backups"
check_ctl "backup --force DIR: exit 1, a file path is wanted" 1 "$WANT"
check_eq "... and nothing was written into the directory" "" \
    "$(ls -A "$TMP/backups")"
ctl backup ""
check_ctl "backup '': exit 1, says the name is empty" 1 "empty name"
ctl backup "$TMP/backups/moot.db"
check_ctl "backup DIR/FILE: exit 0" 0 "^ok: "

# ------------------------------------------------ mootctl member list

# a CJK name, one wider than the column, a combining accent (e + U+0301)
NAMES=("山田太郎" "東京都千代田区丸の内一丁目九番二号グラン"
    "$(printf 'Jose\xcc\x81 Garci\xcc\x81a')")
i=0
for name in "${NAMES[@]}"; do
	i=$((i + 1))
	make_client_cert "wide$i" 30 0 || bail_out "cannot make certificates"
	act "wide$i" "/join?$(urlenc "$name")"
	check_eq "$name joins" "30 /welcome" "$HDR"
done
ctl member list
check_ctl "member list: exit 0" 0 "山田太郎"
# the terminal column where ROLE starts, on every line (wide letters
# count two, combining marks none, as a terminal shows them)
python3 - "$OUT" >"$TMP/cols" <<'PY'
import sys, unicodedata
for line in open(sys.argv[1], encoding="utf-8"):
    col = 0
    for i, ch in enumerate(line):
        if line.startswith(("ROLE", "admin", "moderator", "member"), i) \
                and line[i - 2:i] == "  " and col > 10:
            print(col)
            break
        if unicodedata.combining(ch):
            continue
        col += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    else:
        print("none:", line.rstrip())
PY
check_eq "every line of member list has ROLE in one column" 1 \
    "$(sort -u "$TMP/cols" | wc -l)"
check_eq "... all of them" "$(wc -l <"$OUT")" "$(wc -l <"$TMP/cols")"
check_grep "the name too wide for its column is cut with ..." \
    '東京都千代田区.*\.\.\. ' "$OUT"
check_grep "the combining accents are kept" \
    "$(printf 'Jose\xcc\x81 Garci\xcc\x81a')" "$OUT"

# ------------------------------------------------------------ view counts

tid=$(sql "SELECT id FROM threads WHERE held = 0 ORDER BY id DESC LIMIT 1")
stored() {
	sql "SELECT views FROM threads WHERE id = $tid"
}
# shown: the view count on the last page fetched
shown() {
	grep -aoE '[0-9]+ views?' "$BODY" | head -n 1 | grep -oE '^[0-9]+'
}
# non_decreasing FILE: every number is at least the one before it
non_decreasing() {
	awk 'NR > 1 && $1 < last { print "line " NR ": " last " then " $1;
	    exit } { last = $1 }' "$1"
}

make_client_cert reader 30 0 || bail_out "cannot make certificates"
act reader "/join?Rita%20Reader"
check_eq "a member joins to read" "30 /welcome" "$HDR"
sleep 1.2	# the view flush runs once a second
before=$(stored)
: >"$TMP/shown.visitor"
for _ in $(seq 15); do
	gem "/thread/$tid"
	shown >>"$TMP/shown.visitor"
done
sleep 1.5
check_eq "a visitor reloading 15 times counts one view" "$((before + 1))" \
    "$(stored)"
check_eq "... and sees one number all along" 1 \
    "$(sort -u "$TMP/shown.visitor" | wc -l)"
before=$(stored)
for _ in $(seq 15); do
	as reader "/thread/$tid"
done
sleep 1.5
check_eq "a member reloading 15 times counts one view" "$((before + 1))" \
    "$(stored)"

# other readers (their own addresses over Gopher) keep adding views,
# and the writer flushes them once a second, while a visitor reloads
# (pages from four workers' caches), then a visitor and a member: the
# count they see never goes back
(
	n=0
	while [ ! -e "$TMP/stop" ] && [ "$n" -lt 20000 ]; do
		n=$((n + 1))
		curl -s --max-time 5 \
		    --interface "127.1.$((n / 250)).$((n % 250 + 1))" \
		    "gopher://127.0.0.1:$GOPHER_PORT/1/thread/$tid" \
		    -o /dev/null
	done
) &
LOAD=$!
track "$LOAD"
: >"$TMP/shown.alone"
for _ in $(seq 30); do
	gem "/thread/$tid"
	shown >>"$TMP/shown.alone"
done
: >"$TMP/shown.both"
: >"$TMP/shown.visitor"
: >"$TMP/shown.member"
for _ in $(seq 30); do
	gem "/thread/$tid"
	shown | tee -a "$TMP/shown.both" >>"$TMP/shown.visitor"
	as reader "/thread/$tid"
	shown | tee -a "$TMP/shown.both" >>"$TMP/shown.member"
	gem "/thread/$tid"
	shown | tee -a "$TMP/shown.both" >>"$TMP/shown.visitor"
done
touch "$TMP/stop"
wait "$LOAD"
check_eq "a visitor's count never went back, reloading alone" "" \
    "$(non_decreasing "$TMP/shown.alone")"
check_eq "every reload showed a count" 90 "$(grep -c . "$TMP/shown.both")"
check_eq "the visitor's count never went back" "" \
    "$(non_decreasing "$TMP/shown.visitor")"
check_eq "the member's count never went back" "" \
    "$(non_decreasing "$TMP/shown.member")"
check_eq "... nor the two, in the order they were shown" "" \
    "$(non_decreasing "$TMP/shown.both")"
if [ "$(tail -n 1 "$TMP/shown.both")" -gt "$(head -n 1 "$TMP/shown.both")" ]
then
	ok "... while it grew ($(head -n 1 "$TMP/shown.both") to \
$(tail -n 1 "$TMP/shown.both"))"
else
	not_ok "... while it grew" "$(head -n 1 "$TMP/shown.both") to" \
	    "$(tail -n 1 "$TMP/shown.both")"
fi
sleep 1.5
as reader "/thread/$tid"	# a member's page is always rendered
check_eq "the last shown is what is stored, the readers' views all counted" \
    "$(stored)" "$(shown)"

stop_mootd
done_testing

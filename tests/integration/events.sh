#!/usr/bin/env bash
# events.sh: events for local groups (issue 17), over Gemini with client
# certificates, and Gopher: announcing one by prompts (a bad date asks
# again with the reason) and by a Titan upload with a header block;
# /events, the space's list, past events and the home page's next three;
# "I'll come" listed and not, the count and the names; changes and a
# cancellation told to everyone coming; the day-before reminder (mootctl
# events remind, the pass mootd runs itself), once; the calendar feeds
# parsed by python3-icalendar and checked field by field; the exports;
# Gopher menus; the same calendar and page over HTTP.
#
#   bash tests/integration/events.sh
# KEEP_TMP=1 keeps the temporary directory (database, log, certificates).

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
command -v sqlite3 >/dev/null || bail_out "sqlite3 (the CLI) is needed"
# Debian's python3 (the one in PATH may be another without its modules)
PY=/usr/bin/python3
"$PY" -c 'import icalendar' 2>/dev/null ||
    bail_out "python3-icalendar is needed (make test-deps)"

make_demo_db || bail_out "no demo database"
"$MOOTCTL" --db "$TMP/moot.db" settings set post_refill 0 >/dev/null 2>&1
start_mootd || bail_out "mootd did not start"
for c in alice bob carol mod; do
	make_client_cert "$c" 30 0 || bail_out "cannot make certificates"
done
act alice "/join?Alice%20Event"
act bob "/join?Bob%20Event"
act carol "/join?Carol%20Event"
act mod "/join?Maud%20Event"
"$MOOTCTL" --db "$TMP/moot.db" member role "Maud Event" moderator \
    --reason "test moderator" >/dev/null 2>&1 ||
    bail_out "mootctl member role failed"
SLUG=$(sql "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id LIMIT 1")
SPACE=$(sql "SELECT name FROM spaces WHERE slug = '$SLUG'")

# check_meta NAME NEEDLE: the last reply's META holds NEEDLE
check_meta() {
	if [[ "$(meta)" == *"$2"* ]]; then
		ok "$1"
	else
		not_ok "$1" "want in the META: $2" "got header: $HDR"
	fi
}
Y=$(($(date -u +%Y) + 1))

# ------------------------------------------------- announcing, prompts

act alice "/space/$SLUG/event"
check_status "announcing asks for the title" 10 "$HDR"
act alice "/space/$SLUG/event?$(urlenc "Pilot session, spring; PROMPTED")"
[[ "$HDR" =~ ^30\ /event/draft/([0-9]+) ]] ||
    bail_out "no draft after the title: $HDR"
D=${BASH_REMATCH[1]}
act alice "/event/draft/$D"
check_status "then the time zone" 10 "$HDR"
check_meta "... with the community's default in the prompt" "UTC"
act alice "/event/draft/$D?Mars%2FOlympus"
check_status "an unknown zone asks again" 10 "$HDR"
check_meta "... saying why" "no such time zone"
act alice "/event/draft/$D?Europe%2FLondon"
act alice "/event/draft/$D"
check_status "then the start" 10 "$HDR"
check_meta "... with an example" "2027-03-14 18:30"
act alice "/event/draft/$D?$(urlenc "$Y-02-30 18:30")"
check_status "an invalid date asks again" 10 "$HDR"
check_meta "... with the reason" "no such day"
act alice "/event/draft/$D?$(urlenc "14/07/$Y 18:30")"
check_status "a date in another shape asks again" 10 "$HDR"
check_meta "... showing the shape" "2027-03-14 18:30"
act alice "/event/draft/$D?$(urlenc "$((Y - 2))-07-14 18:30")"
check_meta "a date in the past asks again" "in the past"
act alice "/event/draft/$D?$(urlenc "$Y-07-14 18:30")"
act alice "/event/draft/$D"
check_meta "then the end" "or - for no end"
act alice "/event/draft/$D?$(urlenc "$Y-07-14 17:00")"
check_meta "an end before the start asks again" "after the start"
act alice "/event/draft/$D?$(urlenc "$Y-07-14 20:00")"
act alice "/event/draft/$D"
check_meta "then the place" "online"
act alice "/event/draft/$D?$(urlenc "online ftp://x")"
check_meta "online wants a web or Gemini link" "link"
act alice "/event/draft/$D?$(urlenc "Town hall, Main Street; room 2")"
act alice "/event/draft/$D"
check_meta "then the description" "Pilot session"
act alice "/event/draft/$D?$(urlenc "Bring a laptop. DESCMARK")"
[[ "$HDR" =~ ^30\ /thread/([0-9]+)$ ]] || bail_out "not published: $HDR"
E1=${BASH_REMATCH[1]}
ok "published as discussion $E1"
# July in London is BST: 18:30 there is 17:30 UTC
check_eq "the start in UTC, by July's rules (BST)" \
    "$(date -u -d "$Y-07-14 17:30" +%s)|$(date -u -d "$Y-07-14 19:00" +%s)|Europe/London" \
    "$(sql "SELECT starts_at, ends_at, tzid FROM events WHERE
    thread_id = $E1")"

gem "/thread/$E1"
check_status "the event's page" 20 "$HDR"
check_grep "... says when, in its zone with the offset" \
    "^When: .* 14 July $Y, 18:30 to 20:00 Europe/London \\(UTC\\+01:00\\)$" \
    "$BODY"
check_grep "... where" "^Where: Town hall, Main Street; room 2$" "$BODY"
check_grep "... nobody coming yet" "^Coming: nobody" "$BODY"
check_grep "... links to the calendar" "^=> /space/$SLUG/events.ics " "$BODY"
sed -n '/^Where:/,$p' "$BODY" >"$TMP/after"
check_grep "... before the opening post" "DESCMARK" "$TMP/after"

# ---------------------------------------------------- announcing, Titan

cat >"$TMP/event.gmi" <<EOT
Title: Online call TITANMARK
Starts: $Y-01-20 19:00
Ends: $Y-01-20 20:30
Zone: America/New_York
Place: online https://meet.example.org/group

We meet online. TITANDESC
EOT
act_titan bob "$TMP/event.gmi" "/space/$SLUG/event;mime=text/gemini;size=$(wc -c <"$TMP/event.gmi")"
[[ "$HDR" =~ ^30\ .*/thread/([0-9]+)$ ]] || bail_out "Titan: $HDR"
E2=${BASH_REMATCH[1]}
ok "a Titan upload with a header block announces one ($E2)"
check_eq "... its fields" \
    "$(date -u -d "$Y-01-21 00:00" +%s)|America/New_York|online|https://meet.example.org/group" \
    "$(sql "SELECT starts_at, tzid, place, online_url FROM events WHERE
    thread_id = $E2")"
printf 'Title: x\nStarts: %s-02-30 10:00\nPlace: y\n\nz\n' "$Y" \
    >"$TMP/bad.gmi"
act_titan bob "$TMP/bad.gmi" "/space/$SLUG/event;mime=text/gemini;size=$(wc -c <"$TMP/bad.gmi")"
check_status "a bad date in an upload is refused" 59 "$HDR"
check_meta "... saying why" "no such day"
printf 'Title: x\nWhen: soon\n\nz\n' >"$TMP/bad.gmi"
act_titan bob "$TMP/bad.gmi" "/space/$SLUG/event;mime=text/gemini;size=$(wc -c <"$TMP/bad.gmi")"
check_status "an unknown header is refused" 59 "$HDR"

# a third, soonest (in three hours), for the reminder and the home page
T3=$(date -u -d '+3 hours' '+%Y-%m-%d %H:%M')
act carol "/space/$SLUG/event?Soon%20SOONMARK"
[[ "$HDR" =~ ^30\ /event/draft/([0-9]+) ]] || bail_out "draft: $HDR"
D3=${BASH_REMATCH[1]}
act carol "/event/draft/$D3?UTC"
act carol "/event/draft/$D3?$(urlenc "$T3")"
act carol "/event/draft/$D3?-"
act carol "/event/draft/$D3?$(urlenc "The park")"
act carol "/event/draft/$D3?Come."
[[ "$HDR" =~ ^30\ /thread/([0-9]+)$ ]] || bail_out "not published: $HDR"
E3=${BASH_REMATCH[1]}

# ---------------------------------------------------------------- lists

gem "/events"
check_status "/events" 20 "$HDR"
check_eq "... soonest first" "SOONMARK TITANMARK PROMPTED" \
    "$(grep -o 'SOONMARK\|TITANMARK\|PROMPTED' "$BODY" | tr '\n' ' ' |
    sed 's/ $//')"
check_grep "... links to past events" "^=> /events/past " "$BODY"
check_grep "... and to the calendar" "^=> /events.ics " "$BODY"
gem "/space/$SLUG/events"
check_grep "the space's events" "PROMPTED" "$BODY"
gem "/"
check_grep "the home page shows the next ones" "SOONMARK" "$BODY"
check_eq "... three at most, under \"Coming up\"" 3 \
    "$(sed -n '/^## Coming up/,/^## /p' "$BODY" | grep -c '^=> /thread/')"

# ------------------------------------------------------------ attending

as bob "/event/$E1/come"
check_status "I'll come without a token: the page that asks" 20 "$HDR"
check_grep "... nothing done" "^# Nothing was done yet" "$BODY"
check_eq "... and nothing written" 0 \
    "$(sql "SELECT count(*) FROM attendance WHERE thread_id = $E1")"
act bob "/event/$E1/come"
check_status "I'll come (listed)" 30 "$HDR"
act carol "/event/$E1/come/quietly"
check_status "I'll come (not listed)" 30 "$HDR"
act mod "/event/$E1/come"
check_status "a third says he'll come" 30 "$HDR"
act mod "/event/$E1/leave"
check_status "I can't come any more" 30 "$HDR"
check_eq "two coming, one listed" "2|1" "$(sql "SELECT count(*),
    sum(listed) FROM attendance WHERE thread_id = $E1")"
gem "/thread/$E1"
check_grep "the page: the count and the listed name" \
    "^Coming: 2 \\(Bob Event, and 1 more\\)\\.$" "$BODY"
check_no_grep "... not the unlisted one" "Carol Event" "$BODY"
act mod "/event/$E1/come"
gem "/thread/$E1"
check_grep "... two listed names, in the order they said so" \
    "^Coming: 3 \\(Bob Event, Maud Event, and 1 more\\)\\.$" "$BODY"
act mod "/event/$E1/leave"
as carol "/thread/$E1"
check_grep "carol sees she is coming" "You said you'd come" "$BODY"
check_grep "... and can say she can't" "^=> /event/$E1/leave$TOK " "$BODY"

# ----------------------------------------------- changes, cancellations

act bob "/event/$E1/edit/start?$(urlenc "$Y-07-15 18:30")"
check_status "only the organiser (or a moderator) may change it" 61 "$HDR"
act alice "/event/$E1/edit/start?$(urlenc "$Y-07-15 18:00")"
check_status "the organiser moves the start" 30 "$HDR"
check_eq "... an end before the new start goes" "|1" \
    "$(sql "SELECT ends_at, sequence FROM events WHERE thread_id = $E1")"
check_eq "... everyone coming is told, not the organiser" \
    "Bob Event,Carol Event" "$(sql "SELECT group_concat(m.name) FROM
    notifications n JOIN members m ON m.id = n.member_id WHERE
    n.thread_id = $E1 AND n.kind = 'event' ORDER BY m.name")"
act bob "/me/notifications"
check_grep "... in bob's notifications, with the new time" \
    "PROMPTED\" changed: it is now on .* 15 July $Y, 18:00" "$BODY"
act alice "/event/$E1/edit/place?$(urlenc "The library")"
gem "/thread/$E1"
check_grep "the place changed" "^Where: The library$" "$BODY"
act mod "/event/$E1/edit/zone?Europe%2FParis"
check_status "a moderator changes the zone" 30 "$HDR"
gem "/thread/$E1"
check_grep "... the clock time kept, in the new zone" \
    "^When: .* 15 July $Y, 18:00 Europe/Paris \\(UTC\\+02:00\\)$" "$BODY"
act alice "/event/$E1/edit/weather?x"
check_status "an unknown field" 51 "$HDR"

act alice "/event/$E2/cancel?x"
check_status "cancelling someone else's event is refused" 61 "$HDR"
act bob "/event/$E2/come"
act carol "/event/$E2/come"
act bob "/event/$E2/cancel"
check_status "cancelling asks why" 10 "$HDR"
act bob "/event/$E2/cancel?$(urlenc "The host is ill")"
check_status "the organiser cancels" 30 "$HDR"
check_eq "... cancelled, and carol told why" "1|1" \
    "$(sql "SELECT cancelled, (SELECT count(*) FROM notifications n JOIN
    members m ON m.id = n.member_id WHERE m.name = 'Carol Event' AND
    n.thread_id = $E2 AND n.note LIKE '%cancelled: The host is ill')
    FROM events WHERE thread_id = $E2")"
gem "/thread/$E2"
check_grep "the page says it is cancelled" "^CANCELLED" "$BODY"
act alice "/event/$E2/come"
check_status "nobody can say they'll come to a cancelled event" 50 "$HDR"

# ------------------------------------------------------------- reminder

act bob "/event/$E3/come"
"$MOOTCTL" --db "$TMP/moot.db" events remind >"$TMP/remind.out" 2>&1
check_eq "mootctl events remind: one event due" "1 event reminded of" \
    "$(cat "$TMP/remind.out")"
check_eq "... bob reminded" 1 "$(sql "SELECT count(*) FROM notifications
    WHERE thread_id = $E3 AND note LIKE 'Reminder:%SOONMARK%'")"
"$MOOTCTL" --db "$TMP/moot.db" events remind >"$TMP/remind.out" 2>&1
check_eq "... once: a second pass sends nothing" "0 events reminded of|1" \
    "$(cat "$TMP/remind.out")|$(sql "SELECT count(*) FROM notifications
    WHERE thread_id = $E3 AND note LIKE 'Reminder:%'")"
act carol "/event/$E3/come/quietly"
"$MOOTCTL" --db "$TMP/moot.db" events remind >"$TMP/remind.out" 2>&1
check_eq "... one who comes after it went out gets theirs, bob no second" \
    "Bob Event,Carol Event" "$(sql "SELECT group_concat(m.name) FROM
    (SELECT m.name FROM notifications n JOIN members m ON m.id =
    n.member_id WHERE n.thread_id = $E3 AND n.note LIKE 'Reminder:%'
    ORDER BY m.name) m")"
act carol "/me/notifications"
check_grep "... in carol's notifications, linked to the event" \
    "^=> /thread/$E3 .*Reminder: \"Soon SOONMARK\" is on" "$BODY"

# ------------------------------------------------------------- calendar

gem "/events.ics"
check_header "/events.ics is text/calendar" \
    "20 text/calendar; charset=utf-8" "$HDR"
cp "$BODY" "$TMP/events.ics"
"$PY" - "$TMP/events.ics" "$E1" "$E2" "$Y" >"$TMP/ical.out" 2>&1 <<'EOPY'
import sys, datetime
from icalendar import Calendar
raw = open(sys.argv[1], 'rb').read()
e1, e2, y = sys.argv[2], sys.argv[3], int(sys.argv[4])
for line in raw.split(b'\r\n'):
    assert len(line) <= 75, ('long line', line)
    assert b'\n' not in line and b'\r' not in line, ('bare break', line)
cal = Calendar.from_ical(raw)
assert str(cal['VERSION']) == '2.0'
ev = {str(c['UID']): c for c in cal.walk('VEVENT')}
u1 = 'event-%s@localhost' % e1
u2 = 'event-%s@localhost' % e2
a, b = ev[u1], ev[u2]
utc = datetime.timezone.utc
# 18:00 in Paris in July is 16:00 UTC
assert a['DTSTART'].dt == datetime.datetime(y, 7, 15, 16, 0, tzinfo=utc), \
    a['DTSTART'].dt
assert 'DTEND' not in a
assert str(a['SUMMARY']) == 'Pilot session, spring; PROMPTED', a['SUMMARY']
assert str(a['LOCATION']) == 'The library'
assert 'DESCMARK' in str(a['DESCRIPTION'])
assert str(a['URL']) == 'gemini://localhost/thread/%s' % e1 or \
    str(a['URL']).endswith('/thread/%s' % e1), a['URL']
assert int(a['SEQUENCE']) == 3, a['SEQUENCE']
assert str(a['STATUS']) == 'CONFIRMED'
assert a['DTSTAMP'].dt.tzinfo is not None
assert str(b['STATUS']) == 'CANCELLED', b['STATUS']
assert str(b['LOCATION']) == 'https://meet.example.org/group'
assert b['DTSTART'].dt == datetime.datetime(y, 1, 21, 0, 0, tzinfo=utc)
assert b['DTEND'].dt == datetime.datetime(y, 1, 21, 1, 30, tzinfo=utc)
print('ok', len(ev))
EOPY
check_eq "python3-icalendar reads it, field by field" "ok 3" \
    "$(tail -n 1 "$TMP/ical.out")" || cat "$TMP/ical.out" | visible
gem "/space/$SLUG/events.ics"
check_grep "the space's calendar" "^BEGIN:VCALENDAR" "$BODY"
act mod "/mod/thread/$E1/hide?$(urlenc "off topic")"
gem "/events.ics"
check_no_grep "a description a moderator hid leaves the calendar" \
    "DESCMARK" "$BODY"
act mod "/mod/thread/$E1/restore?$(urlenc "fine after all")"
gem "/events.ics"
check_grep "... and comes back with it" "DESCMARK" "$BODY"
gem "/space/no-such-space/events.ics"
check_status "an unknown space's calendar" 51 "$HDR"

# ------------------------------------------------------------- the past

sql "UPDATE events SET starts_at = starts_at - 2 * 366 * 86400,
    ends_at = ends_at - 2 * 366 * 86400 WHERE thread_id = $E2"
gem "/events"
check_no_grep "a past event leaves /events" "TITANMARK" "$BODY"
gem "/events/past"
check_grep "... for /events/past" "TITANMARK" "$BODY"
gem "/thread/$E2"
check_grep "... and its page stays readable" "TITANDESC" "$BODY"
check_grep "... saying it is over" "^This event is over\\.$" "$BODY"

# A cached page of an event (and the home page's "Coming up") changes
# when the event is over, with nothing written to the database then.
soon=$(( $(date +%s) + 3 ))
sql "UPDATE events SET starts_at = $soon, ends_at = NULL
    WHERE thread_id = $E2"
gem "/thread/$E2"
check_no_grep "an event about to begin: not over" "^This event is over" \
    "$BODY"
# coming_up: the home page's "Coming up" section, from $BODY
coming_up() { sed -n '/^## Coming up/,/^## /p' "$BODY"; }
gem "/"
coming_up >"$TMP/coming"
check_grep "... and coming up on the home page" "TITANMARK" "$TMP/coming"
gem "/thread/$E2"	# the cached copy
sleep 4
gem "/thread/$E2"
check_grep "... once begun (nothing else changed): over, not the cached page" \
    "^This event is over\\.$" "$BODY"
gem "/"
coming_up >"$TMP/coming"
check_no_grep "... and no longer coming up on the home page" "TITANMARK" \
    "$TMP/coming"

# --------------------------------------------------------------- gopher

gopher "/events\r\n"
check_grep "Gopher: /events is a menu linking the events" \
    "^1.*PROMPTED	/thread/$E1	" "$RESP"
check_grep "... and the calendar as a text file" \
    "^0.*	/events.ics	" "$RESP"
check_eq "... every line a menu item or the end" 0 \
    "$(grep -cvE $'^([0-9a-zA-Ii+:;<ghps][^\t]*\t[^\t]*\t[^\t]*\t[0-9]+\r|\\.\r)$' "$RESP")"
gopher "/events.ics\r\n"
check_grep "Gopher serves the calendar" "^BEGIN:VCALENDAR" "$RESP"
gopher "/thread/$E1\r\n"
check_grep "Gopher: the event's page says when" "When: .*Europe/Paris" \
    "$RESP"

# --------------------------------------------------------------- export

"$MOOTCTL" --db "$TMP/moot.db" export "$TMP/export" >/dev/null 2>&1
"$PY" - "$TMP/export/community.json" "$E1" >"$TMP/export.out" 2>&1 <<'EOPY'
import sys, json
doc = json.load(open(sys.argv[1]))
e1 = int(sys.argv[2])
def threads(o):
    if isinstance(o, dict):
        if 'comments' in o and 'title' in o:
            yield o
        for v in o.values():
            yield from threads(v)
    elif isinstance(o, list):
        for v in o:
            yield from threads(v)
t = [t for t in threads(doc) if t.get('id') == e1][0]
ev = t['event']
assert ev['timezone'] == 'Europe/Paris', ev
assert ev['place'] == 'The library', ev
assert ev['coming'] == 2 and ev['listed'] == ['Bob Event'], ev
assert ev['cancelled'] is False and ev['starts'].endswith('Z'), ev
print('ok')
EOPY
check_eq "the community export holds the event, its count and listed names" \
    ok "$(tail -n 1 "$TMP/export.out")" || visible <"$TMP/export.out"
check_grep "... and its page, when" "^When: .*Europe/Paris" \
    "$TMP/export/threads/$E1.gmi"
"$MOOTCTL" --db "$TMP/moot.db" member export "Carol Event" \
    >"$TMP/carol.gmi" 2>&1
check_grep "a member's export lists the events they said they'd come to" \
    "^\* \"Pilot session, spring; PROMPTED\", .*15 July" "$TMP/carol.gmi"
check_grep "... and how" "without your name" "$TMP/carol.gmi"

check_replies_all
stop_mootd

# ------------------------------------------------------ the web view

_pick_port || bail_out "no free port"
HTTP_PORT=$_PORT
start_mootd --http "127.0.0.1:$HTTP_PORT" || bail_out "mootd --http"
curl -s -D "$TMP/http.head" -o "$TMP/http.ics" \
    "http://127.0.0.1:$HTTP_PORT/events.ics"
check_grep "HTTP: /events.ics is text/calendar" \
    $'^Content-Type: text/calendar; charset=utf-8\r$' "$TMP/http.head"
check_grep "... the same calendar" "^UID:event-$E1@localhost" "$TMP/http.ics"
curl -s -o "$TMP/http.html" "http://127.0.0.1:$HTTP_PORT/thread/$E1"
check_grep "HTTP: the event's page says when" "Europe/Paris" \
    "$TMP/http.html"
stop_mootd
done_testing

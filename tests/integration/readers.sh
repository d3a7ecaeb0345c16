#!/usr/bin/env bash
# readers.sh: issue 12, what readers and new members meet:
#   - /space/ and /thread/ are index pages (the spaces, the discussions
#     last active), over Gemini and Gopher, rather than "not found";
#   - on Gopher a preformatted line (a table) is one line, never cut;
#   - feeds: every entry of a gemfeed links its own address (a comment's
#     permalink, a discussion), dated as the gemfeed convention wants.
#
#   bash tests/integration/readers.sh  (after `make mootd mootctl
#                                       tests/bin/gemreq')

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"

start_mootd || bail_out "mootd did not start"

make_client_cert ann 30 0 || bail_out "cannot make certificates"
act ann "/join?Ann%20Reader"
check_eq "a member joins" "30 /welcome" "$HDR"

# ---------------------------------------------------------- index pages

nspaces=$(sql "SELECT count(*) FROM spaces WHERE archived = 0")
for path in /space/ /space; do
	gem "$path"
	check_reply "$path: an index page, not 51" 20 '^text/gemini'
	check_grep "$path: titled Spaces" '^# Spaces$' "$BODY"
	check_eq "$path: links every open space" "$nspaces" \
	    "$(grep -cE '^=> /space/[a-z0-9_-]+ ' "$BODY")"
	check_grep "$path: has the footer" '^=> /help Help$' "$BODY"
done
newest=$(sql "SELECT t.id FROM threads t JOIN spaces s ON s.id = t.space_id
    WHERE t.held = 0 AND s.archived = 0 ORDER BY t.last_activity DESC,
    t.id DESC LIMIT 1")
for path in /thread/ /thread; do
	gem "$path"
	check_reply "$path: an index page, not 51" 20 '^text/gemini'
	check_grep "$path: titled Discussions" '^# Discussions$' "$BODY"
	check_eq "$path: the last active discussion first" "$newest" \
	    "$(grep -m 1 -oE '^=> /thread/[0-9]+ ' "$BODY" | grep -oE '[0-9]+')"
	check_grep "$path: links the spaces" '^=> /space/ ' "$BODY"
done
gopher '/space/\r\n'
check_grep "Gopher /space/: the spaces" "^1[^	]*	/space/[a-z]" "$RESP"
check_no_grep "Gopher /space/: no error item" '^3' "$RESP"
gopher '/thread/\r\n'
check_grep "Gopher /thread/: the discussions" \
    "^1[^	]*	/thread/$newest	" "$RESP"
check_no_grep "Gopher /thread/: no error item" '^3' "$RESP"
as ann /thread/
check_grep "a member's /thread/ too" "^=> /thread/$newest " "$BODY"

# ------------------------------------------------ Gopher: a wide table

tid=$newest
ROW='| Module | Sessions | Who leads it                | Paid? | Notes on timing and venues |'
printf '```a table\n%s\n%s\n```\n' "$ROW" "${ROW//[A-Za-z?]/x}" \
    >"$TMP/table.gmi"
act_titan ann "$TMP/table.gmi" \
    "/thread/$tid/comment;size=$(wc -c <"$TMP/table.gmi");mime=text/gemini"
check_reply "a comment with a table wider than 70 columns" 30 \
    "^gemini://localhost:$GEMINI_PORT/thread/$tid"
page=$(meta)
page=${page#gemini://localhost:"$GEMINI_PORT"}
gopher "${page%%#*}\r\n"
check_grep "Gopher: the table's row is one line, whole" \
    "^i| $(printf '%s' "$ROW" | sed 's/[|?.]/\\&/g')	" "$RESP"

# -------------------------------------------------------------- gemfeeds

# every dated entry of a gemfeed links an address of its own: Lagrange
# keeps one entry per URL
for path in /feed /space/course-design/feed "/thread/$tid/feed"; do
	gem "$path"
	grep -E '^=> [^ ]+ [0-9]{4}-[0-9]{2}-[0-9]{2} ' "$BODY" |
	    awk '{ print $2 }' >"$TMP/urls"
	check_eq "$path: entries have distinct URLs" \
	    "$(sort "$TMP/urls" | wc -l)" "$(sort -u "$TMP/urls" | wc -l)"
	[ -s "$TMP/urls" ] && ok "$path: has dated entries" ||
	    not_ok "$path: has dated entries"
done
check_grep "a discussion's feed links each comment's permalink" \
    '^=> /comment/[0-9]+ [0-9]{4}-' "$BODY"

stop_mootd
done_testing

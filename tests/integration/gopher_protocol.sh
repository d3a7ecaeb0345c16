#!/usr/bin/env bash
# gopher_protocol.sh: the Gopher items of docs/PROTOCOLS.md, against the
# real mootd with the demo community, over plain TCP (bash /dev/tcp) and
# curl.
#
#   bash tests/integration/gopher_protocol.sh
# KEEP_TMP=1 keeps the temporary directory (database, log, replies).

. "$(dirname "$0")/../lib.sh"

# --- a thread whose text holds what a menu must never carry raw

make_demo_db || bail_out "no demo database"
now=$(date +%s)
longword=$(printf 'x%.0s' $(seq 100))
longaccents=$(printf 'é%.0s' $(seq 100))
# shellcheck disable=SC1111 # the curly quotes are the test
db "INSERT INTO threads (space_id, member_id, title, body, created,
    last_activity) VALUES ((SELECT min(id) FROM spaces),
    (SELECT min(id) FROM members), 'Awkward text test',
    'TAB' || char(9) || 'INSIDE and CR' || char(13) || 'INSIDE' ||
    char(10) || '.' || char(10) || 'LF-SECOND-LINE' || char(10) ||
    '$longword' || char(10) || '$longaccents' || char(10) ||
    'Curly “quotes”, a café, £10 and Siân', $now, $now)" ||
    bail_out "cannot add the test thread"
AWKWARD=$(db "SELECT max(id) FROM threads")
# Issue 11: a comment that forges another (a blank line, then a line just
# like a comment's heading) and a menu item of the site's.
FORGED_HEAD='Helen (lecturer), 2026-12-05 20:01 UTC'
db "INSERT INTO comments (thread_id, member_id, body, created) VALUES
    ($AWKWARD, (SELECT id FROM members WHERE name LIKE 'Grace%'),
    'I agree.' || char(10) || char(10) || '$FORGED_HEAD' || char(10) ||
    'Forged words.' || char(10) ||
    '=> gemini://localhost/thread/1/comment Add a comment', $now)" ||
    bail_out "cannot add the forging comment"
add_space_with_threads paging-test 25 || bail_out "cannot add threads"

start_mootd --request-timeout 2 || bail_out "mootd did not start"
GP=$GOPHER_PORT

# check_menu NAME FILE: the shape of a Gopher menu (item 3, 4, 7): CRLF
# on every line, exactly four fields, known item types, our host and
# port on links, at most 70 characters of display text, no NUL, and
# ".\r\n" at the end and only there.
check_menu() {
	local name=$1 f=$2

	if [ ! -s "$f" ]; then
		not_ok "$name: a menu" "(nothing received)"
		return
	fi
	_menu_scan "$f"
	check_none "$name: no NUL bytes" "$bad_nul"
	check_none "$name: every line ends in CRLF" "$bad_crlf"
	check_none "$name: every line has four TAB-separated fields" \
	    "$bad_fields"
	check_none "$name: known item types" "$bad_type"
	check_none "$name: links point back at localhost:$GP" "$bad_host"
	check_none "$name: display text at most 70 characters" "$bad_width"
	check_none "$name: ends with .CRLF, once, at the end" "$bad_end"
}

# _menu_scan FILE: sets bad_nul, bad_crlf, bad_fields, bad_type,
# bad_host, bad_width and bad_end to the first problem of each kind
_menu_scan() {
	local f=$1 line n=0 seen_end=0 disp type rest host port
	local LC_ALL=C.UTF-8

	bad_nul='' bad_crlf='' bad_fields='' bad_type='' bad_host=''
	bad_width='' bad_end=''
	if [ "$(tr -d '\0' <"$f" | wc -c)" != "$(wc -c <"$f")" ]; then
		bad_nul="NUL bytes in the reply"
	fi
	if [ -n "$(tail -c 1 "$f")" ]; then
		bad_crlf="last line has no line end"
	fi
	while IFS= read -r line; do
		n=$((n + 1))
		if [ "$seen_end" = 1 ]; then
			bad_end="line $n follows the closing ."
			break
		fi
		if [ "${line%$'\r'}" = "$line" ]; then
			[ -n "$bad_crlf" ] || bad_crlf="line $n: $(printf '%s' \
			    "$line" | cut -c1-60)"
			continue
		fi
		line=${line%$'\r'}
		if [ "$line" = . ]; then
			seen_end=1
			continue
		fi
		rest=${line//[^$'\t']/}
		if [ "${#rest}" != 3 ]; then
			[ -n "$bad_fields" ] || bad_fields="line $n has \
$((${#rest} + 1)) fields: $(printf '%s' "$line" | tr '\t' '|' |
			    cut -c1-70)"
			continue
		fi
		# not read with IFS=TAB: empty fields would merge
		disp=${line%%$'\t'*}
		rest=${line#*$'\t'}
		rest=${rest#*$'\t'}
		host=${rest%%$'\t'*}
		port=${rest#*$'\t'}
		type=${line:0:1}
		disp=${disp:1}
		case $type in
		[013579gIhi]) ;;
		*) [ -n "$bad_type" ] || bad_type="line $n: type '$type'" ;;
		esac
		case $type in
		i|3)
			[[ "$port" =~ ^[0-9]+$ ]] ||
			    bad_host="${bad_host:-line $n: port '$port'}"
			;;
		*)
			if [ "$host" != localhost ] ||
			    [ "$port" != "$GP" ]; then
				[ -n "$bad_host" ] || bad_host="line $n: \
host '$host' port '$port', want localhost $GP"
			fi
			;;
		esac
		if [ "${#disp}" -gt 70 ]; then
			[ -n "$bad_width" ] || bad_width="line $n: ${#disp} \
characters: $disp"
		fi
	done <"$f"
	[ "$seen_end" = 1 ] || bad_end=${bad_end:-"no closing . line"}
}

# same_reply A B: the two replies are the same, apart from view counts
# (every request of a thread counts one)
same_reply() {
	cmp -s <(sed -E 's/[0-9]+ views?/N views/' "$1") \
	    <(sed -E 's/[0-9]+ views?/N views/' "$2")
}

# menu_text FILE: the display text of the i lines, joined by spaces,
# runs of white space made one (wrapped text can then be searched)
menu_text() {
	grep -a '^i' "$1" | cut -f1 | cut -c2- | sed -E 's/^\|( |$)//' |
	    tr -d '\r' | tr '\n' ' ' | tr -s ' \t' ' '
}

# words N TEXT: the first N words of TEXT
words() {
	printf '%s\n' "$2" | tr -s ' \t' ' ' | cut -d' ' -f1-"$1"
}

# --- item 2: the root menu

gopher '\r\n'
cp "$RESP" "$TMP/root.menu"
check_exit "empty selector: the server closes the connection" 0 "$RC"
check_menu "root menu" "$TMP/root.menu"
gopher '/\r\n'
if same_reply "$RESP" "$TMP/root.menu"; then
	ok "selector / gives the root menu"
else
	not_ok "selector / gives the root menu"
	_show_last
fi
gopher '\n'
if same_reply "$RESP" "$TMP/root.menu"; then
	ok "empty selector with a bare LF gives the root menu"
else
	not_ok "empty selector with a bare LF gives the root menu"
	_show_last
fi
curl -s --max-time 5 "gopher://127.0.0.1:$GP/" >"$RESP"
if same_reply "$RESP" "$TMP/root.menu"; then
	ok "curl gopher://host:port/ gives the root menu"
else
	not_ok "curl gopher://host:port/ gives the root menu"
	_show_last
fi

COMMUNITY=$(db "SELECT value FROM settings WHERE key = 'name'")
check_contains "root menu shows the community name" "$COMMUNITY" \
    "$TMP/root.menu"
missing=
for slug in $(db "SELECT slug FROM spaces WHERE archived = 0"); do
	grep -qaP "^1[^\t]*\t/space/$slug\t" "$TMP/root.menu" ||
	    missing="$missing $slug"
done
check_none "root menu links every space as 1...<TAB>/space/SLUG" \
    "$missing"
if grep -qaP '^1[^\t]*\t/thread/[0-9]+\t' "$TMP/root.menu"; then
	ok "root menu links recent threads as 1...<TAB>/thread/ID"
else
	not_ok "root menu links recent threads as 1...<TAB>/thread/ID"
	show_file "$TMP/root.menu" 20
fi
bad=$(grep -a '^i' "$TMP/root.menu" |
    grep -avP '^i[^\t]*\t\tnull\.host\t1\r$' | head -n 3 | escaped)
check_none "info lines read i<text><TAB><TAB>null.host<TAB>1" "$bad"
if iconv -f UTF-8 -t UTF-8 "$TMP/root.menu" >/dev/null 2>&1; then
	ok "root menu is valid UTF-8"
else
	not_ok "root menu is valid UTF-8"
fi

# --- spaces and threads: selectors mirror the Gemini paths

first_slug=
for slug in $(db "SELECT slug FROM spaces WHERE archived = 0"); do
	[ -n "$first_slug" ] || first_slug=$slug
	gopher "/space/$slug\r\n"
	cp "$RESP" "$TMP/space.menu"
	want=$(db "SELECT t.id FROM threads t JOIN spaces s
	    ON s.id = t.space_id WHERE s.slug = '$slug'
	    ORDER BY t.last_activity DESC, t.id DESC LIMIT 20" | tr '\n' ' ')
	got=$(grep -aoP '^1[^\t]*\t/thread/[0-9]+\t' "$TMP/space.menu" |
	    grep -oE '[0-9]+.$' | tr -d '\t' | tr '\n' ' ')
	check_eq "/space/$slug: its threads, newest activity first" \
	    "$want" "$got"
done
gopher "/space/$first_slug\r\n"
check_menu "/space/$first_slug menu" "$RESP"
gopher "/space/paging-test\r\n"
if grep -qaP '^1[^\t]*\t/space/paging-test/page/2\t' "$RESP"; then
	ok "a space with 25 threads links to /space/SLUG/page/2"
else
	not_ok "a space with 25 threads links to /space/SLUG/page/2"
	show_file "$RESP" 40
fi
gopher "/space/paging-test/page/2\r\n"
check_menu "/space/SLUG/page/2 menu" "$RESP"
want=$(db "SELECT t.id FROM threads t JOIN spaces s ON s.id = t.space_id
    WHERE s.slug = 'paging-test'
    ORDER BY t.last_activity DESC, t.id DESC LIMIT 20 OFFSET 20" |
    tr '\n' ' ')
got=$(grep -aoP '^1[^\t]*\t/thread/[0-9]+\t' "$RESP" |
    grep -oE '[0-9]+.$' | tr -d '\t' | tr '\n' ' ')
check_eq "/space/SLUG/page/2: the 5 oldest threads, in order" "$want" "$got"

bad_menu='' bad_title='' bad_author='' bad_comment='' bad_utf8=''
bad_shape=''
ncomments=0
for id in $(db "SELECT id FROM threads ORDER BY id"); do
	gopher "/thread/$id\r\n"
	f="$TMP/thread.$id"
	cp "$RESP" "$f"
	if [ "$(head -c 1 "$f")" = 3 ] || [ ! -s "$f" ]; then
		bad_menu="$bad_menu $id"
		continue
	fi
	iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 ||
	    bad_utf8="$bad_utf8 $id"
	_menu_scan "$f"
	for p in "$bad_nul" "$bad_crlf" "$bad_fields" "$bad_type" \
	    "$bad_host" "$bad_width" "$bad_end"; do
		[ -z "$p" ] || bad_shape="$bad_shape $id:[$p]"
	done
	text=$(menu_text "$f")
	title=$(db "SELECT title FROM threads WHERE id = $id")
	needle=$(words 5 "$title")
	[[ "$text" == *"$needle"* ]] || bad_title="$bad_title $id"
	while IFS= read -r author; do
		[[ "$(tr -d '\r' <"$f")" == *"$author"* ]] ||
		    bad_author="$bad_author $id:$author"
	done < <(db "SELECT m.name FROM comments c JOIN members m
	    ON m.id = c.member_id WHERE c.thread_id = $id AND c.deleted = 0")
	while IFS= read -r cid; do
		line=$(db "SELECT body FROM comments WHERE id = $cid" |
		    grep -vE '^(=>|```|>|\*)' | grep . | head -n 1)
		needle=$(words 6 "$line")
		[ -n "$needle" ] || continue
		if [[ "$text" == *"$needle"* ]]; then
			ncomments=$((ncomments + 1))
		else
			bad_comment="$bad_comment $id/$cid"
		fi
	done < <(db "SELECT id FROM comments WHERE thread_id = $id AND
	    deleted = 0 ORDER BY created, id")
done
check_none_show "every /thread/ID: a menu, not an error" "$bad_menu" \
    "$TMP/thread.%"
check_none_show "every /thread/ID: a well-formed menu (as check_menu)" \
    "$bad_shape" "$TMP/thread.%"
check_none_show "every /thread/ID: the title" "$bad_title" \
    "$TMP/thread.%"
check_none_show "every /thread/ID: the comments' authors" "$bad_author" \
    "$TMP/thread.%"
check_none_show "every /thread/ID: the comments' text" "$bad_comment" \
    "$TMP/thread.%"
diag "(found the text of $ncomments comments)"
check_none_show "every /thread/ID: valid UTF-8" "$bad_utf8" \
    "$TMP/thread.%"

busiest=$(db "SELECT id FROM threads ORDER BY comment_count DESC, id
    LIMIT 1")
check_menu "/thread/$busiest menu" "$TMP/thread.$busiest"

# Item 7: the demo data's UTF-8 arrives intact.
utf_id=$(db "SELECT id FROM threads WHERE title LIKE '%—%' LIMIT 1")
if [ -n "$utf_id" ]; then
	utf_title=$(db "SELECT title FROM threads WHERE id = $utf_id")
	check_contains "UTF-8 title arrives intact ($utf_title)" \
	    "$utf_title" "$TMP/thread.$utf_id"
fi
sian_thread=$(db "SELECT c.thread_id FROM comments c JOIN members m
    ON m.id = c.member_id WHERE m.name LIKE 'Si%n from Swansea' LIMIT 1")
if [ -n "$sian_thread" ]; then
	check_contains "UTF-8 member name arrives intact (Siân)" \
	    "Siân from Swansea" "$TMP/thread.$sian_thread"
else
	skip "UTF-8 member name arrives intact" "no such demo member"
fi

# Item 3 and 7: user text with TAB, CR, a lone ".", long words.
f="$TMP/thread.$AWKWARD"
check_menu "thread with awkward text" "$f"
check_contains "TAB in user text becomes a space" "TAB INSIDE" "$f"
check_contains "CR in user text is dropped" "CRINSIDE" "$f"
if grep -aq '^i| LF-SECOND-LINE' "$f"; then
	ok "LF in user text starts a new i line"
else
	not_ok "LF in user text starts a new i line"
	show_file "$f" 20
fi
# shellcheck disable=SC1111 # the curly quotes are the test
check_contains "non-ASCII text arrives intact" \
    "Curly “quotes”, a café, £10 and Siân" "$f"
# the longest run of the letter, once the wrapping is undone
longest_run() {
	menu_text "$f" | tr -d ' ' | grep -oE "($1)+" |
	    awk -v w="${#1}" '{ n = length($0) / w; if (n > m) m = n }
	    END { print m + 0 }'
}
check_eq "a 100-character word is wrapped, not lost" 100 "$(longest_run x)"
check_eq "100 accented letters wrapped on character boundaries" 100 \
    "$(longest_run 'é')"

# Issue 11: a member's words are set apart, line by line, so a comment
# cannot pass for another comment or for a menu item of the site.
check_contains "the real comment heading is a line of the page's own" \
    "iGrace (parent carer), " "$f"
if grep -aq "^i$FORGED_HEAD" "$f"; then
	not_ok "the forged heading does not start a line as a real one does"
	show_file "$f" 40
else
	ok "the forged heading does not start a line as a real one does"
fi
check_contains "... it is marked as the member's words" \
    "i| $FORGED_HEAD" "$f"
check_contains "... as is the blank line before it" "$(printf 'i|\t')" "$f"
check_contains "a member's link is marked too" "h| Add a comment" "$f"
if grep -aq "^iForged words" "$f"; then
	not_ok "no line of the member's starts at the margin"
else
	ok "no line of the member's starts at the margin"
fi
curl -s --max-time 5 "gopher://127.0.0.1:$GP/1/thread/$AWKWARD" \
    >"$TMP/forged.curl"
check_contains "curl shows the forged heading marked" \
    "| $FORGED_HEAD" "$TMP/forged.curl"

# --- curl drops the item type from the path (item 9)

gopher "/thread/$busiest\r\n"
cp "$RESP" "$TMP/plain.menu"
curl -s --max-time 5 "gopher://127.0.0.1:$GP/1/thread/$busiest" >"$RESP"
if same_reply "$RESP" "$TMP/plain.menu"; then
	ok "curl gopher://.../1/thread/ID gives the thread menu"
else
	not_ok "curl gopher://.../1/thread/ID gives the thread menu"
	_show_last
fi
curl -s --max-time 5 "gopher://127.0.0.1:$GP/1/space/$first_slug" \
    >"$RESP"
check_contains "curl gopher://.../1/space/SLUG gives the space menu" \
    "/thread/" "$RESP"

# --- item 1 and 5: line ends, Gopher+ and search tails

same_as_plain() {
	gopher "$2"
	if same_reply "$RESP" "$TMP/plain.menu"; then
		ok "$1"
	else
		not_ok "$1"
		_show_last
	fi
}
same_as_plain "bare-LF-terminated selector works" "/thread/$busiest\n"
same_as_plain "selector<TAB>+ (Gopher+) works" "/thread/$busiest\t+\r\n"
same_as_plain "selector<TAB>\$ (Gopher+ attributes) works" \
    "/thread/$busiest\t\$\r\n"
same_as_plain "selector<TAB>! (Gopher+ info) works" \
    "/thread/$busiest\t!\r\n"
same_as_plain "selector<TAB>query<TAB>+ works" \
    "/thread/$busiest\tquery\t+\r\n"

# Search items, when the menus offer any: both "sel<TAB>q" and "sel?q".
search_sel=$(grep -aP '^7' "$TMP/root.menu" | head -n 1 | cut -f2)
if [ -n "$search_sel" ]; then
	gopher "$search_sel\tcourse\r\n"
	cp "$RESP" "$TMP/search.tab"
	check_menu "search selector<TAB>query" "$TMP/search.tab"
	gopher "$search_sel?course\r\n"
	if same_reply "$RESP" "$TMP/search.tab"; then
		ok "search selector?query is the same search"
	else
		not_ok "search selector?query is the same search"
		_show_last
	fi
else
	skip "search selector<TAB>query" "no type 7 item in the root menu"
fi

# --- item 4: errors

gopher '/no/such/selector\r\n'
cp "$RESP" "$TMP/error.menu"
if [ "$(head -c 1 "$TMP/error.menu")" = 3 ]; then
	ok "unknown selector: a type 3 error line"
else
	not_ok "unknown selector: a type 3 error line"
	_show_last
fi
check_menu "error reply" "$TMP/error.menu"
if head -n 1 "$TMP/error.menu" | grep -aqP '^3[^\t]+\t\terror\.host\t1\r$'
then
	ok "error line reads 3<message><TAB><TAB>error.host<TAB>1"
else
	not_ok "error line reads 3<message><TAB><TAB>error.host<TAB>1"
	show_file "$TMP/error.menu"
fi
gopher '/thread/999999\r\n'
if [ "$(head -c 1 "$RESP")" = 3 ]; then
	ok "nonexistent thread: a type 3 error line"
else
	not_ok "nonexistent thread: a type 3 error line"
	_show_last
fi
gopher '/../../../etc/passwd\r\n'
check_not_contains "/../../../etc/passwd: not the file" "root:" "$RESP"
# a selector that climbs above the root: an error item, not the root menu
for sel in '/../../' '../' '/%2e%2e/' '/sub/..%2F%2E.'; do
	gopher "$sel\r\n"
	if head -n 1 "$RESP" | grep -aq '^3.*above the root'; then
		ok "$sel climbs above the root: a type 3 error line"
	else
		not_ok "$sel climbs above the root: a type 3 error line"
		_show_last
	fi
done
# a selector with an empty segment: never a link to "//x" (another host)
mkdir -p "$TMP/capsule/sub"
printf '# Sub\nSUB-INDEX-MARKER\n' >"$TMP/capsule/sub/index.gmi"
gopher '//sub\r\n'
check_contains "//sub: moved to the folder" "/sub/" "$RESP"
check_no_grep "//sub: no link to a network-path reference" \
    $'^[^\t]*\t(URL:)?//' "$RESP"
gopher '//sub//\r\n'
check_contains "//sub//: the folder's index" SUB-INDEX-MARKER "$RESP"

# The line limit (1024 bytes: selector, TAB, search) at and past it,
# with a selector that ignores its search.
sel="/thread/$busiest"
printf -v pad '%*s' $((1024 - ${#sel} - 1)) ''
gopher "$sel\t${pad// /q}\r\n"
if same_reply "$RESP" "$TMP/plain.menu"; then
	ok "1024-byte selector line: served"
else
	not_ok "1024-byte selector line: served"
	_show_last
fi
gopher "$sel\tq${pad// /q}\r\n"
if [ "$(head -c 1 "$RESP")" = 3 ]; then
	ok "1025-byte selector line: a type 3 error"
else
	not_ok "1025-byte selector line: a type 3 error"
	_show_last
fi

long=$(printf 'a%.0s' $(seq 5000))
gopher "/$long\r\n"
if [ ! -s "$RESP" ] || [ "$(head -c 1 "$RESP")" = 3 ]; then
	ok "5000-byte selector: an error or a close"
else
	not_ok "5000-byte selector: an error or a close"
	_show_last
fi
# (the reset that may follow unread bytes is fine; hanging is not)
if [ "$RC" != 124 ]; then
	ok "5000-byte selector: the connection is closed"
else
	not_ok "5000-byte selector: the connection is closed" "open after 5 s"
fi

# --- item 6: URL: selectors

# External links in menus are type h with a URL: selector on this server.
bad=$(cat "$TMP"/thread.* "$TMP/root.menu" | grep -a '^h' |
    grep -avP '^h[^\t]*\tURL:[^\t]+\t' | head -n 3 | escaped)
check_none "every h item has a URL: selector" "$bad"
hsel=$(cat "$TMP"/thread.* | grep -a '^h' | cut -f2 | head -n 1)
if [ -n "$hsel" ]; then
	gopher "$hsel\r\n"
	check_contains "following an h item gives a page linking to its URL" \
	    "href=\"${hsel#URL:}\"" "$RESP"
else
	skip "following an h item" "no h items in the thread menus"
fi

gopher 'URL:https://example.org/x\r\n'
cp "$RESP" "$TMP/url.html"
if grep -qaiE "href=[\"']https://example.org/x[\"']" "$TMP/url.html"; then
	ok "URL:https://... gives an HTML page linking there"
else
	not_ok "URL:https://... gives an HTML page linking there"
	_show_last
fi
if grep -qaiE '<html|<!doctype html' "$TMP/url.html"; then
	ok "URL: page is HTML"
else
	not_ok "URL: page is HTML"
	show_file "$TMP/url.html"
fi
gopher 'URL:gemini://example.org/\r\n'
check_contains "URL:gemini://... is allowed" "gemini://example.org/" "$RESP"
gopher 'URL:gopher://example.org/\r\n'
check_contains "URL:gopher://... is allowed" "gopher://example.org/" "$RESP"

gopher 'URL:https://example.org/"><script>alert(1)</script>\r\n'
cp "$RESP" "$TMP/xss.html"
check_not_contains "URL: with markup: no raw <script>" "<script>" \
    "$TMP/xss.html"
check_not_contains "URL: with markup: the quote cannot end the attribute" \
    'example.org/"' "$TMP/xss.html"
check_contains "URL: with markup: shown HTML-escaped" "&lt;script&gt;" \
    "$TMP/xss.html"

refused() {
	gopher "$2"
	if grep -qaiE 'href=["'"'"']?[[:space:]]*(javascript|data|vbscript):' \
	    "$RESP"; then
		not_ok "$1 is refused (no link to it)"
		_show_last
	else
		ok "$1 is refused (no link to it)"
	fi
	if [ "$(head -c 1 "$RESP")" = 3 ]; then
		ok "$1: a type 3 error"
	else
		not_ok "$1: a type 3 error"
		_show_last
	fi
}
refused "URL:javascript:alert(1)" 'URL:javascript:alert(1)\r\n'
refused "URL:JavaScript:alert(1)" 'URL:JavaScript:alert(1)\r\n'
refused "URL: javascript: (leading space)" 'URL: javascript:alert(1)\r\n'
refused "URL:data:text/html,..." \
    'URL:data:text/html,<script>alert(1)</script>\r\n'

# --- silence and time-outs: the request timeout is 2 s here

elapsed gopher ''
if [ "$RC" = 0 ] && ! num_lt "$ELAPSED" 1.5; then
	ok "silent client: closed after the request timeout ($ELAPSED s)"
else
	not_ok "silent client: closed after the request timeout" \
	    "status $RC$(_rc_meaning "$RC") after $ELAPSED s"
fi
check_empty "silent client: no reply" "$RESP"

# --- the log: one line per request, nothing raw from the client

gopher '/log-marker-5c2a\r\n'
sleep 0.2
if grep -aq 'log-marker-5c2a' "$TMP/mootd.log"; then
	ok "the request is logged with its selector"
else
	not_ok "the request is logged with its selector"
	tail -n 5 "$TMP/mootd.log" | visible
fi
gopher '/esc-\x1b[2J-marker\r\n'
sleep 0.2
if grep -aq $'\x1b' "$TMP/mootd.log"; then
	not_ok "an escape byte in a selector is not logged raw"
	grep -a $'\x1b' "$TMP/mootd.log" | head -n 2 | visible
else
	ok "an escape byte in a selector is not logged raw"
fi

# --- still serving

gopher '\r\n'
if same_reply "$RESP" "$TMP/root.menu"; then
	ok "still serving the root menu after all of the above"
else
	not_ok "still serving the root menu after all of the above"
	_show_last
fi
if mootd_alive; then
	ok "mootd is still running"
else
	not_ok "mootd is still running"
	tail -n 10 "$TMP/mootd.log" | visible
fi
stop_mootd

done_testing

#!/usr/bin/env bash
# search_feeds.sh: issue 7 against the real mootd: full-text search (on
# Gemini and Gopher, ranking, snippets, FTS syntax typed by readers), the
# search index kept in step with posting, editing, deleting, moderation,
# archiving and held posts, the 2 -> 3 migration rebuilding the index,
# gemfeed pages and Atom feeds (parsed with a real XML parser),
# notifications over TLS with real client certificates, and /help.
#
#   bash tests/integration/search_feeds.sh    (after `make test' or `make
#                                              mootd mootctl tests/bin/gemreq')
# KEEP_TMP=1 keeps the temporary directory (database, log, certificates).
# ATOM_PARSER=python3|xmllint picks the XML parser (default: python3 when
# it can import xml.etree, else xmllint, else the Atom checks are skipped).

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
command -v sqlite3 >/dev/null || bail_out "sqlite3 (the CLI) is needed"

# --------------------------------------------------------------- helpers

# search WORDS: /search?WORDS (percent-encoded here) without a
# certificate; the body is in $BODY, the thread ids of the hits, in
# order, in $HITS (one line, space-separated): a hit in a comment links
# the comment's permalink, /comment/ID, and counts as its discussion
HITS=
search() {
	local link q= n=0
	gem "/search?$(urlenc "$1")"
	while read -r link; do
		case $link in
		thread/*)
			q="$q UNION ALL SELECT $n, ${link#thread/}" ;;
		comment/*)
			q="$q UNION ALL SELECT $n, (SELECT thread_id FROM
			    comments WHERE id = ${link#comment/})" ;;
		esac
		n=$((n + 1))
	done < <(grep -E '^=> ?/(thread|comment)/[0-9]+( |$)' "$BODY" \
	    2>/dev/null | sed -E 's|^=> ?/([a-z]+/[0-9]+).*|\1|')
	HITS=
	[ -n "$q" ] && HITS=$(sql "SELECT t FROM (SELECT 0 AS i, 0 AS t
	    WHERE 0 $q) ORDER BY i" | tr '\n' ' ')
	HITS=${HITS% }
}

# check_found NAME WORDS THREAD: the search is a 20 page with a hit in
# /thread/THREAD; check_not_found NAME WORDS: a 20 page without any hit
check_found() {
	search "$2"
	if [[ "$HDR" == "20 "* ]] && [[ " $HITS " == *" $3 "* ]]; then
		ok "$1"
	else
		not_ok "$1" "searched for: $2, want a hit in /thread/$3" \
		    "got header: $HDR" "hits: ${HITS:-none}"
		show_file "$BODY" 12
	fi
}
check_not_found() {
	search "$2"
	if [[ "$HDR" == "20 "* ]] && [ -z "$HITS" ]; then
		ok "$1"
	else
		not_ok "$1" "searched for: $2, want no hit" \
		    "got header: $HDR" "hits: ${HITS:-none}"
		show_file "$BODY" 12
	fi
}

# gopher_menu_problems FILE: what is wrong with a Gopher menu (empty
# when it is well formed: CRLF lines of 4 TAB-separated fields, ".")
gopher_menu_problems() {
	local f=$1
	[ -s "$f" ] || { echo " empty"; return; }
	head -n -1 "$f" | awk -F'\t' 'NF != 4 { printf " line %d has %d fields;", NR, NF }'
	grep -nv $'\r$' "$f" | head -n 2 | sed 's/^/ no CRLF: /' | tr '\n' ';'
	[ "$(tail -n 1 "$f" | tr -d '\r')" = . ] || echo " no final ."
	head -n -1 "$f" | cut -c1 | grep -v '^[0-9a-zA-Z+]$' | head -n 1 |
	    sed 's/^/ bad item type: /'
}

# new_thread WHO SLUG TITLE BODY: start a discussion by prompt; sets
# $NEW_T to its id (empty on failure, with a failed test)
new_thread() {
	NEW_T=
	act "$1" "/space/$2/new?$(urlenc "$3")"
	if [[ "$HDR" != "30 /draft/"* ]]; then
		not_ok "$1 starts \"$3\"" "got header: $HDR"
		return 1
	fi
	act "$1" "$(meta)?$(urlenc "$4")"
	if [[ "$HDR" != "30 /thread/"* ]]; then
		not_ok "$1 posts the opening post of \"$3\"" "got header: $HDR"
		return 1
	fi
	NEW_T=${HDR#30 /thread/}
}

# comment WHO THREAD TEXT: a comment by prompt; sets $NEW_C to its id
comment() {
	NEW_C=
	act "$1" "/thread/$2/comment?$(urlenc "$3")"
	# to the page that holds it: /thread/ID, or /thread/ID/page/N
	if [ "$HDR" != "30 /thread/$2" ] &&
	    [[ "$HDR" != "30 /thread/$2/page/"* ]]; then
		not_ok "$1 comments in /thread/$2" "got header: $HDR"
		return 1
	fi
	NEW_C=$(sql "SELECT max(id) FROM comments WHERE thread_id = $2")
}

# rfc3339 STRING: a date-time as RFC 3339 writes it
rfc3339() {
	[[ "$1" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$ ]]
}

# ----------------------------------------------------- the Atom checker

# Both parsers print the same report on stdout:
#   parse-error MESSAGE          not well-formed (nothing else follows)
#   root {NS}NAME
#   feed ID|TITLE|UPDATED        (the raw values)
#   entries N
#   entry-bad N WHAT             entry N lacks WHAT or has it wrong
#   entry ID<TAB>TITLE           each entry's id and parsed title
ATOM_NS=http://www.w3.org/2005/Atom
ATOM_PARSER=${ATOM_PARSER:-}
if [ -z "$ATOM_PARSER" ]; then
	if command -v python3 >/dev/null &&
	    python3 -c 'import xml.etree.ElementTree, xml.parsers.expat' \
	    2>/dev/null; then
		ATOM_PARSER=python3
	elif command -v xmllint >/dev/null; then
		ATOM_PARSER=xmllint
	else
		ATOM_PARSER=none
	fi
fi

atom_report_python3() {
	python3 - "$1" <<-'EOF'
	import re, sys
	import xml.etree.ElementTree as ET
	A = '{http://www.w3.org/2005/Atom}'
	RFC3339 = re.compile(r'^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?'
	    r'([Zz]|[+-]\d\d:\d\d)$')
	try:
	    root = ET.parse(sys.argv[1]).getroot()
	except ET.ParseError as e:
	    print('parse-error', e)
	    sys.exit(0)
	def text(el, path):
	    x = el.find(path)
	    return None if x is None else (x.text or '')
	print('root', root.tag)
	fid, ftitle, fupd = (text(root, A + n) for n in ('id', 'title',
	    'updated'))
	print('feed %s|%s|%s' % (fid, ftitle, fupd))
	entries = root.findall(A + 'entry')
	print('entries', len(entries))
	for i, e in enumerate(entries, 1):
	    eid = text(e, A + 'id')
	    title = text(e, A + 'title')
	    upd = text(e, A + 'updated')
	    name = text(e, A + 'author/' + A + 'name')
	    links = [l.get('href') or '' for l in e.findall(A + 'link')]
	    if not eid:
	        print('entry-bad', i, 'id')
	    if title is None:
	        print('entry-bad', i, 'title')
	    if upd is None or not RFC3339.match(upd):
	        print('entry-bad', i, 'updated %r' % upd)
	    if not name:
	        print('entry-bad', i, 'author/name')
	    if not links or not all(h.startswith('gemini://') for h in links):
	        print('entry-bad', i, 'link href %r' % links)
	    print('entry %s\t%s' % (eid, title))
	EOF
}

# xmllint: the same report, one XPath at a time (no namespace
# registration in --xpath, so elements are matched by namespace-uri()
# and local-name())
_xp() {
	xmllint --xpath "$1" "$2" 2>/dev/null
}
atom_report_xmllint() {
	local f=$1 n i e a="namespace-uri()='$ATOM_NS'" err
	if ! err=$(xmllint --noout "$f" 2>&1); then
		echo "parse-error $(printf '%s' "$err" | head -n 1)"
		return
	fi
	echo "root {$(_xp 'namespace-uri(/*)' "$f")}$(_xp 'local-name(/*)' "$f")"
	echo "feed $(_xp "string(/*/*[local-name()='id' and $a])" "$f")|$(
	    _xp "string(/*/*[local-name()='title' and $a])" "$f")|$(
	    _xp "string(/*/*[local-name()='updated' and $a])" "$f")"
	n=$(_xp "count(/*/*[local-name()='entry' and $a])" "$f")
	echo "entries $n"
	for ((i = 1; i <= n; i++)); do
		e="/*/*[local-name()='entry' and $a][$i]"
		local id title upd name nlinks nbad
		id=$(_xp "string($e/*[local-name()='id' and $a])" "$f")
		title=$(_xp "string($e/*[local-name()='title' and $a])" "$f")
		upd=$(_xp "string($e/*[local-name()='updated' and $a])" "$f")
		name=$(_xp "string($e/*[local-name()='author' and $a]/*[local-name()='name' and $a])" "$f")
		nlinks=$(_xp "count($e/*[local-name()='link' and $a])" "$f")
		nbad=$(_xp "count($e/*[local-name()='link' and $a][not(starts-with(@href, 'gemini://'))])" "$f")
		[ -n "$id" ] || echo "entry-bad $i id"
		[ "$(_xp "count($e/*[local-name()='title' and $a])" "$f")" -ge 1 ] ||
		    echo "entry-bad $i title"
		rfc3339 "$upd" || echo "entry-bad $i updated '$upd'"
		[ -n "$name" ] || echo "entry-bad $i author/name"
		[ "$nlinks" -ge 1 ] && [ "$nbad" = 0 ] ||
		    echo "entry-bad $i link href ($nlinks links, $nbad bad)"
		printf 'entry %s\t%s\n' "$id" "$title"
	done
}

# atom_checks WHAT PATH WANT-ENTRIES: fetch an Atom feed and check it;
# the report is left in $TMP/atom.report
atom_checks() {
	local what=$1 path=$2 want=$3 rep="$TMP/atom.report" line
	gem "$path"
	check_reply "$what ($path): 20 application/atom+xml" 20 \
	    '^application/atom\+xml(;|$)'
	cp "$BODY" "$TMP/atom.xml"
	if [ "$ATOM_PARSER" = none ]; then
		skip "$what: a well-formed Atom feed" \
		    "neither python3 nor xmllint (libxml2-utils) is installed"
		: >"$rep"
		return
	fi
	"atom_report_$ATOM_PARSER" "$TMP/atom.xml" >"$rep" 2>&1
	if grep -q '^parse-error' "$rep"; then
		not_ok "$what: well-formed XML ($ATOM_PARSER)" \
		    "$(grep '^parse-error' "$rep")"
		show_file "$TMP/atom.xml" 12
		return
	fi
	ok "$what: well-formed XML ($ATOM_PARSER)"
	check_eq "$what: the root is {$ATOM_NS}feed" "root {$ATOM_NS}feed" \
	    "$(grep '^root ' "$rep")"
	line=$(sed -n 's/^feed //p' "$rep")
	local fid=${line%%|*} rest=${line#*|}
	local ftitle=${rest%%|*} fupd=${rest#*|}
	if [[ "$fid" == gemini://* ]] && [ -n "$ftitle" ] && rfc3339 "$fupd"
	then
		ok "$what: the feed has an id, a title and an RFC 3339 updated"
	else
		not_ok "$what: the feed has an id, a title and an RFC 3339" \
		    "updated" "id '$fid', title '$ftitle', updated '$fupd'"
	fi
	check_none "$what: every entry has id, title, updated (RFC 3339)," \
	    "$(grep '^entry-bad' "$rep" | head -n 5 | tr '\n' ';')"
	check_eq "$what: entries as in the database (at most 30)" "$want" \
	    "$(sed -n 's/^entries //p' "$rep")"
}

# atom_title_of ID-SUFFIX: the parsed title of the entry whose id ends
# with ID-SUFFIX, from the last report
atom_title_of() {
	awk -F'\t' -v s="$1" 'substr($1, 1, 6) == "entry " &&
	    substr($1, length($1) - length(s) + 1) == s {
	    print substr($0, length($1) + 2); exit }' "$TMP/atom.report"
}

# check_atom_title NAME WANT ID-SUFFIX: the parsed title of an entry
check_atom_title() {
	if [ "$ATOM_PARSER" = none ]; then
		skip "$1" "neither python3 nor xmllint (libxml2-utils) is installed"
		return
	fi
	check_eq "$1" "$2" "$(atom_title_of "$3")"
}

# ----------------------------------------------------- gemfeed checker

# gemfeed_checks WHAT PATH: text/gemini, an H1, link lines
# "=> /thread/N YYYY-MM-DD ..." (or /comment/N: a comment's permalink),
# dates newest first
gemfeed_checks() {
	local what=$1 path=$2 bad dates
	gem "$path"
	check_reply "$what ($path): 20 text/gemini" 20 '^text/gemini(;|$)'
	check_grep "$what: an H1 heading" '^# [^ ]' "$BODY"
	bad=$(grep -E '^=> ?/(thread|comment)/[0-9]+( |$)' "$BODY" |
	    grep -vE '^=> ?/(thread|comment)/[0-9]+ [0-9]{4}-[0-9]{2}-[0-9]{2} .' |
	    head -n 2 | escaped | tr '\n' ';')
	check_none "$what: every entry is \"=> /thread/N YYYY-MM-DD ...\"" \
	    "$bad"
	dates=$(grep -E '^=> ?/(thread|comment)/[0-9]+ [0-9]{4}-' "$BODY" |
	    awk '{ print $3 }')
	if [ -n "$dates" ]; then
		ok "$what: has entries ($(printf '%s\n' "$dates" | wc -l))"
	else
		not_ok "$what: has entries"
		show_file "$BODY" 12
	fi
	check_eq "$what: newest first" "$(printf '%s\n' "$dates" |
	    sort -r)" "$dates"
}

# ---------------------------------------------------------- the server

SCHEMA=$(grep -oE 'STORE_SCHEMA_VERSION[[:space:]]+[0-9]+' src/store/store.h |
    grep -oE '[0-9]+$')
make_demo_db || bail_out "no demo database"
"$MOOTCTL" --db "$TMP/moot.db" settings set post_refill 0 \
    >>"$TMP/mootctl.log" 2>&1 || bail_out "mootctl settings set failed"
# this script searches far more than a reader would
"$MOOTCTL" --db "$TMP/moot.db" settings set search_refill 0 \
    >>"$TMP/mootctl.log" 2>&1 || bail_out "mootctl settings set failed"
check_eq "the demo database is at schema version $SCHEMA" "$SCHEMA" \
    "$(sql 'PRAGMA user_version')"
start_mootd || bail_out "mootd did not start"
PAGE_META="text/gemini; charset=utf-8; lang=en"

for c in alice bob carol mona newbie stranger; do
	make_client_cert "$c" 30 0 || bail_out "cannot make certificates"
done
act alice "/join?Alice%20Tester"
[ "$HDR" = "30 /welcome" ] || bail_out "alice could not join: $HDR"
act bob "/join?Bob%20Tester"
[ "$HDR" = "30 /welcome" ] || bail_out "bob could not join: $HDR"
act carol "/join?Carol%20Tester"
[ "$HDR" = "30 /welcome" ] || bail_out "carol could not join: $HDR"
act mona "/join?Mona%20Minder"
[ "$HDR" = "30 /welcome" ] || bail_out "mona could not join: $HDR"
ALICE=$(sql "SELECT id FROM members WHERE name = 'Alice Tester'")
BOB=$(sql "SELECT id FROM members WHERE name = 'Bob Tester'")
CAROL=$(sql "SELECT id FROM members WHERE name = 'Carol Tester'")
MONA=$(sql "SELECT id FROM members WHERE name = 'Mona Minder'")
sql "UPDATE members SET role = 1 WHERE id = $MONA"

# ---------------------------------------------- search on the demo data

# "draft": in the title of one discussion only, not in its opening post
# or its comments, and in several comments of other discussions
RANK_W=draft
RANK_T=$(sql "SELECT id FROM threads WHERE title LIKE '%$RANK_W%'")
n_other=$(sql "SELECT count(*) FROM comments WHERE body LIKE '%$RANK_W%'
    AND thread_id <> '$RANK_T'")
n_same=$(sql "SELECT (SELECT count(*) FROM comments WHERE thread_id =
    '$RANK_T' AND body LIKE '%$RANK_W%') + (SELECT count(*) FROM threads
    WHERE id = '$RANK_T' AND body LIKE '%$RANK_W%')")
if [[ "$RANK_T" =~ ^[0-9]+$ ]] && [ "$n_other" -ge 3 ] && [ "$n_same" = 0 ]
then
	ok "demo: \"$RANK_W\" is in one title (/thread/$RANK_T) and in $n_other comments elsewhere"
else
	not_ok "demo: \"$RANK_W\" is in one title and in comments elsewhere" \
	    "title thread(s): $RANK_T; other comments $n_other;" \
	    "same thread $n_same"
fi
search "$RANK_W"
check_header "/search?$RANK_W: 20" "20 $PAGE_META" "$HDR"
cp "$BODY" "$TMP/rank.gmi"
check_eq "the discussion with \"$RANK_W\" in its title ranks first" \
    "$RANK_T" "${HITS%% *}"
n=$(printf '%s\n' $HITS | wc -l)
if [ "$n" -ge 4 ]; then
	ok "... and the comments elsewhere are found too ($n hits)"
else
	not_ok "... and the comments elsewhere are found too" "hits: $HITS"
fi
check_grep "results show a plain excerpt with the word found" \
    '^[^=#].*[Dd]raft' "$TMP/rank.gmi"
check_no_grep "... no asterisks around it (screen readers read them)" \
    '\*[Dd]raft[a-z]*\*' "$TMP/rank.gmi"
check_grep "... under a line saying who wrote it, where and when" \
    '^By .+ in .+, [0-9]{4}-[0-9]{2}-[0-9]{2}$' "$TMP/rank.gmi"
check_grep "the results page offers to search again (=> /search)" \
    '^=> ?/search( |$)' "$TMP/rank.gmi"

# a word in one comment only
ONE_W=lincolnshire
ONE_C=$(sql "SELECT group_concat(id) FROM comments WHERE body LIKE
    '%$ONE_W%'")
ONE_T=$(sql "SELECT thread_id FROM comments WHERE id = '$ONE_C'")
check_eq "demo: \"$ONE_W\" is in no title or opening post" 0 \
    "$(sql "SELECT count(*) FROM threads WHERE title LIKE '%$ONE_W%' OR
    body LIKE '%$ONE_W%'")"
if [[ "$ONE_C" =~ ^[0-9]+$ ]]; then
	ok "demo: \"$ONE_W\" is in one comment only ($ONE_C)"
else
	not_ok "demo: \"$ONE_W\" is in one comment only" "comments: $ONE_C"
fi
search "$ONE_W"
check_eq "a word in one comment finds that discussion, once" "$ONE_T" \
    "$HITS"
check_grep "... its link says it is a comment in that discussion" \
    "^=> ?/comment/$ONE_C A comment in " "$BODY"
check_grep "... with the word in a plain excerpt" \
    '^[^=#*]*[Ll]incolnshire[^*]*$' "$BODY"
search "LINCOLNSHIRE"
check_eq "search ignores case" "$ONE_T" "$HITS"
check_found "two words of the same comment find it" "village $ONE_W" \
    "$ONE_T"
n=$(sql "SELECT count(*) FROM search WHERE search MATCH '\"and\"*'")
search and
check_eq "a word in $n posts: the first 20 are shown" 20 \
    "$(printf '%s\n' $HITS | wc -l)"
check_not_found "a word that is nowhere: no hits" "zzqxjvnothing"
check_contains "... and says so" "Nothing found" "$BODY"
# remove_diacritics: "cafe" finds "café" (in the demo)
check_eq "demo: \"café\" is in the demo" 1 \
    "$(sql "SELECT count(*) > 0 FROM comments WHERE body LIKE '%café%'")"
search "café"
c1=$HITS
search "cafe"
if [ -n "$c1" ] && [ "$HITS" = "$c1" ]; then
	ok "UTF-8: \"café\" finds hits, and \"cafe\" the same ones"
else
	not_ok "UTF-8: \"café\" finds hits, and \"cafe\" the same ones" \
	    "café: ${c1:-none}" "cafe: ${HITS:-none}"
fi

gem /search
check_reply "/search without a query: 10" 10 "search"
gem "/search?"
check_status "/search? (empty query): 10" 10 "$HDR"
gem "/search?%20%22%29("
check_status "/search?%20%22%29( (only punctuation): 10" 10 "$HDR"
for q in '%2A' '%2D%2D%2D' '%5E%3A%28%29%22' '%20%20%20' '%2B%2B'; do
	gem "/search?$q"
	check_status "/search?$q (punctuation only): 10" 10 "$HDR"
done

# FTS5 syntax typed by a reader: words at most, never an error
for q in 'NEAR(a b)' 'NEAR(draft session, 2)' '"unbalanced' 'title:foo' \
    'title:draft' '*' 'draft*' '-draft' '^draft' 'draft AND' 'OR' \
    'NOT draft' 'draft OR session' 'a + b' '(draft' 'draft)' \
    '{title body}: draft' "it's" 'x"y"z' 'col:' '""' "''" '\' \
    'draft NEAR/2 session' '« — »' '…' 'ａｂｃ' 'Glasgow’s' \
    'one two three four five six seven eight nine ten eleven twelve'; do
	gem "/search?$(urlenc "$q")"
	check_status_in "FTS syntax as input: $q -> 20 or 10" "20 10" "$HDR"
done
gem "/search?draft%00session"
check_status_in "a NUL in the query (%00): 10, 20 or 59, never 40/42" \
    "10 20 59" "$HDR"
gem "/search?$(printf 'x%.0s' $(seq 79))%C3%A9%C3%A9"
check_status "a long query ending in UTF-8: 20" 20 "$HDR"
if iconv -f UTF-8 -t UTF-8 "$BODY" >/dev/null 2>&1; then
	ok "... the page (its heading repeats the query) is valid UTF-8"
else
	not_ok "... the page (its heading repeats the query) is valid UTF-8" \
	    "heading: $(head -n 1 "$BODY" | od -An -c | tr -s ' \n' ' ' |
	    tail -c 60)"
fi
gem /
check_header "the server keeps serving after all of that" \
    "20 $PAGE_META" "$HDR"
check "mootd is still running" mootd_alive

# Gopher
gopher "/\r\n"
cp "$RESP" "$TMP/root.gph"
check_grep "Gopher: the root menu has a type 7 item for /search" \
    $'^7[^\t]*\t/search\tlocalhost\t'"$GOPHER_PORT"$'\r$' "$TMP/root.gph"
gopher "/search\r\n"
check_grep "Gopher: /search alone is a menu with the type 7 item" \
    $'^7[^\t]*\t/search\t' "$RESP"
check_none "... well formed" "$(gopher_menu_problems "$RESP")"
gopher "/search\t$RANK_W\r\n"
cp "$RESP" "$TMP/search.gph"
check_none "Gopher: \"/search<TAB>$RANK_W\" is a well-formed menu" \
    "$(gopher_menu_problems "$TMP/search.gph")"
check_eq "... whose first hit is /thread/$RANK_T" "$RANK_T" \
    "$(grep -m 1 -E $'^1[^\t]*\t/thread/[0-9]+\t' "$TMP/search.gph" |
    cut -f2 | sed 's|/thread/||')"
check_grep "... with the excerpt in info lines" $'^i.*[Dd]raft' \
    "$TMP/search.gph"
check_no_grep "... without asterisks around the word" $'^i.*\\*[Dd]raft' \
    "$TMP/search.gph"
if command -v curl >/dev/null; then
	curl -s -m "$NET_TIMEOUT" -o "$TMP/curl.gph" \
	    "gopher://127.0.0.1:$GOPHER_PORT/7/search%09$ONE_W"
	check_exit "curl gopher://HOST:PORT/7/search%09$ONE_W: exit 0" 0 "$?"
	check_none "... a well-formed menu" \
	    "$(gopher_menu_problems "$TMP/curl.gph")"
	check_grep "... with the hit (the comment's permalink)" \
	    $'^1[^\t]*\t/comment/'"$ONE_C"$'\t' "$TMP/curl.gph"
else
	skip "curl gopher://HOST:PORT/7/search%09WORD" "no curl"
fi
gopher "/search?$ONE_W\r\n"
check_none "Gopher: the selector /search?$ONE_W is a well-formed menu" \
    "$(gopher_menu_problems "$RESP")"
check_grep "... with the hit (the comment's permalink)" \
    $'^1[^\t]*\t/comment/'"$ONE_C"$'\t' "$RESP"
gopher "/search\tNEAR(\"unbalanced\r\n"
check_none "Gopher: a search with FTS syntax is still a menu" \
    "$(gopher_menu_problems "$RESP")"
check_no_grep "... not an error item" '^3' "$RESP"

# ------------------------------------------ the index stays in step

T=$RANK_T
comment carol "$T" "Wombatlike thoughts about quokkamarker pilots."
C=$NEW_C
check_found "a new comment is found at once" quokkamarker "$T"
check_grep "... the hit links the comment's permalink" \
    "^=> ?/comment/$C A comment in " "$BODY"
check_grep "... by its author, in its space" \
    '^By Carol Tester in .+, [0-9]{4}-' "$BODY"
check_grep "... and its plain text as the excerpt" \
    '^Wombatlike thoughts about quokkamarker pilots\.$' "$BODY"
act carol "/comment/$C/edit?$(urlenc "Now about numbatmarker instead.")"
check_header "the author edits the comment: 30" "30 /thread/$T" "$HDR"
check_not_found "after the edit the old words are gone" quokkamarker
check_not_found "... all of them" wombatlike
check_found "... and the new words are found" numbatmarker "$T"
act carol "/comment/$C/delete?yes"
check_header "the author deletes the comment: 30" "30 /thread/$T" "$HDR"
check_not_found "after deletion the comment is not found" numbatmarker

comment bob "$T" "Bilbymarker is a word for the moderators."
C=$NEW_C
check_found "another new comment is found" bilbymarker "$T"
act mona "/mod/comment/$C/hide?spam"
check_header "a moderator hides it: 30" "30 /thread/$T" "$HDR"
check_not_found "a hidden comment is not found" bilbymarker
act mona "/mod/comment/$C/restore?ok"
check_header "the moderator restores it: 30" "30 /thread/$T" "$HDR"
check_found "a restored comment is found again" bilbymarker "$T"
act mona "/mod/comment/$C/hide?spam%20again"
HIDDEN_C=$C		# stays hidden, for the migration below

# an archived space: its discussions are not found (lincolnshire is in
# one of its comments, "small" is in a title)
A_SLUG=$(sql "SELECT s.slug FROM threads t JOIN spaces s ON s.id =
    t.space_id WHERE t.id = $ONE_T")
sql "UPDATE spaces SET archived = 1 WHERE slug = '$A_SLUG'"
check_not_found "a comment in an archived space is not found" "$ONE_W"
search small
if [[ "$HDR" == "20 "* ]] && [ -n "$HITS" ] && ! printf '%s\n' $HITS |
    grep -qxE "$(sql "SELECT group_concat(id, '|') FROM threads WHERE
    space_id = (SELECT id FROM spaces WHERE slug = '$A_SLUG')")"; then
	ok "no discussion of the archived space is among the hits"
else
	not_ok "no discussion of the archived space is among the hits" \
	    "header $HDR, hits: $HITS"
fi
sql "UPDATE spaces SET archived = 0 WHERE slug = '$A_SLUG'"
check_found "... found again once the space is no longer archived" \
    "$ONE_W" "$ONE_T"

# held posts: a new member of a community that approves them
"$MOOTCTL" --db "$TMP/moot.db" settings set join_mode approval \
    >>"$TMP/mootctl.log" 2>&1
check_exit "mootctl settings set join_mode approval" 0 "$?"
act newbie "/join?Newbie%20Held"
check_header "a new member joins" "30 /welcome" "$HDR"
HELD_SLUG=$(sql "SELECT slug FROM spaces ORDER BY id LIMIT 1")
new_thread newbie "$HELD_SLUG" "Dugongmarker question" \
    "An opening post about kakapomarker birds."
HELD_T=$NEW_T
check_eq "the new member's discussion is held" 1 \
    "$(sql "SELECT held FROM threads WHERE id = '$HELD_T'")"
comment newbie "$T" "A held comment about manateemarker things."
HELD_C=$NEW_C
check_eq "the new member's comment is held" 1 \
    "$(sql "SELECT held FROM comments WHERE id = '$HELD_C'")"
check_not_found "a held comment is not found" manateemarker
check_not_found "a held discussion is not found by its title" \
    dugongmarker
check_not_found "... nor by its opening post" kakapomarker
act mona "/mod/comment/$HELD_C/approve?ok"
check_header "a moderator approves the comment: 30" "30 /thread/$T" "$HDR"
check_found "an approved comment is found" manateemarker "$T"
check_not_found "the discussion still held is still not found" \
    dugongmarker
act mona "/mod/thread/$HELD_T/approve?ok"
check_header "a moderator approves the discussion: 30" \
    "30 /thread/$HELD_T" "$HDR"
check_found "an approved discussion is found by its title" dugongmarker \
    "$HELD_T"
check_found "... and by its opening post" kakapomarker "$HELD_T"
"$MOOTCTL" --db "$TMP/moot.db" settings set join_mode open \
    >>"$TMP/mootctl.log" 2>&1
# one more held discussion, left held: not in the feeds, not found
# after the migration
make_client_cert newbie2 30 0
"$MOOTCTL" --db "$TMP/moot.db" settings set join_mode approval \
    >>"$TMP/mootctl.log" 2>&1
act newbie2 "/join?Newbie%20Two"
new_thread newbie2 "$HELD_SLUG" "Axolotlmarker stays held" "Held body."
STILL_HELD_T=$NEW_T
"$MOOTCTL" --db "$TMP/moot.db" settings set join_mode open \
    >>"$TMP/mootctl.log" 2>&1
check_not_found "a discussion left held is not found" axolotlmarker

# --------------------------------------------------------- Atom feeds

XSLUG=$(sql "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id
    DESC LIMIT 1")
XTITLE='Fish & chips <b>bold</b> "quoted" > it'"'"'s'
new_thread alice "$XSLUG" "$XTITLE" "A body with & < > \" ' too."
XT=$NEW_T
comment bob "$XT" "Tom & Jerry <script> \"x\" — a reply"
# a noncharacter (U+FFFF) is valid UTF-8 but not an XML character
act carol "/thread/$XT/comment?nonchar%EF%BF%BFhere"
NONCHAR=0
[ "$HDR" = "30 /thread/$XT" ] && NONCHAR=1

want=$(sql "SELECT min(30, count(*)) FROM threads t JOIN spaces s ON
    s.id = t.space_id WHERE t.held = 0 AND s.archived = 0")
atom_checks "/feed.xml" /feed.xml "$want"
check_atom_title "/feed.xml: the thread title with & < > \" parses back equal" \
    "$XTITLE" "/thread/$XT"
check_grep "/feed.xml: the title is escaped in the XML" \
    '<title>Fish &amp; chips &lt;b&gt;bold&lt;/b&gt;' "$TMP/atom.xml"
check_no_grep "/feed.xml: no held discussion in the feed" \
    "/thread/$STILL_HELD_T<" "$TMP/atom.xml"

want=$(sql "SELECT min(30, count(*)) FROM threads t JOIN spaces s ON
    s.id = t.space_id WHERE t.held = 0 AND s.slug = '$XSLUG'")
atom_checks "space feed" "/space/$XSLUG/feed.xml" "$want"
check_atom_title "space feed: the title with & < > \" parses back equal" \
    "$XTITLE" "/thread/$XT"

# a space with more than 30 discussions
add_space_with_threads bulk 35
want=$(sql "SELECT min(30, count(*)) FROM threads t JOIN spaces s ON
    s.id = t.space_id WHERE t.held = 0 AND s.archived = 0")
atom_checks "/feed.xml after 35 more discussions" /feed.xml "$want"
atom_checks "space feed of 35 discussions" /space/bulk/feed.xml 30

want=$(sql "SELECT min(30, count(*)) FROM comments WHERE thread_id = $T
    AND held = 0 AND deleted = 0 AND hidden IS NULL")
atom_checks "thread feed" "/thread/$T/feed.xml" "$want"
check_no_grep "thread feed: the hidden comment is not in it" \
    "bilbymarker" "$TMP/atom.xml"
if [ "$NONCHAR" = 1 ]; then
	want=$(sql "SELECT min(30, count(*)) FROM comments WHERE thread_id =
	    $XT AND held = 0 AND deleted = 0 AND hidden IS NULL")
	atom_checks "thread feed with a U+FFFF comment" \
	    "/thread/$XT/feed.xml" "$want"
else
	ok "a comment with U+FFFF is refused ($HDR), so feeds stay XML"
	want=$(sql "SELECT min(30, count(*)) FROM comments WHERE thread_id =
	    $XT AND held = 0 AND deleted = 0 AND hidden IS NULL")
	atom_checks "thread feed of the & < > discussion" \
	    "/thread/$XT/feed.xml" "$want"
fi
check_grep "thread feed: the comment's & < > \" are escaped" \
    'Tom &amp; Jerry &lt;script&gt;' "$TMP/atom.xml"

gem "/space/no-such-space/feed.xml"
check_status "the Atom feed of a space that does not exist: 51" 51 "$HDR"
gem "/thread/999999/feed.xml"
check_status "the Atom feed of a discussion that does not exist: 51" 51 \
    "$HDR"
gem "/thread/$STILL_HELD_T/feed.xml"
check_status "the Atom feed of a held discussion: 51" 51 "$HDR"

# ------------------------------------------------------ gemfeed pages

gemfeed_checks "/feed" /feed
check_eq "/feed: the newest discussion is first" "$(sql "SELECT t.id FROM
    threads t JOIN spaces s ON s.id = t.space_id WHERE t.held = 0 AND
    s.archived = 0 ORDER BY t.created DESC, t.id DESC LIMIT 1")" \
    "$(grep -m 1 -E '^=> ?/thread/[0-9]+ ' "$BODY" |
    sed -E 's|^=> ?/thread/([0-9]+) .*|\1|')"
check_grep "/feed: links to its Atom twin" '^=> ?/feed\.xml( |$)' "$BODY"
gemfeed_checks "space feed" "/space/$XSLUG/feed"
check_grep "space feed: lists the new discussion" \
    "^=> ?/thread/$XT [0-9-]{10} Fish & chips" "$BODY"
gemfeed_checks "thread feed" "/thread/$T/feed"
check_grep "thread feed: lists a comment of the discussion, by its permalink" \
    "^=> ?/comment/$(sql "SELECT id FROM comments WHERE thread_id = $T AND
    body LIKE '%manateemarker%' ORDER BY id DESC LIMIT 1") [0-9-]{10} .*manateemarker" \
    "$BODY"

# ----------------------------------------------------- notifications

NSLUG=$XSLUG
new_thread alice "$NSLUG" "Alice asks about notifications" \
    "Does anyone hear of replies here?"
NT=$NEW_T
NTITLE="Alice asks about notifications"
# what alice has had so far (the & < > discussion had replies)
act alice /me/notifications
as alice /
check_no_grep "a member with nothing new: no count on the home page" \
    'new notification' "$BODY"

comment bob "$NT" "Bob replies: yes, they do."
check_eq "B's comment writes no notification row: replies are gathered when read" \
    0 "$(sql "SELECT count(*) FROM notifications WHERE member_id = $ALICE
    AND seen = 0")"
as alice /
check_header "A's home page: 20" "20 $PAGE_META" "$HDR"
check_grep "A's home page shows \"1 new notification\"" \
    '^=> ?/me/notifications(/~[A-Za-z0-9_-]{16})? (.*[^0-9])?1 new notification([^s]|$)' "$BODY"
act alice /me/notifications
check_header "A's /me/notifications: 20" "20 $PAGE_META" "$HDR"
cp "$BODY" "$TMP/notes1.gmi"
check_eq "reading gathered B's reply into one notification for A" 1 \
    "$(sql "SELECT count(*) FROM notifications WHERE member_id = $ALICE
    AND kind = 'reply' AND thread_id = $NT AND actor_id = $BOB")"
check_grep "... lists 'Bob Tester replied in \"TITLE\"', marked New:" \
    "^=> ?/comment/$NEW_C New: .*Bob Tester replied in \"$NTITLE\"" \
    "$TMP/notes1.gmi"
act alice /me/notifications
check_grep "after viewing, it is still listed" \
    "Bob Tester replied in \"$NTITLE\"" "$BODY"
check_no_grep "... but no longer New" "New: .*Bob Tester replied" "$BODY"
as alice /
check_no_grep "... and the home page no longer shows a count" \
    'new notification' "$BODY"
act bob /me/notifications
check_header "B's /me/notifications: 20" "20 $PAGE_META" "$HDR"
check_no_grep "B's own comment does not notify B" \
    "Bob Tester (replied|mentioned)" "$BODY"
check_eq "... no row for B about B's own comment" 0 "$(sql "SELECT
    count(*) FROM notifications WHERE member_id = $BOB AND actor_id =
    $BOB")"

# who hears of a reply: the participants table (schema 4)
replies_to() {	# WHO THREAD: WHO's reply notifications there, once read
	local id
	act "$1" /me/notifications
	id=$(sql "SELECT id FROM members WHERE name_key = '$1 tester'")
	sql "SELECT count(*) FROM notifications WHERE member_id = $id AND
	    kind = 'reply' AND thread_id = $2"
}
c0=$(replies_to carol "$NT")
comment bob "$NT" "Bob again, before Carol takes part."
check_eq "C, not yet in the discussion, hears nothing of B's comment" \
    "$c0" "$(replies_to carol "$NT")"
comment carol "$NT" "Carol joins in."
CC=$NEW_C
check_eq "C's comment makes C a participant" 1 "$(sql "SELECT count(*)
    FROM participants WHERE thread_id = $NT AND member_id = $CAROL")"
a0=$(replies_to alice "$NT")
b0=$(replies_to bob "$NT")
comment bob "$NT" "Bob answers Carol."
check_eq "now B's comment notifies C" $((c0 + 1)) \
    "$(replies_to carol "$NT")"
check_eq "... and A, the discussion's author, once more" $((a0 + 1)) \
    "$(replies_to alice "$NT")"
check_eq "... and not B" "$b0" "$(replies_to bob "$NT")"
act carol "/comment/$CC/delete?yes"
check_header "C deletes C's only comment there: 30" "30 /thread/$NT" "$HDR"
check_eq "... which ends C's part in the discussion" 0 "$(sql "SELECT
    count(*) FROM participants WHERE thread_id = $NT AND member_id =
    $CAROL")"
comment bob "$NT" "Bob, after Carol left."
check_eq "... so B's next comment does not notify C" $((c0 + 1)) \
    "$(replies_to carol "$NT")"
check_eq "the participants are exactly the authors and visible commenters" \
    "" "$(sql "SELECT thread_id, member_id FROM participants EXCEPT
    SELECT * FROM (SELECT id, member_id FROM threads UNION SELECT
    thread_id, member_id FROM comments WHERE deleted = 0 AND held = 0)")"
# read, so that what follows starts with nothing new
act alice /me/notifications
act bob /me/notifications
act carol /me/notifications

# a long absence: the home page stops counting at 99+
for i in $(seq 100); do
	comment bob "$NT" "Bob, reply $i of 100 while Alice is away." ||
	    break
done
as alice /
check_grep "100 untold replies: A's home page says \"99+ new notifications\"" \
    '^=> ?/me/notifications(/~[A-Za-z0-9_-]{16})? 99\+ new notifications for you' "$BODY"
act alice /me/notifications
check_eq "... and reading gathers all 100" 100 "$(sql "SELECT count(*) FROM
    notifications WHERE member_id = $ALICE AND kind = 'reply' AND
    thread_id = $NT AND note = '' AND comment_id IN (SELECT id FROM
    comments WHERE body LIKE 'Bob, reply % of 100 while Alice is away.')")"
as alice /
check_no_grep "... after which the home page counts nothing new" \
    'new notification' "$BODY"
# a reply a moderator hides before A reads is not told
comment bob "$NT" "Bob posts spam to be hidden."
HC=$NEW_C
act mona "/mod/comment/$HC/hide?$(urlenc "Spam")"
check_reply "a moderator hides B's new reply in A's discussion: 30 to its page" \
    30 "^/thread/$NT/page/[0-9]+\$"
as alice /
check_no_grep "... A's home page counts nothing new" 'new notification' \
    "$BODY"
act alice /me/notifications
check_eq "... and reading gathers no notification for it" 0 \
    "$(sql "SELECT count(*) FROM notifications WHERE comment_id = $HC")"

# a mention, in a discussion A takes no part in
MT=$(sql "SELECT id FROM threads WHERE held = 0 AND member_id <> $ALICE
    AND id NOT IN (SELECT thread_id FROM comments WHERE member_id =
    $ALICE) ORDER BY id LIMIT 1")
MTITLE=$(sql "SELECT title FROM threads WHERE id = $MT")
comment carol "$MT" "@Alice Tester hello, what do you think?"
check_eq "C's \"@Alice Tester hello\": a mention for A" 1 \
    "$(sql "SELECT count(*) FROM notifications WHERE member_id = $ALICE
    AND kind = 'mention' AND thread_id = $MT AND actor_id = $CAROL")"
as alice /
check_grep "A's home page shows \"1 new notification\" again" \
    '(^| )1 new notification([^s]|$)' "$BODY"
act alice /me/notifications
check_grep "A's notifications: 'Carol Tester mentioned you in \"TITLE\"'" \
    "^=> ?/comment/$NEW_C New: .*Carol Tester mentioned you in \"$MTITLE\"" \
    "$BODY"
MT2=$(sql "SELECT id FROM threads WHERE held = 0 AND id <> $MT AND
    member_id <> $ALICE AND id NOT IN (SELECT thread_id FROM comments
    WHERE member_id = $ALICE) ORDER BY id LIMIT 1")
comment carol "$MT2" "(@alice tester: in other case) and @Nobody Here."
check_eq "a mention in other case, after \"(\": a mention for A" 1 \
    "$(sql "SELECT count(*) FROM notifications WHERE member_id = $ALICE
    AND kind = 'mention' AND thread_id = $MT2")"
n=$(sql "SELECT count(*) FROM notifications WHERE member_id = $ALICE")
MT3=$(sql "SELECT id FROM threads WHERE held = 0 AND id NOT IN ($MT,
    $MT2) AND member_id <> $ALICE AND id NOT IN (SELECT thread_id FROM
    comments WHERE member_id = $ALICE) ORDER BY id LIMIT 1")
comment carol "$MT3" "Write to x@Alice Tester or x@Alice please."
check_eq "an e-mail address \"x@Alice Tester\" does not mention A" "$n" \
    "$(sql "SELECT count(*) FROM notifications WHERE member_id = $ALICE")"

# a moderator hides A's comment
comment alice "$MT3" "A comment of Alice's to be hidden."
AC=$NEW_C
act alice /me/notifications
act mona "/mod/comment/$AC/hide?$(urlenc "Off topic, sorry")"
check_header "a moderator hides A's comment: 30" "30 /thread/$MT3" "$HDR"
as alice /
check_grep "A's home page shows the new notification" \
    '(^| )1 new notification([^s]|$)' "$BODY"
act alice /me/notifications
check_grep "A is told, with the reason" \
    "^=> ?/thread/$MT3 New: .*A moderator hid your comment: Off topic, sorry" \
    "$BODY"
check_no_grep "... and the moderator is not named" "Mona Minder" "$BODY"

# a moderator deletes A's discussion (it has B's comment)
check_found "A's discussion is found before it is deleted" \
    "Alice asks about notifications" "$NT"
act alice /me/notifications
act mona "/mod/thread/$NT/delete?Duplicate"
check_header "a moderator deletes A's discussion with a comment: 30 /mod" \
    "30 /mod" "$HDR"
check_not_found "... its title is no longer found" \
    "Alice asks about notifications"
check_not_found "... nor its comments" "Bob replies yes they do"
act alice /me/notifications
check_grep "... and A is told, with the reason and the title" \
    "^\* New: .*A moderator deleted your thread: Duplicate .*$NTITLE" \
    "$BODY"

gem /me/notifications
check_status "/me/notifications without a certificate: 60" 60 "$HDR"
act stranger /me/notifications
check_reply "/me/notifications with a non-member's certificate: 30 to /join" \
    30 '^/join(/|$|\?)'
gopher "/me/notifications\r\n"
check_no_grep "Gopher: /me/notifications shows nobody's notifications" \
    "replied in|mentioned you" "$RESP"

# -------------------------------------------------------------- /help

gem /help
check_reply "/help on Gemini: 20 text/gemini" 20 '^text/gemini(;|$)'
check_eq "/help's META says lang=en (like every page)" "20 $PAGE_META" \
    "$HDR"
check_grep "/help has an H1" '^# ' "$BODY"
check_grep "/help has a heading about certificates" \
    '^##+ .*[Cc]ertificate' "$BODY"
check_grep "/help has a heading about joining" '^##+ .*[Jj]oin' "$BODY"
check_grep "/help links to /join" '^=> ?/join( |$)' "$BODY"
sleep 0.2	# the log line is written when the connection closes
check_grep "... and is logged as /help, what was asked for" \
    '^[^ ]+ mootd: gemini [^ ]+ /help 20 ' "$TMP/mootd.log"
gem /
check_grep "the home page links to /help for a reader without a certificate" \
    '^=> ?/help( |$)' "$BODY"
gopher "/help\r\n"
cp "$RESP" "$TMP/help.gph"
check_none "Gopher: /help is a well-formed menu" \
    "$(gopher_menu_problems "$TMP/help.gph")"
check_grep "... with the help text" $'^i.*certificate' "$TMP/help.gph"
gem /robots.txt
check_reply "/robots.txt: 20 text/plain" 20 '^text/plain(;|$)'
check_grep "... with a User-agent line" '^User-agent:' "$BODY"
gem /favicon.txt
check_reply "/favicon.txt: 20 text/plain" 20 '^text/plain(;|$)'
check "... not empty" test -s "$BODY"
for p in / /search?draft /feed "/thread/$T" "/space/$XSLUG" /about; do
	gem "$p"
	check_header "$p: META carries lang=en" "20 $PAGE_META" "$HDR"
done

check_replies_all
stop_mootd

# ------------------------------------ the migration rebuilds the index

# Undo what migrations 14 (events), 13 (following), 12 (member pages),
# 11 (drafts), 10 (replies), 9 (the name skeletons), 8 (the intent key)
# and 7 (the pages index) do, and exactly what 5, 4 and 3 do, leaving a
# version 2 database with what members wrote.
sql "DROP TABLE event_drafts; DROP TABLE attendance; DROP TABLE events;"
sql "DROP TABLE follows; DROP INDEX comments_held; DROP INDEX threads_held"
sql "ALTER TABLE members DROP COLUMN about;
    ALTER TABLE members DROP COLUMN unlisted;"
sql "DROP TABLE comment_drafts;
    ALTER TABLE drafts DROP COLUMN body;
    ALTER TABLE modlog DROP COLUMN title;"
sql "DROP INDEX notifications_by_comment;
    ALTER TABLE comments DROP COLUMN reply_to;"
sql "DROP TRIGGER member_skel_added; DROP TRIGGER member_skel_changed;
    DROP INDEX members_by_skel; DROP INDEX members_by_skel_cased;
    ALTER TABLE members DROP COLUMN name_skel;
    ALTER TABLE members DROP COLUMN name_skel_cased;"
sql "DROP TABLE server_secret"
sql "DROP INDEX comments_by_weight;
    $(for t in comment_added comment_changed comment_removed thread_changed \
    member_changed member_removed space_added space_changed space_removed \
    setting_added setting_changed setting_removed; do
	echo "DROP TRIGGER rev_$t;"
    done)
    DROP TABLE revision;
    ALTER TABLE threads DROP COLUMN rev;
    DROP TRIGGER participant_started;
    DROP TRIGGER participant_commented;
    DROP TRIGGER participant_released;
    DROP TRIGGER participant_deleted;
    DROP TRIGGER participant_removed;
    DROP TABLE participants;
    DELETE FROM search;
    DROP TRIGGER search_comment_added;
    DROP TRIGGER search_comment_changed;
    DROP TRIGGER search_comment_removed;
    DROP TRIGGER search_thread_added;
    DROP TRIGGER search_thread_changed;
    DROP TRIGGER search_thread_removed;
    DROP TABLE search;
    DROP TABLE notifications;
    DROP INDEX threads_by_created;
    PRAGMA user_version = 2;"
check_eq "the simulated old database is at version 2, without search" \
    "2|0" "$(sql "SELECT (SELECT user_version FROM pragma_user_version),
    count(*) FROM sqlite_master WHERE name LIKE 'search%' OR name =
    'notifications' OR name = 'threads_by_created'")"
start_mootd || bail_out "mootd did not start on the version 2 database"
check_eq "mootd migrates it to version $SCHEMA" "$SCHEMA" \
    "$(sql 'PRAGMA user_version')"
check_eq "... with the participants of every discussion and their 5 triggers" \
    "0|0|5" "$(sql "SELECT (SELECT count(*) FROM (SELECT thread_id,
    member_id FROM participants EXCEPT SELECT * FROM (SELECT id, member_id
    FROM threads UNION SELECT thread_id, member_id FROM comments WHERE
    deleted = 0 AND held = 0))), (SELECT count(*) FROM (SELECT id, member_id FROM threads
    UNION SELECT thread_id, member_id FROM comments WHERE deleted = 0 AND
    held = 0 EXCEPT SELECT thread_id, member_id FROM participants)),
    (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name
    LIKE 'participant_%')")"
check_eq "... and the revisions: a column, a table and their 12 triggers" \
    "1|1|12" "$(sql "SELECT (SELECT count(*) FROM pragma_table_info('threads')
    WHERE name = 'rev'), (SELECT count(*) FROM revision), (SELECT count(*)
    FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rev_%')")"
check_eq "... with the search table, its 6 triggers, notifications and threads_by_created" \
    "1|6|1|1" "$(sql "SELECT (SELECT count(*) FROM
    sqlite_master WHERE type = 'table' AND name = 'search'), (SELECT
    count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE
    'search_%'), (SELECT count(*) FROM sqlite_master WHERE name =
    'notifications'), (SELECT count(*) FROM sqlite_master WHERE name =
    'threads_by_created')")"
check_found "after the migration, a demo word in a comment is found" \
    "$ONE_W" "$ONE_T"
search "$RANK_W"
check_eq "... a title word ranks its discussion first again" "$RANK_T" \
    "${HITS%% *}"
check_found "... a comment written before the migration is found" \
    manateemarker "$T"
check_found "... an approved discussion is found" dugongmarker "$HELD_T"
check_not_found "... a hidden comment is not" bilbymarker
check_not_found "... nor a deleted one" numbatmarker
check_not_found "... nor a held discussion" axolotlmarker
check_eq "the rebuilt index has a row per visible post" \
    "$(sql "SELECT (SELECT count(*) FROM threads WHERE held = 0) +
    (SELECT count(*) FROM comments WHERE held = 0 AND hidden IS NULL AND
    deleted = 0)")" "$(sql "SELECT count(*) FROM search")"
comment bob "$T" "After the migration: platypusmarker."
check_found "a comment after the migration is found (the triggers)" \
    platypusmarker "$T"
act alice /me/notifications
check_header "notifications work on the migrated database" \
    "20 $PAGE_META" "$HDR"
check_replies_all
stop_mootd

done_testing

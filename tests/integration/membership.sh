#!/usr/bin/env bash
# membership.sh: issue 3 against the real mootd over TLS with real client
# certificates: joining, comments, new discussions by prompt and by Titan,
# /me (rename, linking a certificate, editing and deleting comments),
# suspension, rate limits, session resumption, a restart, and what Gopher
# readers see of it all.
#
#   bash tests/integration/membership.sh    (after `make test' or `make
#                                            mootd mootctl tests/bin/gemreq')
# KEEP_TMP=1 keeps the temporary directory (database, log, certificates).

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
command -v sqlite3 >/dev/null || bail_out "sqlite3 (the CLI) is needed"

# --------------------------------------------------------------- helpers

# titan WHO|- BODYFILE|- PATH-AND-PARAMS: a Titan upload (as WHO, with
# WHO's intent token, or without a certificate for -), the body from
# BODYFILE (- for none)
titan() {
	local opts=()
	if [ "$1" != - ]; then
		act_titan "$@"
		return
	fi
	[ "$2" != - ] && opts+=(-b "$2")
	fetch "${opts[@]}" "titan://localhost:$GEMINI_PORT$3\r\n"
}

# repeat N STRING
repeat() {
	local i out=
	for ((i = 0; i < $1; i++)); do
		out+=$2
	done
	printf '%s' "$out"
}

# comments_count WHERE: rows of comments matching the condition
comments_count() {
	sql "SELECT count(*) FROM comments WHERE $1"
}

# gemtext_lines FILE: each line of a gemtext body as the client reads
# it: "pre", "link TARGET", "heading", "text" (fences: "fence")
gemtext_lines() {
	awk '/^```/ { pre = !pre; print "fence\t" $0; next }
	    pre { print "pre\t" $0; next }
	    /^=>/ { print "link\t" $0; next }
	    /^#/ { print "heading\t" $0; next }
	    { print "text\t" $0 }
	    END { if (pre) print "OPEN-PRE" }' "$1"
}

# ---------------------------------------------------------- the server

make_demo_db || bail_out "no demo database"
# no posting limit but in the rate-limit section
"$MOOTCTL" --db "$TMP/moot.db" settings set post_refill 0 \
    >>"$TMP/mootctl.log" 2>&1 || bail_out "mootctl settings set failed"
start_mootd --request-timeout 2 || bail_out "mootd did not start"
G="gemini://localhost:$GEMINI_PORT"
PAGE_META="text/gemini; charset=utf-8; lang=en"

TAB=$'\t'
for c in carol dave erin frank hal sam carol2 carol3 noname long32 uni; do
	make_client_cert "$c" 30 0 || bail_out "cannot make certificates"
done
make_client_cert future 30 10 || bail_out "cannot make certificates"
make_client_cert expired 1 -10 || bail_out "cannot make certificates"

# a discussion of the demo, and its space
T=$(sql "SELECT min(id) FROM threads")
T_SLUG=$(sql "SELECT s.slug FROM threads t JOIN spaces s ON s.id =
    t.space_id WHERE t.id = $T")
T2=$(sql "SELECT max(id) FROM threads")
[ -n "$T" ] && [ -n "$T_SLUG" ] || bail_out "the demo has no threads"

# ---------------------------------------------------------------- /join

gem /join
check_reply "/join without a certificate: 60 with a plain-language meta" \
    60 "certificate.*(client|make)|(client|make).*certificate"
act future /join
check_status "/join with a certificate not yet valid: 62" 62 "$HDR"
act carol /join
check_reply "/join, new certificate, no answer: 10 asking for a name" 10 \
    "display name"
check_reply "... and the prompt points at /terms" 10 "/terms"

nmembers=$(sql "SELECT count(*) FROM members")
act noname "/join?a"
check_reply "name of 1 character: 10 with the reason" 10 "2 to 32"
act noname "/join?$(repeat 33 x)"
check_reply "name of 33 characters: 10 with the reason" 10 "2 to 32"
act noname "/join?%20Leading"
check_reply "name with a leading space: 10 with the reason" 10 "space"
act noname "/join?Two%20%20Spaces"
check_reply "name with two spaces in a row: 10 with the reason" 10 \
    "space"
act noname "/join?Trailing%20"
check_reply "name with a trailing space: 10 with the reason" 10 "space"
act noname "/join?Ctl%01Name"
check_reply "name with a control character (%01): 10 with a reason" 10 \
    "control|letters, digits"
act noname "/join?Ctl%C2%85Name"
check_reply "name with a C1 control (U+0085): 10 with a reason" 10 \
    "control|invisible"
act noname "/join?Bad%C0%AFName"
# Invalid UTF-8 never reaches the handler: the URL layer refuses it.
check_reply "name in invalid UTF-8 (%C0%AF): 59 from the URL layer" 59 \
    "UTF-8"
act noname "/join?Semi;colon"
check_reply "name with a character not allowed (;): 10 with a reason" \
    10 "letters, digits"
check_eq "no member was created by the refused names" "$nmembers" \
    "$(sql "SELECT count(*) FROM members")"
act long32 "/join?$(repeat 32 y)"
check_header "name of exactly 32 characters: 30 /welcome" "30 /welcome" \
    "$HDR"

demo_name=$(sql "SELECT name FROM members WHERE name = 'Ruth W'")
check_eq "the demo has a member called Ruth W" "Ruth W" "$demo_name"
act carol "/join?ruth%20w"
check_reply "a taken name in other case (ruth w): 10 taken" 10 "taken"
act carol "/join?RUTH%20W"
check_reply "a taken name in capitals (RUTH W): 10 taken" 10 "taken"
# Case-insensitive beyond ASCII: the demo has "Siân from Swansea".
act uni "/join?$(urlenc 'SIÂN FROM SWANSEA')"
check_reply "a taken non-ASCII name in capitals (SIÂN FROM SWANSEA): 10" \
    10 "taken"

# Issue 11: nobody can pass for someone else.  Each of these was taken as
# a name; each is refused with its reason, and nobody joins.
nmembers=$(sql "SELECT count(*) FROM members")
join_refused() {	# NAME-in-UTF-8 TEST-NAME ERE
	act noname "/join?$(urlenc "$1")"
	check_reply "$2: 10 with the reason" 10 "$3"
}
join_refused "$(printf 'Ruth W\xef\xb8\x8e')" \
    "Ruth W + U+FE0E (looks exactly like the admin)" "invisible"
join_refused "$(printf 'Jo\xef\xb8\x8fx')" "name with U+FE0F" "invisible"
join_refused "$(printf 'Jo\xf3\xa0\x80\xa0x')" "name with U+E0020 (four bytes)" \
    "invisible"
join_refused "$(printf 'Jo\xef\xbe\xa0x')" "name with U+FFA0" "invisible"
join_refused "$(printf 'Jo\xe1\x9e\xb4x')" "name with U+17B4" "invisible"
join_refused "$(printf 'Jo\xe1\xa0\x8bx')" "name with U+180B" "invisible"
join_refused "$(printf 'Jo\xf0\x9d\x85\xb3x')" "name with U+1D173 (four bytes)" \
    "invisible"
join_refused "$(printf 'Jo\xee\x80\x80x')" "name with U+E000 (private use)" \
    "private-use"
join_refused "$(printf 'Jo\xcd\xb8x')" "name with U+0378 (unassigned)" \
    "not assigned"
join_refused "$(printf 'Bob \xf0\x9f\x98\x80')" "name with an emoji" \
    "letters, digits"
join_refused "$(printf 'Marcu\xd1\x95')" "Marcus with a Cyrillic s" \
    "one script"
join_refused "$(printf '\xef\xbc\xadarcus')" "Marcus with a fullwidth M" \
    "taken.*Marcus"
join_refused "Rnarcus" "Rnarcus (rn for m)" "taken.*Marcus"
join_refused "$(printf 'Ruth \xd4\x9c')" "Ruth + a Cyrillic We" \
    "taken.*Ruth W"
join_refused "admin" "admin" "kept for"
join_refused "Moderator" "Moderator" "kept for"
join_refused "the operator" "the operator" "kept for"
join_refused "co-production commons" "the community's own name" \
    "community's own name"
check_eq "no member was created by the look-alikes" "$nmembers" \
    "$(sql "SELECT count(*) FROM members")"
check_eq "every member has their skeletons" 0 \
    "$(sql "SELECT count(*) FROM members WHERE name_skel = '' OR
    name_skel_cased = ''")"

act carol "/join?Carol%20Test"
check_header "a valid name: 30 to /welcome" "30 /welcome" "$HDR"
CAROL_ID=$(sql "SELECT id FROM members WHERE name = 'Carol Test'")
check "the member row exists" test -n "$CAROL_ID"
check_eq "the certificate is stored with its SHA-256 fingerprint" \
    "$(fp "$TMP/carol.crt")" \
    "$(sql "SELECT fingerprint FROM certs WHERE member_id = '$CAROL_ID'")"
check_eq "the member's join date is today" "$(date -u +%F)" \
    "$(sql "SELECT date(joined, 'unixepoch') FROM members
    WHERE id = '$CAROL_ID'")"
as carol /welcome
check_header "/welcome: 20" "20 $PAGE_META" "$HDR"
check_contains "/welcome greets the member by name" "Carol Test" "$BODY"
act carol /join
check_header "joining again: 30 /me" "30 /me" "$HDR"
act carol "/join?Other%20Name"
check_header "joining again with a name: 30 /me, nothing changes" \
    "30 /me" "$HDR"
check_eq "... the name is unchanged" "Carol Test" \
    "$(sql "SELECT name FROM members WHERE id = '$CAROL_ID'")"
as carol /me
check_header "/me for the new member: 20" "20 $PAGE_META" "$HDR"
check_grep "/me shows the name as its heading" "^# Carol Test$" "$BODY"

# ------------------------------------------------------------ comments

gem "/thread/$T/comment"
check_status "comment without a certificate: 60" 60 "$HDR"
act future "/thread/$T/comment"
check_status "comment with a certificate not yet valid: 62" 62 "$HDR"
act dave "/thread/$T/comment"
check_redirect "comment by a non-member: 30 to /join/thread/ID/comment" \
    "/join/thread/$T/comment"
act dave "/join/thread/$T/comment"
check_reply "... /join/thread/ID/comment asks for a name" 10 "display name"
act dave "/join/thread/$T/comment?Dave%20Test"
WELCOME=$(meta)
check_reply "... joining from there: 30 to /welcome?..." 30 "^/welcome\?"
as dave "$WELCOME"
check_header "... the welcome page: 20" "20 $PAGE_META" "$HDR"
check_grep "... offers to carry on to /thread/ID/comment" \
    "^=>[ ]*/thread/$T/comment$TOK([ ]|\$)" "$BODY"
DAVE_ID=$(sql "SELECT id FROM members WHERE name = 'Dave Test'")

act carol "/thread/$T/comment"
check_reply "member, no answer: 10 Your comment" 10 "^Your comment"

gem "/space/$T_SLUG"
before=$(count_after_link "$BODY" "$T")
nbefore=$(comments_count "thread_id = $T")
# A comment with newlines, a literal plus, UTF-8 and lines that look like
# gemtext: a relative link, a javascript: link, a heading, and a
# preformatted block left open (a gemini:// link inside it).
C1_Q="c1MARK%20a+b%20caf%C3%A9%0A%3D%3E%20/me%20MARKREL%0A\
%3D%3E%20javascript:alert(1)%20MARKJS%0A%23%20MARKHEAD%0A\
%60%60%60MARKALT%0A%3D%3E%20gemini://evil.example/%20MARKINPRE"
act carol "/thread/$T/comment?$C1_Q"
check_header "member's comment: 30 to the discussion" "30 /thread/$T" \
    "$HDR"
C1=$(sql "SELECT max(id) FROM comments WHERE member_id = $CAROL_ID")
check_eq "the comment is stored once the 30 is sent" \
    $((nbefore + 1)) "$(comments_count "thread_id = $T")"
want=$(printf 'c1MARK a+b café\n=> /me MARKREL\n=> javascript:alert(1) MARKJS\n# MARKHEAD\n```MARKALT\n=> gemini://evil.example/ MARKINPRE')
check_eq "stored text: decoded, newlines kept, + stays a plus" "$want" \
    "$(sql "SELECT body FROM comments WHERE id = '$C1'")"
act carol "/thread/$T/comment?$C1_Q"
check_header "the identical request again: 30 to the discussion" \
    "30 /thread/$T" "$HDR"
check_eq "... and it is stored only once" 1 \
    "$(comments_count "thread_id = $T AND body LIKE 'c1MARK%'")"

gem "/thread/$T"
cp "$BODY" "$TMP/t1.gmi"
check_header "the discussion: 20" "20 $PAGE_META" "$HDR"
check_contains "the discussion shows the comment" "c1MARK a+b café" \
    "$TMP/t1.gmi"
check_grep "... under its author's name" "^### Carol Test, " "$TMP/t1.gmi"
gemtext_lines "$TMP/t1.gmi" >"$TMP/t1.lines"
check_grep "a user's relative \"=>\" line is text with a leading space" \
    $'^text\t => /me MARKREL$' "$TMP/t1.lines"
check_grep "a user's javascript: \"=>\" line is text with a leading space" \
    $'^text\t => javascript:alert\\(1\\) MARKJS$' "$TMP/t1.lines"
check_grep "a user's \"# \" heading is its words as a line of text" \
    $'^text\tMARKHEAD$' "$TMP/t1.lines"
check_no_grep "no user line became a link or heading" \
    $'^(link|heading)\t.*MARK' "$TMP/t1.lines"
check_no_grep "the user's open preformatted block is closed" "^OPEN-PRE" \
    "$TMP/t1.lines"
check_grep "... so the page's own links follow it as links" \
    $'^link\t=>[ ]*/thread/'"$T"'/comment' "$TMP/t1.lines"
check_grep "... and the link inside the block stays preformatted" \
    $'^pre\t=> gemini://evil.example/ MARKINPRE$' "$TMP/t1.lines"

gem "/space/$T_SLUG"
check_eq "the space page counts one more comment" "$((before + 1))" \
    "$(count_after_link "$BODY" "$T")"
gem /
check_grep "the home page lists the discussion, active again" \
    "^=>[ ]*/thread/$T([ ]|\$)" "$BODY"
check_eq "the home page shows the new comment count" "$((before + 1))" \
    "$(count_after_link "$BODY" "$T")"

n=$(comments_count 1)
act carol "/thread/$T/comment?%20%20%0A%20%0A"
check_reply "a comment of spaces and newlines: 10 with a reason" 10 \
    "empty"
act carol "/thread/$T/comment?"
check_reply "an empty answer: 10 with a reason" 10 "empty|your comment"
act carol "/thread/$T/comment?bell%01here"
check_reply "a comment with %01: 10 with a reason" 10 "control"
act carol "/thread/$T/comment?esc%1B%5B31mred"
check_reply "a comment with ESC (%1B): 10 with a reason" 10 "control"
act carol "/thread/$T/comment?nul%00here"
check_status_in "a comment with %00: 10 or 59" "10 59" "$HDR"
check_eq "none of the refused comments was stored" "$n" \
    "$(comments_count 1)"
act carol "/thread/999999/comment?hello"
check_status "comment on a nonexistent discussion: 51" 51 "$HDR"
sql "UPDATE threads SET locked = 1 WHERE id = $T2"
act carol "/thread/$T2/comment?locked%20MARK"
check_reply "comment on a locked discussion: 50" 50 "locked"
check_eq "... nothing stored" 0 \
    "$(comments_count "body LIKE 'locked MARK%'")"
gem "/thread/$T2"
check_no_grep "a locked discussion offers no Add a comment link" \
    "^=>[ ]*/thread/$T2/comment$TOK" "$BODY"
sql "UPDATE threads SET locked = 0 WHERE id = $T2"

# ---------------------------------------------------------- rate limits

for w in erin frank; do
	act "$w" "/join?$(tr a-z A-Z <<<"${w:0:1}")${w:1}%20Test"
	[ "$HDR" = "30 /welcome" ] || not_ok "$w joins" "got $HDR"
done
"$MOOTCTL" --db "$TMP/moot.db" settings set post_burst 2 \
    >>"$TMP/mootctl.log" 2>&1 &&
"$MOOTCTL" --db "$TMP/moot.db" settings set post_refill 60 \
    >>"$TMP/mootctl.log" 2>&1
check_exit "mootctl sets post_burst 2, post_refill 60 on the live db" \
    0 "$?"
act erin "/thread/$T/comment?rate%20one"
check_header "rate limit: first comment: 30" "30 /thread/$T" "$HDR"
act erin "/thread/$T/comment?rate%20two"
check_header "rate limit: second comment: 30" "30 /thread/$T" "$HDR"
# A client that lost the reply retries: the comment exists already, so
# the retry lands where the first did (as a retried /draft/N does)
# instead of being refused.
act erin "/thread/$T/comment?rate%20two"
check_header "rate limit: retrying the second comment still gets its 30" \
    "30 /thread/$T" "$HDR"
act erin "/thread/$T/comment?rate%20three"
check_reply "rate limit: third comment in a row: 44 with seconds" 44 \
    '^[0-9]+$'
secs=$(meta)
if [[ "$secs" =~ ^[0-9]+$ ]] && [ "$secs" -ge 1 ] && [ "$secs" -le 60 ]
then
	ok "... the wait is between 1 and post_refill seconds ($secs)"
else
	not_ok "... the wait is between 1 and post_refill seconds" \
	    "got '$secs'"
fi
check_eq "... and the refused comment was not stored" 0 \
    "$(comments_count "body = 'rate three'")"
check_eq "... the two before it were" 2 \
    "$(comments_count "body IN ('rate one', 'rate two')")"
# every other write draws on the same bucket
EC=$(sql "SELECT id FROM comments WHERE body = 'rate one'")
act erin "/me/name?Erin%20Renamed"
check_reply "... renaming oneself then: 44" 44 '^[0-9]+$'
check_eq "... and the name stays" "Erin Test" \
    "$(sql "SELECT name FROM members WHERE id = (SELECT member_id FROM
    comments WHERE id = $EC)")"
act erin "/comment/$EC/edit?rate%20edited"
check_reply "... editing a comment: 44" 44 '^[0-9]+$'
check_eq "... and the text stays" 1 "$(comments_count "body = 'rate one'")"
act erin "/space/course-design/new?Rate%20limited%20title"
check_reply "... starting a discussion: 44" 44 '^[0-9]+$'
act erin /me/link
check_reply "... asking for a linking code: 44" 44 '^[0-9]+$'
act frank "/thread/$T/comment?rate%20frank"
check_header "another member from the same address is still allowed" \
    "30 /thread/$T" "$HDR"
# Linking codes cost a token too; each certificate pays for its own
# guesses, not for those of every other visitor.
act carol2 "/link?WRONG111"
check_reply "a wrong linking code (WRONG111): 10, asked again" 10 "code"
act carol2 "/link?WRONG222"
check_reply "a wrong linking code (WRONG222): 10, asked again" 10 "code"
act carol3 "/link?WRONG333"
check_reply "a certificate's first code is not slowed by another's guesses" \
    10 "code"
# joining, with certificates that cost nothing to make: the address's
# bucket (four times a member's) runs out too
limited=
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	make_client_cert "flood$i" >/dev/null 2>&1 || break
	act "flood$i" "/join?Flood%20$i"
	if [ "${HDR%% *}" = 44 ]; then
		limited=$i
		break
	fi
done
if [ -n "$limited" ]; then
	ok "... joining from one address: 44 after a few ($((limited - 1)) joined)"
else
	not_ok "... joining from one address runs into the limit" \
	    "12 new certificates joined; last header: $HDR"
fi
check_eq "... and the refused one is not a member" 0 \
    "$(sql "SELECT count(*) FROM members WHERE name = 'Flood ${limited:-0}'")"
"$MOOTCTL" --db "$TMP/moot.db" settings set post_refill 0 \
    >>"$TMP/mootctl.log" 2>&1
act erin "/thread/$T/comment?rate%20four"
check_header "post_refill 0 on the live db lifts the limit" \
    "30 /thread/$T" "$HDR"

# ------------------------------------------ new discussions by prompt

SLUG=course-design
act carol "/space/$SLUG/new"
check_reply "/space/SLUG/new: 10 asking for the title" 10 "title"
TITLE="Prompted discussion MARK"
act carol "/space/$SLUG/new?$(urlenc "$TITLE")"
check_reply "a title: 30 to /draft/N" 30 '^/draft/[0-9]+(/~[A-Za-z0-9_-]{16})?$'
DRAFT=$(meta)
act carol "$DRAFT"
check_reply "/draft/N: 10 asking for the opening post, with the title" \
    10 "opening post.*$TITLE"
OPEN_Q="$(urlenc "The opening post of the prompted discussion.")%0A\
$(urlenc "Second line + a plus.")"
nthreads=$(sql "SELECT count(*) FROM threads")
act carol "$DRAFT?$OPEN_Q"
check_reply "the opening post: 30 to /thread/NEW" 30 '^/thread/[0-9]+$'
NEW=${HDR##*/}
check_eq "... a thread with the title exists, in the space" "$NEW" \
    "$(sql "SELECT t.id FROM threads t JOIN spaces s ON s.id = t.space_id
    WHERE t.title = '$TITLE' AND s.slug = '$SLUG'")"
gem /
check_grep "the new discussion is on the home page at once" \
    "^=>[ ]*/thread/$NEW[ ]+$TITLE\$" "$BODY"
gem "/space/$SLUG"
check_grep "... and on its space's page" \
    "^=>[ ]*/thread/$NEW[ ]+$TITLE\$" "$BODY"
gem "/thread/$NEW"
check_contains "the new discussion shows the opening post" \
    "Second line + a plus." "$BODY"
act carol "$DRAFT?$OPEN_Q"
check_header "the same /draft/N request again: the same 30" \
    "30 /thread/$NEW" "$HDR"
check_eq "... and no second thread" "$((nthreads + 1))" \
    "$(sql "SELECT count(*) FROM threads")"
act dave "$DRAFT"
check_status "another member opening /draft/N: 51" 51 "$HDR"
act dave "$DRAFT?$OPEN_Q"
check_status "another member answering /draft/N: 51" 51 "$HDR"
act carol "/space/$SLUG/new?$(repeat 121 t)"
check_reply "a title of 121 characters: 10 with a reason" 10 "120"
act carol "/space/$SLUG/new?$(repeat 120 %C3%A9)"
check_reply "a title of 120 characters (240 bytes): accepted" 30 \
    '^/draft/[0-9]+(/~[A-Za-z0-9_-]{16})?$'
act carol "/space/$SLUG/new?%20%20"
check_reply "a title of spaces: 10 with a reason" 10 "empty"
act carol "/space/$SLUG/new?two%0Alines"
check_reply "a title of two lines: 10 with a reason" 10 "line|control"
sql "UPDATE spaces SET archived = 1 WHERE slug = 'local-groups'"
act carol "/space/local-groups/new"
check_reply "a new discussion in an archived space: 50" 50 "archived"
sql "UPDATE spaces SET archived = 0 WHERE slug = 'local-groups'"
act carol "/space/no-such-space/new"
check_status "a new discussion in an unknown space: 51" 51 "$HDR"
gem "/space/$SLUG/new"
check_status "a new discussion without a certificate: 60" 60 "$HDR"

# ---------------------------------------------------------------- Titan

# 5 KB of multi-line UTF-8, without trailing blanks (the server tidies
# those away) and without a final newline.
{
	for i in $(seq 1 70); do
		printf 'Line %02d: café, naïve façade — “quotes” ünïcødé 日本語 ok\n' \
		    "$i"
	done
	printf '\tan indented line, + a plus\n\nafter a blank line: end'
} >"$TMP/up.txt"
size=$(wc -c <"$TMP/up.txt")
titan carol "$TMP/up.txt" \
    "/thread/$T/comment;mime=text/plain;size=$size"
check_header "Titan comment of $size bytes: 30 to the absolute gemini URL" \
    "30 $G/thread/$T" "$HDR"
id=$(sql "SELECT max(id) FROM comments WHERE member_id = $CAROL_ID")
check_eq "the upload is stored byte for byte" \
    "$(od -An -tx1 -v "$TMP/up.txt" | tr -d ' \n' | tr a-f A-F)" \
    "$(sql "SELECT hex(body) FROM comments WHERE id = '$id'")"
printf 'Line one  \r\nLine two\t\r\n\r\n\r\n' >"$TMP/crlf.txt"
titan carol "$TMP/crlf.txt" "/thread/$T/comment;mime=text/gemini;size=$(
    wc -c <"$TMP/crlf.txt")"
check_header "Titan text/gemini with CRLF: 30" "30 $G/thread/$T" "$HDR"
check_eq "... stored with LF and trailing blanks removed" \
    "$(printf 'Line one\nLine two' | od -An -tx1 | tr -d ' \n' |
    tr a-f A-F)" \
    "$(sql "SELECT hex(body) FROM comments WHERE id = (SELECT max(id)
    FROM comments)")"
n=$(comments_count 1)
printf 'not a picture' >"$TMP/png.txt"
titan carol "$TMP/png.txt" "/thread/$T/comment;mime=image/png;size=13"
check_reply "Titan with mime=image/png: 59" 59 "text/plain|text/gemini"
printf 'no certificate here' >"$TMP/nocert.txt"
titan - "$TMP/nocert.txt" "/thread/$T/comment;mime=text/plain;size=19"
check_status "Titan without a client certificate: 60" 60 "$HDR"
printf 'bell\001' >"$TMP/ctl.txt"
titan carol "$TMP/ctl.txt" "/thread/$T/comment;mime=text/plain;size=5"
check_reply "Titan with a control character: 59 with a reason" 59 \
    "control"
titan carol "$TMP/up.txt" \
    "/thread/999999/comment;mime=text/plain;size=$size"
check_status "Titan to a nonexistent discussion: 51" 51 "$HDR"
check_eq "none of the refused uploads was stored" "$n" \
    "$(comments_count 1)"

printf '# Titan title MARK\n\nThe opening post, by upload.\nLine 2.\n' \
    >"$TMP/new.gmi"
titan carol "$TMP/new.gmi" "/space/$SLUG/new;mime=text/gemini;size=$(
    wc -c <"$TMP/new.gmi")"
check_reply "Titan new discussion: 30 to the new thread, absolute" 30 \
    "^$G/thread/[0-9]+\$"
TNEW=${HDR##*/}
check_eq "... the title comes from the \"# \" line" "Titan title MARK" \
    "$(sql "SELECT title FROM threads WHERE id = '$TNEW'")"
check_eq "... the rest is the opening post" \
    "$(printf 'The opening post, by upload.\nLine 2.')" \
    "$(sql "SELECT body FROM threads WHERE id = '$TNEW'")"
gem /
check_grep "... and it is on the home page" \
    "^=>[ ]*/thread/$TNEW[ ]+Titan title MARK\$" "$BODY"
printf 'No title line here\n\nBody.\n' >"$TMP/notitle.gmi"
nthreads=$(sql "SELECT count(*) FROM threads")
titan carol "$TMP/notitle.gmi" "/space/$SLUG/new;mime=text/gemini;size=$(
    wc -c <"$TMP/notitle.gmi")"
check_reply "Titan new discussion without a \"# \" line: 59" 59 "title"
printf '# Only a title\n' >"$TMP/onlytitle.gmi"
titan carol "$TMP/onlytitle.gmi" "/space/$SLUG/new;mime=text/gemini;size=$(
    wc -c <"$TMP/onlytitle.gmi")"
check_status "Titan new discussion with a title and no post: 59" 59 "$HDR"
check_eq "... no thread was made by either" "$nthreads" \
    "$(sql "SELECT count(*) FROM threads")"

# ------------------------------------------------------------------ /me

as carol /me
cp "$BODY" "$TMP/me.gmi"
check_header "/me: 20" "20 $PAGE_META" "$HDR"
check_grep "/me: the name" "^# Carol Test$" "$TMP/me.gmi"
check_contains "/me: the join date" "Member since $(date -u +%F)" \
    "$TMP/me.gmi"
check_grep "/me: their discussions" \
    "^=>[ ]*/thread/$NEW[ ]+$TITLE" "$TMP/me.gmi"
check_grep "/me: their discussions (the Titan one too)" \
    "^=>[ ]*/thread/$TNEW[ ]+Titan title MARK" "$TMP/me.gmi"
check_grep "/me: their comments, each by its permalink" \
    "^=>[ ]*/comment/$C1[ ]+.*c1MARK a\\+b café" "$TMP/me.gmi"
check_grep "/me: an edit link for a comment" \
    "^=>[ ]*/comment/$C1/edit$TOK([ ]|\$)" "$TMP/me.gmi"
check_grep "/me: a delete link for a comment" \
    "^=>[ ]*/comment/$C1/delete$TOK([ ]|\$)" "$TMP/me.gmi"
check_grep "/me: links to change the name" "^=>[ ]*/me/name$TOK([ ]|\$)" \
    "$TMP/me.gmi"
check_grep "/me: links to link a certificate" "^=>[ ]*/me/link$TOK([ ]|\$)" \
    "$TMP/me.gmi"
gem /me
check_status "/me without a certificate: 60" 60 "$HDR"
as hal /me
check_redirect "/me for a certificate that is not a member: 30 to /join/me" \
    "/join/me"

act carol /me/name
check_reply "/me/name: 10 asking for the new name" 10 "name"
act carol "/me/name?marcus"
check_reply "/me/name to a taken name (marcus): 10 taken" 10 "taken"
act carol "/me/name?x"
check_reply "/me/name to an invalid name: 10 with the reason" 10 "2 to 32"
act carol "/me/name?$(urlenc "$(printf 'Marcu\xd1\x95')")"
check_reply "/me/name to Marcus with a Cyrillic s: 10, one script" 10 \
    "one script"
act carol "/me/name?$(urlenc "$(printf 'M\xd0\xb0rcus')")"
check_reply "/me/name to Marcus with a Cyrillic a: 10, one script" 10 \
    "one script"
act carol "/me/name?MARCUS"
check_reply "/me/name to MARCUS: 10, taken by Marcus" 10 "taken.*Marcus"
act carol "/me/name?$(urlenc "$(printf 'Ruth W\xef\xb8\x8e')")"
check_reply "/me/name to Ruth W + U+FE0E: 10, invisible" 10 "invisible"
act carol "/me/name?Site%20Admin"
check_reply "/me/name to Site Admin: 10, reserved" 10 "kept for"
act carol "/me/name?CAROL%20TEST"
check_header "/me/name to one's own name in capitals: 30 /me" "30 /me" \
    "$HDR"
check_eq "... stored as given" "CAROL TEST" \
    "$(sql "SELECT name FROM members WHERE id = $CAROL_ID")"
act carol "/me/name?Carol%20Renamed"
check_header "/me/name to a valid name: 30 /me" "30 /me" "$HDR"
gem "/thread/$T"
check_grep "the thread shows the new name on old comments" \
    "^### Carol Renamed, " "$BODY"
check_no_grep "... and not the old one" "^### Carol Test, " "$BODY"
act carol "/me/name?CAROL%20RENAMED"
check_header "/me/name to the own name in other case: allowed (30 /me)" \
    "30 /me" "$HDR"
act carol "/me/name?Carol%20Renamed"
check_header "... and back" "30 /me" "$HDR"

# --------------------------------------------------- linking certificates

act carol /me/link
check_header "/me/link: 20" "20 $PAGE_META" "$HDR"
CODE=$(awk '/^```/ { pre = !pre; next } pre' "$BODY" |
    grep -oE '^[A-Z0-9]{8}$' | head -n 1)
check "/me/link shows an 8-character code in a preformatted block" \
    test -n "$CODE"
act carol2 "/link?$CODE"
check_header "a fresh certificate with the code: 30 /me" "30 /me" "$HDR"
as carol2 /me
check_grep "... and its /me is the member's" "^# Carol Renamed$" "$BODY"
check_eq "... both certificates belong to the member" 2 \
    "$(sql "SELECT count(*) FROM certs WHERE member_id = $CAROL_ID")"
act carol3 "/link?$CODE"
check_reply "the same code again, from a third certificate: 10" 10 "code"
act carol3 "/link?ABCDEFGH"
check_reply "a wrong code: 10" 10 "code"
as carol3 /me
check_redirect "... the third certificate is still not a member" \
    "/join/me"
act carol2 /link
check_reply "a member's certificate opening /link: 50" 50 ""
act carol2 "/link?$CODE"
check_status "... and with a code: 50" 50 "$HDR"

# An expired certificate, linked with a fresh code typed in lower case
# with a dash, still identifies its member, and /me says it expired.
act carol /me/link
CODE2=$(awk '/^```/ { pre = !pre; next } pre' "$BODY" |
    grep -oE '^[A-Z0-9]{8}$' | head -n 1)
lc=$(tr 'A-Z' 'a-z' <<<"$CODE2")
act expired "/link?${lc:0:4}-${lc:4}"
check_header "an expired certificate links with a code: 30 /me" "30 /me" \
    "$HDR"
as expired /me
check_header "the expired certificate: /me 20" "20 $PAGE_META" "$HDR"
check_grep "... it still identifies its member" "^# Carol Renamed$" \
    "$BODY"
check_contains "... and /me says it has expired" "has expired" "$BODY"
as carol /me
check_not_contains "/me with a valid certificate says nothing of expiry" \
    "has expired" "$BODY"
act expired "/thread/$T/comment?from%20the%20expired%20certificate"
check_header "an expired, linked certificate can still post" \
    "30 /thread/$T" "$HDR"

# ---------------------------------------- editing and deleting comments

for i in 1 2 3; do
	act carol "/thread/$NEW/comment?order-$i%20MARK"
done
act dave "/thread/$NEW/comment?order-4%20by%20dave"
O1=$(sql "SELECT id FROM comments WHERE body = 'order-1 MARK'")
O2=$(sql "SELECT id FROM comments WHERE body = 'order-2 MARK'")
act dave "/comment/$O1/edit?hijacked"
check_status "editing another member's comment: 61" 61 "$HDR"
check_eq "... nothing changes" "order-1 MARK" \
    "$(sql "SELECT body FROM comments WHERE id = $O1")"
act dave "/comment/$O1/delete?yes"
check_status "deleting another member's comment: 61" 61 "$HDR"
check_eq "... nothing changes" 0 \
    "$(sql "SELECT deleted FROM comments WHERE id = $O1")"
act carol "/comment/$O1/edit"
check_reply "editing one's own comment: 10 asking for the new text" 10 \
    "new text"
act carol "/comment/$O1/edit?order-1%20EDITED"
check_header "... the new text: 30 to the discussion" "30 /thread/$NEW" \
    "$HDR"
gem "/thread/$NEW"
check_contains "the thread shows the new text" "order-1 EDITED" "$BODY"
check_not_contains "... not the old one" "order-1 MARK" "$BODY"
check_grep "... marked (edited ...)" "^\\(edited [0-9]{4}-" "$BODY"
act carol "/comment/$O1/edit?%01"
check_reply "editing to text with a control character: 10 reason" 10 \
    "control"
act carol "/comment/999999/edit"
check_status "editing a nonexistent comment: 51" 51 "$HDR"

act carol "/comment/$O2/delete"
check_reply "deleting: 10 asking to type yes" 10 "yes"
act carol "/comment/$O2/delete?no"
check_header "answering no: 30 to the discussion" "30 /thread/$NEW" "$HDR"
check_eq "... and the comment is not deleted" 0 \
    "$(sql "SELECT deleted FROM comments WHERE id = $O2")"
act carol "/comment/$O2/delete?yes"
check_header "answering yes: 30 to the discussion" "30 /thread/$NEW" \
    "$HDR"
check_eq "... the comment is marked deleted" 1 \
    "$(sql "SELECT deleted FROM comments WHERE id = $O2")"
gem "/thread/$NEW"
cp "$BODY" "$TMP/new.gmi"
check_not_contains "the deleted text is gone from the thread" \
    "order-2 MARK" "$TMP/new.gmi"
l1=$(line_of_fixed "$TMP/new.gmi" "order-1 EDITED")
ld=$(line_of_fixed "$TMP/new.gmi" "(This comment was deleted by its author.)")
l3=$(line_of_fixed "$TMP/new.gmi" "order-3 MARK")
l4=$(line_of_fixed "$TMP/new.gmi" "order-4 by dave")
if [ -n "$l1" ] && [ -n "$ld" ] && [ -n "$l3" ] && [ -n "$l4" ] &&
    [ "$l1" -lt "$ld" ] && [ "$ld" -lt "$l3" ] && [ "$l3" -lt "$l4" ]; then
	ok "the deleted comment shows in its place, later ones keep order"
else
	not_ok "the deleted comment shows in its place, later ones keep order" \
	    "lines: edited=$l1 deleted=$ld order-3=$l3 order-4=$l4"
	show_file "$TMP/new.gmi" 60
fi
act carol "/comment/$O2/edit?revived"
check_status "editing a deleted comment: 52" 52 "$HDR"
act carol "/comment/$O2/delete?yes"
check_status "deleting it again: 52" 52 "$HDR"

# -------------------------------------------------------- suspension

act sam "/join?Sam%20Test"
act sam "/thread/$T/comment?before%20suspension"
check_header "a member posts before suspension" "30 /thread/$T" "$HDR"
sql "UPDATE members SET suspended = 'spamming' WHERE name = 'Sam Test'"
n=$(comments_count 1)
act sam "/thread/$T/comment?after%20suspension"
check_reply "a suspended member posting: 61 with the reason" 61 "spamming"
act sam "/space/$SLUG/new?Suspended%20title"
check_reply "a suspended member starting a discussion: 61" 61 "spamming"
act sam /me/name?Sam%20Else
check_status "a suspended member renaming: 61" 61 "$HDR"
check_eq "nothing was stored" "$n" "$(comments_count 1)"
as sam "/thread/$T"
check_header "a suspended member can still read: 20" "20 $PAGE_META" "$HDR"
as sam /me
check_header "a suspended member's /me: 20" "20 $PAGE_META" "$HDR"
check_contains "... says the membership is suspended" "suspended" "$BODY"
check_contains "... and why" "spamming" "$BODY"

# ---------------------------------------------- session resumption

rm -f "$TMP/sess"
as carol -s "$TMP/sess" /me
check_header "first connection with a session file: /me 20" \
    "20 $PAGE_META" "$HDR"
as carol -s "$TMP/sess" /me
check_contains "the second connection resumes the TLS session" \
    "resumed: yes" "$ERR"
check_header "the resumed session still gets /me: 20" "20 $PAGE_META" \
    "$HDR"
check_grep "... as the same member" "^# Carol Renamed$" "$BODY"
act carol -s "$TMP/sess" "/thread/$T/comment?from%20a%20resumed%20session"
check_header "... and can post on a resumed session" "30 /thread/$T" "$HDR"
check_eq "... as that member" "$CAROL_ID" "$(sql "SELECT member_id FROM
    comments WHERE body = 'from a resumed session'")"

# ------------------------------------------------------------- Gopher

LONG="gopherMARK tab${TAB}here and then a long sentence that goes on and on \
well past seventy characters so that the Gopher menu has to wrap it into \
several info lines, with ünïcødé wörds to count by code points and \
a very long word: $(repeat 90 z) end."
act dave "/thread/$T/comment?$(urlenc "$LONG")"
check_header "a comment with a tab and a long line: 30" "30 /thread/$T" \
    "$HDR"
gopher "/thread/$T\r\n"
cp "$RESP" "$TMP/t.gph"
check_contains "Gopher: the thread shows the new comment, tab a space" \
    "gopherMARK tab here" "$TMP/t.gph"
check_contains "Gopher: ... and the earlier comments" "c1MARK a+b café" \
    "$TMP/t.gph"
bad=$(head -n -1 "$TMP/t.gph" | awk -F'\t' 'NF != 4 { print NR ": " $0 }')
check_none "Gopher: every menu line has exactly 4 TAB-separated fields" \
    "$bad"
bad=$(grep -nv $'\r$' "$TMP/t.gph" | head -n 3)
check_none "Gopher: every line ends in CRLF" "$bad"
check_eq "Gopher: the menu ends with ." "." \
    "$(tail -n 1 "$TMP/t.gph" | tr -d '\r')"
bad=$(cut -f1 "$TMP/t.gph" | cut -c2- | (
	LC_ALL=C.UTF-8
	while IFS= read -r d; do
		[ "${#d}" -le 70 ] || printf ' %s' "${#d}:${d:0:30}"
	done))
check_none "Gopher: no display text is longer than 70 characters" "$bad"
# the wrapped comment: its words are all there, in order (less the mark
# that sets a member's words apart)
words=$(grep -a '^i' "$TMP/t.gph" | cut -f1 | cut -c2- |
    sed -E 's/^\|( |$)//' | tr -d '\r' |
    tr -s ' ' '\n' | grep -v '^$' | tr '\n' ' ')
case $words in
*"gopherMARK tab here and then a long sentence"*"code points and a very"*)
	ok "Gopher: the long comment is wrapped at word boundaries" ;;
*)	not_ok "Gopher: the long comment is wrapped at word boundaries"
	show_file "$TMP/t.gph" 40 ;;
esac
check_contains "Gopher: the footer says how to join over Gemini" \
    "$G/join" "$TMP/t.gph"
check_contains "Gopher: ... in plain words" "Gemini client" "$TMP/t.gph"
gopher "/thread/$NEW\r\n"
check_contains "Gopher: a deleted comment shows as deleted" \
    "(This comment was deleted by its author.)" "$RESP"
gopher "/\r\n"
check_contains "Gopher: the home menu lists the new discussion" \
    $'1Titan title MARK\t/thread/'"$TNEW" "$RESP"

# ------------------------------------- a restart keeps what was said

act carol "/thread/$T/comment?said%20before%20the%20restart"
check_header "a comment just before the restart: 30" "30 /thread/$T" \
    "$HDR"
stop_mootd
start_mootd --request-timeout 2 --titan-max 1000 ||
    bail_out "mootd did not restart"
as carol /me
check_header "after the restart: /me 20" "20 $PAGE_META" "$HDR"
check_grep "... the member is still known by the certificate" \
    "^# Carol Renamed$" "$BODY"
as carol2 /me
check_grep "... so is the linked certificate" "^# Carol Renamed$" "$BODY"
gem "/thread/$T"
check_contains "... and the thread shows the comment" \
    "said before the restart" "$BODY"
check_contains "... and the Titan upload" "Line 70: café" "$BODY"

# ------------------------------------------------ unlinking a certificate

FP_CAROL=$(fp "$TMP/carol.crt")
FP_EXPIRED=$(fp "$TMP/expired.crt")
as carol /me
check_grep "/me links to /me/certs" '^=> ?/me/certs ' "$BODY"
as carol /me/certs
check_header "/me/certs: 20" "20 $PAGE_META" "$HDR"
check_grep "... the one in use, by the start of its fingerprint, not unlinkable" \
    "^\* ${FP_CAROL:0:16}…, linked .*using now" "$BODY"
check_grep "... the others with an unlink link" \
    "^=> ?/me/certs/$FP_EXPIRED/unlink$TOK " "$BODY"
check_eq "... one unlink link per other certificate" \
    $(( $(sql "SELECT count(*) FROM certs WHERE member_id = $CAROL_ID") - 1 )) \
    "$(grep -cE '^=> ?/me/certs/[0-9a-f]{64}/unlink(/~[A-Za-z0-9_-]{16})? ' "$BODY")"
act carol "/me/certs/$FP_CAROL/unlink?yes"
check_reply "unlinking the certificate in use: 50" 50 "using"
act carol "/me/certs/$FP_EXPIRED/unlink"
check_reply "unlinking another: 10 asking to confirm" 10 "yes"
act carol "/me/certs/$FP_EXPIRED/unlink?no"
check_header "... anything but yes: back to /me/certs, nothing done" \
    "30 /me/certs" "$HDR"
check_eq "... (still linked)" 1 "$(sql "SELECT count(*) FROM certs WHERE
    fingerprint = '$FP_EXPIRED'")"
act carol "/me/certs/$FP_EXPIRED/unlink?yes"
check_header "... yes: 30 /me/certs" "30 /me/certs" "$HDR"
check_eq "... the certificate is no longer the member's" 0 \
    "$(sql "SELECT count(*) FROM certs WHERE fingerprint = '$FP_EXPIRED'")"
as expired /me
check_redirect "... whoever holds it is a stranger now: 30 /join/me" \
    "/join/me"
act carol "/me/certs/$FP_EXPIRED/unlink?yes"
check_reply "unlinking it again: 51" 51 ""
act dave "/me/certs/$(fp "$TMP/carol2.crt")/unlink?yes"
check_reply "another member cannot unlink it: 51" 51 ""
as carol2 /me
check_grep "... it is still Carol's" "^# Carol Renamed$" "$BODY"

# ------------------------------------------ Titan limits (--titan-max 1000)

n=$(comments_count 1)
elapsed titan carol - "/thread/$T/comment;mime=text/plain;size=1001"
check_reply "Titan size=1001 over --titan-max 1000: 59" 59 "1000"
if num_lt "$ELAPSED" 1.5; then
	ok "... at once, without waiting for the body ($ELAPSED s)"
else
	not_ok "... at once, without waiting for the body" \
	    "took $ELAPSED s"
fi
check_exit "... and with close_notify" 0 "$RC"
head -c 1000 /dev/zero | tr '\0' 'k' >"$TMP/k1000.txt"
titan carol "$TMP/k1000.txt" "/thread/$T/comment;mime=text/plain;size=1000"
check_header "Titan size=1000 at --titan-max 1000: 30" "30 $G/thread/$T" \
    "$HDR"
check_eq "only the 1000-byte upload was stored" "$((n + 1))" \
    "$(comments_count 1)"

# Fewer bytes than announced: the server waits for the rest, never
# answers, and gives up when the request timeout (2 s) runs out.
n=$(comments_count 1)
head -c 50 /dev/zero | tr '\0' 'm' >"$TMP/m50.txt"
t0=$(date +%s.%N)
"$GEMREQ" -t 4 -c "$TMP/carol.crt" -k "$TMP/carol.key" -b "$TMP/m50.txt" \
    127.0.0.1 "$GEMINI_PORT" \
    "titan://localhost:$GEMINI_PORT/thread/$T/comment;mime=text/plain;size=100\r\n" \
    >"$RESP" 2>"$ERR"
rc=$?
t=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
check_empty "Titan with fewer bytes than size: no reply" "$RESP"
if [ "$rc" = 0 ] && num_lt "$t" 3.5; then
	ok "... the server closes it (close_notify) after the timeout ($t s)"
else
	not_ok "... the server closes it (close_notify) after the timeout" \
	    "gemreq exit $rc$(_rc_meaning "$rc") after $t s (want 0," \
	    "about 2 s)"
fi
check_eq "... and nothing is stored" "$n" "$(comments_count 1)"

# /me/export: everything a member wrote, as one gemtext document
gem -c "$TMP/carol.crt" -k "$TMP/carol.key" /me/export
check_header "/me/export: a gemtext document" "20 $PAGE_META" "$HDR"
carol_comment=$(sqlite3 -batch -noheader "$TMP/moot.db" "SELECT body FROM
    comments WHERE member_id = (SELECT member_id FROM certs WHERE
    fingerprint = '$(fingerprint "$TMP/carol.crt" | tr -d : |
    tr A-F a-f)') AND deleted = 0 ORDER BY id LIMIT 1" | head -n 1)
check "carol has a comment to look for" test -n "$carol_comment"
check_contains "/me/export holds the member's words" "$carol_comment" "$BODY"
check_contains "/me/export states the licence" "CC BY-SA 4.0" "$BODY"
gem /me/export
check_status "/me/export without a certificate: 60" 60 "$HDR"

# ---- who may call: router.c's table says each route's need, and the
# router answers for it before the handler, the same way on every route
make_client_cert stranger 30 0 || bail_out "cannot make certificates"
member_routes="/welcome /me /me/name /me/link /me/certs /me/export
    /me/invite /me/invite/new /me/notifications /me/invite/1/revoke
    /me/certs/0123abcd/unlink /terms/accept /comment/1/edit
    /comment/1/delete /thread/1/comment /thread/1/edit /thread/1/title
    /space/introductions/new /draft/1 /report/comment/1 /report/thread/1
    /me/about /me/about/clear /me/directory/leave /me/directory/return"
mod_routes="/mod /mod/invite /mod/comment/1/hide /mod/thread/1/lock
    /mod/thread/1/move /mod/thread/1/move/introductions
    /mod/thread/1/retitle /mod/member/1/suspend /mod/report/1/resolve
    /mod/suspended"
admin_routes="/admin /admin/members /admin/setting/name /admin/space/new
    /admin/space/introductions/rename /admin/member/1/role/admin"
for r in /join /link $member_routes $mod_routes $admin_routes; do
	gem "$r"
	check_status "need: a visitor on $r: 60" 60 "$HDR"
	act future "$r"
	check_status "need: a certificate not valid yet on $r: 62" 62 "$HDR"
done
for r in $member_routes $mod_routes $admin_routes; do
	act stranger "$r"
	check_redirect "need: a certificate that is no member on $r: to /join" \
	    "/join$r"
done
for r in $mod_routes $admin_routes; do
	act carol "$r"
	check_reply "need: a member on $r: 61, for the moderators" 61 \
	    "moderators"
done
sql "UPDATE members SET role = 1 WHERE id = $CAROL_ID"
for r in $admin_routes; do
	act carol "$r"
	check_reply "need: a moderator on $r: 61, for the admins" 61 "admins"
done
act carol /mod
check_status "need: ... and /mod is hers now" 20 "$HDR"

gem /
check_header "still serving after all of the above" "20 $PAGE_META" "$HDR"
check_replies_all
stop_mootd

done_testing

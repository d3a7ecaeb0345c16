#!/usr/bin/env bash
# readers.sh: issue 12, what readers and new members meet:
#   - /space/ and /thread/ are index pages (the spaces, the discussions
#     last active), over Gemini and Gopher, rather than "not found";
#   - on Gopher a preformatted line (a table) is one line, never cut;
#   - a member's heading reads as its words on a line of their own, not
#     " ## A section", and never as a heading of the page; an admins'
#     text opening with "# " is the page's one top-level heading;
#   - the footer says "Your page" to a member, "Join" to a certificate
#     that is none yet; a suspended member's /me offers only what they
#     may still do;
#   - /help has the footer and the exact steps for a certificate in
#     Lagrange and Amfora (openssl, and config lines naming this site);
#   - a text prompt says its limit in characters, the room its URL
#     really leaves (checked with "ŵ", six bytes encoded), and for long
#     texts the titan:// address to upload to; one-line prompts never
#     mention Titan;
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
check_contains "Gopher: the table's row is one line, whole" \
    "$(printf 'i| %s\t' "$ROW")" "$RESP"

# ------------------------------------------- headings in what people write

printf '## A section\n\nSome words.\n\n### Helen (lecturer), 2026-12-05 20:01 UTC\n#tag\n' \
    >"$TMP/headed.gmi"
act_titan ann "$TMP/headed.gmi" \
    "/thread/$tid/comment;size=$(wc -c <"$TMP/headed.gmi");mime=text/gemini"
check_reply "a comment with headings in it" 30 "/thread/$tid"
page=$(meta)
gem "${page#gemini://localhost:"$GEMINI_PORT"}"
check_grep "a member's \"## A section\" reads \"A section\" on its line" \
    '^A section$' "$BODY"
check_no_grep "... not with a space and hash marks" '^ +#+ A section' "$BODY"
check_no_grep "... nor as a heading of the page" '^#+ *A section' "$BODY"
check_no_grep "a member's heading cannot pass for a comment's" \
    '^#+ *Helen \(lecturer\), 2026-12-05 20:01' "$BODY"
check_grep "... it is a line of text" '^Helen \(lecturer\), 2026-12-05 20:01' \
    "$BODY"
check_grep "\"#tag\" is no heading: kept, set off by a space" '^ #tag$' \
    "$BODY"
gopher "${page#gemini://localhost:"$GEMINI_PORT"}\r\n"
check_grep "Gopher: the member's heading, marked as theirs" '^i| A section	' \
    "$RESP"

# an admins' text with its own title
ctl settings set about "$(printf '# Who we are\n\nWords.\n\n# History\n\nMore.')"
check_ctl "settings set about: exit 0" 0
for _ in 1 2 3 4 5 6 7 8 9 10; do
	gem /about
	grep -q 'Who we are' "$BODY" && break
	sleep 0.2
done
check_eq "/about: one top-level heading, the text's own" "# Who we are" \
    "$(grep -E '^# ' "$BODY")"
check_grep "... its other \"# \" a section" '^## History$' "$BODY"
ctl settings set terms "$(printf 'Be kind.\n\n# Moderation\n\nWe moderate.')"
for _ in 1 2 3 4 5 6 7 8 9 10; do
	gem /terms
	grep -q 'Be kind' "$BODY" && break
	sleep 0.2
done
check_eq "/terms: one top-level heading, the page's" "# Terms of use" \
    "$(grep -E '^# ' "$BODY")"
check_grep "... the text's \"# \" a section" '^## Moderation$' "$BODY"

# --------------------------------------------------------- footer and /me

gem /about
check_grep "a visitor's footer: your page or join" \
    '^=> /me Your page \(members\), or join$' "$BODY"
as ann /about
check_grep "a member's footer: Your page" '^=> /me Your page$' "$BODY"
check_no_grep "... not \"or join\"" 'or join' "$BODY"
make_client_cert stranger 30 0 || bail_out "cannot make certificates"
as stranger /about
check_grep "a certificate not yet a member: Join" \
    "^=> /join$TOK Join this community$" "$BODY"
check_no_grep "... not \"Your page\"" 'Your page' "$BODY"

# a suspended member who wrote a comment (above) and is a moderator
ctl member role "Ann Reader" moderator --reason "test"
check_ctl "Ann is made a moderator" 0
as ann /me
check_grep "/me offers renaming" "^=> /me/name$TOK " "$BODY"
check_grep "... inviting" "^=> /me/invite " "$BODY"
check_grep "... editing a comment" "^=> /comment/[0-9]+/edit$TOK " "$BODY"
check_grep "... moderation" "^=> /mod " "$BODY"
ctl member suspend "Ann Reader" --reason "cooling off"
check_ctl "Ann is suspended" 0
for _ in 1 2 3 4 5 6 7 8 9 10; do
	as ann /me
	grep -q suspended "$BODY" && break
	sleep 0.2
done
check_grep "a suspended member's /me says so, and why" \
    'suspended.*cooling off' "$BODY"
for link in /me/name /me/invite '/comment/[0-9]+/edit' \
    '/comment/[0-9]+/delete' /mod; do
	check_no_grep "... and offers no $link (it would be refused)" \
	    "^=> $link([/ ]|\$)" "$BODY"
done
for link in /me/notifications /me/link /me/certs /me/export; do
	check_grep "... but still $link" "^=> $link([/ ]|\$)" "$BODY"
done
act ann /me/name
check_status "(renaming is refused indeed: 61)" 61 "$HDR"
ctl member restore "Ann Reader" --reason "back"

# ------------------------------------------------------------------ /help

gem /help
check_reply "/help: a page" 20 '^text/gemini'
check_grep "/help has the footer: Home" '^=> / Home$' "$BODY"
check_grep "... and the rest of it" \
    '^Words here belong to the community and are shared under' "$BODY"
check_grep "... Lagrange's steps" 'New Identity for Domain' "$BODY"
check_grep "... the openssl command for Amfora" \
    '^openssl req -x509 -newkey ec .*-keyout .*-out ' "$BODY"
check_grep "... Amfora's [auth.certs] line, naming this site" \
    "^\"localhost:$GEMINI_PORT\" = '~/.config/amfora/moot.crt'\$" "$BODY"
check_grep "... and its [auth.keys] line" \
    "^\"localhost:$GEMINI_PORT\" = '~/.config/amfora/moot.key'\$" "$BODY"
check_grep "... how one joins here" '^Joining here is open to anyone\.$' "$BODY"
for word in 'Approval:' '## Notifications' '## Feeds' '## Invitations' \
    'Titan'; do
	check_contains "... explains ${word#\#\# }" "$word" "$BODY"
done
check_no_grep "... no placeholder left" '\{(host|join_mode)\}' "$BODY"
as ann /help
tail -n 6 "$BODY" >"$TMP/footer"
check_grep "a member's /help ends in the footer, with Your page" \
    '^=> /me Your page( \([0-9]+\+? new\))?$' "$TMP/footer"
gopher '/help\r\n'
check_grep "Gopher /help: the steps" 'New Identity for Domain' "$RESP"
check_grep "... and the footer" '^1Home	/	' "$RESP"
# the openssl command works as written (in a scratch home)
if command -v openssl >/dev/null; then
	cmd=$(grep -m 1 '^openssl req' "$BODY")
	if (HOME="$TMP/home" && mkdir -p "$HOME/.config/amfora" &&
	    eval "$cmd") >/dev/null 2>&1; then
		ok "the help's openssl command makes a certificate"
		gem -c "$TMP/home/.config/amfora/moot.crt" \
		    -k "$TMP/home/.config/amfora/moot.key" /me
		check_reply "... which this site takes (/me asks to join)" 30 \
		    '^/join'
	else
		not_ok "the help's openssl command makes a certificate" "$cmd"
	fi
fi

# --------------------------------------------------------------- prompts

make_client_cert bea 30 0 || bail_out "cannot make certificates"
act bea "/join?Bea%20Writer"
check_eq "another member joins" "30 /welcome" "$HDR"
act bea "/thread/$tid/comment"
check_reply "the comment prompt says its limit in characters, and Titan" \
    10 "^Your comment in \"[^\"]+\": up to about [0-9]+ characters here \\(accented \
letters count as two, most other scripts as three\\)\\. For longer text, \
upload it with Titan to titan://localhost:$GEMINI_PORT/thread/$tid/comment\
/~[A-Za-z0-9_-]{16}\$"
room=$(meta | sed -E 's/^Your comment in "[^"]+": up to about ([0-9]+) .*/\1/')
titan=$(meta | sed -E 's/.* to (titan:[^ ]*)$/\1/')
[[ "$room" =~ ^[0-9]+$ ]] || room=300	# (what the issue found failing)
# "ŵ" is two bytes, six encoded: room/2 of them fit, a few more do not
half=$((room / 2))
w=$(printf '\xc5\xb5')
act bea "/thread/$tid/comment?$(urlenc "$(printf "$w%.0s" $(seq "$half"))")"
check_reply "$half \"ŵ\" (half the room the prompt gave) are posted" 30 \
    "/thread/$tid"
act bea "/thread/$tid/comment?$(urlenc "$(printf "$w%.0s" \
    $(seq $((half + 10))))")"
check_status "$((half + 10)) do not reach the server: the room was real" 59 \
    "$HDR"
# the worst of ASCII: every character encoded as three bytes
act bea "/thread/$tid/comment?$(urlenc "$(printf '!%.0s' $(seq "$room"))")"
check_reply "$room \"!\" (the room the prompt gave) are posted" 30 \
    "/thread/$tid"
printf 'An upload of more than the prompt takes.\n' >"$TMP/long.txt"
fetch -c "$TMP/bea.crt" -k "$TMP/bea.key" -b "$TMP/long.txt" \
    "$titan;size=$(wc -c <"$TMP/long.txt");mime=text/plain\r\n"
check_reply "the titan:// address the prompt gave takes the upload" 30 \
    "/thread/$tid"
act bea "/space/course-design/new"
check_reply "a title prompt: one line, its limit in characters" 10 \
    "^The title of your new discussion \\(one line, up to 120 characters"
check_no_grep "... and no Titan" 'Titan' <(meta)
act bea /me/name
check_reply "the name prompt: its limit in characters" 10 "2 to 32 characters"
check_no_grep "... and no Titan" 'Titan' <(meta)
ctl member role "Bea Writer" admin --reason "test"
act bea /admin/setting/name
check_reply "a one-line setting's prompt: its limit in characters" 10 \
    "one line, up to [0-9]+ characters"
check_no_grep "... and no Titan" 'Titan' <(meta)
act bea "/admin/setting/name?%20%20"
check_reply "... asked again for a blank name, saying why" 10 \
    '^The text is empty\. .*one line'
check_no_grep "... with no Titan either" 'Titan' <(meta)
act bea /admin/setting/about
check_reply "a long setting's prompt: its limit, and Titan" 10 \
    "up to about [0-9]+ characters.*titan://localhost:$GEMINI_PORT/admin/setting/about/~"

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

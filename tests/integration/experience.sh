#!/usr/bin/env bash
# experience.sh: issue 12, small things a reader or operator meets:
#   - robots.txt keeps crawlers out of searching and every action path,
#     and lets them read (checked with an RFC 9309 matcher, over Gemini
#     and Gopher);
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

start_mootd || bail_out "mootd did not start"

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

CLOSED="/search /search?moot /join /join/abc /welcome /me /me/name
/me/invite/new /link /invite/abcdef /terms/accept /terms/accept/2
/draft/3 /comment/5/edit /comment/5/delete /report/comment/5
/report/thread/1 /mod /mod/log /mod/thread/1/lock /admin /admin/members
/space/general/new /thread/1/comment /thread/1/edit /thread/1/title
/thread/1/comment~0123abcd /mod/thread/1/lock~0123abcd"
OPEN="/ /about /terms /help /space/general /space/general/page/2 /thread/1
/thread/12 /thread/1/feed /thread/1/feed.xml /feed /feed.xml
/space/general/feed /robots.txt /favicon.txt"
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

stop_mootd
done_testing

#!/usr/bin/env bash
# browser.sh: issue 14, the web view as people will meet it.  mootd
# serves the demo community over HTTP (--http) and every page type is
# loaded by headless Chromium (Debian's chromium and chromium-driver,
# driven by python3-selenium): a screenshot of each is kept under
# tests/bin/artefacts/browser/, axe-core (from npm) finds no WCAG 2.2 A
# or AA violation, html5lib's parser finds no parse error, the page has
# one h1, and lynx -dump reads its heading before its footer.
#
# A machine without these tools fails here, saying what is missing:
# `make test-deps' (as root) installs them.
#
#   bash tests/integration/browser.sh  (after `make mootd mootctl')

. "$(dirname "$0")/../lib.sh"

# Debian's python3, whatever python3 comes first in PATH: selenium and
# html5lib are Debian's packages
PY=/usr/bin/python3
AXE_JS=${AXE_JS:-build/npm/node_modules/axe-core/axe.min.js}
ARTEFACTS=${BROWSER_ARTEFACTS:-tests/bin/artefacts/browser}

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
command -v lynx >/dev/null || missing="$missing lynx"
"$PY" -c 'import selenium' 2>/dev/null || missing="$missing python3-selenium"
"$PY" -c 'import html5lib' 2>/dev/null || missing="$missing python3-html5lib"
[ -s "$AXE_JS" ] || missing="$missing axe-core(npm)"
if [ -n "$missing" ]; then
	bail_out "browser tests need:$missing (run 'make test-deps' as root)"
fi

_pick_port || bail_out "no free port"
HTTP_PORT=$_PORT
start_mootd --http "127.0.0.1:$HTTP_PORT" || bail_out "mootd did not start"
wait_listening "$HTTP_PORT" || bail_out "HTTP port not listening"
BASE="http://127.0.0.1:$HTTP_PORT"

# One of each page type, from the demo community.
space=$(sql "SELECT slug FROM spaces WHERE archived = 0 ORDER BY id LIMIT 1")
thread=$(sql "SELECT t.id FROM threads t JOIN comments c ON c.thread_id = t.id
    WHERE t.held = 0 GROUP BY t.id ORDER BY count(*) DESC LIMIT 1")
comment=$(sql "SELECT id FROM comments WHERE thread_id = $thread
    AND hidden IS NULL AND held = 0 AND deleted = 0 ORDER BY id LIMIT 1")
member=$(sql "SELECT id FROM members ORDER BY id LIMIT 1")
gone=$(sql "SELECT t.id FROM threads t WHERE t.id <> $thread
    ORDER BY t.id DESC LIMIT 1")
"$MOOTCTL" --db "$TMP/moot.db" thread delete "$gone" --reason "for the test" \
    >/dev/null 2>&1 || bail_out "mootctl thread delete $gone failed"
word=$(sql "SELECT title FROM threads WHERE id = $thread" |
    grep -oE '[A-Za-z]{5,}' | head -n 1)
[ -n "$space" ] && [ -n "$comment" ] && [ -n "$member" ] && [ -n "$word" ] ||
    bail_out "the demo lacks a space, comment, member or title word"

pages=(/ /space/ "/space/$space" "/thread/$thread" "/comment/$comment"
    "/search?q=$word" /about /terms /help /web-help.gmi /members
    "/member/$member" /badge /me /no-such-page "/thread/$gone")

# Each page is the one meant, not an error page that would pass the
# checks below as well as any: 200, but for the four that must not be.
for path in "${pages[@]}"; do
	case $path in
	/me)		want=403 ;;	# a browser has no client certificate
	"/comment/$comment") want=302 ;;	# to its place in the discussion
	/no-such-page)	want=404 ;;
	"/thread/$gone") want=410 ;;
	*)		want=200 ;;
	esac
	check_eq "$path: HTTP $want" "$want" "$(curl -s -o /dev/null \
	    --max-time "$NET_TIMEOUT" -w '%{http_code}' "$BASE$path")"
done

# pages.py says ok or not ok five times a page
PER_PAGE_CHECKS=5
reported=0
while IFS= read -r line; do
	case $line in
	"ok	"*)	ok "${line#ok	}"; reported=$((reported + 1)) ;;
	"not ok	"*)	not_ok "${line#not ok	}"; reported=$((reported + 1)) ;;
	"exit	"*)	rc=${line#exit	}
		[ "$rc" = 0 ] || [ "$_tap_failed" -gt 0 ] ||
			not_ok "tests/browser/pages.py ran to its end" \
			    "it exited with status $rc" ;;
	*)		printf '%s\n' "$line" ;;
	esac
done < <("$PY" tests/browser/pages.py "$BASE" "$ARTEFACTS" "$AXE_JS" \
    "${pages[@]}" 2>&1; echo "exit	$?")
check_eq "tests/browser/pages.py checked every page" \
    $((PER_PAGE_CHECKS * ${#pages[@]})) "$reported"

stop_mootd
done_testing

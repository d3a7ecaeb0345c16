#!/usr/bin/env bash
# http.sh: the read-only web view (issue 14) against the real mootd with
# the demo community, over HTTP/1.1 with curl on IPv4 and ::1: pages,
# statuses and their mapping from Gemini's, headers, validators and 304,
# keep-alive, limits, X-Forwarded-For from trusted proxies only, the log
# line, robots.txt, the sitemap and the badge.
#
#   bash tests/integration/http.sh
# KEEP_TMP=1 keeps the temporary directory (database, log, replies).

. "$(dirname "$0")/../lib.sh"

HTTP_HDR="$TMP/http.hdr"
HTTP_BODY="$TMP/http.body"

# web [CURL-OPTS...] PATH: GET http://127.0.0.1:$HTTP_PORT PATH; the status
# in $CODE, headers in $HTTP_HDR, body in $HTTP_BODY
web() {
	local p=${!#}
	: >"$HTTP_BODY"
	CODE=$(curl -s --max-time "$NET_TIMEOUT" --path-as-is \
	    -D "$HTTP_HDR" -o "$HTTP_BODY" -w '%{http_code}' \
	    "${@:1:$#-1}" "http://${HTTP_HOST:-127.0.0.1}:$HTTP_PORT$p")
}

# header NAME: the value of a header of the last reply ("" when none)
header() {
	grep -i "^$1:" "$HTTP_HDR" | head -n 1 | cut -d: -f2- |
	    sed 's/^ *//; s/\r$//'
}

check_code() {
	check_eq "$1" "$2" "$CODE"
}

make_client_cert alice
make_demo_db || bail_out "no demo database"
db "INSERT INTO settings (key, value) VALUES ('post_refill', '0')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;"
tid=$(db "SELECT id FROM threads ORDER BY id LIMIT 1")
cid=$(db "SELECT id FROM comments WHERE thread_id = $tid ORDER BY id LIMIT 1")
gone=$(db "SELECT id FROM comments ORDER BY id DESC LIMIT 1")
db "UPDATE comments SET deleted = 1 WHERE id = $gone" ||
    bail_out "cannot delete a comment"
space=$(db "SELECT slug FROM spaces ORDER BY position, id LIMIT 1")
setup_capsule
mkdir -p "$TMP/capsule/files"
printf '\x89PNG\r\n\x1a\n' > "$TMP/capsule/files/dot.png"
printf 'plain words\n' > "$TMP/capsule/files/note.txt"

_pick_port || bail_out "no free port"
HTTP_PORT=$_PORT
start_mootd --workers 1 --max-per-address 4 \
    --http "127.0.0.1:$HTTP_PORT" --http "[::1]:$HTTP_PORT" ||
    bail_out "mootd did not start"
wait_listening "$HTTP_PORT" || bail_out "no HTTP listener"
BASE="http://localhost:$HTTP_PORT"

# --- pages

web /
check_code "home: 200" 200
check_eq "home: HTML in UTF-8" "text/html; charset=utf-8" \
    "$(header Content-Type)"
check_grep "home: the community's name" "Co-production Commons" "$HTTP_BODY"
check_eq "CSP allows only our stylesheet and images" \
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'" \
    "$(header Content-Security-Policy)"
check_eq "X-Content-Type-Options: nosniff" nosniff \
    "$(header X-Content-Type-Options)"
check_eq "Referrer-Policy: no-referrer" no-referrer "$(header Referrer-Policy)"
check_eq "pages: Cache-Control no-cache (ask again, with the ETag)" \
    no-cache "$(header Cache-Control)"
check_eq "no cookie is ever set" "" "$(header Set-Cookie)"
check "a strong ETag" grep -Eqi '^ETag: "[0-9a-f]{16}"' "$HTTP_HDR"
check "a Last-Modified date" grep -Eqi \
    '^Last-Modified: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT' \
    "$HTTP_HDR"

HTTP_HOST='[::1]' web /
check_code "home over IPv6 (::1): 200" 200

for p in "/space/$space" "/thread/$tid" /about /terms /help /space \
    "/search?q=course" "/search?q=co+production&utm_source=x" /badge; do
	web "$p"
	check_code "$p: 200" 200
	check_eq "$p: HTML" "text/html; charset=utf-8" "$(header Content-Type)"
done
web "/search?q=course"
check_grep "search ?q= finds the demo's course discussions" \
    '<a href="/thread/[0-9]+">The discussion [^<]*course' "$HTTP_BODY"
web "/search"
check_code "search without words: the form" 200
check_grep "... a GET form asking for q" '<form[^>]*method="get"' "$HTTP_BODY"
web "/search?q=%ZZ"
check_code "search words with a bad escape: 400" 400

web "/thread/$tid/feed.xml"
check_code "a discussion's Atom feed: 200" 200
check_eq "... as application/atom+xml" "application/atom+xml; charset=utf-8" \
    "$(header Content-Type)"
web /feed.xml
check_eq "the community's feed too" "application/atom+xml; charset=utf-8" \
    "$(header Content-Type)"

# --- static files with their types

web /moot.css
check_eq "static: .css as text/css" "text/css" "$(header Content-Type)"
check "static: cacheable by browsers" grep -qi \
    '^Cache-Control: public, max-age=' "$HTTP_HDR"
web /files/dot.png
check_eq "static: .png as image/png" "image/png" "$(header Content-Type)"
web /files/note.txt
check_eq "static: .txt as UTF-8 text" "text/plain; charset=utf-8" \
    "$(header Content-Type)"
check_grep "... its words" "plain words" "$HTTP_BODY"
web /robots.txt
check_eq "robots.txt as text" "text/plain; charset=utf-8" \
    "$(header Content-Type)"
check_grep "robots.txt keeps crawlers off search" '^Disallow: /search$' \
    "$HTTP_BODY"
check_grep "... and off the action paths" '^Disallow: /thread/\*/comment$' \
    "$HTTP_BODY"
check_no_grep "... and lets them read (no Disallow: /)" '^Disallow: /$' \
    "$HTTP_BODY"

# --- statuses

web /no/such/page
check_code "404 for what is not there" 404
check_grep "... an HTML page" "<html" "$HTTP_BODY"
web "/comment/$gone"
check_code "410 for a deleted comment's permalink" 410
web "/comment/$cid"
check_code "a comment permalink redirects: 302" 302
check_eq "... to its discussion, absolute under the web base" \
    "$BASE/thread/$tid" "$(header Location | sed 's/#.*//; s,/page/[0-9]*,,')"
web /files
check_code "a folder without its slash: 301" 301
check_eq "... Location with the slash" "$BASE/files/" "$(header Location)"
web /me
check_code "a member's page: 403" 403
check_grep "... says to open it in a Gemini app" "Gemini app" "$HTTP_BODY"
check_grep "... with the gemini:// link" \
    "gemini://localhost:$GEMINI_PORT/me" "$HTTP_BODY"
check_grep "... and the web help" 'href="/web-help.gmi"' "$HTTP_BODY"
web /web-help.gmi
check_code "the web help: 200" 200
check_eq "... an HTML page" "text/html; charset=utf-8" "$(header Content-Type)"
web "/thread/$tid/comment"
check_code "commenting: 403 with the Gemini link" 403
web /../etc/passwd
check_code "a path above the root: 400" 400

web -X POST /
check_code "POST: 405" 405
check_eq "... with Allow: GET, HEAD" "GET, HEAD" "$(header Allow)"
web -X DELETE "/thread/$tid"
check_code "DELETE: 405" 405
web -X POST --data 'a=b' /
check_code "POST with a body: refused (the body is never read)" 413

web "/thread/$tid"
cp "$HTTP_HDR" "$TMP/get.hdr"
get_len=$(wc -c <"$HTTP_BODY")
web -I "/thread/$tid"
check_code "HEAD: 200" 200
# curl -I writes the headers where the body would go: nothing else came
check "HEAD: no body" cmp -s "$HTTP_HDR" "$HTTP_BODY"
check_eq "HEAD: the length GET sends" "$get_len" "$(header Content-Length)"
for h in Content-Type ETag Content-Security-Policy Cache-Control; do
	check_eq "HEAD: the same $h as GET" \
	    "$(grep -i "^$h:" "$TMP/get.hdr" | tr -d '\r')" \
	    "$(grep -i "^$h:" "$HTTP_HDR" | tr -d '\r')"
done

# --- validators: 304, and a change makes a new ETag

web "/thread/$tid"
etag=$(header ETag)
lastmod=$(header Last-Modified)
web -H "If-None-Match: $etag" "/thread/$tid"
check_code "If-None-Match with the ETag: 304" 304
check_eq "... with no body" 0 "$(wc -c <"$HTTP_BODY")"
check_eq "... and the ETag" "$etag" "$(header ETag)"
web -H 'If-None-Match: "0000000000000000"' "/thread/$tid"
check_code "If-None-Match with another tag: 200" 200
web -H "If-Modified-Since: $lastmod" "/thread/$tid"
check_code "If-Modified-Since the Last-Modified: 304" 304
web -H "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT" "/thread/$tid"
check_code "If-Modified-Since long ago: 200" 200
act alice '/join?Alice%20Web'
act alice "/thread/$tid/comment?words%20for%20the%20web%20view"
check_status "a comment posted over Gemini" 30 "$HDR"
web -H "If-None-Match: $etag" "/thread/$tid"
check_code "after the comment, the old ETag: 200" 200
check "... a new ETag" test "$(header ETag)" != "$etag"
check_grep "... and the page shows the comment" "words for the web view" \
    "$HTTP_BODY"

# --- keep-alive: two requests on one connection

curl -sv --max-time "$NET_TIMEOUT" -o /dev/null -o /dev/null \
    "http://127.0.0.1:$HTTP_PORT/about" "http://127.0.0.1:$HTTP_PORT/terms" \
    2>"$TMP/keepalive.log"
check_grep "keep-alive: the second request reuses the connection" \
    "Re-using existing connection" "$TMP/keepalive.log"

# --- limits

big=$(head -c 9000 /dev/zero | tr '\0' a)
web -H "X-Big: $big" /
check_code "headers larger than 8 KB: 400" 400
many=()
for i in $(seq 60); do many+=(-H "X-Many-$i: x"); done
web "${many[@]}" /
check_code "more than 50 header lines: 431" 431
long=$(head -c 1100 /dev/zero | tr '\0' a)
web "/$long"
check_code "a request target over 1024 bytes: 414" 414

# per address: --max-per-address 4 (the connection counts from its
# first request); the fifth is told 429 with Retry-After
python3 - "$HTTP_PORT" >"$TMP/limit.out" 2>&1 <<'EOF'
import socket, sys
port = int(sys.argv[1])
held = []
def ask(s):
    s.sendall(b"GET /about HTTP/1.1\r\nHost: x\r\n\r\n")
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(65536)
    return data.split(b"\r\n")[0].decode() + "|" + \
        ("retry" if b"\r\nRetry-After:" in data else "")
for i in range(4):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    print("held", ask(s))
    held.append(s)
s = socket.create_connection(("127.0.0.1", port), timeout=5)
print("fifth", ask(s))
for s in held:
    s.close()
EOF
check_grep "four connections from one address are served" \
    "^held HTTP/1.1 200" "$TMP/limit.out"
check_grep "the fifth at once: 429 with Retry-After" \
    '^fifth HTTP/1\.1 429 Too Many Requests[|]retry$' "$TMP/limit.out"
sleep 0.3
web /
check_code "once they close, the address is served again" 200

# --- the log line and X-Forwarded-For from an untrusted peer

web -H "X-Forwarded-For: 203.0.113.9" /about
sleep 0.2
check_grep "the log line: http, address, path, status, bytes, time" \
    "mootd: http 127\.0\.0\.1 /about 200 [0-9]+ [0-9]+us" "$TMP/mootd.log"
check_no_grep "X-Forwarded-For from an untrusted peer is ignored" \
    "203\.0\.113\.9" "$TMP/mootd.log"

# --- the sitemap and the badge

web /sitemap.xml
check_code "sitemap.xml: 200" 200
check_eq "... as XML" "application/xml; charset=utf-8" "$(header Content-Type)"
python3 - "$HTTP_BODY" "$BASE" "$tid" >"$TMP/sitemap.out" 2>&1 <<'EOF'
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
root = ET.parse(sys.argv[1]).getroot()
locs = [e.text for e in root.findall("s:url/s:loc", ns)]
assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
assert all(l.startswith(sys.argv[2] + "/") for l in locs), locs
assert sys.argv[2] + "/thread/" + sys.argv[3] in locs, locs
print("ok", len(locs))
EOF
check_grep "sitemap.xml parses: absolute URLs under the web base, the discussions" \
    "^ok [0-9]+" "$TMP/sitemap.out"

db "UPDATE settings SET value = 'Q&A <b>\"crew\"</b>' WHERE key = 'name'"
db "INSERT INTO settings (key, value) VALUES ('name', 'Q&A <b>\"crew\"</b>')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;"
web /badge.svg
check_code "badge.svg: 200" 200
check_eq "... as SVG" "image/svg+xml" "$(header Content-Type)"
python3 - "$HTTP_BODY" >"$TMP/badge.out" 2>&1 <<'EOF'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
svg = "{http://www.w3.org/2000/svg}"
assert root.tag == svg + "svg" and root.get("role") == "img"
title = root.find(svg + "title").text
text = root.find(svg + "text").text
assert title.startswith('Q&A <b>"crew"</b>: '), title
assert "member" in title and text == title, (title, text)
assert root.find(".//" + svg + "b") is None
print("ok", title)
EOF
check_grep "badge.svg is well-formed, role=img, the name escaped in title and text" \
    "^ok " "$TMP/badge.out"
web /badge
check_grep "the badge page offers the HTML snippet" \
    "&lt;img src=(&quot;|\"|&#34;)$BASE/badge.svg" "$HTTP_BODY"
check_grep "... and the gemtext line" "=(&gt;|>) gemini://localhost:$GEMINI_PORT/" \
    "$HTTP_BODY"

stop_mootd

# --- a trusted proxy: its X-Forwarded-For names the reader

start_mootd --workers 1 --max-per-address 1 --trust-proxy 127.0.0.0/8 \
    --http "127.0.0.1:$HTTP_PORT" --http-base https://web.example.org/ ||
    bail_out "mootd did not start again"
wait_listening "$HTTP_PORT" || bail_out "no HTTP listener"
web -H "X-Forwarded-For: 198.51.100.7, 203.0.113.9, 127.0.0.5" /terms
sleep 0.2
check_grep "from a trusted proxy: the right-most untrusted address is logged" \
    "mootd: http 203\.0\.113\.9 /terms 200" "$TMP/mootd.log"
web -H "X-Forwarded-For: not-an-address" /about
sleep 0.2
check_grep "... an entry that is no address: the proxy's own" \
    "mootd: http 127\.0\.0\.1 /about 200" "$TMP/mootd.log"
web "/comment/$cid"
check "--http-base makes the Location" grep -qi \
    "^Location: https://web.example.org/thread/$tid" "$HTTP_HDR"
# a proxy's connections carry many readers: not held to one address's
# limit (--max-per-address 1 here)
python3 - "$HTTP_PORT" >"$TMP/proxy.out" 2>&1 <<'EOF' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET /about HTTP/1.1\r\nHost: x\r\n\r\n")
print(s.recv(100).split(b"\r\n")[0].decode(), flush=True)
time.sleep(2)	# held open while the other request comes
EOF
held_pid=$!
for _ in $(seq 50); do
	grep -q HTTP "$TMP/proxy.out" && break
	sleep 0.1
done
check_grep "a trusted proxy's first connection is served" "HTTP/1.1 200" \
    "$TMP/proxy.out"
web /help
wait "$held_pid"
check_code "a trusted proxy is not held to --max-per-address" 200

stop_mootd
done_testing

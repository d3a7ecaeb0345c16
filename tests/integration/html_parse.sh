#!/usr/bin/env bash
# html_parse.sh: hostile member text through the HTML renderer (html.c),
# parsed by a real HTML5 parser (python3-html5lib): no parse error, and
# no element but those html.c emits (issue 14: "member text can never
# become markup").  Goes through tests/bin/test_html --render, which puts
# its input into a page as a member's post, as a capsule file and as links
# of every kind, and renders it; no server is needed.
#
# python3-html5lib missing is a failure, never a skip: `make deps' and
# .ci/run install it.
cd "$(dirname "$0")/../.." || exit 1

# check-asan names its own, sanitized build in TEST_HTML.
BIN=${TEST_HTML:-tests/bin/test_html}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0

ok() {		# ok COND-STATUS NAME
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

# A python3 with html5lib: the one on PATH, else Debian's own.
PY=""
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 &&
	    "$p" -c 'import html5lib' 2>/dev/null; then
		PY=$p
		break
	fi
done
if [ -z "$PY" ]; then
	ok 1 "python3-html5lib is installed (apt-get install python3-html5lib)"
	echo "1..$n"
	exit 1
fi
if [ ! -x "$BIN" ]; then
	ok 1 "$BIN is built (make $BIN)"
	echo "1..$n"
	exit 1
fi

# The hostile inputs, one file each.
i=0
add() { i=$((i + 1)); printf '%b' "$1" >"$TMP/in$i"; }
add '<script>alert(1)</script>\nplain'
add '"><img src=x onerror=alert(1)>\n'"'"'><svg onload=alert(1)>'
add '=> javascript:alert(1) click me\n=> JaVaScRiPt:alert(1)\n=> data:text/html,<script>alert(1)</script>\n=> vbscript:msgbox(1)\n=> //evil.example/ protocol-relative'
add '=> https://x.org/"onmouseover="alert(1) quoted\n=> mailto:a@b.org mail'
add '<div><p>unbalanced <b>markup <i>here\n</div></div></p>\n<!-- comment --> <![CDATA[ x ]]> <!DOCTYPE x>'
add '* <li>item</li>\n> <blockquote>quote\n> </blockquote>\n```</pre><script>\n</pre></figure>\n```'
add 'controls: \x01\x02\x07\x08\x0b\x0c\x0e\x1b[31m red \x7f del \xc2\x85 nel \xc2\x9b csi'
add 'noncharacters: \xef\xbf\xbe \xef\xbf\xbf \xef\xb7\x90 \xf0\x9f\xbf\xbe'
add 'rtl: \xe2\x80\x8f\xe2\x80\xae evil \xe2\x80\xac \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d'
add "$(head -c 20000 /dev/zero | tr '\0' 'a')<x>"
add '&amp; &lt; &#0; &#x0; &#xd800; &#128; &nosuch; & &&'
add '# heading\n## h2\n### h3\n#### h4\n=>\n=> \n```\nunclosed pre <script>'
add 'invalid utf-8: \xff\xfe \xc3 \xe2\x82 \xed\xa0\x80 end'

"$PY" - "$TMP" "$BIN" "$i" <<'PY'
import subprocess, sys
import html5lib

tmp, binary, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Every element html.c can emit (html.c's string constants).
allowed = {"html", "head", "meta", "title", "link", "body", "header",
           "main", "footer", "article", "h1", "h2", "h3", "p", "a", "ul",
           "li", "blockquote", "br", "figure", "figcaption", "pre", "form",
           "label", "input", "button"}
n = failed = 0
def ok(cond, name):
    global n, failed
    n += 1
    failed += not cond
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, name))
    return cond

for i in range(1, count + 1):
    data = open("%s/in%d" % (tmp, i), "rb").read()
    r = subprocess.run([binary, "--render"], input=data,
                       capture_output=True)
    label = "input %d (%r)" % (i, data[:30])
    if not ok(r.returncode == 0 and r.stdout, "%s: rendered" % label):
        continue
    parser = html5lib.HTMLParser(strict=False,
                                 namespaceHTMLElements=False)
    doc = parser.parse(r.stdout, transport_encoding="utf-8")
    errs = ["%s at %s" % (e[1], e[0]) for e in parser.errors]
    if not ok(not errs, "%s: no HTML5 parse error" % label):
        print("#   " + "; ".join(errs[:5]))
    names = {el.tag for el in doc.iter() if isinstance(el.tag, str)}
    extra = names - allowed
    if not ok(not extra, "%s: only the renderer's elements" % label):
        print("#   unexpected: %s" % sorted(extra))
    hrefs = [el.get("href") or el.get("action") or ""
             for el in doc.iter() if el.get("href") or el.get("action")]
    bad = [h for h in hrefs if h.strip().lower().split(":")[0]
           in ("javascript", "data", "vbscript")]
    if not ok(not bad, "%s: no href with an unsafe scheme" % label):
        print("#   %s" % bad)
    attrs = {a for el in doc.iter() for a in el.keys()}
    on = [a for a in attrs if a.lower().startswith("on")]
    if not ok(not on, "%s: no event handler attribute" % label):
        print("#   %s" % on)
    ok(len(doc.findall(".//h1")) == 1, "%s: exactly one h1" % label)
print("1..%d" % n)
# run alone (not by tests/run.sh), the exit status is what says so
sys.exit(1 if failed else 0)
PY

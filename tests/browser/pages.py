#!/usr/bin/python3
"""pages.py: the web view in a real browser.

For each path given, loads BASE + path in headless Chromium (Debian's
chromium and chromium-driver, through python3-selenium), keeps a
screenshot in ARTEFACTS, runs axe-core (WCAG 2.2 A and AA rules) in the
page and fails on any violation, and parses the raw HTML with html5lib's
strict parser (any parse error fails).

    pages.py BASE ARTEFACTS AXE_JS PATH...

Run from tests/integration/browser.sh, which starts mootd --http.
"""
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

failed = 0


def ok(cond, name, detail=""):
    """One result, as "ok<TAB>NAME" or "not ok<TAB>NAME" and "#" lines:
    browser.sh numbers them into its own TAP stream."""
    global failed
    if cond:
        print("ok\t%s" % name)
    else:
        failed += 1
        print("not ok\t%s" % name)
        for line in str(detail).splitlines()[:40]:
            print("#   " + line)
    sys.stdout.flush()


def raw(url):
    """The status and body of url, after its redirects (as the browser
    goes on to the page a permalink points at)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def main():
    if len(sys.argv) < 5:
        print("usage: pages.py BASE ARTEFACTS AXE_JS PATH...", file=sys.stderr)
        return 2
    base, artefacts, axe_js = sys.argv[1:4]
    paths = sys.argv[4:]
    os.makedirs(artefacts, exist_ok=True)

    import html5lib
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with open(axe_js, encoding="utf-8") as f:
        axe_source = f.read()

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
              "--disable-dev-shm-usage", "--window-size=1024,900",
              "--no-first-run", "--disable-extensions"):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                              options=opts)
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(30)
    try:
        for path in paths:
            url = base + path
            status, body = raw(url)
            name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"

            # an HTML5 parser finds no parse errors
            parser = html5lib.HTMLParser(strict=False)
            parser.parse(body)
            errs = ["%s %s" % (pos, code) for pos, code, _ in parser.errors]
            ok(not errs, "%s: HTML5 parses without errors (status %d)"
               % (path, status), "\n".join(errs))

            driver.get(url)
            shot = os.path.join(artefacts, name + ".png")
            driver.save_screenshot(shot)
            ok(os.path.getsize(shot) > 1000,
               "%s: screenshot kept as %s" % (path, shot))

            h1 = driver.execute_script(
                "return Array.from(document.querySelectorAll('h1'))"
                ".map(e => e.textContent)")
            ok(len(h1) == 1, "%s: one h1" % path, repr(h1))

            # lynx reads the page in order: the heading, then the
            # footer, as the document has them
            foot = driver.execute_script(
                "var f = document.querySelector('footer');"
                "return f ? f.innerText.trim().split('\\n')[0] : '';")
            dump = subprocess.run(
                ["lynx", "-dump", "-nolist", "-display_charset=utf-8", url],
                capture_output=True, timeout=20).stdout.decode("utf-8",
                                                               "replace")
            flat = " ".join(dump.split())
            head = " ".join(h1[0].split()) if h1 else "\0"
            tail = " ".join(foot.split()) if foot else "\0"
            ok(head in flat and tail in flat and
               flat.index(head) < flat.rindex(tail),
               "%s: lynx -dump reads the h1, then the footer" % path,
               "h1 %r, footer %r, dump:\n%s" % (head, tail, dump[:1500]))

            # axe-core: injected through the driver, which the page's
            # Content-Security-Policy does not govern
            driver.execute_script(axe_source)
            res = driver.execute_async_script(
                "var done = arguments[arguments.length - 1];"
                "axe.run(document, {runOnly: {type: 'tag', values:"
                " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
                " 'wcag22aa']}}).then(r => done(JSON.stringify("
                "r.violations.map(v => ({id: v.id, impact: v.impact,"
                " help: v.help, nodes: v.nodes.map(x => x.html)"
                ".slice(0, 3)}))))).catch(e => done(JSON.stringify("
                "[{id: 'axe-error', help: String(e)}])));")
            violations = json.loads(res)
            ok(not violations, "%s: axe-core finds no WCAG 2.2 AA "
               "violation" % path, json.dumps(violations, indent=1))
    finally:
        driver.quit()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

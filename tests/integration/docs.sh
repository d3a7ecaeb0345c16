#!/usr/bin/env bash
# docs.sh: the documentation cannot silently fall behind the code.
#
#   - docs/mootd.8 and docs/mootctl.8 pass `mandoc -Tlint' and render
#     with man(1) and groff without a warning;
#   - every option in `mootd --help' is an item of mootd(8), every
#     command and option in `mootctl --help' one of mootctl(8), and the
#     pages document nothing that --help does not list;
#   - the options in contrib/moot.service are mootd's;
#   - `make install DESTDIR=... PREFIX=/usr' installs both programs and
#     both pages;
#   - README.md still names `make run' and `make test', and the documents
#     it and the pages point to exist.
#
#   bash tests/integration/docs.sh          (after `make')
#
# mandoc and man are not build dependencies: without them those checks
# are skipped (TAP "# SKIP").  Two kinds of mandoc message depend on the
# machine, not on the pages, and are ignored: "referenced manual not
# found" (mootd(8) and mootctl(8) refer to each other and to system
# pages, found only once installed) and "outdated mandoc.db" (Debian
# keeps no mandoc.db).

. "$(dirname "$0")/../lib.sh"

MAN8="docs/mootd.8 docs/mootctl.8"

# mdoc_items FILE MACRO: the words after ".It MACRO" on each item line,
# up to the first macro or argument (mdoc's "\-" made "-")
mdoc_items() {
	awk -v m="$2" '$1 == ".It" && $2 == m {
		s = ""
		for (i = 3; i <= NF && $i ~ /^(\\-|[a-z0-9-])+$/; i++)
			s = s (s == "" ? "" : " ") $i
		gsub(/\\-/, "-", s)
		if (s != "") print s
	}' "$1" | sort -u
}

# help_options HELP-FILE: the long options that start a line of --help
help_options() {
	sed -n 's/^  --\([a-z][a-z-]*\).*/\1/p' "$1" | sort -u
}

# check_same NAME WHAT-A A-FILE WHAT-B B-FILE: the two sorted lists agree
check_same() {
	local missing extra
	missing=$(comm -23 "$3" "$5")
	extra=$(comm -13 "$3" "$5")
	if [ -z "$missing" ] && [ -z "$extra" ]; then
		ok "$1"
		return
	fi
	not_ok "$1"
	[ -n "$missing" ] && diag "in $2 but not in $4:" \
	    $(printf '%s\n' "$missing" | sed 's/ /_/g')
	[ -n "$extra" ] && diag "in $4 but not in $2:" \
	    $(printf '%s\n' "$extra" | sed 's/ /_/g')
	return 0
}

for f in $MAN8; do
	[ -f "$f" ] || bail_out "$f is missing"
done

# ---- the pages are clean

if command -v mandoc >/dev/null; then
	for f in $MAN8; do
		mandoc -Tlint "$f" >"$TMP/lint" 2>&1
		grep -v -e 'referenced manual not found' \
		    -e 'outdated mandoc\.db' "$TMP/lint" >"$TMP/lint.left"
		if [ -s "$TMP/lint.left" ]; then
			not_ok "mandoc -Tlint $f says nothing"
			visible <"$TMP/lint.left"
		else
			ok "mandoc -Tlint $f says nothing"
		fi
	done
else
	skip "mandoc -Tlint docs/mootd.8 says nothing" "mandoc not installed"
	skip "mandoc -Tlint docs/mootctl.8 says nothing" "mandoc not installed"
fi

if command -v man >/dev/null; then
	for f in $MAN8; do
		out=$(MANWIDTH=80 man -l "$f" 2>&1 >/dev/null)
		warn=$(MANWIDTH=60 man --warnings -l "$f" 2>&1 >/dev/null)
		if [ -z "$out" ] && [ -z "$warn" ]; then
			ok "man -l $f renders without a warning"
		else
			not_ok "man -l $f renders without a warning"
			printf '%s\n%s\n' "$out" "$warn" | visible
		fi
	done
	MANWIDTH=80 man -l docs/mootd.8 >"$TMP/mootd.txt" 2>/dev/null
	check_contains "mootd(8) renders its SECURITY section" \
	    "SECURITY" "$TMP/mootd.txt"
else
	skip "man -l docs/mootd.8 renders without a warning" "man not installed"
	skip "man -l docs/mootctl.8 renders without a warning" \
	    "man not installed"
	skip "mootd(8) renders its SECURITY section" "man not installed"
fi

if command -v groff >/dev/null; then
	for f in $MAN8; do
		out=$(groff -mandoc -Tutf8 -ww -z "$f" 2>&1)
		if [ -z "$out" ]; then
			ok "groff -ww $f is silent"
		else
			not_ok "groff -ww $f is silent"
			printf '%s\n' "$out" | visible
		fi
	done
else
	skip "groff -ww docs/mootd.8 is silent" "groff not installed"
	skip "groff -ww docs/mootctl.8 is silent" "groff not installed"
fi

for s in NAME SYNOPSIS DESCRIPTION FILES "EXIT STATUS" EXAMPLES \
    "SEE ALSO"; do
	for f in $MAN8; do
		check "$f has a $s section" grep -qx "\.Sh $s" "$f"
	done
done
for s in SIGNALS SECURITY; do
	check "docs/mootd.8 has a $s section" grep -qx "\.Sh $s" docs/mootd.8
done

# ---- the pages and --help agree

"$MOOTD" --help >"$TMP/mootd.help" 2>&1
check_eq "mootd --help exits 0" 0 $?
help_options "$TMP/mootd.help" >"$TMP/mootd.opts"
mdoc_items docs/mootd.8 Fl | sed -n 's/^-//p' | sort -u >"$TMP/mootd.8.opts"
if [ "$(wc -l <"$TMP/mootd.opts")" -ge 15 ]; then
	ok "mootd --help lists its options ($(wc -l <"$TMP/mootd.opts"))"
else
	not_ok "mootd --help lists its options" "found only:" \
	    $(cat "$TMP/mootd.opts")
fi
check_same "every mootd option is documented in mootd(8), and no other" \
    "mootd --help" "$TMP/mootd.opts" "docs/mootd.8" "$TMP/mootd.8.opts"

# mdoc_opt NAME: how --NAME is written in mdoc ("\-NAME" with "-" as "\-")
mdoc_opt() {
	printf '\\-%s' "${1//-/\\-}"
}

# each option also in the synopsis
missing=()
while read -r o; do
	grep -qF ".Op Fl $(mdoc_opt "$o")" docs/mootd.8 || missing+=("--$o")
done < <(grep -vx help "$TMP/mootd.opts")
check_none "every mootd option but --help is in the synopsis" \
    "${missing[*]-}"

"$MOOTCTL" --help >"$TMP/mootctl.help" 2>&1
check_eq "mootctl --help exits 0" 0 $?
# The command lines of --help, after "Commands:": two spaces, then
# (perhaps "mootctl ") the command, as in "  member role NAME-or-ID ..."
awk '/^Commands:/ { c = 1; next }
    c && /^[^ ]/ { c = 0 }
    c && /^  [^ ]/ { sub(/^  (mootctl )?/, ""); print }' \
    "$TMP/mootctl.help" >"$TMP/mootctl.lines"
# the command: the lower-case words before the arguments
awk '{
	s = ""
	for (i = 1; i <= NF && $i ~ /^[a-z]+$/; i++)
		s = s (s == "" ? "" : " ") $i
	print s
}' "$TMP/mootctl.lines" | sort -u >"$TMP/mootctl.cmds"
mdoc_items docs/mootctl.8 Ic >"$TMP/mootctl.8.cmds"
if [ "$(wc -l <"$TMP/mootctl.cmds")" -ge 2 ]; then
	ok "mootctl --help lists its commands ($(wc -l <"$TMP/mootctl.cmds"))"
else
	not_ok "mootctl --help lists its commands" \
	    "found only: $(tr '\n' ',' <"$TMP/mootctl.cmds")"
fi
check_same "every mootctl command is documented in mootctl(8), and no other" \
    "mootctl --help" "$TMP/mootctl.cmds" "docs/mootctl.8" \
    "$TMP/mootctl.8.cmds"
help_options "$TMP/mootctl.help" >"$TMP/mootctl.opts"
mdoc_items docs/mootctl.8 Fl | sed -n 's/^-//p' | sort -u \
    >"$TMP/mootctl.8.opts"
check_same "every mootctl option is documented in mootctl(8), and no other" \
    "mootctl --help" "$TMP/mootctl.opts" "docs/mootctl.8" \
    "$TMP/mootctl.8.opts"

# every --option of a mootctl command (--reason, --force...) in its page
grep -o -- '--[a-z][a-z-]*' "$TMP/mootctl.lines" |
    sort -u >"$TMP/mootctl.cmdopts"
missing=()
while read -r o; do
	grep -qF "Fl $(mdoc_opt "${o#--}")" docs/mootctl.8 || missing+=("$o")
done <"$TMP/mootctl.cmdopts"
check_none "the options of mootctl's commands are in mootctl(8)" \
    "${missing[*]-}"

# ---- the systemd unit uses real options

if [ -f contrib/moot.service ]; then
	sed -n '/^ExecStart=/,/^[^[:space:]]/p' contrib/moot.service |
	    grep -o -- '--[a-z][a-z-]*' | sed 's/^--//' | sort -u \
	    >"$TMP/unit.opts"
	check "contrib/moot.service starts mootd with options" \
	    test -s "$TMP/unit.opts"
	check_none "contrib/moot.service gives mootd only mootd's options" \
	    "$(comm -23 "$TMP/unit.opts" "$TMP/mootd.opts" | tr '\n' ' ')"
	check "contrib/moot.service reloads with SIGHUP" \
	    grep -q '^ExecReload=.*kill -HUP' contrib/moot.service
else
	not_ok "contrib/moot.service exists"
fi

# ---- make install

root="$TMP/root"
make --no-print-directory install DESTDIR="$root" PREFIX=/usr \
    >"$TMP/install.log" 2>&1
rc=$?
if [ "$rc" = 0 ]; then
	ok "make install DESTDIR=... PREFIX=/usr succeeds"
else
	not_ok "make install DESTDIR=... PREFIX=/usr succeeds" \
	    "make exited with status $rc; the end of its output:"
	tail -n 15 "$TMP/install.log" | visible
fi
for p in usr/sbin/mootd usr/sbin/mootctl; do
	check "make install installs /$p, executable" test -x "$root/$p"
done
for f in $MAN8; do
	p=usr/share/man/man8/$(basename "$f")
	if [ -f "$root/$p" ] && cmp -s "$f" "$root/$p"; then
		ok "make install installs /$p"
	else
		not_ok "make install installs /$p" \
		    "$(ls -l "$root/usr/share/man/man8" 2>&1 | tail -n 3)"
	fi
done
rm -rf "$root"
make --no-print-directory install-man DESTDIR="$root" PREFIX=/opt/moot \
    >"$TMP/install-man.log" 2>&1
check "make install-man honours PREFIX" \
    test -f "$root/opt/moot/share/man/man8/mootctl.8"
check "make install-man installs no programs" \
    test ! -e "$root/opt/moot/sbin/mootd"

# ---- README and the documents the pages point to

check_contains "README.md mentions make run" "make run" README.md
check_contains "README.md mentions make test" "make test" README.md
for d in architecture deploy moderation security; do
	check "docs/$d.md exists and is not empty" test -s "docs/$d.md"
done
check_contains "docs/architecture.md says there is no configuration file" \
    "no configuration file" docs/architecture.md

done_testing

# tests/lib.sh: helpers for the integration scripts in tests/integration/.
#
# Source it from a bash script:  . "$(dirname "$0")/../lib.sh"
# It moves to the project root, makes a temporary directory $TMP that is
# removed on exit (set KEEP_TMP=1 to keep it), and provides the helpers
# below.  MOOTD and MOOTCTL may name other binaries than ./mootd and
# ./mootctl (an installed build, say).
#
#   free_port                      a free loopback TCP port
#   make_client_cert NAME [DAYS] [START]
#                                  $TMP/NAME.crt and $TMP/NAME.key, ECDSA
#                                  P-256, self-signed, valid DAYS days
#                                  (default 30) from START days from now
#                                  (default 0; negative is in the past)
#   setup_capsule                  copy ./capsule to $TMP/capsule (once)
#   start_mootd [ARGS...]          start ./mootd on fresh ports; ARGS are
#                                  added to its command line
#   stop_mootd                     SIGTERM, wait at most 5 s (a test)
#   fetch [GEMREQ-OPTS...] REQUEST send a raw request to the Gemini port
#   gem [GEMREQ-OPTS...] PATH      fetch "gemini://localhost:PORT$PATH\r\n"
#   gopher SELECTOR                send "SELECTOR" (printf %b escapes, no
#                                  CRLF added) to the Gopher port
#   as WHO [GEMREQ-OPTS...] PATH   gem with $TMP/WHO.crt and .key
#   act WHO [GEMREQ-OPTS...] PATH  as, for an action: with WHO's intent
#                                  token, fetched first (see act below)
#   act_titan WHO BODYFILE PATH-AND-PARAMS
#                                  a Titan upload as WHO, with the token
#   intent_token WHO PATH          $INTENT_TOKEN: WHO's token for PATH
#                                  (for raw requests)
#   $TOK                           ERE: an optional "/~TOKEN" (links on a
#                                  member's page, redirects to actions)
#   check_redirect NAME PATH       "30 PATH", an intent token allowed
#   meta                           the META of the last reply
#   urlenc STRING                  percent-encoded but for unreserved bytes
#   sql SQL                        query $TMP/moot.db, waiting out the
#                                  server's writes
#   fp FILE                        a certificate's fingerprint as moot
#                                  stores it
#   line_of FILE ERE / line_of_fixed FILE STRING
#                                  the number of the first line matching
#   count_after_link FILE ID       N of "N comments" after /thread/ID
#   need_slowloris                 build tests/bin/slowloris ($SLOWLORIS)
#                                  when missing or out of date
#   ok / not_ok / check_*          TAP assertions
#   check_reply NAME NN ERE        status NN, META matching ERE
#   check_grep / check_no_grep NAME ERE FILE
#                                  a line of FILE matches ERE (or none)
#   ctl ARGS / check_ctl NAME STATUS [ERE]
#                                  mootctl on the test database, and its
#                                  exit status and words
#   check_modlog ACTION TARGET REASON MODERATOR-ID|NULL
#                                  exactly one such moderation log row
#   done_testing                   print the plan, exit 1 on any failure
#
# After fetch/gem: $RC is gemreq's exit status (0 close_notify, 2
# handshake failure, 3 no close_notify, 4 timeout), $HDR the header line
# without CRLF, $RESP the file with the whole response, $BODY the file
# with the body alone, $ERR gemreq's stderr.  After gopher: $RC is the
# status of the exchange (124 on timeout) and $RESP the file with the
# reply.  Scripts run with `set -u' but not `set -e': a failed check is
# reported and the script goes on.

set -u
# Byte semantics for grep, cut, sort; character counts ask for C.UTF-8.
export LC_ALL=C

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$TOP" || exit 1

GEMREQ=${GEMREQ:-$TOP/tests/bin/gemreq}
SLOWLORIS="$TOP/tests/bin/slowloris"
MOOTD=${MOOTD:-$TOP/mootd}
MOOTCTL=${MOOTCTL:-$TOP/mootctl}
# The timeout for one network exchange in the helpers, in seconds.
NET_TIMEOUT=${NET_TIMEOUT:-5}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/moot-test.XXXXXX") || exit 1
MOOTD_PID=
GEMINI_PORT=
GOPHER_PORT=
RC=0
HDR=
RESP="$TMP/resp"
BODY="$TMP/body"
ERR="$TMP/err"
: > "$RESP"; : > "$BODY"; : > "$ERR"

_tap_n=0
_tap_failed=0
_ports_used=" "
# fetches whose connection did not end in close_notify, replies with a
# malformed header, non-2x replies with a body (see check_replies_all)
_no_close_notify=()
_bad_header=()
_error_body=()
# other background processes of the script, killed on exit
_tracked=()

_lib_cleanup() {
	local p
	# Quick: the runner's time limit may be what brought us here, and
	# it kills everything a few seconds later.
	for p in "${_tracked[@]}"; do
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	if [ -n "$MOOTD_PID" ]; then
		kill -TERM "$MOOTD_PID" 2>/dev/null
		for _ in $(seq 20); do
			_alive "$MOOTD_PID" || break
			sleep 0.1
		done
		kill -KILL "$MOOTD_PID" 2>/dev/null
		wait "$MOOTD_PID" 2>/dev/null
	fi
	if [ "${KEEP_TMP:-0}" = 1 ]; then
		echo "# kept $TMP"
	else
		rm -rf "$TMP"
	fi
}
trap _lib_cleanup EXIT
# With a trap on EXIT only, bash would die on these without running it.
trap 'exit 130' INT
trap 'exit 143' TERM

# A process that exists and is not a zombie (kill -0 succeeds on
# zombies, and an exited child stays one until we wait for it).
_alive() {
	local state
	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$state" ] && [ "$state" != Z ]
}

# ------------------------------------------------------------------ TAP

# diag LINE...: one "#   LINE" per argument
diag() {
	local l
	for l in "$@"; do
		printf '#   %s\n' "$l"
	done
}

# escaped: stdin with CR, TAB and NUL shown as \r \t \0 and other
# control bytes as ?; UTF-8 stays readable
escaped() {
	sed -E 's/\x00/\\0/g; s/\r/\\r/g; s/\t/\\t/g;
	    s/[\x01-\x08\x0b-\x1f\x7f]/?/g'
}

# visible: escaped, each line prefixed "#   | "
visible() {
	escaped | sed 's/^/#   | /'
}

# show_file FILE [LINES]: the start of a file (at most 1200 bytes and
# LINES lines, default 8), made visible
show_file() {
	local f=$1 n=${2:-8} size
	if [ ! -s "$f" ]; then
		diag "(nothing received)"
		return
	fi
	size=$(wc -c < "$f")
	diag "received $size bytes, starting with:"
	head -c 1200 "$f" | head -n "$n" | visible
}

ok() {
	_tap_n=$((_tap_n + 1))
	printf 'ok %d - %s\n' "$_tap_n" "$1"
}

# not_ok NAME [DETAIL...]
not_ok() {
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	printf 'not ok %d - %s\n' "$_tap_n" "$1"
	shift
	[ $# -gt 0 ] && diag "$@"
	return 0
}

# skip NAME REASON: counts as passed, says why it did not run
skip() {
	_tap_n=$((_tap_n + 1))
	printf 'ok %d - %s # SKIP %s\n' "$_tap_n" "$1" "$2"
}

# _show_last: what the last fetch/gopher exchange received
_show_last() {
	show_file "$RESP"
	if [ -s "$ERR" ]; then
		diag "gemreq said:"
		head -n 4 "$ERR" | visible
	fi
}

# check NAME COMMAND...: passes when COMMAND succeeds
check() {
	local name=$1
	shift
	if "$@"; then
		ok "$name"
	else
		not_ok "$name" "failed: $*"
	fi
}

# check_header NAME EXPECTED GOT
check_header() {
	if [ "$3" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "want header: $2" "got header:  $3"
		_show_last
	fi
}

# check_status NAME NN GOT-HEADER: the header is "NN" then a space and
# META (or nothing)
check_status() {
	local re="^$2( |\$)"
	if [[ "$3" =~ $re ]]; then
		ok "$1"
	else
		not_ok "$1" "want status $2" "got header: $3"
		_show_last
	fi
}

# check_status_in NAME "NN NN ..." GOT-HEADER: any of the statuses
check_status_in() {
	local s re
	for s in $2; do
		re="^$s( |\$)"
		if [[ "$3" =~ $re ]]; then
			ok "$1"
			return
		fi
	done
	not_ok "$1" "want one of the statuses: $2" "got header: $3"
	_show_last
}

# check_contains NAME NEEDLE FILE: a fixed string somewhere in FILE
check_contains() {
	if grep -qF -- "$2" "$3" 2>/dev/null; then
		ok "$1"
	else
		not_ok "$1" "want to find: $2"
		show_file "$3" 12
	fi
}

check_not_contains() {
	if ! grep -qF -- "$2" "$3" 2>/dev/null; then
		ok "$1"
	else
		not_ok "$1" "must not contain: $2" \
		    "found at: $(grep -nF -- "$2" "$3" | head -n 2 |
		    cut -c1-200 | escaped | tr '\n' ' ')"
		show_file "$3"
	fi
}

# check_exit NAME WANT GOT
check_exit() {
	if [ "$3" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "want exit status $2, got $3$(_rc_meaning "$3")"
		_show_last
	fi
}

# check_eq NAME WANT GOT: two strings
check_eq() {
	if [ "$3" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "want: $2" "got:  $3"
	fi
}

# check_none NAME PROBLEMS: passes when PROBLEMS (a list made by the
# caller) is empty
check_none() {
	if [ -z "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "found:$(printf '%s' "$2" | cut -c1-300 |
		    sed 's/^\([^ ]\)/ \1/')"
	fi
}

# check_none_show NAME PROBLEMS FILE-PATTERN: check_none for a list of
# " ID..." items ("12", "12:name", "12/34"); on failure shows the file
# FILE-PATTERN names with % replaced by the first ID
check_none_show() {
	local first
	check_none "$1" "$2"
	if [ -n "$2" ]; then
		first=$(printf '%s' "$2" | awk '{ print $1 }' |
		    sed 's|[:/].*||')
		diag "${3//%/$first}:"
		show_file "${3//%/$first}" 30
	fi
}

# check_empty NAME FILE: nothing received
check_empty() {
	if [ ! -s "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "expected no reply"
		show_file "$2"
	fi
}

# check_reply NAME NN ERE: the last reply has status NN and a META
# matching ERE (extended, case-insensitive; "" matches anything)
check_reply() {
	local re="^$2( |\$)"
	if [[ "$HDR" =~ $re ]] && meta | grep -qiE -- "$3"; then
		ok "$1"
	else
		not_ok "$1" "want status $2 with META matching /$3/" \
		    "got header: $HDR"
		_show_last
	fi
}

# check_redirect NAME PATH: the last reply is "30 PATH", where an action's
# PATH may carry an intent token (before any query)
check_redirect() {
	local got
	got=$(printf '%s' "$HDR" | sed -E 's|/~[A-Za-z0-9_-]{16}([?]\|$)|\1|')
	if [ "$got" = "30 $2" ]; then
		ok "$1"
	else
		not_ok "$1" "want header: 30 $2 (an intent token allowed)" \
		    "got header:  $HDR"
		_show_last
	fi
}

# check_grep NAME ERE FILE: a line of FILE matches ERE
check_grep() {
	if grep -qE -- "$2" "$3" 2>/dev/null; then
		ok "$1"
	else
		not_ok "$1" "want a line matching: $2"
		show_file "$3" 40
	fi
}

# check_no_grep NAME ERE FILE: no line of FILE matches ERE
check_no_grep() {
	if ! grep -qE -- "$2" "$3" 2>/dev/null; then
		ok "$1"
	else
		not_ok "$1" "want no line matching: $2" \
		    "found: $(grep -nE -- "$2" "$3" | head -n 2 | cut -c1-160 |
		    escaped | tr '\n' ' ')"
	fi
}

_rc_meaning() {
	case $1 in
	0) echo " (close_notify)" ;;
	1) echo " (gemreq usage or local error)" ;;
	2) echo " (connection or TLS handshake failed)" ;;
	3) echo " (connection ended without close_notify)" ;;
	4) echo " (timeout: the server neither answered nor closed)" ;;
	124) echo " (timeout)" ;;
	esac
}

# done_testing: the plan; the exit status says whether all passed
done_testing() {
	printf '1..%d\n' "$_tap_n"
	if [ "$_tap_failed" -gt 0 ]; then
		printf '# %d of %d failed\n' "$_tap_failed" "$_tap_n"
		exit 1
	fi
	exit 0
}

# bail_out REASON: stop the script; the runner counts it as a failure
bail_out() {
	not_ok "$1"
	printf 'Bail out! %s\n' "$1"
	printf '1..%d\n' "$_tap_n"
	exit 1
}

# ----------------------------------------------------------- fixtures

# free_port: a loopback TCP port nobody listens on, outside the
# ephemeral range, and neither $GEMINI_PORT, $GOPHER_PORT nor one handed
# out before by _pick_port
free_port() {
	_pick_port && echo "$_PORT"
}

# _pick_port: free_port without a subshell, so that it remembers; the
# port is in $_PORT
_pick_port() {
	for _ in $(seq 200); do
		_PORT=$((20000 + RANDOM % 12000))
		case "$_ports_used ${GEMINI_PORT:-} ${GOPHER_PORT:-} " in
		*" $_PORT "*) continue ;;
		esac
		_listening "$_PORT" && continue
		_ports_used="$_ports_used$_PORT "
		return 0
	done
	echo "free_port: no free port found" >&2
	return 1
}

# _listening PORT: something listens on the TCP port (no connection
# made, so the server logs nothing)
_listening() {
	local hex
	printf -v hex '%04X' "$1"
	awk -v h="$hex" '$4 == "0A" && $2 ~ (":" h "$") { f = 1 }
	    END { exit !f }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# make_client_cert NAME [DAYS] [START]: see the top of the file.  OpenSSL
# 3.0 has no -not_before/-not_after, so the certificate is self-signed
# with `openssl ca -selfsign', which takes explicit dates.
make_client_cert() {
	local name=$1 days=${2:-30} start=${3:-0} dir="$TMP/ca.$1"
	local sd ed
	mkdir -p "$dir" || return 1
	: > "$dir/index.txt"
	openssl rand -hex 8 > "$dir/serial"
	cat > "$dir/ca.cnf" <<-EOF
	[ ca ]
	default_ca = moot_test
	[ moot_test ]
	database = $dir/index.txt
	new_certs_dir = $dir
	serial = $dir/serial
	default_md = sha256
	policy = moot_policy
	unique_subject = no
	email_in_dn = no
	[ moot_policy ]
	commonName = supplied
	EOF
	sd=$(date -u -d "$start days" +%Y%m%d%H%M%SZ)
	ed=$(date -u -d "$((start + days)) days" +%Y%m%d%H%M%SZ)
	if ! openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	    -nodes -keyout "$TMP/$name.key" -out "$dir/req.csr" \
	    -subj "/CN=$name" >"$dir/log" 2>&1 ||
	   ! openssl ca -batch -config "$dir/ca.cnf" -selfsign \
	    -keyfile "$TMP/$name.key" -in "$dir/req.csr" \
	    -out "$TMP/$name.crt" -startdate "$sd" -enddate "$ed" \
	    -notext >>"$dir/log" 2>&1; then
		echo "make_client_cert $name failed:" >&2
		cat "$dir/log" >&2
		return 1
	fi
}

# fingerprint FILE: the SHA-256 fingerprint of a PEM certificate, in the
# form gemreq -v prints ("AA:BB:...")
fingerprint() {
	openssl x509 -in "$1" -noout -fingerprint -sha256 2>/dev/null |
	    sed 's/.*=//'
}

# fp FILE: a certificate's SHA-256 fingerprint as moot stores it (hex,
# lower case, no colons)
fp() {
	fingerprint "$1" | tr -d ':' | tr 'A-F' 'a-f'
}

# need_slowloris: $SLOWLORIS, built here (through mk/sanitize.mk) when
# missing or older than tests/crash/slowloris.c; bails out when it
# cannot be built
need_slowloris() {
	if [ ! -x "$SLOWLORIS" ] ||
	    [ "$TOP/tests/crash/slowloris.c" -nt "$SLOWLORIS" ]; then
		if ! make -s -C "$TOP" tests/bin/slowloris >"$TMP/make.log" 2>&1
		then
			cat "$TMP/make.log"
			bail_out "cannot build tests/bin/slowloris"
		fi
	fi
}

# setup_capsule: $TMP/capsule, a copy of ./capsule that a script may
# change (add files, symlinks) before start_mootd
setup_capsule() {
	if [ ! -d "$TMP/capsule" ]; then
		mkdir -p "$TMP/capsule"
		cp -R capsule/. "$TMP/capsule/" 2>/dev/null
	fi
}

# make_demo_db: $TMP/moot.db with the demo community (a test that fails
# when mootctl does); a script may call it first to change the data
# before start_mootd
make_demo_db() {
	if "$MOOTCTL" --db "$TMP/moot.db" demo >"$TMP/mootctl.log" 2>&1; then
		return 0
	fi
	not_ok "mootctl demo creates the database" \
	    "mootctl --db FILE demo failed:"
	tail -n 10 "$TMP/mootctl.log" | visible
	return 1
}

# start_mootd [ARGS...]: starts ./mootd on $GEMINI_PORT and $GOPHER_PORT
# (chosen now unless already set) with $TMP/moot.db (made with `mootctl
# demo' unless it exists or MOOT_NO_DEMO=1), $TMP/server.crt and .key,
# $TMP/capsule; stderr goes to $TMP/mootd.log.  Waits until both ports
# listen (at most 10 s).  Returns 1, having reported a failed test, when
# the server did not come up.
start_mootd() {
	if [ ! -x "$MOOTD" ] || [ ! -x "$MOOTCTL" ]; then
		not_ok "mootd and mootctl are built" "run make first"
		return 1
	fi
	if [ ! -e "$TMP/moot.db" ] && [ "${MOOT_NO_DEMO:-0}" != 1 ]; then
		make_demo_db || return 1
	fi
	setup_capsule
	if [ -z "$GEMINI_PORT" ]; then
		_pick_port || return 1
		GEMINI_PORT=$_PORT
	fi
	if [ -z "$GOPHER_PORT" ]; then
		_pick_port || return 1
		GOPHER_PORT=$_PORT
	fi

	MOOTD_ARGS=(--db "$TMP/moot.db" --hostname localhost
	    --gemini "127.0.0.1:$GEMINI_PORT" --gopher "127.0.0.1:$GOPHER_PORT"
	    --cert "$TMP/server.crt" --key "$TMP/server.key"
	    --capsule "$TMP/capsule" "$@")
	echo "# starting: ./mootd ${MOOTD_ARGS[*]}" >>"$TMP/mootd.log"
	"$MOOTD" "${MOOTD_ARGS[@]}" >>"$TMP/mootd.log" 2>&1 </dev/null &
	MOOTD_PID=$!

	for _ in $(seq 100); do
		if ! _alive "$MOOTD_PID"; then
			wait "$MOOTD_PID"
			not_ok "mootd starts" \
			    "mootd exited with status $? during start-up:"
			tail -n 15 "$TMP/mootd.log" | visible
			MOOTD_PID=
			return 1
		fi
		if _listening "$GEMINI_PORT" && _listening "$GOPHER_PORT"; then
			return 0
		fi
		sleep 0.1
	done
	not_ok "mootd starts" \
	    "ports $GEMINI_PORT and $GOPHER_PORT not listening after 10 s:"
	tail -n 15 "$TMP/mootd.log" | visible
	return 1
}

# stop_mootd: SIGTERM, then a test that it exited within 5 s
stop_mootd() {
	local rc
	if [ -z "$MOOTD_PID" ]; then
		not_ok "mootd stops on SIGTERM" "mootd is not running"
		return 1
	fi
	if ! _alive "$MOOTD_PID"; then
		wait "$MOOTD_PID"
		rc=$?
		MOOTD_PID=
		not_ok "mootd stops on SIGTERM" \
		    "mootd had already exited, status $rc; log tail:"
		tail -n 10 "$TMP/mootd.log" | visible
		return 1
	fi
	kill -TERM "$MOOTD_PID"
	for _ in $(seq 50); do
		if ! _alive "$MOOTD_PID"; then
			wait "$MOOTD_PID"
			rc=$?
			MOOTD_PID=
			ok "mootd stops on SIGTERM (exit status $rc)"
			return 0
		fi
		sleep 0.1
	done
	kill -KILL "$MOOTD_PID"
	wait "$MOOTD_PID" 2>/dev/null
	MOOTD_PID=
	not_ok "mootd stops on SIGTERM" "still running 5 s after SIGTERM;" \
	    "killed it; log tail:"
	tail -n 10 "$TMP/mootd.log" | visible
	return 1
}

# track PID: kill this background process (by its id) on exit
track() {
	_tracked+=("$1")
}

# wait_listening PORT [SECONDS]: until something listens on the port
wait_listening() {
	for _ in $(seq $((${2:-5} * 10))); do
		_listening "$1" && return 0
		sleep 0.1
	done
	return 1
}

# mootd_alive: the server process is still running
mootd_alive() {
	[ -n "$MOOTD_PID" ] && _alive "$MOOTD_PID"
}

# -------------------------------------------------------------- clients

# fetch [GEMREQ-OPTS...] REQUEST: see the top of the file.  Options -t
# and -H are the caller's business; -t defaults to $NET_TIMEOUT.
fetch() {
	local req=${!#}
	local opts=("${@:1:$#-1}")
	"$GEMREQ" -t "$NET_TIMEOUT" "${opts[@]}" 127.0.0.1 "$GEMINI_PORT" \
	    "$req" >"$RESP" 2>"$ERR"
	RC=$?
	_split_response
	[ "$RC" = 0 ] || _no_close_notify+=("$req (exit $RC)")
	_check_reply_shape "$req"
	return 0
}

# _check_reply_shape REQUEST: item 8 of PROTOCOLS.md for any reply:
# "NN META\r\n", META at most 1024 bytes of UTF-8 without a BOM, and a
# body only after a 2x header
_check_reply_shape() {
	local line meta
	[ -s "$RESP" ] || return 0
	line=$(head -n 1 "$RESP" | head -c 2000 | tr '\0' '@')
	meta=${line#?? }
	meta=${meta%$'\r'}
	if ! [[ "$line" =~ ^[1-6][0-9]\ [^$'\r']*$'\r'$ ]] ||
	    [ "$(printf '%s' "$meta" | wc -c)" -gt 1024 ] ||
	    [[ "$meta" == $'\xef\xbb\xbf'* ]] ||
	    ! printf '%s' "$meta" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1
	then
		_bad_header+=("$1 -> $(printf '%s' "$line" | cut -c1-80 |
		    escaped)")
	fi
	if [[ "$line" != 2* ]] && [ -s "$BODY" ]; then
		_error_body+=("$1 -> ${line%$'\r'}")
	fi
}

# fetch_silent [GEMREQ-OPTS...]: connect and send nothing
fetch_silent() {
	"$GEMREQ" -t "$NET_TIMEOUT" "$@" 127.0.0.1 "$GEMINI_PORT" \
	    >"$RESP" 2>"$ERR"
	RC=$?
	_split_response
	return 0
}

# gem [GEMREQ-OPTS...] PATH
gem() {
	local p=${!#}
	fetch "${@:1:$#-1}" "gemini://localhost:$GEMINI_PORT$p\\r\\n"
}

# as WHO [GEMREQ-OPTS...] PATH: gem with $TMP/WHO.crt and .key
as() {
	local who=$1
	shift
	gem -c "$TMP/$who.crt" -k "$TMP/$who.key" "$@"
}

# $TOK: an ERE for the intent token an action link of a member's page
# ends in ("/~" and 16 base64url characters), optional
TOK='(/~[A-Za-z0-9_-]{16})?'

# intent_token_of_reply: the "~TOKEN" the last reply offers when it is
# the page that asks before an action (router.c), without the "~"; empty
# for any other reply
intent_token_of_reply() {
	local line re='^=>[ ]*[^ ]*/~([A-Za-z0-9_-]{16})([ ?]|$)'
	[[ "$HDR" == "20 "* ]] || return 0
	grep -q '^# Nothing was done yet' "$BODY" || return 0
	while IFS= read -r line; do
		if [[ "$line" =~ $re ]]; then
			printf '%s' "${BASH_REMATCH[1]}"
			return 0
		fi
	done <"$BODY"
}

# intent_token WHO PATH: $INTENT_TOKEN becomes WHO's token for PATH, as
# the page asking before the action offers it (for raw requests)
intent_token() {
	_token_probe "$1" "$2"
}

# _untokened PATH: PATH without a final "/~TOKEN" (one from a redirect)
_untokened() {
	local re='^(.+)/~[A-Za-z0-9_-]{16}/?$'
	if [[ "$1" =~ $re ]]; then
		_UNTOKENED=${BASH_REMATCH[1]}
	else
		_UNTOKENED=$1
	fi
}

# WHO's tokens by path: a token is good for a day, so act asks for each
# one once (and again whenever the server offers a new one)
declare -A _intent_tokens=()

# act WHO [GEMREQ-OPTS...] PATH: a request that changes something (an
# action), made by WHO as a member would make it: PATH without its query
# first, whose reply is the page that offers the action with WHO's
# intent token; then PATH with that token (and the query).  When the
# first reply is anything else (no action there), PATH is asked as it is.
# $INTENT_TOKEN is the token used ("" when none).
# _token_probe WHO PATH [GEMREQ-OPTS...]: $INTENT_TOKEN becomes WHO's
# token for PATH, from the page that asks first or, for an action that
# only prompts, the redirect to itself with it; empty for neither
_token_probe() {
	local who=$1 path=$2
	shift 2
	as "$who" "$@" "$path"
	INTENT_TOKEN=$(intent_token_of_reply)
	if [[ "$HDR" =~ ^30\ $path/~([A-Za-z0-9_-]{16})$ ]]; then
		INTENT_TOKEN=${BASH_REMATCH[1]}
	fi
}

act() {
	local who=$1 p=${!#} path query= tok
	local opts=("${@:2:$#-2}")
	path=${p%%\?*}
	[ "$path" != "$p" ] && query="?${p#*\?}"
	# a path from a redirect may carry a token already: WHO's is asked for
	_untokened "$path"
	path=$_UNTOKENED
	[ "$path" != / ] && path=${path%/}
	INTENT_TOKEN=${_intent_tokens["$who $path"]:-}
	if [ -z "$INTENT_TOKEN" ]; then
		_token_probe "$who" "$path" "${opts[@]}"
		if [ -z "$INTENT_TOKEN" ]; then
			[ -n "$query" ] && as "$who" "${opts[@]}" "$p"
			return 0
		fi
	fi
	as "$who" "${opts[@]}" "$path/~$INTENT_TOKEN$query"
	# a token of WHO's from before it joined, or of another day
	tok=$(intent_token_of_reply)
	if [ -n "$tok" ] && [ "$tok" != "$INTENT_TOKEN" ]; then
		INTENT_TOKEN=$tok
		as "$who" "${opts[@]}" "$path/~$INTENT_TOKEN$query"
	fi
	_intent_tokens["$who $path"]=$INTENT_TOKEN
}

# act_titan WHO BODYFILE PATH-AND-PARAMS: a Titan upload as WHO, the body
# from BODYFILE (- for none), with WHO's intent token for the path (as
# act finds it) before the parameters
act_titan() {
	local who=$1 body=$2 path=${3%%;*} params opts
	params=${3#"$path"}
	_untokened "$path"
	path=${_UNTOKENED%/}
	opts=(-c "$TMP/$who.crt" -k "$TMP/$who.key")
	[ "$body" != - ] && opts+=(-b "$body")
	INTENT_TOKEN=${_intent_tokens["$who $path"]:-}
	if [ -z "$INTENT_TOKEN" ]; then
		_token_probe "$who" "$path"
		_intent_tokens["$who $path"]=$INTENT_TOKEN
	fi
	[ -n "$INTENT_TOKEN" ] && path="$path/~$INTENT_TOKEN"
	fetch "${opts[@]}" "titan://localhost:$GEMINI_PORT$path$params\r\n"
}

# meta: the META of the last reply
meta() {
	local m=${HDR#??}
	printf '%s' "${m# }"
}

# urlenc STRING: every byte but the unreserved ones as %XX
urlenc() {
	local h
	printf '%s' "$1" | od -An -tx1 -v | tr -s ' \n' '\n\n' | grep . |
	    while read -r h; do
		case $h in
		3[0-9] | 4[1-9a-f] | 5[0-9a] | 6[1-9a-f] | 7[0-9a] | 2d | 2e | \
		    5f | 7e) printf "\\x$h" ;;
		*) printf '%%%s' "${h^^}" ;;
		esac
	done
}

# $HDR: the first line of $RESP without CR LF; $BODY: what follows it
# shellcheck disable=SC2034 # HDR is for the scripts
_split_response() {
	HDR=$(head -n 1 "$RESP" | tr -d '\r\n' | tr '\0' '@')
	tail -n +2 "$RESP" >"$BODY"
}

# raw_tcp PORT DATA [SECONDS]: send DATA (printf %b escapes) over plain
# TCP, read until the peer closes; the reply is in $RESP, $RC is 124 on
# timeout
raw_tcp() {
	local port=$1 data=$2 secs=${3:-$NET_TIMEOUT}
	: >"$ERR"
	timeout "$secs" bash -c '
		exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 2
		printf "%b" "$2" >&3
		cat <&3' _ "$port" "$data" >"$RESP" 2>"$ERR"
	RC=$?
	return 0
}

# gopher SELECTOR-AND-TERMINATOR: the selector is sent as given, with
# printf %b escapes, so the caller writes the "\r\n"
gopher() {
	raw_tcp "$GOPHER_PORT" "$1"
}

# elapsed COMMAND...: runs COMMAND, then sets $ELAPSED to the seconds it
# took (with a decimal point)
# shellcheck disable=SC2034 # ELAPSED is for the scripts
elapsed() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@"
	t1=$(date +%s.%N)
	ELAPSED=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
}

# num_lt A B: A < B for decimal numbers
num_lt() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'
}

# check_replies_all: three tests over every fetch so far: close_notify,
# header shape, no body after a non-2x header
check_replies_all() {
	_check_list "every reply so far ended with close_notify" \
	    _no_close_notify
	_check_list "every reply header so far: NN, space, META (<= 1024" \
	    "bytes of UTF-8), CRLF" _bad_header
	_check_list "no body after any non-2x header so far" _error_body
}

# _check_list NAME... ARRAY-NAME: passes when the array is empty
_check_list() {
	local -n _list=${!#}
	local name="${*:1:$#-1}"
	if [ ${#_list[@]} -eq 0 ]; then
		ok "$name"
	else
		not_ok "$name" "${#_list[@]} did not; the first ones:" \
		    "${_list[@]:0:8}"
	fi
}

# post_thread WHO SLUG TITLE BODY: a new discussion by prompt (title,
# then the draft's body); its id in $NEW, empty and status 1 when a step
# was refused
post_thread() {
	NEW=
	act "$1" "/space/$2/new?$(urlenc "$3")"
	[[ "$HDR" =~ ^30\ /draft/([0-9]+)(/~[A-Za-z0-9_-]{16})?$ ]] || return 1
	act "$1" "/draft/${BASH_REMATCH[1]}?$(urlenc "$4")"
	[[ "$HDR" =~ ^30\ /thread/([0-9]+)$ ]] || return 1
	NEW=${BASH_REMATCH[1]}
}

# add_space_with_threads SLUG N: a space with N threads ("Paging test
# thread 1".."N", thread N the most recently active), for paging tests;
# call it between make_demo_db and start_mootd
add_space_with_threads() {
	local now
	now=$(date +%s)
	db "INSERT INTO spaces (slug, name, description, position)
	    VALUES ('$1', 'Paging test', 'Many threads.', 1000);
	    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
	    WHERE i < $2)
	    INSERT INTO threads (space_id, member_id, title, body, created,
	    last_activity)
	    SELECT (SELECT id FROM spaces WHERE slug = '$1'),
	    (SELECT min(id) FROM members), 'Paging test thread ' || i,
	    'Body of paging test thread ' || i, $now - 200000 + i * 60,
	    $now - 200000 + i * 60 FROM n"
}

# db SQL: query the test database
db() {
	sqlite3 -batch -noheader "$TMP/moot.db" "$1"
}

# sql SQL: like db, but waits out the server's writes (view counts are
# flushed every second) instead of failing with "locked"
sql() {
	sqlite3 -batch -noheader -cmd '.timeout 5000' "$TMP/moot.db" "$1"
}

# ctl ARGS...: mootctl on the test database; $CRC is its exit status,
# $OUT and $CERR its stdout and stderr
OUT="$TMP/ctl.out"
CERR="$TMP/ctl.err"
ctl() {
	"$MOOTCTL" --db "$TMP/moot.db" "$@" >"$OUT" 2>"$CERR"
	CRC=$?
}

# check_ctl NAME STATUS [ERE]: the last ctl exited with STATUS, and (when
# given) said something matching ERE on stderr (on stdout for status 0);
# case counts unless CTL_ICASE is set
check_ctl() {
	local where=$CERR
	[ "$2" = 0 ] && where=$OUT
	if [ "$CRC" = "$2" ] && { [ -z "${3:-}" ] ||
	    grep -qE ${CTL_ICASE:+-i} -- "$3" "$where"; }; then
		ok "$1"
	else
		not_ok "$1" "want exit $2${3:+ and output matching /$3/}," \
		    "got exit $CRC; stderr, then stdout:"
		head -n 4 "$CERR" | visible
		head -n 6 "$OUT" | visible
	fi
}

# check_modlog ACTION TARGET REASON MODERATOR-ID: the moderation log
# holds exactly one row with these; MODERATOR-ID NULL for the operator
# (mootctl)
check_modlog() {
	local n by="= $4"
	[ "$4" = NULL ] && by="IS NULL"
	n=$(sql "SELECT count(*) FROM modlog WHERE action = '$1' AND
	    target = '$2' AND reason = '$3' AND moderator_id $by")
	if [ "$n" = 1 ]; then
		ok "... one modlog row: $1 / $2 / $3"
	else
		not_ok "... one modlog row: $1 / $2 / $3" "found $n; the last rows:"
		sql "SELECT id, moderator_id, action, target, reason FROM modlog
		    ORDER BY id DESC LIMIT 4" | visible
	fi
}

# ---------------------------------------------------------------- pages

# line_of FILE ERE: the number of the first line matching ERE
line_of() {
	grep -nE -- "$2" "$1" | head -n 1 | cut -d: -f1
}

# line_of_fixed FILE STRING: the number of the first line holding STRING
line_of_fixed() {
	grep -nF -- "$2" "$1" | head -n 1 | cut -d: -f1
}

# count_after_link FILE ID: "N" from the "N comments, ..." line that
# follows the link to /thread/ID in a home or space page
count_after_link() {
	awk -v id="$2" 'found { sub(/ .*/, ""); print; exit }
	    $0 ~ "^=>[ \t]*/thread/" id "([ \t]|$)" { found = 1 }' "$1"
}

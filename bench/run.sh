#!/usr/bin/env bash
# bench/run.sh: moot's benchmarks (issue 5), for `make bench',
# `make bench-smoke' and `make bench-scale'.
#
#   bench/run.sh full    every scenario for BENCH_SECONDS (default 4) s on
#                        a 100,000-comment community, the peers on the
#                        same 4 KB page; prints one table and adds it to
#                        docs/benchmarks.md with the date and the machine
#   bench/run.sh smoke   every scenario for about a second on a small
#                        community; fails only when a scenario could not
#                        be served at all; writes nothing to docs/
#   bench/run.sh scale   the home page's rendering cost on 1,000 and on
#                        1,000,000 comments (makes the large database once,
#                        which takes a minute); added to docs/benchmarks.md
#
# Everything runs on loopback.  As root, the whole run moves into a
# private network namespace of its own first (unshare --net), so nothing
# it starts can be reached from, or reach, anything else; molly-brown,
# which can only listen on all interfaces, runs only there.  Each
# scenario is bounded in time, and every process started here is ended
# by its PID when the script ends.
#
# Server CPU per request is read from /proc/PID/stat (utime + stime,
# and cutime + cstime for a server that forks per connection) before and
# after a scenario, divided by the requests it completed; RSS is VmRSS
# from /proc/PID/status after the scenario.
#
# Environment:
#   BENCH_SECONDS=S      seconds per scenario (full: 4, smoke: 1)
#   BENCH_PROFILE="ID.." perf record -g these scenarios (e.g. gem_thread)
#                        into bench/var/last-run/perf-ID.{data,txt}
#   BENCH_NO_INSTALL=1   do not apt-get install missing peers
#
# Generated databases and certificates are cached in bench/var/; each
# run works on copies, in bench/var/run.PID (kept as bench/var/last-run).

set -u
export LC_ALL=C

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1

MODE=${1:-full}
case $MODE in
full | smoke | scale) ;;
*)
	echo "usage: bench/run.sh full|smoke|scale" >&2
	exit 2
	;;
esac

BIN=bench/bin
VAR=bench/var
DOC=docs/benchmarks.md
PEER_PKGS="molly-brown gophernicus ucspi-tcp-ipv6 nginx-light wrk"

say() { printf 'bench: %s\n' "$*"; }
die() {
	say "$*" >&2
	exit 1
}

# ------------------------------------------------------------ set-up

# Peers are installed from Debian when missing, as root, before the run
# leaves the host's network (the namespace has none).
install_peers() {
	local p missing=""
	for p in $PEER_PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		    grep -q 'ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "${BENCH_NO_INSTALL:-0}" = 1 ]; then
		say "peers not installed:$missing (BENCH_NO_INSTALL=1)"
	elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		say "installing the peers:$missing"
		export DEBIAN_FRONTEND=noninteractive
		# shellcheck disable=SC2086
		timeout 300 apt-get install -y -qq $missing >/dev/null 2>&1 ||
		    { timeout 300 apt-get update -qq >/dev/null 2>&1 &&
		    timeout 300 apt-get install -y -qq $missing >/dev/null 2>&1; } ||
		    say "could not install:$missing; those peers are skipped"
	else
		say "peers not installed:$missing; run as root (or" \
		    "apt-get install -y$missing) to compare with them"
	fi
}

if [ -z "${BENCH_NETNS:-}" ]; then
	[ "$MODE" = full ] && install_peers
	if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null &&
	    command -v ip >/dev/null && unshare --net true 2>/dev/null; then
		BENCH_NETNS=1 exec unshare --net -- bash -c \
		    'ip link set lo up || exit 1; exec bash "$0" "$@"' \
		    "$0" "$@"
	fi
	export BENCH_NETNS=0
	say "no private network namespace (needs root and unshare):" \
	    "running on the host's loopback; molly-brown is left out"
fi

for b in mootd mootctl $BIN/loadgen $BIN/gendb $BIN/render_bench; do
	[ -x "$b" ] || die "$b is missing: run make bench-tools (make bench does)"
done

case $MODE in
full)
	SECS=${BENCH_SECONDS:-4}
	MEMBERS=2000 SPACES=10 THREADS=1000 COMMENTS=100000
	POSTERS=64 IDLE=10000 CONC=8 READERS=4 RENDER_SECS=1
	READ_RATE=200 POST_RATE=100 PAIRS=5
	;;
smoke)
	SECS=${BENCH_SECONDS:-1}
	MEMBERS=200 SPACES=5 THREADS=50 COMMENTS=2000
	POSTERS=8 IDLE=200 CONC=4 READERS=2 RENDER_SECS=0.3
	READ_RATE=50 POST_RATE=20 PAIRS=2
	;;
scale)
	SECS=0 RENDER_SECS=2
	;;
esac
BIG=200		# comments in the big discussion
CLK_TCK=$(getconf CLK_TCK)
HOST=127.0.0.1
P_GEM=19650 P_GOPHER=17070	# moot
P_DEMO_GEM=19660 P_DEMO_GOPHER=17080
P_MOLLY=19651 P_SSERVER=19652 P_FLOOR=19653 P_GMID=19654 P_GNIC=17071
P_HTTP=18080 P_NGINX=18081	# moot's web view, and nginx beside it

RUN=$VAR/run.$$
mkdir -p "$VAR" "$RUN" || exit 1
PIDS=()		# everything started here, ended by PID at exit

cleanup() {
	local p i
	for p in "${PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	for i in $(seq 50); do
		alive=0
		for p in "${PIDS[@]}"; do
			kill -0 "$p" 2>/dev/null && alive=1
		done
		[ $alive = 0 ] && break
		sleep 0.1
	done
	for p in "${PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$VAR/last-run"
	mv "$RUN" "$VAR/last-run" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# listening PORT: something listens on the TCP port (v4 or v6)
listening() {
	local hex
	printf -v hex '%04X' "$1"
	awk -v h="$hex" '$4 == "0A" && $2 ~ (":" h "$") { f = 1 }
	    END { exit !f }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# wait_port PORT PID: until the port listens (10 s), or PID dies
wait_port() {
	local i
	for i in $(seq 100); do
		kill -0 "$2" 2>/dev/null || return 1
		listening "$1" && return 0
		sleep 0.1
	done
	return 1
}

# ticks PID: "USER SYSTEM" CPU clock ticks used by PID, the processes
# under it (gmid's are several) and their reaped children
ticks() {
	[ -e "/proc/$1/stat" ] || {
		echo "0 0"
		return
	}
	# fields after the command's ")": 2 ppid, 12-15 utime stime cutime
	# cstime
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$1" '{
		pid = $1
		sub(/^.*\) /, "")
		parent[pid] = $2
		u[pid] = $12 + $14
		s[pid] = $13 + $15
	} END {
		for (p in parent) {
			q = p
			for (n = 0; q != root && q > 1 && n < 64; n++)
				q = parent[q]
			if (q == root) {
				tu += u[p]
				ts += s[p]
			}
		}
		printf "%d %d\n", tu, ts
	}'
}

rss_kb() {
	awk '/^VmRSS:/ { print $2; f = 1 } END { if (!f) print 0 }' \
	    "/proc/$1/status" 2>/dev/null || echo 0
}

# stop PID: SIGTERM, then SIGKILL after 10 s
stop() {
	local i
	kill -TERM "$1" 2>/dev/null || return 0
	for i in $(seq 100); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# make_cert NAME CN: $NAME.crt and $NAME.key, ECDSA P-256, self-signed
make_cert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	    -nodes -keyout "$1.key" -out "$1.crt" -subj "/CN=$2" \
	    -addext "subjectAltName=DNS:$2" -days 3650 >/dev/null 2>&1 &&
	    chmod 600 "$1.key"
}

# posters N: $VAR/certs-N/poster-NNN.{crt,key}, made once
posters() {
	local dir=$VAR/certs-$1 i
	if [ ! -f "$dir/.done" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		for i in $(seq -f %03g "$1"); do
			make_cert "$dir/poster-$i" "poster-$i" ||
			    die "openssl cannot make client certificates"
		done
		touch "$dir/.done"
	fi
	echo "$dir"
}

# community NAME GENDB-ARGS...: $VAR/NAME.db made once by mootctl init
# and gendb; its GENDB line is in $VAR/NAME.gendb
community() {
	local name=$1 db=$VAR/$1.db tmp have
	shift
	have=$(gendb_field "$name" schema 2>/dev/null)
	if [ ! -f "$db" ] || [ ! -s "$VAR/$name.gendb" ] ||
	    [ $BIN/gendb -nt "$db" ] || [ "$have" != "$(schema_version)" ]; then
		tmp=$VAR/$name.tmp.$$
		rm -f "$tmp" "$tmp-wal" "$tmp-shm"
		say "generating $name ($*)"
		./mootctl --db "$tmp" init >/dev/null 2>&1 ||
		    die "mootctl init failed"
		$BIN/gendb --db "$tmp" "$@" >"$VAR/$name.gendb.tmp" ||
		    die "gendb failed"
		rm -f "$tmp-wal" "$tmp-shm"
		mv "$tmp" "$db" && mv "$VAR/$name.gendb.tmp" "$VAR/$name.gendb"
		grep -v '^GENDB' "$VAR/$name.gendb" | sed 's/^/bench: /'
	fi
}

# gendb_field NAME KEY: a value from the community's GENDB line
gendb_field() {
	grep '^GENDB' "$VAR/$1.gendb" 2>/dev/null | tr ' ' '\n' |
	    sed -n "s/^$2=//p"
}

# schema_version: what `mootctl init' makes today (cached databases of
# an older schema are made again)
SCHEMA=
schema_version() {
	if [ -z "$SCHEMA" ]; then
		rm -f "$RUN/schema.db"
		./mootctl --db "$RUN/schema.db" init >/dev/null 2>&1
		SCHEMA=$($BIN/gendb --db "$RUN/schema.db" --schema 2>/dev/null)
		rm -f "$RUN/schema.db"*
	fi
	echo "$SCHEMA"
}

# A deterministic 4096-byte gemtext page, the same file for every server.
make_page() {
	awk 'BEGIN {
		s = "# A static page\n\n"
		w = "small web capsule server client text line page link " \
		    "gemini gopher community garden library notebook"
		n = split(w, word, " ")
		i = 0
		while (length(s) < 4096) {
			s = s word[i % n + 1] ((++i % 12) ? " " : "\n")
		}
		printf "%s", substr(s, 1, 4095) "\n"
	}' >"$1"
}

# ------------------------------------------------------------ results

declare -A REQ ERR RPS P50 P99 CPU SYS RSS NOTE
SCEN_FAILED=()
# a resumed row below this share of resumed connections is not one
RESUMED_MIN_PCT=95

# is_peer ID: a peer's scenario, whose failure is its own, not moot's
is_peer() {
	case $1 in
	molly* | sserver* | gnic* | nginx* | gmid*) return 0 ;;
	esac
	return 1
}

# result ID PID T0 T1 OUTFILE: record a loadgen run against PID
result() {
	local id=$1 pid=$2 t0=$3 t1=$4 out=$5 line kv resumed=0 share=
	line=$(grep '^RESULT' "$out" | tail -n 1)
	REQ[$id]=0 ERR[$id]=0 RPS[$id]=0 P50[$id]=0 P99[$id]=0
	for kv in $line; do
		case $kv in
		requests=*) REQ[$id]=${kv#*=} ;;
		resumed=*) resumed=${kv#*=} ;;
		errors=*) ERR[$id]=${kv#*=} ;;
		rps=*) RPS[$id]=${kv#*=} ;;
		p50=*) P50[$id]=${kv#*=} ;;
		p99=*) P99[$id]=${kv#*=} ;;
		esac
	done
	# shellcheck disable=SC2086
	set -- $t0 $t1
	CPU[$id]=$(awk -v a="$(($1 + $2))" -v b="$(($3 + $4))" \
	    -v n="${REQ[$id]}" -v hz="$CLK_TCK" 'BEGIN { if (n > 0)
	    printf "%.3f", (b - a) * 1000 / hz / n; else print "" }')
	SYS[$id]=$(awk -v a="$2" -v b="$4" -v n="${REQ[$id]}" \
	    -v hz="$CLK_TCK" 'BEGIN { if (n > 0) printf "%.3f",
	    (b - a) * 1000 / hz / n; else print "" }')
	RSS[$id]=$(rss_kb "$pid")
	if [ "${REQ[$id]}" = 0 ]; then
		is_peer "$id" || SCEN_FAILED+=("$id")
		say "$id: nothing was served; loadgen said:"
		sed 's/^/bench:   | /' "$out" | head -n 8
	fi
	# a "resumed" row measures resumption only if the server resumed:
	# a server that gives no fresh ticket on resumption halves it
	case $id in
	*_r) if [ "${REQ[$id]}" -gt 0 ]; then
		share=$((resumed * 100 / REQ[$id]))
		say "$id: $share % of the connections resumed"
		if [ "$share" -lt "$RESUMED_MIN_PCT" ]; then
			is_peer "$id" || SCEN_FAILED+=("$id")
			say "$id: fewer than $RESUMED_MIN_PCT % resumed: the" \
			    "row is not a resumed one"
		fi
	fi ;;
	esac
	printf 'bench: %-13s %8s req/s  p50 %7s ms  p99 %8s ms  CPU %6s ms/req (sys %6s)  RSS %6s kB  errors %s\n' \
	    "$id" "${RPS[$id]}" "${P50[$id]}" "${P99[$id]}" \
	    "${CPU[$id]:--}" "${SYS[$id]:--}" "${RSS[$id]}" "${ERR[$id]}"
	grep -q '^first unexpected' "$out" && sed -n \
	    's/^first unexpected reply: /bench:   first unexpected reply: /p' \
	    "$out"
	return 0
}

# profile_start ID PID / profile_stop: perf record when asked for
PERF_PID=
profile_start() {
	case " ${BENCH_PROFILE:-} " in
	*" $1 "*) ;;
	*) return 0 ;;
	esac
	command -v perf >/dev/null || {
		say "BENCH_PROFILE: perf is not installed (apt-get install linux-perf)"
		return 0
	}
	perf record -e cpu-clock -F 2999 -g -p "$2" -o "$RUN/perf-$1.data" \
	    >"$RUN/perf-$1.log" 2>&1 &
	PERF_PID=$!
	PERF_ID=$1
	sleep 0.3
}
profile_stop() {
	[ -n "$PERF_PID" ] || return 0
	kill -INT "$PERF_PID" 2>/dev/null
	wait "$PERF_PID" 2>/dev/null
	PERF_PID=
	perf report -i "$RUN/perf-$PERF_ID.data" --stdio --no-children \
	    --sort symbol -g none 2>/dev/null | grep -v '^#' | grep -v '^$' |
	    head -n 40 >"$RUN/perf-$PERF_ID.txt"
	say "profile of $PERF_ID: $VAR/last-run/perf-$PERF_ID.txt"
}

# ticks_tree PID: ticks of PID and of its children still running (a
# server whose workers are processes: nginx)
ticks_tree() {
	local u s c
	# shellcheck disable=SC2046
	set -- $(ticks "$1") $(for c in $(pgrep -P "$1"); do ticks "$c"; done)
	u=0 s=0
	while [ $# -ge 2 ]; do
		u=$((u + $1)) s=$((s + $2))
		shift 2
	done
	echo "$u $s"
}

# wrk_scenario ID PID URL: HTTP over keep-alive with wrk ($CONC
# connections, one thread), recorded like a loadgen run; PID's CPU (and
# its worker processes') is measured
wrk_scenario() {
	local id=$1 pid=$2 url=$3 t0 t1 out=$RUN/$1.out
	sleep 0.2
	t0=$(ticks_tree "$pid")
	timeout -k 5 $((${SECS%.*} + 30)) wrk -t 1 -c "$CONC" \
	    -d "${SECS%.*}s" --latency "$url" >"$out" 2>&1
	t1=$(ticks_tree "$pid")
	awk '/requests in/ { n = $1 }
	    /^Requests\/sec:/ { r = $2 }
	    /Non-2xx or 3xx responses:/ { e += $NF }
	    /Socket errors:/ { for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) e += $i }
	    function ms(v) { if (v ~ /us$/) return v / 1000;
		if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000;
		return v }
	    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
	    END { printf "RESULT requests=%d errors=%d rps=%.0f p50=%.3f p99=%.3f\n",
		n - e, e, r, p50, p99 }' "$out" >>"$out"
	result "$id" "$pid" "$t0" "$t1" "$out"
}

# scenario ID PID LOADGEN-ARGS...: one timed run; PID's CPU is measured
scenario() {
	local id=$1 pid=$2 t0 t1
	shift 2
	sleep 0.2	# the previous scenario's connections wind down
	profile_start "$id" "$pid"
	t0=$(ticks "$pid")
	timeout -k 5 $((${SECS%.*} + 60)) $BIN/loadgen --host $HOST \
	    --duration "$SECS" "$@" >"$RUN/$id.out" 2>&1
	sleep 0.3	# forked servers' children are reaped
	t1=$(ticks "$pid")
	profile_stop
	result "$id" "$pid" "$t0" "$t1" "$RUN/$id.out"
}

# members: a client certificate on every request, as a member's client
# sends it once it uses an identity for the site (a member of the
# benchmark community: the first poster); set once CERTS is made
MC=()

# static_server ID PID PORT LOG...: once PID listens on PORT, its five
# static scenarios (below); else 1, with the end of its LOGs said
static_server() {
	local id=$1 pid=$2 port=$3
	shift 3
	if ! wait_port "$port" "$pid"; then
		say "$id did not start; its log:"
		tail -n 5 "$@" 2>/dev/null | sed 's/^/bench:   | /'
		return 1
	fi
	static_scenarios "$id" "$pid" --port "$port" --concurrency $CONC \
	    --path /bench.gmi
}

# static_scenarios ID PID LOADGEN-ARGS...: the 4 KB page five ways, as
# IDs ID, ID_r (resumed), ID_cert (MC's certificate), ID_cert_r and
# ID_tls12: the rows moot, molly-brown and the floor are compared on
static_scenarios() {
	local id=$1 pid=$2
	shift 2
	scenario "$id" "$pid" "$@"
	scenario "${id}_r" "$pid" "$@" --resume
	scenario "${id}_cert" "$pid" "$@" "${MC[@]}"
	scenario "${id}_cert_r" "$pid" "$@" "${MC[@]}" --resume
	scenario "${id}_tls12" "$pid" "$@" --tls12
}

# ------------------------------------------------------------ moot

MOOTD_PID=
MOOTD_EXTRA=()
./mootd --help 2>&1 | grep -q -- --max-per-address &&
    MOOTD_EXTRA+=(--max-per-address 0)

# start_mootd DB GEMINI-PORT GOPHER-PORT LOG [ARGS...]: sets MOOTD_PID
start_mootd() {
	local db=$1 gem=$2 gopher=$3 log=$4
	shift 4
	./mootd --db "$db" --hostname localhost \
	    --gemini "$HOST:$gem" --gopher "$HOST:$gopher" \
	    --cert "$VAR/tls/localhost.crt" --key "$VAR/tls/localhost.key" \
	    --capsule "$RUN/capsule" --workers 2 "${MOOTD_EXTRA[@]}" "$@" \
	    >>"$log" 2>&1 </dev/null &
	MOOTD_PID=$!
	PIDS+=("$MOOTD_PID")
	wait_port "$gem" "$MOOTD_PID" && wait_port "$gopher" "$MOOTD_PID" || {
		say "mootd did not start; its log:"
		tail -n 15 "$log" | sed 's/^/bench:   | /'
		exit 1
	}
}

# calibrate: the machine's speed at what a TLS handshake costs most
CALIBRATION=
calibrate() {
	CALIBRATION=$(openssl speed -seconds 1 ecdsap256 ecdhx25519 2>/dev/null |
	    awk '/ecdsa \(nistp256\)/ { s = $(NF - 1); v = $NF }
	    /ecdh \(X25519\)/ { x = $NF }
	    END { if (s) printf "; one core does %.0f ECDSA P-256 signs/s, %.0f verifies/s, %.0f X25519 ops/s", s, v, x }')
}

machine() {
	local model mem fs
	model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	mem=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
	fs=$(findmnt -no FSTYPE -T "$VAR" 2>/dev/null)
	printf '%s CPUs (%s), %s, Linux %s; OpenSSL %s, SQLite %s, libevent %s; %s file system for the database; load average %s at the start%s' \
	    "$(nproc)" "${model:-unknown}" "$mem" "$(uname -r)" \
	    "$(openssl version 2>/dev/null | awk '{ print $2 }')" \
	    "$(pkg-config --modversion sqlite3 2>/dev/null)" \
	    "$(pkg-config --modversion libevent 2>/dev/null)" \
	    "${fs:-a}" "$(cut -d' ' -f1-3 /proc/loadavg)" "$CALIBRATION"
}

revision() {
	local r
	r=$(git rev-parse --short HEAD 2>/dev/null) || {
		echo "unknown"
		return
	}
	git diff --quiet HEAD -- src 2>/dev/null || r="$r with uncommitted changes to src/"
	echo "$r"
}

# render NAME [--db FILE CASE...]...: render_bench's RENDER lines into
# $RUN/render-NAME.out (the cases take turns, so that they meet the same
# load)
render() {
	local name=$1
	shift
	timeout -k 5 300 $BIN/render_bench --capsule "$RUN/capsule" \
	    --seconds "$RENDER_SECS" "$@" >"$RUN/render-$name.out" 2>&1 || {
		say "render_bench failed:"
		sed 's/^/bench:   | /' "$RUN/render-$name.out"
	}
	sed -n 's/^RENDER /bench: render /p' "$RUN/render-$name.out"
}

# render_field NAME CASE DB KEY: DB is the database file's name
render_field() {
	grep "^RENDER case=$2 db=$3 " "$RUN/render-$1.out" 2>/dev/null |
	    tr ' ' '\n' | sed -n "s/^$4=//p"
}

# ------------------------------------------------------------ doc

DOC_MARK='<!-- runs: newest first; bench/run.sh adds each run below this line -->'

doc_header() {
	cat <<-EOF
	# Benchmarks

	Written by \`make bench\` (bench/run.sh, issue 5); the newest run is
	first and older runs are kept below it.  \`make bench-scale\` adds
	the home page's scaling check.  Benchmarks are not tests: nothing here
	fails a build.

	How the figures are made:

	- Every scenario runs on loopback, in a private network namespace
	  when run as root, for a few seconds, with moot's own load generator
	  (bench/loadgen.c): a new TCP connection and TLS handshake per
	  request, closed loop, 2 client threads on the same machine as the
	  server.  "resumed" offers the TLS session the slot got last time;
	  a resumed row where fewer than 95 % of the connections resumed is
	  reported as failed (it would measure full handshakes).
	- **OpenSSL alone** (bench/tlsfloor.c) is mootd's own TLS context
	  doing only what any Gemini server on OpenSSL must: a handshake,
	  the client's identity, the request line, one write of the 4 KB
	  file, in an epoll loop on each of 2 threads.  It is the floor of
	  the Gemini rows on this machine's OpenSSL, shown beside each ratio
	  to molly-brown.
	- **gmid**: Debian has no package; \`GMID=DIR make bench\`, DIR a gmid
	  checkout, builds it (with \`-O2\`; it needs yacc) and adds its rows,
	  with two server processes as mootd has two workers; its ratio to
	  molly-brown is shown beside moot's too.
	- **CPU ms/req** is the server's CPU time (utime + stime from
	  /proc/PID/stat, with the processes under it and their reaped
	  children's, for servers of several processes) over the scenario,
	  divided by the requests completed.
	  This is the figure the targets are about; requests/s depends on how
	  much of the 2 cores the load generator takes.
	- **RSS** is VmRSS after the scenario.
	- **× peer** is moot's figure divided by the peer's on the same kind
	  of request (Gemini: molly-brown, new handshakes against new,
	  resumed against resumed; Gopher: gophernicus under tcpserver),
	  where the peer serves a static 4 KB file and moot a dynamic page.
	  Above 1 means more requests/s, or more CPU and memory.
	- moot runs with \`--workers 2\`, its request log on (to a file), and
	  the community from bench/gendb.c: 2,000 members, 10 spaces,
	  1,000 discussions, 100,000 comments, one discussion of exactly 200
	  comments (about 90 KB of gemtext).  Posting has the rate limit off
	  (\`post_refill 0\`), a client certificate per poster, and every
	  comment committed with synchronous=FULL before the 30 reply.
	- Render timings (bench/render_bench.c) run the router, the
	  handler's queries and the renderer in one thread with no network.
	- The readers-during-posting control runs both sides with
	  \`loadgen --rate\` (evenly spaced starts, latency counted from each
	  start) below what saturates the two cores, so that its ratio shows
	  what writing does to reading rather than how the CPU is shared.
	- A member's page against a visitor's is also measured in pairs: the
	  two resumed scenarios alternate $PAIRS times (\`PAIRS\`), and the row
	  gives each pair's ratio and their median.  The single rows run
	  minutes apart, and on a shared virtual machine their ratio moved
	  from 0.97× to 1.79× between runs of one build; each pair sees the
	  same weather.
	- Idle RSS also gives the proportional set size (PSS, from
	  /proc/PID/smaps_rollup), which shares the library pages out among
	  the processes that map them.

	$DOC_MARK
	EOF
}

# doc_add FILE: the run's section, inserted above the older runs
doc_add() {
	local section=$1 tmp
	mkdir -p "$(dirname "$DOC")"
	[ -f "$DOC" ] || doc_header >"$DOC"
	grep -qF "$DOC_MARK" "$DOC" || printf '\n%s\n' "$DOC_MARK" >>"$DOC"
	tmp=$DOC.tmp.$$
	awk -v mark="$DOC_MARK" -v f="$section" '
	    { print }
	    $0 == mark && !done {
		print ""
		while ((getline l < f) > 0) print l
		done = 1
	    }' "$DOC" >"$tmp" && mv "$tmp" "$DOC"
	say "added to $DOC"
}

# ------------------------------------------------------------ table

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b + 0 > 0)
	    printf "%.2f×", a / b; else printf "—" }'
}
mb() {
	awk -v k="$1" 'BEGIN { if (k + 0 > 0) printf "%.1f", k / 1024;
	    else printf "—" }'
}
# le A B / ge A B: yes or **no**
le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "" && a + 0 <= b + 0) ? "yes" : "**no**" }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "" && a + 0 >= b + 0) ? "yes" : "**no**" }'; }

TABLE=$RUN/table.md
MISSED=()

table_head() {
	cat >"$TABLE" <<-'EOF'
	| Scenario | req/s | p50 ms | p99 ms | CPU ms/req | of it sys | RSS MB | × peer req/s | × peer CPU | × peer RSS | Target | Met |
	|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|
	EOF
}

# row LABEL ID PEER-ID TARGET MET
row() {
	local label=$1 id=$2 peer=$3 target=${4:-} met=${5:-}
	local pr="—" pc="—" pm="—"
	if [ -z "${REQ[$id]+x}" ]; then
		return 0
	fi
	if [ -n "$peer" ] && [ -n "${REQ[$peer]+x}" ]; then
		pr=$(ratio "${RPS[$id]}" "${RPS[$peer]}")
		pc=$(ratio "${CPU[$id]}" "${CPU[$peer]}")
		pm=$(ratio "${RSS[$id]}" "${RSS[$peer]}")
	fi
	case $met in
	*"**no**"*) MISSED+=("$label: $target") ;;
	esac
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
	    "$label${NOTE[$id]:+ (${NOTE[$id]})}" "${RPS[$id]}" "${P50[$id]}" \
	    "${P99[$id]}" "${CPU[$id]:-—}" "${SYS[$id]:-—}" \
	    "$(mb "${RSS[$id]}")" "$pr" "$pc" "$pm" "${target:-—}" \
	    "${met:-—}" >>"$TABLE"
}

# cpu_row LABEL ID PEER LIMIT-MS PEER-LIMIT: the target in ms, and the
# same target as a ratio to the peer (the issue's limit over the peer's
# figure on the machine the targets were set on), which carries over to
# a slower or faster machine
cpu_row() {
	local met pr
	met=$(le "${CPU[$2]:-}" "$4")
	if [ -n "${REQ[$3]+x}" ]; then
		pr=$(awk -v a="${CPU[$2]:-}" -v b="${CPU[$3]:-}" 'BEGIN {
		    if (a != "" && b > 0) printf "%.2f", a / b }')
		met="$met; × peer $(le "${pr:-99}" "$5")"
	fi
	row "$1" "$2" "$3" "CPU ≤ $4 ms (≤ $5× peer)" "$met"
}

# ratio_row LABEL ID BASE MAX WHAT [PEER [FLOOR [GMID]]]: CPU per
# request at most MAX times BASE's (a peer's row, or moot's own visitor
# row for a member's), WHAT naming BASE; the peer columns compare with
# PEER (default BASE); FLOOR's and GMID's ratios to BASE are shown
# beside moot's
ratio_row() {
	local r beside= met="—"
	r=$(ratio "${CPU[$2]:-}" "${CPU[$3]:-}")
	if [ "$r" != "—" ]; then
		met="$r: $(le "${r%×}" "$4")"
		# FLOOR: the same exchange on OpenSSL alone (bench/tlsfloor);
		# GMID: gmid's, when it ran
		[ -n "${CPU[${7:-none}]:-}" ] &&
		    beside="OpenSSL alone: $(ratio "${CPU[$7]}" "${CPU[$3]}")"
		[ -n "${CPU[${8:-none}]:-}" ] &&
		    beside="${beside:+$beside; }gmid: $(ratio "${CPU[$8]}" "${CPU[$3]}")"
		[ -n "$beside" ] && met="$met ($beside)"
	fi
	row "$1" "$2" "${6:-$3}" "CPU ≤ $4× $5" "$met"
}

# free_row LABEL FIGURE TARGET MET: a figure that is not a load run
free_row() {
	[ "$4" = "**no**" ] && MISSED+=("$1: $3 (got $2)")
	printf '| %s | — | — | — | — | — | — | — | — | — | %s: %s | %s |\n' \
	    "$1" "$3" "$2" "$4" >>"$TABLE"
}

# ================================================================ scale

[ "$MODE" = smoke ] || calibrate
MACHINE=$(machine)

if [ "$MODE" = scale ]; then
	community scale-1k --members 100 --spaces 10 --threads 20 \
	    --comments 1000 --big $BIG
	community scale-1m --members 20000 --spaces 10 --threads 10000 \
	    --comments 1000000 --big $BIG
	mkdir -p "$RUN/capsule"
	cp "$VAR/scale-1k.db" "$RUN/scale-1k.db"
	cp "$VAR/scale-1m.db" "$RUN/scale-1m.db"
	T1=$(gendb_field scale-1k big_thread)
	T2=$(gendb_field scale-1m big_thread)
	render scale --db "$RUN/scale-1k.db" gemini:/ gopher:/ \
	    "gemini:/thread/$T1" --db "$RUN/scale-1m.db" gemini:/ gopher:/ \
	    "gemini:/thread/$T2"
	h1=$(render_field scale gemini:/ scale-1k.db median_us)
	h2=$(render_field scale gemini:/ scale-1m.db median_us)
	g1=$(render_field scale gopher:/ scale-1k.db median_us)
	g2=$(render_field scale gopher:/ scale-1m.db median_us)
	t1=$(render_field scale "gemini:/thread/$T1" scale-1k.db median_us)
	t2=$(render_field scale "gemini:/thread/$T2" scale-1m.db median_us)
	hr=$(awk -v a="$h2" -v b="$h1" 'BEGIN { if (b > 0) printf "%.2f", a / b }')
	gr=$(awk -v a="$g2" -v b="$g1" 'BEGIN { if (b > 0) printf "%.2f", a / b }')
	cat >"$RUN/section.md" <<-EOF
	## $(date -u '+%Y-%m-%d %H:%M UTC'): make bench-scale

	$MACHINE.  moot $(revision).

	| Rendering, no network (median) | 1,000 comments | 1,000,000 comments | ratio | Target | Met |
	|---|--:|--:|--:|---|---|
	| Home page, Gemini | $h1 µs | $h2 µs | ${hr}× | ≤ 1.2× | $(le "$hr" 1.2) |
	| Home page, Gopher | $g1 µs | $g2 µs | ${gr}× | — | — |
	| Discussion of 200 comments, Gemini | $t1 µs | $t2 µs | $(ratio "$t2" "$t1") | — | — |

	EOF
	echo
	cat "$RUN/section.md"
	doc_add "$RUN/section.md"
	exit 0
fi

# ================================================================ full and smoke

say "mode $MODE: $SECS s per scenario; $MACHINE"

# the server certificate every server here uses (the one mootd makes)
if [ ! -f "$VAR/tls/localhost.crt" ] || [ ! -f "$VAR/tls/localhost.key" ]; then
	mkdir -p "$VAR/tls"
	make_cert "$VAR/tls/localhost" localhost ||
	    die "openssl cannot make the server certificate"
fi
CERTS=$(posters "$POSTERS")
MC=(--cert "$CERTS/poster-001.crt" --key "$CERTS/poster-001.key")
if [ "$MODE" = full ]; then
	NAME=bench-100k
	community $NAME --members $MEMBERS --spaces $SPACES --threads $THREADS \
	    --comments $COMMENTS --big $BIG --certs "$CERTS"
	community small-1k --members 100 --spaces 10 --threads 20 \
	    --comments 1000 --big $BIG
else
	NAME=smoke
	community $NAME --members $MEMBERS --spaces $SPACES --threads $THREADS \
	    --comments $COMMENTS --big $BIG --certs "$CERTS"
fi
BIG_ID=$(gendb_field $NAME big_thread)
SPACE=$(gendb_field $NAME space)
POST_ID=$(gendb_field $NAME post_thread)
POST_PEOPLE=$(gendb_field $NAME post_participants)
[ -n "$BIG_ID" ] && [ -n "$SPACE" ] && [ -n "$POST_ID" ] ||
    die "$VAR/$NAME.gendb has no GENDB line: remove $VAR/$NAME.db"

# this run's copies: the database, the capsule with the 4 KB page
cp "$VAR/$NAME.db" "$RUN/moot.db"
./mootctl --db "$RUN/moot.db" settings set post_refill 0 >/dev/null ||
    die "mootctl settings set post_refill 0 failed"
mkdir -p "$RUN/capsule"
make_page "$RUN/capsule/bench.gmi"
cp "$RUN/capsule/bench.gmi" "$RUN/capsule/bench.txt"
chmod -R a+rX "$RUN"

# ---- rendering alone, before any server takes the CPU
say "rendering, no network"
SMALL=()
if [ "$MODE" = full ]; then
	cp "$VAR/small-1k.db" "$RUN/small.db"
	SMALL=(--db "$RUN/small.db" gemini:/)
fi
# a member: the first poster's certificate, as the load runs below use it
MEMBER_FP=$(openssl x509 -in "$CERTS/poster-001.crt" -noout -fingerprint \
    -sha256 2>/dev/null | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')
MEMBER=()
if [ -n "$MEMBER_FP" ]; then
	MEMBER=(--member "$MEMBER_FP")
	MEMBER_CASE=("member:/thread/$BIG_ID")
else
	say "no fingerprint for $CERTS/poster-001.crt: no member render row"
	MEMBER_CASE=()
fi
render main "${MEMBER[@]}" --db "$RUN/moot.db" \
    "gemini:/thread/$BIG_ID" gemini:/ "gemini:/space/$SPACE" \
    "gopher:/thread/$BIG_ID" "${MEMBER_CASE[@]}" "${SMALL[@]}"

# ---- idle memory with the demo community
say "idle memory with the demo community"
./mootctl --db "$RUN/demo.db" demo >/dev/null 2>&1 || die "mootctl demo failed"
start_mootd "$RUN/demo.db" $P_DEMO_GEM $P_DEMO_GOPHER "$RUN/mootd-demo.log"
sleep 1
DEMO_RSS_START=$(rss_kb "$MOOTD_PID")
for p in / /about /thread/1 /thread/2 /space/$(sqlite3 "$RUN/demo.db" \
    "SELECT slug FROM spaces LIMIT 1" 2>/dev/null || echo x); do
	$BIN/loadgen --host $HOST --port $P_DEMO_GEM --path "$p" --requests 20 \
	    --concurrency 2 --duration 5 --expect "" --quiet >/dev/null 2>&1
done
$BIN/loadgen --host $HOST --port $P_DEMO_GOPHER --proto gopher --path / \
    --requests 20 --concurrency 2 --duration 5 --quiet >/dev/null 2>&1
sleep 1
DEMO_RSS=$(rss_kb "$MOOTD_PID")
DEMO_PARTS=$(awk '/^Rss(Anon|File|Shmem):/ { printf "%s%s %s kB", s, $1, $2;
    s = ", " }' "/proc/$MOOTD_PID/status" | sed 's/://g')
# shared library pages count in full in every process's RSS; the
# proportional set size shares them out (the issue quotes gmid's)
DEMO_PSS=$(awk '/^Pss:/ { print $2 }' "/proc/$MOOTD_PID/smaps_rollup" \
    2>/dev/null)
[ -n "$DEMO_PSS" ] && DEMO_PARTS="$DEMO_PARTS; PSS $DEMO_PSS kB"
say "demo community: RSS $DEMO_RSS_START kB after start, $DEMO_RSS kB after serving pages ($DEMO_PARTS)"
stop "$MOOTD_PID"

# ---- moot on the benchmark community
start_mootd "$RUN/moot.db" $P_GEM $P_GOPHER "$RUN/mootd.log" \
    --max-clients $((IDLE + 2000)) --request-timeout 120 \
    --http "$HOST:$P_HTTP"
say "mootd $MOOTD_PID: RSS $(rss_kb "$MOOTD_PID") kB at start"
G=(--port $P_GEM --concurrency $CONC)
scenario gem_home "$MOOTD_PID" "${G[@]}" --path /
scenario gem_home_r "$MOOTD_PID" "${G[@]}" --path / --resume
scenario gem_space "$MOOTD_PID" "${G[@]}" --path "/space/$SPACE"
scenario gem_space_r "$MOOTD_PID" "${G[@]}" --path "/space/$SPACE" --resume
scenario gem_thread "$MOOTD_PID" "${G[@]}" --path "/thread/$BIG_ID"
scenario gem_thread_r "$MOOTD_PID" "${G[@]}" --path "/thread/$BIG_ID" --resume
static_scenarios gem_static "$MOOTD_PID" "${G[@]}" --path /bench.gmi
scenario gem_thread_member "$MOOTD_PID" "${G[@]}" --path "/thread/$BIG_ID" \
    "${MC[@]}"
scenario gem_thread_member_r "$MOOTD_PID" "${G[@]}" \
    --path "/thread/$BIG_ID" "${MC[@]}" --resume
# the same two, resumed, alternating PAIRS times: a ratio of rows run
# minutes apart moves with whatever else the machine does meanwhile
# (0.97x to 1.79x in three runs of one build), a pair's far less
for i in $(seq "$PAIRS"); do
	scenario "pair_visitor_$i" "$MOOTD_PID" "${G[@]}" \
	    --path "/thread/$BIG_ID" --resume
	scenario "pair_member_$i" "$MOOTD_PID" "${G[@]}" \
	    --path "/thread/$BIG_ID" "${MC[@]}" --resume
done
O=(--port $P_GOPHER --proto gopher --concurrency $CONC)
scenario gph_thread "$MOOTD_PID" "${O[@]}" --path "/thread/$BIG_ID"
scenario gph_home "$MOOTD_PID" "${O[@]}" --path /
scenario gph_static "$MOOTD_PID" "${O[@]}" --path /bench.txt
# the web view: the discussion's cached HTML page over keep-alive; its
# bytes are what nginx serves beside it, as a static file
if command -v wrk >/dev/null; then
	mkdir -p "$RUN/www"
	curl -s --max-time 10 -o "$RUN/www/page.html" \
	    "http://$HOST:$P_HTTP/thread/$BIG_ID"
	chmod -R a+rX "$RUN/www"
	wrk_scenario http_thread "$MOOTD_PID" \
	    "http://$HOST:$P_HTTP/thread/$BIG_ID"
	NOTE[http_thread]="$(($(wc -c <"$RUN/www/page.html") / 1024)) KB, keep-alive, wrk"
else
	say "wrk is not installed: the HTTP rows are skipped (apt-get install wrk)"
fi

# ---- writes: posting alone, readers alone, readers during posting
POST=(--port $P_GEM --path "/thread/$POST_ID/comment" --post
    --cert-dir "$CERTS" --concurrency $POSTERS --tag "run$$")
READ=(--port $P_GEM --path "/thread/$BIG_ID" --concurrency $READERS)
scenario posting "$MOOTD_PID" "${POST[@]}"
scenario reads_alone "$MOOTD_PID" "${READ[@]}"
sleep 0.2
timeout -k 5 $((${SECS%.*} + 60)) $BIN/loadgen --host $HOST \
    --duration "$SECS" "${POST[@]}" --tag "run$$-b" >"$RUN/posting_bg.out" 2>&1 &
BGPID=$!
PIDS+=("$BGPID")
scenario reads_during "$MOOTD_PID" "${READ[@]}"
wait "$BGPID"
result posting_bg "$MOOTD_PID" "0 0" "0 0" "$RUN/posting_bg.out"
CPU[reads_during]= SYS[reads_during]=
CPU[posting_bg]= SYS[posting_bg]=
NOTE[reads_during]="with ${RPS[posting_bg]} posts/s"

# The same at a pace this machine can keep: readers and posters both
# below what saturates the two cores, so that what is left of the
# difference is what writing does to reading, not a share of the CPU.
scenario reads_paced "$MOOTD_PID" "${READ[@]}" --rate "$READ_RATE"
sleep 0.2
timeout -k 5 $((${SECS%.*} + 60)) $BIN/loadgen --host $HOST \
    --duration "$SECS" "${POST[@]}" --rate "$POST_RATE" --tag "run$$-c" \
    >"$RUN/posting_paced.out" 2>&1 &
BGPID=$!
PIDS+=("$BGPID")
scenario reads_paced_during "$MOOTD_PID" "${READ[@]}" --rate "$READ_RATE"
wait "$BGPID"
result posting_paced "$MOOTD_PID" "0 0" "0 0" "$RUN/posting_paced.out"
CPU[reads_paced_during]= SYS[reads_paced_during]=
CPU[posting_paced]= SYS[posting_paced]=
NOTE[reads_paced_during]="with ${RPS[posting_paced]} posts/s"
if command -v sqlite3 >/dev/null; then
	STORED=$(sqlite3 "$RUN/moot.db" "SELECT count(*) FROM comments WHERE
	    body LIKE 'bench run$$%'" 2>/dev/null)
	ACKED=$(( ${REQ[posting]} + ${REQ[posting_bg]} + ${REQ[posting_paced]:-0} ))
	say "posting: $ACKED comments acknowledged (30), ${STORED:-?} in the database"
fi

# ---- 10,000 connections that finished the handshake and trickle
say "idle connections: $IDLE"
HOLD=$(( ${SECS%.*} + 6 ))
IDLE_RSS0=$(rss_kb "$MOOTD_PID")
: >"$RUN/idle.out"
timeout -k 5 $((HOLD + 180)) $BIN/loadgen --host $HOST --port $P_GEM \
    --idle $IDLE --hold $HOLD --concurrency 128 --src-spread 200 \
    >"$RUN/idle.out" 2>&1 &
IDLE_PID=$!
PIDS+=("$IDLE_PID")
for i in $(seq 1800); do
	grep -q '^READY' "$RUN/idle.out" && break
	kill -0 "$IDLE_PID" 2>/dev/null || break
	sleep 0.1
done
sleep 0.5
IDLE_RSS1=$(rss_kb "$MOOTD_PID")
scenario idle_normal "$MOOTD_PID" --port $P_GEM --path / --concurrency 2
IDLE_RSS2=$(rss_kb "$MOOTD_PID")
wait "$IDLE_PID"
IDLE_EST=$(sed -n 's/^RESULT.* established=\([0-9]*\).*/\1/p' "$RUN/idle.out")
IDLE_ALIVE=$(sed -n 's/^RESULT.* alive=\([0-9]*\).*/\1/p' "$RUN/idle.out")
grep -v '^RESULT\|^READY' "$RUN/idle.out" | sed 's/^/bench: /'
IDLE_PER=$(awk -v a="$IDLE_RSS0" -v b="$IDLE_RSS1" -v c="$IDLE_RSS2" \
    -v n="${IDLE_EST:-0}" 'BEGIN { m = b > c ? b : c;
    if (n > 0) printf "%.1f", (m - a) / n }')
RSS[idle_normal]=$(( IDLE_RSS1 > IDLE_RSS2 ? IDLE_RSS1 : IDLE_RSS2 ))
NOTE[idle_normal]="${IDLE_ALIVE:-0} of $IDLE held"
say "idle: RSS $IDLE_RSS0 kB before, $IDLE_RSS1 kB holding ${IDLE_EST:-0}: ${IDLE_PER:-?} kB each; ${IDLE_ALIVE:-0} still open at the end"
stop "$MOOTD_PID"

# ---- the peers, on the same 4 KB page
if [ "$BENCH_NETNS" = 1 ] && command -v molly-brown >/dev/null; then
	cat >"$RUN/molly.conf" <<-EOF
	Port = $P_MOLLY
	Hostname = "localhost"
	CertPath = "$TOP/$VAR/tls/localhost.crt"
	KeyPath = "$TOP/$VAR/tls/localhost.key"
	DocBase = "$TOP/$RUN/capsule"
	AccessLog = "$TOP/$RUN/molly-access.log"
	ErrorLog = "$TOP/$RUN/molly-error.log"
	EOF
	molly-brown -c "$RUN/molly.conf" >"$RUN/molly.log" 2>&1 </dev/null &
	MOLLY_PID=$!
	PIDS+=("$MOLLY_PID")
	static_server molly "$MOLLY_PID" $P_MOLLY "$RUN/molly.log" \
	    "$RUN/molly-error.log"
	stop "$MOLLY_PID"
elif [ "$BENCH_NETNS" = 1 ]; then
	say "molly-brown is not installed: skipped (apt-get install molly-brown)"
else
	say "molly-brown skipped: it listens on every interface, so it only" \
	    "runs inside a private network namespace (root, unshare)"
fi

if command -v openssl >/dev/null; then
	(cd "$RUN/capsule" && exec openssl s_server -accept "$HOST:$P_SSERVER" \
	    -cert "$TOP/$VAR/tls/localhost.crt" \
	    -key "$TOP/$VAR/tls/localhost.key" -WWW -quiet) \
	    >"$RUN/s_server.log" 2>&1 </dev/null &
	SSRV_PID=$!
	PIDS+=("$SSRV_PID")
	if wait_port $P_SSERVER "$SSRV_PID"; then
		S=(--port $P_SSERVER --concurrency $CONC
		    --request 'GET /bench.gmi HTTP/1.0\r\n\r\n'
		    --expect 'HTTP/1.0 200')
		scenario sserver "$SSRV_PID" "${S[@]}"
		scenario sserver_r "$SSRV_PID" "${S[@]}" --resume
	else
		say "openssl s_server did not start"
	fi
	stop "$SSRV_PID"
fi

# gmid, built from the checkout GMID names (issue 16): Debian has none
if [ -n "${GMID:-}" ]; then
	GMID_DIR=$VAR/gmid-build
	if [ ! -x "$GMID_DIR/gmid" ] ||
	    [ "$(cat "$GMID_DIR/.rev" 2>/dev/null)" != \
	    "$(git -C "$GMID" rev-parse HEAD 2>/dev/null)" ]; then
		rm -rf "$GMID_DIR"
		mkdir -p "$GMID_DIR"
		if git -C "$GMID" archive HEAD 2>/dev/null |
		    tar -x -C "$GMID_DIR" &&
		    (cd "$GMID_DIR" && CFLAGS=-O2 ./configure &&
		    make gmid) >"$RUN/gmid-build.log" 2>&1; then
			git -C "$GMID" rev-parse HEAD >"$GMID_DIR/.rev"
		else
			say "gmid from $GMID did not build (it needs yacc" \
			    "and libevent's headers); its log:"
			tail -n 5 "$RUN/gmid-build.log" | sed 's/^/bench:   | /'
		fi
	fi
	if [ -x "$GMID_DIR/gmid" ]; then
		# two server processes, as mootd's two workers
		cat >"$RUN/gmid.conf" <<-EOF
		prefork 2
		server "localhost" {
			listen on $HOST port $P_GMID
			cert "$TOP/$VAR/tls/localhost.crt"
			key "$TOP/$VAR/tls/localhost.key"
			root "$TOP/$RUN/capsule"
		}
		EOF
		"$GMID_DIR/gmid" -f -c "$RUN/gmid.conf" >"$RUN/gmid.log" 2>&1 \
		    </dev/null &
		GMID_PID=$!
		PIDS+=("$GMID_PID")
		GMID_REV=$(git -C "$GMID" describe --tags 2>/dev/null)
		static_server gmid "$GMID_PID" $P_GMID "$RUN/gmid.log"
		stop "$GMID_PID"
	fi
else
	say "gmid skipped: Debian has no package; GMID=/path/to/a/gmid" \
	    "checkout builds it (into $VAR) and adds its rows"
fi

# The floor of each Gemini row on this OpenSSL: bench/tlsfloor has
# mootd's own TLS context and does only what any Gemini server on
# OpenSSL must (a handshake, the request line, one write).
bench/bin/tlsfloor --listen "$HOST:$P_FLOOR" \
    --cert "$VAR/tls/localhost.crt" --key "$VAR/tls/localhost.key" \
    --file "$RUN/capsule/bench.gmi" >"$RUN/tlsfloor.log" 2>&1 </dev/null &
FLOOR_PID=$!
PIDS+=("$FLOOR_PID")
static_server floor "$FLOOR_PID" $P_FLOOR "$RUN/tlsfloor.log" ||
    SCEN_FAILED+=(floor)
stop "$FLOOR_PID"

# nginx serves the web view's page, as a static file of the same bytes,
# with 2 workers like mootd's and an access log like mootd's
if command -v nginx >/dev/null && command -v wrk >/dev/null &&
    [ -s "$RUN/www/page.html" ]; then
	NGINX_USER=
	[ "$(id -u)" = 0 ] && NGINX_USER="user root root;"	# reads $RUN as we do
	cat >"$RUN/nginx.conf" <<-EOF
	$NGINX_USER
	worker_processes 2;
	pid $TOP/$RUN/nginx.pid;
	error_log $TOP/$RUN/nginx-error.log;
	events { worker_connections 1024; }
	http {
		access_log $TOP/$RUN/nginx-access.log;
		default_type text/html;
		server {
			listen $HOST:$P_NGINX;
			root $TOP/$RUN/www;
		}
	}
	EOF
	nginx -c "$TOP/$RUN/nginx.conf" -g 'daemon off;' \
	    >"$RUN/nginx.log" 2>&1 </dev/null &
	NGINX_PID=$!
	PIDS+=("$NGINX_PID")
	if wait_port $P_NGINX "$NGINX_PID"; then
		wrk_scenario nginx "$NGINX_PID" \
		    "http://$HOST:$P_NGINX/page.html"
		NOTE[nginx]="CPU of master and workers"
	else
		say "nginx did not start:"
		tail -n 5 "$RUN/nginx.log" "$RUN/nginx-error.log" 2>/dev/null |
		    sed 's/^/bench:   | /'
	fi
	stop "$NGINX_PID"
elif ! command -v nginx >/dev/null; then
	say "nginx is not installed: skipped (apt-get install nginx-light)"
fi

# gophernicus throttles a client address after 4,096 hits (-i) or 4 GB
# (-k) in a session; every request here comes from one address, so both
# limits are lifted, or it would sleep a second per request.
if command -v tcpserver >/dev/null && [ -x /usr/sbin/gophernicus ]; then
	GNIC_USER=()
	if [ "$(id -u)" = 0 ]; then
		u=$(id -u _gophernicus 2>/dev/null || id -u nobody)
		g=$(id -g _gophernicus 2>/dev/null || id -g nobody)
		GNIC_USER=(-u "$u" -g "$g")
	fi
	: >"$RUN/gophernicus.log"
	chmod 666 "$RUN/gophernicus.log"
	tcpserver -q -c 64 -H -R -l localhost "${GNIC_USER[@]}" $HOST \
	    $P_GNIC /usr/sbin/gophernicus -h localhost -p $P_GNIC \
	    -r "$TOP/$RUN/capsule" -nv -ns -l "$TOP/$RUN/gophernicus.log" \
	    -i 1000000000 -k 1000000000 \
	    >"$RUN/tcpserver.log" 2>&1 </dev/null &
	GNIC_PID=$!
	PIDS+=("$GNIC_PID")
	if wait_port $P_GNIC "$GNIC_PID"; then
		scenario gnic "$GNIC_PID" --port $P_GNIC --proto gopher \
		    --concurrency $CONC --path /bench.txt
		NOTE[gnic]="RSS of tcpserver; one process per request"
	else
		say "tcpserver/gophernicus did not start"
	fi
	stop "$GNIC_PID"
else
	say "gophernicus or tcpserver is not installed: skipped" \
	    "(apt-get install gophernicus ucspi-tcp-ipv6)"
fi

# ---- the table
table_head
R1=$(render_field main "gemini:/thread/$BIG_ID" moot.db median_us)
R2=$(render_field main gemini:/ moot.db median_us)
R3=$(render_field main "gemini:/space/$SPACE" moot.db median_us)
R4=$(render_field main "gopher:/thread/$BIG_ID" moot.db median_us)
R5=$(render_field main "member:/thread/$BIG_ID" moot.db median_us)
RS=$(render_field main gemini:/ small.db median_us)
HOME_RATIO=$(awk -v a="$R2" -v b="$RS" 'BEGIN { if (b > 0) printf "%.2f", a / b }')
POSTS=${RPS[posting]:-0}
READ_RATIO=$(awk -v a="${P99[reads_during]:-0}" -v b="${P99[reads_alone]:-0}" \
    'BEGIN { if (b > 0) printf "%.2f", a / b }')
PACED_RATIO=$(awk -v a="${P99[reads_paced_during]:-0}" \
    -v b="${P99[reads_paced]:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b }')

# the web view's target is absolute (0.05 ms); as a ratio, that over
# what nginx took here
NGINX_LIMIT=$(awk -v c="${CPU[nginx]:-}" 'BEGIN { if (c > 0)
    printf "%.2f", 0.05 / c }')
# peer limits: 0.25 / 0.34, 0.12 / 0.30 (molly-brown) and 0.05 / 1.45
# (gophernicus), the figures the targets were set against
cpu_row "Gemini home page" gem_home molly 0.25 0.74
cpu_row "Gemini home page, resumed" gem_home_r molly_r 0.12 0.40
cpu_row "Gemini space page" gem_space molly 0.25 0.74
cpu_row "Gemini space page, resumed" gem_space_r molly_r 0.12 0.40
cpu_row "Gemini discussion, 200 comments" gem_thread molly 0.25 0.74
cpu_row "Gemini discussion, 200 comments, resumed" gem_thread_r molly_r 0.12 0.40
# issue 16: every Gemini row at most 0.8x molly-brown's CPU; a member's
# view of a discussion at most 1.2x a visitor's
ratio_row "Gemini static 4 KB page" gem_static molly 0.8 molly-brown \
    molly floor gmid
ratio_row "Gemini static 4 KB page, resumed" gem_static_r molly_r 0.8 \
    molly-brown molly_r floor_r gmid_r
ratio_row "Gemini static 4 KB page, client certificate" gem_static_cert \
    molly_cert 0.8 molly-brown molly_cert floor_cert gmid_cert
ratio_row "Gemini static 4 KB page, client certificate, resumed" \
    gem_static_cert_r molly_cert_r 0.8 molly-brown molly_cert_r floor_cert_r gmid_cert_r
ratio_row "Gemini static 4 KB page, TLS 1.2" gem_static_tls12 molly_tls12 \
    0.8 molly-brown molly_tls12 floor_tls12 gmid_tls12
ratio_row "Gemini discussion, 200 comments, a member" gem_thread_member \
    gem_thread 1.2 "a visitor" molly_cert
ratio_row "Gemini discussion, 200 comments, a member, resumed" \
    gem_thread_member_r gem_thread_r 1.2 "a visitor" molly_cert_r
# the same, less what the certificate costs the handshake (the static
# page's rows with and without one): what is left is the page's own cost
member_page_row() {	# LABEL MEMBER VISITOR STATIC-CERT STATIC
	local r
	r=$(awk -v m="${CPU[$2]:-}" -v v="${CPU[$3]:-}" -v c="${CPU[$4]:-}" \
	    -v s="${CPU[$5]:-}" 'BEGIN { if (m != "" && c != "" &&
	    s != "" && v > 0) printf "%.2f", (m - (c - s)) / v }')
	free_row "$1" "${r:-?}×" "≤ 1.2× a visitor" "$(le "${r:-99}" 1.2)"
}
member_page_row "Gemini discussion, a member, less the certificate's handshake" \
    gem_thread_member gem_thread gem_static_cert gem_static
member_page_row "Gemini discussion, a member, resumed, less the certificate's handshake" \
    gem_thread_member_r gem_thread_r gem_static_cert_r gem_static_r
# the median of the alternating pairs' ratios, each pair's beside it
paired_row() {	# LABEL MEMBER-PREFIX VISITOR-PREFIX
	local i r rs=() med
	for i in $(seq "$PAIRS"); do
		r=$(ratio "${CPU[${2}_$i]:-}" "${CPU[${3}_$i]:-}")
		[ "$r" != "—" ] && rs+=("${r%×}")
	done
	# no pair measured: no median (printf would still give one line)
	[ ${#rs[@]} -gt 0 ] &&
	    med=$(printf '%s\n' "${rs[@]}" | sort -n | awk '{ v[NR] = $1 }
	    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f", m }')
	free_row "$1 (pairs: $(printf '%s ' "${rs[@]}" | sed 's/ $//'))" \
	    "${med:-?}×" "≤ 1.2× a visitor" "$(le "${med:-99}" 1.2)"
}
paired_row "Gemini discussion, a member, resumed, alternating with a visitor's, median of $PAIRS pairs" \
    pair_member pair_visitor
cpu_row "Gopher discussion, 200 comments" gph_thread gnic 0.05 0.034
row "Gopher home page" gph_home gnic
cpu_row "Web view: cached discussion, 200 comments, HTML" http_thread nginx \
    0.05 "${NGINX_LIMIT:-99}"
row "Gopher static 4 KB page" gph_static gnic
row "Posting, $POSTERS posters with client certificates, into a discussion of ${POST_PEOPLE:-?} people" posting "" \
    "≥ 300 comments/s" "$(ge "$POSTS" 300)"
row "Readers of the discussion ($READERS), alone" reads_alone ""
row "Readers of the discussion ($READERS), during posting" reads_during "" \
    "p99 ≤ 2× alone: ${READ_RATIO:-?}×" "$(le "${READ_RATIO:-99}" 2)"
row "Readers of the discussion at $READ_RATE/s, alone" reads_paced ""
row "Readers of the discussion at $READ_RATE/s, during posting at $POST_RATE/s" \
    reads_paced_during "" "(control) p99 ${PACED_RATIO:-?}× alone" ""
row "A client during $IDLE idle connections" idle_normal "" \
    "≤ 32 KB each: ${IDLE_PER:-?} KB" "$(le "${IDLE_PER:-999}" 32)"
free_row "Idle RSS, demo community, after serving pages ($DEMO_PARTS)" \
    "$(mb "$DEMO_RSS") MB" "≤ 10 MB" "$(le "$DEMO_RSS" 10240)"
free_row "Render discussion, 200 comments (Gemini)" "${R1:-?} µs" \
    "≤ 100 µs" "$(le "${R1:-999999}" 100)"
free_row "Render home page (Gemini)" "${R2:-?} µs" "—" "—"
free_row "Render space page (Gemini)" "${R3:-?} µs" "—" "—"
free_row "Render discussion, 200 comments (Gopher)" "${R4:-?} µs" "—" "—"
free_row "Render discussion, 200 comments, a member (Gemini)" "${R5:-?} µs" \
    "—" "—"
if [ "$MODE" = full ]; then
	free_row "Render home page: 100,000 vs 1,000 comments" \
	    "${HOME_RATIO:-?}×" "≤ 1.2× (1,000,000: make bench-scale)" \
	    "$(le "${HOME_RATIO:-99}" 1.2)"
fi
row "molly-brown, static 4 KB page" molly ""
row "molly-brown, static 4 KB page, resumed" molly_r ""
row "molly-brown, static 4 KB page, client certificate" molly_cert ""
row "molly-brown, static 4 KB page, client certificate, resumed" molly_cert_r ""
row "molly-brown, static 4 KB page, TLS 1.2" molly_tls12 ""
row "OpenSSL alone, mootd's TLS context (bench/tlsfloor), static 4 KB page" floor molly
row "... resumed" floor_r molly_r
row "... client certificate" floor_cert molly_cert
row "... client certificate, resumed" floor_cert_r molly_cert_r
row "... TLS 1.2" floor_tls12 molly_tls12
row "gmid${GMID_REV:+ $GMID_REV}, static 4 KB page" gmid molly
row "... resumed (gmid issues no tickets)" gmid_r molly_r
row "... client certificate" gmid_cert molly_cert
row "... client certificate, resumed" gmid_cert_r molly_cert_r
row "... TLS 1.2" gmid_tls12 molly_tls12
row "openssl s_server -WWW, static 4 KB page" sserver ""
row "openssl s_server -WWW, static 4 KB page, resumed" sserver_r ""
row "gophernicus (tcpserver), static 4 KB page" gnic ""
row "nginx, the same page as a static file, keep-alive, wrk" nginx ""

echo
cat "$TABLE"
echo
if [ ${#MISSED[@]} -gt 0 ]; then
	say "targets missed:"
	printf 'bench:   %s\n' "${MISSED[@]}"
fi

if [ "$MODE" = smoke ]; then
	if [ ${#SCEN_FAILED[@]} -gt 0 ]; then
		say "smoke: FAILED (nothing served, or too few resumed):" \
		    "${SCEN_FAILED[*]}"
		exit 1
	fi
	say "smoke: every scenario was served (timings are not checked)"
	exit 0
fi

{
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC'): make bench"
	echo
	echo "$MACHINE.  moot $(revision); $SECS s per scenario," \
	    "$CONC connections at once (readers $READERS, posters $POSTERS)."
	echo
	cat "$TABLE"
	echo
	if [ ${#MISSED[@]} -gt 0 ]; then
		echo "Targets missed:"
		echo
		printf -- '- %s\n' "${MISSED[@]}"
		echo
	fi
	[ ${#SCEN_FAILED[@]} -gt 0 ] &&
	    printf 'Nothing served, or too few resumed, in: %s\n\n' \
	    "${SCEN_FAILED[*]}"
	[ "$BENCH_NETNS" = 1 ] || echo "(Run without a private network namespace: no molly-brown.)"
} >"$RUN/section.md"
doc_add "$RUN/section.md"
exit 0

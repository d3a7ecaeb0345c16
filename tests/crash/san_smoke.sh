#!/usr/bin/env bash
# san_smoke.sh: the shortest suite that starts mootd, serves a Gemini and
# a Gopher request and stops it; `make check-asan-selftest' runs it
# against a mootd with a deliberate bug (tests/crash/san_canary.c).
. "$(dirname "$0")/../lib.sh"

start_mootd --workers 1 || bail_out "mootd did not start"
gem /
check_status "gemini /: 20" 20 "$HDR"
gopher "/\r\n"
check_contains "gopher /: a menu" $'\r\n.\r\n' "$RESP"
stop_mootd
done_testing

#!/usr/bin/env bash
# invites.sh: issue 11 item 5, invitations are scarce.  Loading
# /me/invite shows what a member holds and mints nothing; minting is
# /me/invite/new, within a quota (invite_open at a time, invite_month in
# 30 days; moderators have none); open invitations are listed on /me
# with a revoke action; `mootctl invite list|revoke'; every invitation
# made, revoked or used is in the moderation log, never its code.
#
#   bash tests/integration/invites.sh    (after `make mootd mootctl
#                                         tests/bin/gemreq')

. "$(dirname "$0")/../lib.sh"

[ -x "$GEMREQ" ] || bail_out "tests/bin/gemreq is not built"
command -v sqlite3 >/dev/null || bail_out "sqlite3 (the CLI) is needed"

ctl() {
	"$MOOTCTL" --db "$TMP/moot.db" "$@" >"$TMP/ctl.out" 2>&1
}

# codes_on FILE: the invitation codes in the addresses a page shows
codes_on() {
	grep -oE "gemini://localhost:$GEMINI_PORT/invite/[a-z0-9]+" "$1" |
	    sed 's|.*/||' | sort -u | tr '\n' ' ' | sed 's/ $//'
}

invites_of() {
	sql "SELECT count(*) FROM invites i JOIN members m
	    ON m.id = i.creator_id WHERE m.name = '$1'"
}

make_demo_db || bail_out "no demo database"
ctl settings set post_refill 0
start_mootd || bail_out "mootd did not start"
for c in alice bob mod admin newa newb; do
	make_client_cert "$c" 30 0 || bail_out "cannot make certificates"
done
act alice "/join?Alice%20Inv"
act bob "/join?Bob%20Inv"
act mod "/join?Maud%20Inv"
act admin "/join?Adna%20Inv"
ctl member role "Maud Inv" moderator --reason "test" ||
    bail_out "mootctl member role failed"
ctl member role "Adna Inv" admin --reason "test" ||
    bail_out "mootctl member role failed"
ALICE=$(sql "SELECT id FROM members WHERE name = 'Alice Inv'")
MOD=$(sql "SELECT id FROM members WHERE name = 'Maud Inv'")

# ------------------------------------------- loading mints nothing

as alice /me/invite
check_status "/me/invite: 20" 20 "$HDR"
check_contains "... says alice holds no open invitation" \
    "no open invitation" "$BODY"
check_grep "... offers 'Make a new invitation' (/me/invite/new)" \
    "^=> */me/invite/new$TOK( |$)" "$BODY"
as alice /me/invite
as alice /me/invite
check_eq "loading /me/invite three times made no invitation" 0 \
    "$(invites_of "Alice Inv")"

act alice /me/invite/new
check_header "/me/invite/new makes one: 30 /me/invite" "30 /me/invite" \
    "$HDR"
check_eq "... one invitation in the database" 1 "$(invites_of "Alice Inv")"
as alice /me/invite
CODE=$(codes_on "$BODY")
check "... /me/invite shows its address" test -n "$CODE"
I1=$(sql "SELECT id FROM invites WHERE code = '$CODE'")
as alice /me/invite
check_eq "... loading it again shows the same one" "$CODE" \
    "$(codes_on "$BODY")"
check_eq "... and makes none" 1 "$(invites_of "Alice Inv")"
check_no_grep "... no 'Make a new invitation' at the quota" \
    "/me/invite/new" "$BODY"

act alice /me/invite/new
check_reply "a second open one is refused (50, why)" 50 "open invitation"
check_eq "... none was made" 1 "$(invites_of "Alice Inv")"

as alice /me
check_contains "/me lists the open invitation" "Invitation $I1" "$BODY"
check_grep "... with a revoke action" "^=> */me/invite/$I1/revoke$TOK( |$)" \
    "$BODY"
check_not_contains "... not its code" "$CODE" "$BODY"

# ---------------------------------------------------------- revoking

act bob "/me/invite/$I1/revoke?yes"
check_reply "bob cannot revoke alice's invitation (51)" 51 ""
act alice "/me/invite/$I1/revoke"
check_reply "revoking asks first (10)" 10 "revoke"
act alice "/me/invite/$I1/revoke?no"
check_reply "... 'no' keeps it" 30 "^/me/invite$"
check_eq "... still open" "" \
    "$(sql "SELECT revoked FROM invites WHERE id = $I1")"
act alice "/me/invite/$I1/revoke?yes"
check_reply "... 'yes' revokes it" 30 "^/me/invite$"
check "... revoked in the database" test -n \
    "$(sql "SELECT revoked FROM invites WHERE id = $I1")"
act newa "/invite/$CODE"
check_reply "the revoked invitation lets nobody in (51)" 51 "revoked"
act alice "/me/invite/$I1/revoke?yes"
check_reply "revoking it again: 51" 51 ""

# ------------------------------------------------- the monthly quota

act alice /me/invite/new
check_header "with none open, another can be made" "30 /me/invite" "$HDR"
I2=$(sql "SELECT max(id) FROM invites")
act alice "/me/invite/$I2/revoke?yes"
act alice /me/invite/new
check_header "... and a third" "30 /me/invite" "$HDR"
I3=$(sql "SELECT max(id) FROM invites")
act alice "/me/invite/$I3/revoke?yes"
act alice /me/invite/new
check_reply "a fourth in 30 days is refused (50, why)" 50 "30 days"
as alice /me/invite
check_contains "... /me/invite says so" "30 days" "$BODY"
check_eq "... alice made three" 3 "$(invites_of "Alice Inv")"
sql "UPDATE invites SET created = created - 31 * 86400
    WHERE creator_id = $ALICE" >/dev/null
act alice /me/invite/new
check_header "31 days later she can make one again" "30 /me/invite" "$HDR"
A4=$(sql "SELECT code FROM invites WHERE id = (SELECT max(id) FROM invites)")

# ------------------------------------------------------- settings

ctl settings set invite_month 5
check_exit "mootctl settings set invite_month 5" 0 "$?"
ctl settings set invite_month 101
check_exit "... invite_month 101 is refused" 1 "$?"
check_contains "... saying the range" "0 to 100" "$TMP/ctl.out"
ctl settings set invite_open 11
check_exit "... invite_open 11 is refused" 1 "$?"
ctl settings set invite_open x
check_exit "... invite_open x is refused" 1 "$?"
act admin "/admin/setting/invite_open?11"
check_reply "/admin/setting/invite_open?11: 10 with the range" 10 "0 to 10"
act admin "/admin/setting/invite_open?2"
check_reply "/admin/setting/invite_open?2: 30" 30 "/admin"
check_eq "... set" 2 \
    "$(sql "SELECT value FROM settings WHERE key = 'invite_open'")"
act alice /me/invite/new
check_header "with invite_open 2, alice may hold two" "30 /me/invite" "$HDR"
as alice /me/invite
check_eq "... /me/invite shows both" 2 \
    "$(codes_on "$BODY" | wc -w | tr -d ' ')"
ctl settings set invite_open 0
as alice /me/invite
check_contains "invite_open 0: /me/invite says members cannot invite" \
    "does not let members invite" "$BODY"
act alice /me/invite/new
check_reply "... and /me/invite/new is refused (50)" 50 "does not let"

# ------------------------------------------------------- moderators

for i in 1 2 3 4; do
	act mod /me/invite/new
	[ "$HDR" = "30 /me/invite" ] || break
done
check_header "a moderator has no quota: four in a row" "30 /me/invite" \
    "$HDR"
act mod "/mod/invite?3"
check_status "/mod/invite?3: 20" 20 "$HDR"
MCODE=$(codes_on "$BODY")
check "... shows the address" test -n "$MCODE"
check_eq "... for three people" 3 \
    "$(sql "SELECT uses_left FROM invites WHERE code = '$MCODE'")"
n_before=$(sql "SELECT count(*) FROM invites")
act mod "/mod/invite?4294967297"
check_status "/mod/invite?4294967297 (2^32 + 1): asked again, 10" 10 "$HDR"
act mod "/mod/invite?00000000000000000003"
check_status "... and twenty digits: 10" 10 "$HDR"
check_eq "... no invitation made by either" "$n_before" \
    "$(sql "SELECT count(*) FROM invites")"

# ----------------------------------------------------- using them

ctl settings set join_mode invite
act newa "/invite/$A4?Newcomer%20A"
check_header "invite mode: alice's invitation lets newa in" "30 /welcome" \
    "$HDR"
NEWA=$(sql "SELECT id FROM members WHERE name = 'Newcomer A'")
A4ID=$(sql "SELECT id FROM invites WHERE code = '$A4'")
check_modlog use "invitation $A4ID" "joined" "$NEWA"
act newb "/invite/$A4?Newcomer%20B"
check_status_in "... once only" "50 51" "$HDR"

# ------------------------------------------------------------ mootctl

ctl invite list
check_exit "mootctl invite list: exit 0" 0 "$?"
check_grep "... lists the revoked one" "^invitation $I1 .*revoked" \
    "$TMP/ctl.out"
check_grep "... the used one" "^invitation $A4ID .*used" "$TMP/ctl.out"
check_grep "... and the moderator's open one" \
    "^invitation [0-9]+ .*Maud Inv.*3 uses left +open" "$TMP/ctl.out"
leaked=
for c in $(sql "SELECT code FROM invites"); do
	grep -qF "$c" "$TMP/ctl.out" && leaked+=" $c"
done
check_none "... showing no whole code" "$leaked"
MID=$(sql "SELECT id FROM invites WHERE code = '$MCODE'")
ctl invite revoke "$MID" --reason "Posted publicly"
check_exit "mootctl invite revoke ID --reason: exit 0" 0 "$?"
check_modlog revoke "invitation $MID" "Posted publicly" NULL
act newb "/invite/$MCODE?Newcomer%20B"
check_reply "... then nobody joins with it" 51 ""
ctl invite revoke "$MID" --reason "again"
check_exit "... revoking it again: exit 1" 1 "$?"
ctl invite revoke abc --reason "x"
check_exit "... a bad id: exit 2" 2 "$?"
ctl invite revoke "$MID"
check_exit "... no --reason: exit 2" 2 "$?"

# ------------------------------------------------- the moderation log

check_modlog invite "invitation $I1" "1 use" "$ALICE"
check_modlog revoke "invitation $I1" "revoked by its maker" "$ALICE"
check_modlog invite "invitation $MID" "3 uses" "$MOD"
check_eq "every invitation made is logged" \
    "$(sql "SELECT count(*) FROM invites")" \
    "$(sql "SELECT count(*) FROM modlog WHERE action = 'invite'")"
leaked=
for c in $(sql "SELECT code FROM invites"); do
	n=$(sql "SELECT count(*) FROM modlog WHERE instr(target, '$c') > 0
	    OR instr(reason, '$c') > 0")
	[ "$n" = 0 ] || leaked+=" $c"
done
check_none "no invitation code is in the moderation log" "$leaked"

check_replies_all
stop_mootd
done_testing

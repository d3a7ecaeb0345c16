/*
 * test_names.c: the rules for display names (src/core/names.c), one class of
 * code point or one trick per line, and the confusable pairs that must
 * collide; then the same rules against a real database: members already
 * there, the community's name, the triggers, and the migration that
 * gives an older database its skeletons.
 */

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "core/names.h"
#include "tap.h"

/* The schema version before the names' skeletons (migration 8 -> 9). */
#define VERSION_BEFORE_SKELETONS	8

/* A literal with its length, so that cases may hold NUL bytes. */
#define S(x)	x, sizeof(x) - 1

#define E2	"\xc3\xa9"		/* é: 2 bytes, 1 character */
#define A8	"abcdefgh"
#define A32	A8 A8 A8 A8
#define E8	E2 E2 E2 E2 E2 E2 E2 E2
#define E32	E8 E8 E8 E8

/* Reasons, by a word each is sure to hold. */
#define LENGTH		"2 to 32"
#define START_SPACE	"start with a space"
#define TWO_SPACES	"two in a row"
#define END_SPACE	"end with a space"
#define CHARS		"letters, digits"
#define SCRIPT		"one script"
#define RESERVED	"kept for"
#define UNASSIGNED	"not assigned"
#define PRIVATE		"private-use"
#define ACCENT		"accent"
#define CONTROL		"control"
#define INVISIBLE	"invisible"
#define UTF8		"UTF-8"
/* Any reason will do: the point is that the name is refused. */
#define ANY		""

static const struct {
	const char	*s;
	size_t		 len;
	const char	*why;		/* NULL: valid; else in the reason */
	const char	*name;
} names[] = {
	{ S("Jo"),			NULL,	"2 characters" },
	{ S("Ruth W"),			NULL,	"a single space" },
	{ S("Si\xc3\xa2n from Swansea"), NULL,	"Si\xc3\xa2n from Swansea" },
	{ S("Grace (parent carer)"),	NULL,	"Grace (parent carer)" },
	{ S("Priya_OT"),		NULL,	"underscore" },
	{ S("O'Brien-Smith"),		NULL,	"apostrophe and hyphen" },
	{ S("Dr. J. Bloggs"),		NULL,	"full stops" },
	{ S("Bex_Notts 2"),		NULL,	"digits" },
	{ S("\xe6\x97\xa5\xe6\x9c\xac"), NULL,	"two CJK characters" },
	{ S("\xd0\x90\xd0\xbd\xd1\x8f"), NULL,	"Cyrillic" },
	{ S(A32),			NULL,	"32 ASCII characters" },
	{ S(E32),			NULL,	"32 characters in 64 bytes" },
	{ S("Zo\xc3\xab"),		NULL,	"Zo\xc3\xab" },

	{ S(""),			LENGTH,	"empty" },
	{ S("J"),			LENGTH,	"1 character" },
	{ S(E2),			LENGTH,	"1 character in 2 bytes" },
	{ S(A32 "x"),			LENGTH,	"33 characters" },
	{ S(E32 E2),			LENGTH,	"33 characters in 66 bytes" },
	{ S(" Jo"),			START_SPACE, "leading space" },
	{ S("  "),			START_SPACE, "only spaces" },
	{ S("Jo "),			END_SPACE, "trailing space" },
	{ S("Jo  Bloggs"),		TWO_SPACES, "two spaces in a row" },
	{ S("Jo;Bloggs"),		CHARS,	"a semicolon" },
	{ S("Jo<b>"),			CHARS,	"angle brackets" },
	{ S("Jo/Bloggs"),		CHARS,	"a slash" },
	{ S("=> /evil"),		CHARS,	"a gemtext link" },
	{ S("Jo\x01" "x"),		ANY,	"a C0 control (U+0001)" },
	{ S("Jo\tBloggs"),		ANY,	"a tab" },
	{ S("Jo\nBloggs"),		ANY,	"a newline" },
	{ S("Jo\x7f"),			ANY,	"DEL" },
	{ S("Jo\0x"),			ANY,	"NUL" },
	{ S("Jo\xc2\x85" "x"),		CONTROL, "a C1 control (U+0085)" },
	{ S("Jo\xc2\x9b" "x"),		CONTROL, "a C1 control (U+009B CSI)" },
	{ S("Jo\xe2\x80\x8b" "x"),	INVISIBLE, "zero-width space U+200B" },
	{ S("\xef\xbb\xbf" "Jo"),	INVISIBLE, "byte-order mark U+FEFF" },
	{ S("Jo\xe2\x80\xa8" "x"),	INVISIBLE, "line separator U+2028" },
	{ S("Jo\xe2\x80\xa9" "x"),	INVISIBLE, "paragraph separator U+2029" },
	{ S("Jo\xc0\xaf"),		UTF8,	"invalid UTF-8 (overlong)" },
	{ S("Jo\xff"),			UTF8,	"invalid UTF-8 (FF)" },
	{ S("Jo\xc3"),			UTF8,	"truncated UTF-8" },
	/*
	 * "letters (any script)": these are not letters.  A no-break space
	 * makes "Ruth\u00a0W", which reads as the taken "Ruth W"; a bidi
	 * override reverses what follows it; a word joiner is as invisible
	 * as the zero-width space refused above.
	 */
	{ S("Ruth\xc2\xa0W"),		ANY,	"no-break space U+00A0" },
	{ S("Jo\xe2\x80\xae" "xe.exe"),	ANY,	"bidi override U+202E" },
	{ S("Jo\xe2\x81\xa0" "x"),	ANY,	"word joiner U+2060" },

	/*
	 * Issue 11: each of these was taken as a name.  Default-ignorable
	 * code points draw nothing, so "Ruth W" + U+FE0E is the admin's
	 * name to the eye; the four-byte ones were not even decoded.
	 */
	{ S("Ruth W\xef\xb8\x8e"),	INVISIBLE, "U+FE0E variation selector" },
	{ S("Ruth W\xef\xb8\x8f"),	INVISIBLE, "U+FE0F variation selector" },
	{ S("Jo\xf3\xa0\x80\xa0" "x"),	INVISIBLE, "U+E0020 tag space" },
	{ S("Jo\xf3\xa0\x84\x80" "x"),	INVISIBLE, "U+E0100 variation sel." },
	{ S("Jo\xef\xbe\xa0" "x"),	INVISIBLE, "U+FFA0 halfwidth filler" },
	{ S("Jo\xe3\x85\xa4" "x"),	INVISIBLE, "U+3164 Hangul filler" },
	{ S("Jo\xe1\x85\x9f" "x"),	INVISIBLE, "U+115F choseong filler" },
	{ S("Jo\xe1\x9e\xb4" "x"),	INVISIBLE, "U+17B4 Khmer vowel" },
	{ S("Jo\xe1\xa0\x8b" "x"),	INVISIBLE, "U+180B Mongolian FVS1" },
	{ S("Jo\xf0\x9d\x85\xb3" "x"),	INVISIBLE, "U+1D173 musical begin" },
	{ S("Jo\xc2\xad" "x"),		INVISIBLE, "U+00AD soft hyphen" },
	{ S("Jo\xcd\x8f" "x"),		INVISIBLE, "U+034F grapheme joiner" },
	{ S("Jo\xe2\x80\x8d" "x"),	INVISIBLE, "U+200D zero-width joiner" },
	{ S("Jo\xe2\x80\x8f" "x"),	INVISIBLE, "U+200F right-to-left mark" },
	{ S("Jo\xe2\x80\x83" "x"),	INVISIBLE, "U+2003 em space" },
	{ S("Jo\xe3\x80\x80" "x"),	INVISIBLE, "U+3000 ideographic space" },
	{ S("Jo\xcd\xb8"),		UNASSIGNED, "U+0378 unassigned" },
	{ S("Jo\xf0\xaf\xa8\xa0"),	UNASSIGNED, "U+2FA20 unassigned" },
	{ S("Jo\xf4\x8f\xbf\xbe"),	UNASSIGNED, "U+10FFFE noncharacter" },
	{ S("Jo\xee\x80\x80"),		PRIVATE, "U+E000 private use" },
	{ S("Jo\xf3\xb0\x80\x80"),	PRIVATE, "U+F0000 plane 15 private use" },
	{ S("Jo\xf4\x8f\xbf\xbd"),	PRIVATE, "U+10FFFD plane 16 private use" },
	/* "letters, digits, spaces and - _ . ' ( )": nothing else */
	{ S("Bob \xf0\x9f\x98\x80"),	CHARS,	"an emoji U+1F600" },
	{ S("Bob\xe2\x9c\x94"),		CHARS,	"a symbol U+2714" },
	{ S("Bob \xc2\xa9"),		CHARS,	"U+00A9 copyright sign" },
	{ S("Bob \xe2\x85\xab"),	CHARS,	"U+216B Roman numeral" },
	{ S("Bob\xc2\xb2"),		CHARS,	"U+00B2 superscript two" },
	{ S("Bob\xe2\x80\x94" "x"),	CHARS,	"U+2014 em dash" },
	{ S("Bob\xe2\x80\x99" "s"),	CHARS,	"U+2019 right quote" },
	{ S("Bob\xe2\x83\x9d"),		CHARS,	"U+20DD enclosing circle" },
	{ S("\xcc\x81" "Bob"),		ACCENT, "an accent on nothing" },
	{ S("Bo \xcc\x81" "b"),		ACCENT, "an accent on a space" },
	{ S("Bo" E2 "\xcc\x81\xcc\x81"), ANY,	"the same accent twice" },
	{ S("Zoe\xcc\x88"),		NULL,	"e + combining diaeresis" },
	{ S("\xd8\xb3\xd9\x8e\xd9\x84\xd9\x8e\xd9\x85"), NULL,
	  "Arabic with vowel marks" },
	{ S("\xe0\xa4\xaa\xe0\xa5\x8d\xe0\xa4\xb0\xe0\xa4\xbf\xe0\xa4\xaf"
	    "\xe0\xa4\xbe"),		NULL,	"Devanagari with virama" },
	/* one script a word: "Аlice" with a Cyrillic А passed for Alice */
	{ S("\xd0\x90lice"),		SCRIPT,	"Cyrillic A + Latin" },
	{ S("Alic\xd0\xb5"),		SCRIPT,	"Latin + Cyrillic e" },
	{ S("\xce\x91lice"),		SCRIPT,	"Greek Alpha + Latin" },
	{ S("Jean-\xd0\x90lice"),	SCRIPT,	"hyphen does not split" },
	{ S("Helen \xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2\xd0\xb0"),
	  NULL, "a Latin word and a Cyrillic word" },
	{ S("\xe6\x9d\xb1\xe4\xba\xac\xe3\x82\xbf\xe3\x83\xaf\xe3\x83\xbc"),
	  NULL, "Han with Katakana (Japanese)" },
	{ S("Bob 1\xd9\xa1"),		ANY,	"ASCII and Arabic-Indic digits" },
	/* kept for the people who run the community */
	{ S("admin"),			RESERVED, "admin" },
	{ S("Admin"),			RESERVED, "Admin" },
	{ S("ADMIN"),			RESERVED, "ADMIN" },
	{ S("ADMlN"),			RESERVED, "ADMlN (small L for I)" },
	{ S("adrnin"),			RESERVED, "adrnin (rn for m)" },
	{ S("\xd0\xb0" "dmin"),		ANY,	"admin with a Cyrillic a" },
	{ S("\xef\xbd\x81\xef\xbd\x84\xef\xbd\x8d\xef\xbd\x89\xef\xbd\x8e"),
	  RESERVED, "fullwidth admin" },
	{ S("Moderator"),		RESERVED, "Moderator" },
	{ S("the operator"),		RESERVED, "the operator" },
	{ S("Site Admin"),		RESERVED, "Site Admin" },
	{ S("mod_squad"),		RESERVED, "mod_squad" },
	{ S("(sysop)"),			RESERVED, "(sysop)" },
	{ S("Moot"),			RESERVED, "the software's name" },
	{ S("Modesty"),			NULL,	"a word that starts with mod" },
	{ S("--"),			"letter or a digit", "punctuation only" },
	{ S("(.)"),			"letter or a digit", "punctuation only" },
	{ S("J."),			NULL,	"one letter and a full stop" },
	{ S("Adminah"),			NULL,	"a word that starts with admin" },
};

/* Names that look alike, and some that do not. */
static const struct {
	const char	*a, *b;
	int		 same;
	const char	*name;
} pairs[] = {
	{ "Alice", "\xd0\x90lice",	1, "Cyrillic A" },
	{ "Alice", "ALICE",		1, "case" },
	{ "Alice", "alice",		1, "case" },
	{ "Ruth W", "\xef\xbc\xb2uth W", 1, "fullwidth R" },
	{ "Ruth W", "Ruth \xd4\x9c",	1, "Cyrillic We, a word of its own" },
	{ "Bill", "BiII",		1, "capital I for small L" },
	{ "Mia", "rnia",		1, "rn for m" },
	{ "Zo\xc3\xab", "Zoe\xcc\x88",	1, "precomposed and combining" },
	{ "Stra\xc3\x9f" "e", "STRASSE", 1, "sharp s folds to ss" },
	{ "O'Brien", "O\xca\xbc" "Brien", 1, "modifier apostrophe" },
	{ "Jo 0", "Jo O",		1, "zero and O" },
	{ "Carol Test", "CAR0L TEST",	1, "zero for O, in capitals" },
	{ "Carol", "car0l",		1, "zero for o" },
	{ "Alice", "Alicia",		0, "different names" },
	{ "Ian", "Jan",			0, "different letters" },
	{ "Ruth W", "Ruth V",		0, "W and V" },
};

static void
check_names(void)
{
	const char	*why;
	size_t		 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		why = name_check(names[i].s, names[i].len);
		TAP_OK(reason_ok(why, names[i].why), "name %s: %s",
		    names[i].name, names[i].why ? "refused" : "accepted");
		if (!reason_ok(why, names[i].why))
			printf("#   got \"%s\", want %s%s%s\n", or_null(why),
			    names[i].why == NULL ? "NULL" :
			    names[i].why[0] == '\0' ? "a reason" :
			    "a reason with \"", names[i].why ? names[i].why : "",
			    names[i].why && names[i].why[0] ? "\"" : "");
	}
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		TAP_INT(name_confusable(pairs[i].a, pairs[i].b), pairs[i].same,
		    "%s / %s: %s", pairs[i].a, pairs[i].b, pairs[i].name);
}

/* The rule shown to people names every character class name_check lets
 * through, and nothing it refuses. */
static void
check_rule(void)
{
	TAP_OK(strstr(NAME_RULE, "2 to 32") != NULL &&
	    strstr(NAME_RULE, "- _ . ' ( )") != NULL &&
	    strstr(NAME_RULE, "one script") != NULL &&
	    strstr(NAME_RULE, "a letter or digit") != NULL &&
	    strstr(NAME_RULE, "look like another member's") != NULL &&
	    strstr(NAME_RULE, "admin, moderator or operator") != NULL,
	    "NAME_RULE states the length, the punctuation, the letter, the "
	    "one-script rule, look-alikes and reserved words");
	TAP_OK(name_check(S("A-b_c.d'e(f)")) == NULL, "every punctuation "
	    "mark NAME_RULE names is accepted");
}

static int
exec(sqlite3 *db, const char *sql)
{
	char	*err = NULL;
	int	 rc = sqlite3_exec(db, sql, NULL, NULL, &err);

	if (rc != SQLITE_OK)
		printf("# %s: %s\n", sql, err ? err : "?");
	sqlite3_free(err);
	return rc;
}

static void
vet(struct store *st, const char *name, int64_t self, const char *want,
    const char *what)
{
	char		 buf[256];
	const char	*why = store_name_vet(st, name, strlen(name), self,
			    buf, sizeof(buf));

	TAP_OK(reason_ok(why, want), "vet %s: %s", what, or_null(want));
	if (!reason_ok(why, want))
		printf("#   got \"%s\"\n", or_null(why));
}

/*
 * Against a database: what store_name_vet says, what the triggers do when a
 * caller skips it, and a schema-5 database (no skeletons) migrated.
 */
static void
check_store(void)
{
	char		 dir[] = "/tmp/test_names.XXXXXX", path[64];
	struct store	*st;
	sqlite3		*db;
	sqlite3_stmt	*s = NULL;
	int64_t		 alice, ruth, bill;

	if (mkdtemp(dir) == NULL) {
		TAP_OK(0, "temporary folder");
		return;
	}
	snprintf(path, sizeof(path), "%s/moot.db", dir);
	st = store_open(path, STORE_CREATE);
	TAP_OK(st != NULL && store_migrate(st) == STORE_OK, "a new database");
	if (st == NULL)
		return;
	store_setting_set(st, SETTING_NAME, "Ferndale Makers");
	alice = store_member_add(st, "Alice", 0, ROLE_MEMBER);
	ruth = store_member_add(st, "Ruth W", 0, ROLE_ADMIN);
	bill = store_member_add(st, "Bill", 0, ROLE_MEMBER);
	TAP_OK(alice > 0 && ruth > 0 && bill > 0, "three members");

	vet(st, "Alicia", 0, NULL, "a new name");
	vet(st, "\xd0\x90lice", 0, "one script", "Alice with a Cyrillic A");
	vet(st, "ALICE", 0, "the name of Alice", "ALICE");
	vet(st, "\xef\xbc\xa1lice", 0, "the name of Alice", "fullwidth Alice");
	vet(st, "Ruth \xd4\x9c", 0, "the name of Ruth W", "Ruth + Cyrillic We");
	vet(st, "BiII", 0, "the name of Bill", "BiII");
	vet(st, "alice", alice, NULL, "Alice re-cased by herself");
	vet(st, "alice", ruth, "the name of Alice", "Ruth renamed to alice");
	vet(st, "Ferndale Makers", 0, "community's own name",
	    "the community's name");
	vet(st, "FERNDALE MAKERS", 0, "community's own name",
	    "the community's name in capitals");
	vet(st, "Ferndale", 0, NULL, "a word of the community's name");
	vet(st, "Moderator", 0, "kept for", "a reserved word");

	/* the triggers hold even for a caller that skips store_name_vet */
	TAP_INT(store_member_add(st, "\xef\xbc\xa1lice", 0, ROLE_MEMBER),
	    STORE_CONFLICT, "trigger: fullwidth Alice cannot be added");
	TAP_INT(store_member_add(st, "Bi\xe2\x85\xa0I", 0, ROLE_MEMBER),
	    STORE_CONFLICT, "trigger: Bi + Roman numeral one + I cannot be "
	    "added");
	TAP_INT(store_member_rename(st, ruth, "ALICE"), STORE_CONFLICT,
	    "trigger: a rename to ALICE is refused");
	TAP_INT(store_member_rename(st, alice, "ALICE"), STORE_OK,
	    "trigger: Alice may re-case her own name");
	store_close(st);

	/*
	 * Back to the schema older moot left: no skeleton columns, and
	 * two look-alike names already there.  Migrating fills in the
	 * skeletons, keeps both members, and the rule holds from then on.
	 */
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		TAP_OK(0, "open with SQLite");
		return;
	}
	TAP_INT(exec(db, "DROP TRIGGER member_skel_added;"
	    "DROP TRIGGER member_skel_changed;"
	    "DROP INDEX members_by_skel; DROP INDEX members_by_skel_cased;"
	    "ALTER TABLE members DROP COLUMN name_skel;"
	    "ALTER TABLE members DROP COLUMN name_skel_cased;"
	    "INSERT INTO members (name, name_key, joined) VALUES "
	    "('\xd0\x90lice', 'x\xd0\x90lice', 0);"
	    /* and what the migrations after the skeletons' added */
	    "DROP INDEX comments_apart;"
	    "DROP TABLE event_drafts; DROP TABLE attendance;"
	    "DROP TABLE events;"
	    "DROP INDEX notifications_by_comment;"
	    "ALTER TABLE comments DROP COLUMN reply_to;"
	    "DROP TABLE comment_drafts;"
	    "ALTER TABLE drafts DROP COLUMN body;"
	    "ALTER TABLE modlog DROP COLUMN title;"
	    "DROP TABLE follows; DROP INDEX comments_held;"
	    "DROP INDEX threads_held; DROP TRIGGER participant_deleted;"
	    "DROP TRIGGER participant_removed;"
	    "ALTER TABLE participants DROP COLUMN state;"
	    "ALTER TABLE members DROP COLUMN about;"
	    "ALTER TABLE members DROP COLUMN unlisted;"), SQLITE_OK,
	    "a database from before the skeletons, with Alice and a "
	    "Cyrillic Alice");
	snprintf(path, sizeof(path), "PRAGMA user_version = %d",
	    VERSION_BEFORE_SKELETONS);
	TAP_INT(exec(db, path), SQLITE_OK, "... at the version before them");
	snprintf(path, sizeof(path), "%s/moot.db", dir);
	sqlite3_close(db);
	st = store_open(path, 0);
	TAP_OK(st != NULL && store_migrate(st) == STORE_OK, "migrated");
	if (st == NULL)
		return;
	vet(st, "alice", 0, "name of", "after migration: alice");
	vet(st, "Bi11", 0, "the name of Bill", "after migration: Bi11 (digits)");
	vet(st, "BiIl", 0, "the name of Bill", "after migration: BiIl");
	TAP_INT(store_member_add(st, "Ruth \xd4\x9c", 0, ROLE_MEMBER),
	    STORE_CONFLICT, "after migration: the trigger holds");
	store_close(st);
	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM members WHERE "
	    "name_skel = 'alice'", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		TAP_INT(sqlite3_column_int(s, 0), 2, "both look-alikes kept, "
		    "each with its skeleton");
	else
		TAP_OK(0, "count the skeletons");
	sqlite3_finalize(s);
	sqlite3_close(db);
	unlink(path);
	snprintf(path, sizeof(path), "%s/moot.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/moot.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	check_names();
	check_rule();
	check_store();
	return TAP_DONE();
}

/*
 * test_search.c: what a reader types into the search prompt becomes a safe
 * SQLite FTS5 query (search_query() in src/handlers/search.c): every word
 * a quoted term, the last one also a prefix (from 3 characters), FTS5's
 * own syntax (quotes, parentheses, NEAR, AND/OR/NOT, '*', '-', ':', '^',
 * '+', '{}') never surviving as syntax, UTF-8 words kept whole, at most 8 words, NULL when
 * nothing is left to look for.  The table is checked exactly; then every
 * case and a few thousand generated inputs are checked for the shape of
 * the result and run against a real FTS5 table, which must never report
 * a syntax error.  search_refusal() refuses words that would search too
 * much (no word of 2 letters, a word* of fewer than 3), saying why.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "tap.h"
#include "render/page.h"
#include "handlers/handlers.h"

/* A literal with its length, so that cases may hold NUL bytes. */
#define S(x)	x, sizeof(x) - 1

#define WORDS_MAX	8

static const struct {
	const char	*name;
	const char	*s;
	size_t		 len;
	const char	*want;		/* NULL: nothing to search for */
} cases[] = {
	/* plain words */
	{ "one word", S("hello"), "\"hello\"*" },
	{ "two words", S("hello world"), "\"hello\" \"world\"*" },
	{ "spaces around and between", S("  hello   world  "),
	    "\"hello\" \"world\"*" },
	{ "tabs and newlines separate words", S("hello\tworld\nagain"),
	    "\"hello\" \"world\" \"again\"*" },
	{ "case is kept (FTS5 folds it)", S("Glasgow PILOT"),
	    "\"Glasgow\" \"PILOT\"*" },
	{ "digits are word characters", S("module 4 v0"),
	    "\"module\" \"4\" \"v0\"" },
	{ "a dot splits", S("v0.4"), "\"v0\" \"4\"" },
	{ "an apostrophe splits", S("it's"), "\"it\" \"s\"" },
	{ "an underscore splits", S("Priya_OT"), "\"Priya\" \"OT\"" },
	{ "one letter: a whole word, not a prefix", S("a"), "\"a\"" },
	{ "two letters: a whole word", S("ab"), "\"ab\"" },
	{ "three letters: a prefix", S("abc"), "\"abc\"*" },
	{ "a short word first, a long one last", S("ab abc"),
	    "\"ab\" \"abc\"*" },
	{ "a long word first, a short one last", S("abc ab"),
	    "\"abc\" \"ab\"" },
	{ "two 2-byte letters are two characters", S("\xc3\xa9\xc3\xa9"),
	    "\"\xc3\xa9\xc3\xa9\"" },
	{ "three 2-byte letters: a prefix", S("\xc3\xa9\xc3\xa9\xc3\xa9"),
	    "\"\xc3\xa9\xc3\xa9\xc3\xa9\"*" },

	/* FTS5 syntax is never syntax */
	{ "double quotes", S("\"hello world\""), "\"hello\" \"world\"*" },
	{ "an unbalanced quote", S("\"unbalanced"), "\"unbalanced\"*" },
	{ "a quote inside a word", S("x\"y\"z"), "\"x\" \"y\" \"z\"" },
	{ "single quotes", S("'a' 'b"), "\"a\" \"b\"" },
	{ "parentheses", S("(a OR b)"), "\"a\" \"OR\" \"b\"" },
	{ "unbalanced parenthesis", S("(draft"), "\"draft\"*" },
	{ "NEAR group", S("NEAR(a b, 3)"), "\"NEAR\" \"a\" \"b\" \"3\"" },
	{ "NEAR/2", S("a NEAR/2 b"), "\"a\" \"NEAR\" \"2\" \"b\"" },
	{ "AND", S("a AND b"), "\"a\" \"AND\" \"b\"" },
	{ "AND at the end", S("draft AND"), "\"draft\" \"AND\"*" },
	{ "OR alone", S("OR"), "\"OR\"" },
	{ "NOT", S("NOT x"), "\"NOT\" \"x\"" },
	{ "lower-case operators", S("a and not b"),
	    "\"a\" \"and\" \"not\" \"b\"" },
	{ "a trailing star", S("foo*"), "\"foo\"*" },
	{ "a leading star", S("*foo"), "\"foo\"*" },
	{ "a star inside a word", S("foo*bar"), "\"foo\" \"bar\"*" },
	{ "a minus", S("-foo"), "\"foo\"*" },
	{ "a minus between words", S("foo -bar"), "\"foo\" \"bar\"*" },
	{ "a column filter", S("title:foo"), "\"title\" \"foo\"*" },
	{ "a column set filter", S("{title body}: foo"),
	    "\"title\" \"body\" \"foo\"*" },
	{ "a negated column filter", S("-title:foo"), "\"title\" \"foo\"*" },
	{ "a caret", S("^foo"), "\"foo\"*" },
	{ "a plus", S("a+b"), "\"a\" \"b\"" },
	{ "a backslash", S("a\\b"), "\"a\" \"b\"" },
	{ "a comma and a semicolon", S("a,b;c"), "\"a\" \"b\" \"c\"" },
	{ "SQL quoting", S("x'); DROP TABLE search; --"),
	    "\"x\" \"DROP\" \"TABLE\" \"search\"*" },
	{ "a NUL byte separates words", S("ab\0cd"), "\"ab\" \"cd\"" },

	/* UTF-8 words are kept whole */
	{ "café", S("caf\xc3\xa9"), "\"caf\xc3\xa9\"*" },
	{ "naïve café", S("na\xc3\xafve caf\xc3\xa9"),
	    "\"na\xc3\xafve\" \"caf\xc3\xa9\"*" },
	{ "a word starting with é", S("\xc3\xa9t\xc3\xa9"),
	    "\"\xc3\xa9t\xc3\xa9\"*" },
	{ "CJK", S("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"),
	    "\"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\"*" },
	{ "Siân (from the demo)", S("Si\xc3\xa2n"), "\"Si\xc3\xa2n\"*" },
	{ "a 4-byte letter (U+20BB7)", S("x\xf0\xa0\xae\xb7y"),
	    "\"x\xf0\xa0\xae\xb7y\"*" },
	{ "Greek and Cyrillic", S("\xce\xbb\xcf\x8c\xce\xb3\xce\xbf\xcf\x82 "
	    "\xd1\x81\xd0\xbb\xd0\xbe\xd0\xb2\xd0\xbe"),
	    "\"\xce\xbb\xcf\x8c\xce\xb3\xce\xbf\xcf\x82\" "
	    "\"\xd1\x81\xd0\xbb\xd0\xbe\xd0\xb2\xd0\xbe\"*" },
	{ "UTF-8 words with quotes around", S("\"caf\xc3\xa9\"*"),
	    "\"caf\xc3\xa9\"*" },

	/* nothing to look for */
	{ "empty", S(""), NULL },
	{ "spaces only", S("   "), NULL },
	{ "space, quote, parenthesis", S(" \")("), NULL },
	{ "a star only", S("*"), NULL },
	{ "a quote only", S("\""), NULL },
	{ "two quotes", S("\"\""), NULL },
	{ "ASCII punctuation only", S("\"()*:^-+{}[],.;!?'\\/@#$%&=<>|~`"),
	    NULL },
	{ "a NUL only", S("\0"), NULL },
	{ "newlines only", S("\n\r\n"), NULL },
	{ "Unicode punctuation only (\xc2\xab \xe2\x80\x94 \xc2\xbb)",
	    S("\xc2\xab \xe2\x80\x94 \xc2\xbb"), NULL },

	/* at most 8 words */
	{ "8 words: all of them", S("a b c d e f g h"),
	    "\"a\" \"b\" \"c\" \"d\" \"e\" \"f\" \"g\" \"h\"" },
	{ "9 words: the first 8", S("a b c d e f g h i"),
	    "\"a\" \"b\" \"c\" \"d\" \"e\" \"f\" \"g\" \"h\"" },
	{ "12 words and punctuation: the first 8",
	    S("one, two; three (four) five* -six ^seven eight nine ten x y"),
	    "\"one\" \"two\" \"three\" \"four\" \"five\" \"six\" \"seven\" "
	    "\"eight\"*" },
	{ "9 UTF-8 words: the first 8",
	    S("\xc3\xa9 \xc3\xa9 \xc3\xa9 \xc3\xa9 \xc3\xa9 \xc3\xa9 \xc3\xa9 "
	    "\xc3\xa9 \xc3\xa9"),
	    "\"\xc3\xa9\" \"\xc3\xa9\" \"\xc3\xa9\" \"\xc3\xa9\" \"\xc3\xa9\" "
	    "\"\xc3\xa9\" \"\xc3\xa9\" \"\xc3\xa9\"" },
};

/*
 * search_refusal(): words that would search too much are refused (the
 * reason names the minimum), the rest pass (NULL).
 */
static const struct {
	const char	*name;
	const char	*s;
	size_t		 len;
	const char	*want;		/* a part of the reason; NULL: passes */
} refusals[] = {
	{ "one letter", S("a"), "2 or more letters" },
	{ "one-letter words only", S("a b c"), "2 or more letters" },
	{ "one 2-byte letter", S("\xc3\xa9"), "2 or more letters" },
	{ "punctuation only", S("*\"()"), "2 or more letters" },
	{ "a 1-letter prefix", S("a*"), "3 letters before the *" },
	{ "a 2-letter prefix", S("ab*"), "3 letters before the *" },
	{ "a short prefix beside a long word", S("garden ab*"),
	    "3 letters before the *" },
	{ "a prefix of two 2-byte letters", S("\xc3\xa9\xc3\xa9*"),
	    "3 letters before the *" },
	{ "two letters", S("ot"), NULL },
	{ "two 2-byte letters", S("\xc3\xa9\xc3\xa9"), NULL },
	{ "a one-letter word beside a longer one", S("a garden"), NULL },
	{ "a 3-letter prefix", S("gar*"), NULL },
	{ "a prefix of three 2-byte letters",
	    S("\xc3\xa9\xc3\xa9\xc3\xa9*"), NULL },
	{ "a star after a space is no prefix", S("garden *"), NULL },
};

/* Partial inputs: only len bytes are read. */
static const struct {
	const char	*name;
	const char	*s;
	size_t		 len;
	const char	*want;
} prefixes[] = {
	{ "len 5 of \"hello world\"", "hello world", 5, "\"hello\"*" },
	{ "len 3 of \"hello\"", "hello", 3, "\"hel\"*" },
	{ "len 0 of \"hello\"", "hello", 0, NULL },
	{ "len 6 of \"hello \\\"x\"", "hello \"x", 6, "\"hello\"*" },
};

/* The bytes search_query() keeps as parts of words. */
static int
word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * The shape every result must have: '"' WORD '"' (' ' '"' WORD '"')* '*'
 * with at most WORDS_MAX words of word bytes.  NULL when it has it, else
 * what is wrong.
 */
static const char *
shape_error(const char *q)
{
	const unsigned char	*p = (const unsigned char *)q;
	int			 words = 0;

	for (;;) {
		if (*p++ != '"')
			return "a term does not start with a quote";
		if (!word_byte(*p))
			return "an empty term or one starting with a non-word "
			    "byte";
		while (word_byte(*p))
			p++;
		if (*p++ != '"')
			return "a term holds a non-word byte";
		if (++words > WORDS_MAX)
			return "more than 8 terms";
		/* a prefix only from SEARCH_PREFIX_MIN characters */
		if (*p == '\0')
			return NULL;
		if (*p == '*')
			return p[1] == '\0' ? NULL : "something after the '*'";
		if (*p++ != ' ')
			return "terms not separated by one space";
	}
}

static sqlite3		*db;
static sqlite3_stmt	*stmt;

/* A table like the server's, with a little text to find. */
static int
fts_open(void)
{
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE search USING fts5(title, "
	    "body, thread_id UNINDEXED, tokenize = 'unicode61 "
	    "remove_diacritics 2');"
	    "INSERT INTO search VALUES ('Hello world', 'caf\xc3\xa9 and "
	    "NEAR a draft, OR not', 1);", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM search WHERE search "
	    "MATCH ?1", -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	return 1;
}

/* The query runs without error: SQLITE_OK, else the error message. */
static const char *
fts_error(const char *q)
{
	int rc;

	sqlite3_bind_text(stmt, 1, q, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? NULL : sqlite3_errmsg(db);
}

/* s for a TAP comment: bytes outside printable ASCII as \xHH */
static const char *
esc(const char *s)
{
	static char	 buf[4][512];
	static int	 which;
	char		*b = buf[which++ % 4];
	size_t		 o = 0;

	for (; *s != '\0' && o + 5 < sizeof(buf[0]); s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			o += (size_t)snprintf(b + o, sizeof(buf[0]) - o,
			    "\\x%02x", (unsigned char)*s);
		else
			b[o++] = *s;
	}
	b[o] = '\0';
	return b;
}

/* A small deterministic generator, for the same inputs every run. */
static uint32_t rng = 2463534242u;

static uint32_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Pieces readers (and attackers) might type, FTS5's syntax above all. */
static const char *const pieces[] = {
	"a", "b", "draft", "NEAR", "AND", "OR", "NOT", "near", "title", "body",
	" ", " ", "  ", "\"", "\"\"", "(", ")", "*", ":", "^", "-", "+", "{",
	"}", ",", "/", "'", "\\", ".", "\t", "\n", "caf\xc3\xa9",
	"\xc3\xa9", "\xe2\x80\x94", "\xe2\x80\x99", "\xef\xbc\xa1", "0", "42",
	"\xf0\x9f\xa4\x9d", "%", ";", "[", "]", "@", "#",
};

int
main(void)
{
	struct arena	 a;
	const char	*q, *why, *err;
	char		 buf[256];
	size_t		 i, j, k, n, len, bad_shape = 0, bad_fts = 0, bad_null = 0;
	int		 fts;

	memset(&a, 0, sizeof(a));

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		q = search_query(&a, cases[i].s, cases[i].len);
		if (cases[i].want == NULL) {
			TAP_OK(q == NULL, "%s -> NULL", cases[i].name);
			if (q != NULL)
				printf("#   got \"%s\"\n", esc(q));
		} else
			TAP_STR(q, cases[i].want, "%s -> %s", cases[i].name,
			    cases[i].want);
	}
	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		why = search_refusal(refusals[i].s, refusals[i].len);
		if (refusals[i].want == NULL) {
			TAP_OK(why == NULL, "refusal: %s -> searched",
			    refusals[i].name);
			if (why != NULL)
				printf("#   got \"%s\"\n", why);
		} else {
			TAP_OK(why != NULL && strstr(why, refusals[i].want) !=
			    NULL, "refusal: %s -> \"...%s...\"",
			    refusals[i].name, refusals[i].want);
			if (why == NULL || strstr(why, refusals[i].want) == NULL)
				printf("#   got %s\n", why ? why : "NULL");
		}
	}
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		q = search_query(&a, prefixes[i].s, prefixes[i].len);
		if (prefixes[i].want == NULL) {
			TAP_OK(q == NULL, "%s -> NULL", prefixes[i].name);
			if (q != NULL)
				printf("#   got \"%s\"\n", q);
		} else
			TAP_STR(q, prefixes[i].want, "%s -> %s",
			    prefixes[i].name, prefixes[i].want);
	}

	/* a long input: only 8 words come out, the input is not copied */
	n = 0;
	for (i = 0; i < 100; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "w ");
	q = search_query(&a, buf, n);
	TAP_STR(q, "\"w\" \"w\" \"w\" \"w\" \"w\" \"w\" \"w\" \"w\"",
	    "100 one-letter words -> 8 terms");
	memset(buf, 'x', sizeof(buf));
	q = search_query(&a, buf, sizeof(buf));
	TAP_INT(q ? strlen(q) : 0, sizeof(buf) + 3,
	    "one word of %zu bytes is kept whole", sizeof(buf));

	/*
	 * Invalid UTF-8 (the URL layer refuses it, but this function takes
	 * any bytes): a lead byte must not take the quote after it into a
	 * term.
	 */
	{
		static const struct {
			const char *s;
			size_t len;
		} inv[] = {
			{ S("\xc3\"x") }, { S("\xe2\x80\"x") },
			{ S("\xf0\x9f\"x\"") }, { S("a\xc3\" OR \"") },
			{ S("\xc3") }, { S("\xf0\x9f\xa4") },
		};
		const char *bad = NULL;

		fts = fts_open();
		for (i = 0; i < sizeof(inv) / sizeof(inv[0]); i++) {
			q = search_query(&a, inv[i].s, inv[i].len);
			if (q != NULL && ((why = shape_error(q)) != NULL ||
			    (fts && (why = fts_error(q)) != NULL))) {
				bad = q;
				printf("#   input %zu -> %s: %s\n", i, esc(q),
				    why);
			}
		}
		TAP_OK(bad == NULL, "invalid UTF-8 (a lead byte before a "
		    "quote): the query stays safe");
	}

	/* every result of the table has the safe shape */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		q = search_query(&a, cases[i].s, cases[i].len);
		if (q != NULL && (why = shape_error(q)) != NULL) {
			bad_shape++;
			printf("#   %s: \"%s\": %s\n", cases[i].name, esc(q),
			    why);
		}
	}
	TAP_INT(bad_shape, 0, "every result of the table is \"w\" ... \"w\"[*]");

	if (!fts)
		printf("ok %d - FTS5 runs the results # SKIP no FTS5 in this "
		    "SQLite: %s\n", ++tap_n, db ? sqlite3_errmsg(db) : "?");
	else {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			q = search_query(&a, cases[i].s, cases[i].len);
			if (q != NULL && (err = fts_error(q)) != NULL) {
				bad_fts++;
				printf("#   %s: \"%s\": %s\n", cases[i].name,
				    esc(q), err);
			}
		}
		TAP_INT(bad_fts, 0, "FTS5 runs every result of the table "
		    "without an error");
	}

	/* generated inputs: the same three properties */
	bad_shape = bad_fts = 0;
	for (i = 0; i < 5000; i++) {
		len = 0;
		n = 1 + next_rand() % 12;
		for (j = 0; j < n; j++) {
			const char *pc = pieces[next_rand() %
			    (sizeof(pieces) / sizeof(pieces[0]))];
			size_t pl = strlen(pc);

			if (len + pl >= sizeof(buf))
				break;
			memcpy(buf + len, pc, pl);
			len += pl;
		}
		buf[len] = '\0';
		q = search_query(&a, buf, len);
		/*
		 * NULL when there is no letter, digit or non-ASCII byte;
		 * never NULL when there is an ASCII letter or digit (input
		 * of Unicode punctuation alone is the table's business)
		 */
		for (j = 0; j < len && !word_byte((unsigned char)buf[j]); j++)
			;
		for (k = 0; k < len && !(word_byte((unsigned char)buf[k]) &&
		    (unsigned char)buf[k] < 0x80); k++)
			;
		if ((j == len && q != NULL) || (k < len && q == NULL)) {
			if (bad_null++ < 3)
				printf("#   \"%s\" -> %s\n", esc(buf),
				    q ? esc(q) : "NULL");
		}
		if (q == NULL)
			continue;
		if ((why = shape_error(q)) != NULL && bad_shape++ < 3)
			printf("#   \"%s\" -> \"%s\": %s\n", esc(buf),
			    esc(q), why);
		if (fts && (err = fts_error(q)) != NULL && bad_fts++ < 3)
			printf("#   \"%s\" -> \"%s\": %s\n", esc(buf),
			    esc(q), err);
		if ((i & 255) == 0)
			arena_reset(&a);
	}
	TAP_INT(bad_null, 0, "5000 generated inputs: NULL without letters, "
	    "digits or non-ASCII bytes, never NULL with an ASCII letter or "
	    "digit");
	TAP_INT(bad_shape, 0, "5000 generated inputs: every result is "
	    "\"w\" ... \"w\"* with at most 8 terms");
	if (fts)
		TAP_INT(bad_fts, 0, "5000 generated inputs: FTS5 runs every "
		    "result without an error");

	if (stmt != NULL)
		sqlite3_finalize(stmt);
	if (db != NULL)
		sqlite3_close(db);
	arena_free(&a);
	return TAP_DONE();
}

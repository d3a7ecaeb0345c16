/*
 * names.c: what makes a display name acceptable, and when two names are
 * the same.  ICU does the Unicode work (character properties, NFKC case
 * folding, the TR39 spoof checker and its confusables data): the tables
 * are Unicode's own, kept up to date by the distribution, not ours.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "core/log.h"
#include "core/names.h"
#include "core/utf8.h"

/*
 * Words no member may take, in any case or look-alike spelling, alone or
 * as a word of a longer name: they would pass for the people who run the
 * community.  The community's own name is refused too, by
 * store_name_vet() in store/members.c.
 */
static const char *const reserved[] = {
	"admin", "administrator", "moderator", "mod", "operator", "sysop",
	"staff", "moot", "webmaster", "postmaster",
};
#define NRESERVED	(sizeof(reserved) / sizeof(reserved[0]))

#define RESERVED_CASES	3	/* admin, ADMIN, Admin */

/* Units of UTF-16 for one name on its way through ICU. */
#define NAME_U16_MAX	(NAME_SKELETON_MAX / 2)

static struct {
	pthread_once_t		 once;
	int			 ok;
	const UNormalizer2	*fold;		/* NFKC_Casefold */
	const UNormalizer2	*nfkc;
	USpoofChecker		*skel;		/* skeletons only */
	USpoofChecker		*word;		/* one script per word */
	struct {
		char		 folded[64];
		char		 cased[RESERVED_CASES][64];
	}			 reserved[NRESERVED];
} icu = { .once = PTHREAD_ONCE_INIT };

static void	reserved_keys(size_t);

/*
 * ICU's checkers are safe to share between threads once set up, so one
 * of each serves every worker.  Set up before the sandbox closes (mootd
 * calls name_skeleton at start) so that ICU finds its data.
 */
static void
icu_init(void)
{
	UErrorCode	 e = U_ZERO_ERROR;
	size_t		 i;

	icu.fold = unorm2_getNFKCCasefoldInstance(&e);
	icu.nfkc = unorm2_getNFKCInstance(&e);
	icu.skel = uspoof_open(&e);
	icu.word = uspoof_open(&e);
	if (U_SUCCESS(e)) {
		uspoof_setChecks(icu.word, USPOOF_RESTRICTION_LEVEL |
		    USPOOF_MIXED_NUMBERS | USPOOF_INVISIBLE, &e);
		uspoof_setRestrictionLevel(icu.word,
		    USPOOF_HIGHLY_RESTRICTIVE);
	}
	if (U_FAILURE(e)) {
		log_warnx("ICU: %s", u_errorName(e));
		return;
	}
	icu.ok = 1;
	for (i = 0; i < NRESERVED; i++)
		reserved_keys(i);
}

/*
 * A reserved word's skeletons: folded, and as it looks in lower case,
 * upper case and title case, so that "ADMlN" (small L) is caught too.
 */
static void
reserved_keys(size_t i)
{
	char	 w[32];
	size_t	 j, n = strlen(reserved[i]);
	int	 v;

	if (n >= sizeof(w) || name_skeleton(reserved[i], n,
	    icu.reserved[i].folded, sizeof(icu.reserved[i].folded)) < 0) {
		icu.ok = 0;
		return;
	}
	for (v = 0; v < RESERVED_CASES; v++) {
		for (j = 0; j < n; j++)
			w[j] = (v == 1 || (v == 2 && j == 0)) ?
			    reserved[i][j] - 'a' + 'A' : reserved[i][j];
		if (name_skeleton_cased(w, n, icu.reserved[i].cased[v],
		    sizeof(icu.reserved[i].cased[v])) < 0)
			icu.ok = 0;
	}
}

static int
icu_ready(void)
{
	pthread_once(&icu.once, icu_init);
	return icu.ok;
}

/*
 * TR39's skeleton, of NFKC_Casefold(s) when fold_case is set, else of
 * NFKC(s) (uspoof_getSkeleton does NFD itself).  Folding first makes
 * "ALICE" and "alice" one; the mapping may give capitals back (0 becomes
 * O), so the folded skeleton is folded and mapped once more: "CAR0L" and
 * "carol" are one too.  Not folding keeps capital I and small l alike
 * ("BiII" and "Bill"), which folding would tell apart.
 */
static int
skeleton(const char *s, size_t len, int fold_case, char *out, size_t outsz)
{
	UChar		 a[NAME_U16_MAX], b[NAME_U16_MAX];
	UErrorCode	 e = U_ZERO_ERROR;
	int32_t		 n, nu;
	int		 round;

	/* icu_init computes the reserved skeletons: icu.skel is set then */
	if (icu.skel == NULL && !icu_ready())
		return -1;
	if (len > NAME_U16_MAX || outsz > INT32_MAX)
		return -1;
	u_strFromUTF8(a, NAME_U16_MAX, &n, s, (int32_t)len, &e);
	for (round = 0; round < (fold_case ? 2 : 1); round++) {
		n = unorm2_normalize(fold_case ? icu.fold : icu.nfkc, a, n, b,
		    NAME_U16_MAX, &e);
		n = uspoof_getSkeleton(icu.skel, 0, b, n, a, NAME_U16_MAX, &e);
	}
	u_strToUTF8(out, (int32_t)outsz, &nu, a, n, &e);
	/* a string exactly filling a buffer is not terminated: refuse that */
	if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
		return -1;
	return nu;
}

int
names_init(void)
{
	return icu_ready() ? 0 : -1;
}

int
name_skeleton(const char *s, size_t len, char *out, size_t outsz)
{
	return skeleton(s, len, 1, out, outsz);
}

int
name_skeleton_cased(const char *s, size_t len, char *out, size_t outsz)
{
	return skeleton(s, len, 0, out, outsz);
}

int
name_confusable(const char *a, const char *b)
{
	char	 ka[NAME_SKELETON_MAX], kb[NAME_SKELETON_MAX];
	size_t	 la = strlen(a), lb = strlen(b);

	if (name_skeleton(a, la, ka, sizeof(ka)) >= 0 &&
	    name_skeleton(b, lb, kb, sizeof(kb)) >= 0 && strcmp(ka, kb) == 0)
		return 1;
	return name_skeleton_cased(a, la, ka, sizeof(ka)) >= 0 &&
	    name_skeleton_cased(b, lb, kb, sizeof(kb)) >= 0 &&
	    strcmp(ka, kb) == 0;
}

/* The punctuation NAME_RULE allows (strchr alone would match NUL). */
static int
is_punct(UChar32 c)
{
	return c > 0 && c < 0x80 && strchr("-_.'()", c) != NULL;
}

/*
 * One code point's class.  The order matters for the reason given: an
 * invisible letter such as U+3164 HANGUL FILLER is invisible first.
 */
static const char *
check_char(UChar32 c, UChar32 prev)
{
	int8_t	 t;

	if (c == ' ')
		return NULL;	/* placement: name_check */
	if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || is_punct(c))
			return NULL;
		if (c < 0x20 || c == 0x7f)
			return "A name cannot hold control characters.";
		return NAME_RULE;
	}
	t = u_charType(c);
	if (t == U_CONTROL_CHAR)
		return "A name cannot hold control characters.";
	if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
	    t == U_FORMAT_CHAR || t == U_SPACE_SEPARATOR ||
	    t == U_LINE_SEPARATOR || t == U_PARAGRAPH_SEPARATOR)
		return "A name cannot hold invisible or direction-changing "
		    "characters, nor spaces other than the plain one.";
	if (t == U_UNASSIGNED)
		return "A name cannot hold code points Unicode has not "
		    "assigned.";
	if (t == U_PRIVATE_USE_CHAR || t == U_SURROGATE)
		return "A name cannot hold private-use characters.";
	switch (t) {
	case U_UPPERCASE_LETTER:
	case U_LOWERCASE_LETTER:
	case U_TITLECASE_LETTER:
	case U_MODIFIER_LETTER:
	case U_OTHER_LETTER:
	case U_DECIMAL_DIGIT_NUMBER:
		return NULL;
	case U_NON_SPACING_MARK:
	case U_COMBINING_SPACING_MARK:
		/* an accent belongs on a letter or digit, not on nothing */
		if (prev >= 0 && prev != ' ' && !is_punct(prev))
			return NULL;
		return "An accent must follow a letter.";
	default:
		return NAME_RULE;	/* symbols, emoji, punctuation */
	}
}

/* Is this word (a run of letters, digits and marks) a reserved one? */
static int
is_reserved(const char *w, size_t len)
{
	char	 k[NAME_SKELETON_MAX], kc[NAME_SKELETON_MAX];
	size_t	 i;
	int	 v;

	if (len == 0 || name_skeleton(w, len, k, sizeof(k)) < 0 ||
	    name_skeleton_cased(w, len, kc, sizeof(kc)) < 0)
		return 0;
	for (i = 0; i < NRESERVED; i++) {
		if (strcmp(k, icu.reserved[i].folded) == 0)
			return 1;
		for (v = 0; v < RESERVED_CASES; v++)
			if (strcmp(kc, icu.reserved[i].cased[v]) == 0)
				return 1;
	}
	return 0;
}

/* The word from s[start] to s[end] keeps to one script and digit set. */
static const char *
check_word(const char *s, size_t start, size_t end)
{
	UErrorCode	 e = U_ZERO_ERROR;
	int32_t		 r;

	r = uspoof_check2UTF8(icu.word, s + start, (int32_t)(end - start),
	    NULL, &e);
	if (U_FAILURE(e))
		return "That name cannot be checked; choose another.";
	if (r & USPOOF_RESTRICTION_LEVEL)
		return "Each word of a name must be in one script: letters "
		    "that look alike across scripts would pass for someone "
		    "else's name.";
	if (r & USPOOF_MIXED_NUMBERS)
		return "The digits of a word must all be of one kind.";
	if (r & USPOOF_INVISIBLE)
		return "A name cannot hold the same accent twice on one "
		    "letter.";
	return NULL;
}

const char *
name_check(const char *s, size_t len)
{
	const char	*why;
	size_t		 n, i = 0, at, word = 0, token = 0;
	UChar32		 c, prev = -1;
	int		 is_token, alnum = 0;

	if (!utf8_valid(s, len))
		return "A name must be valid UTF-8.";
	n = utf8_count(s, len);
	if (n < NAME_MIN_CHARS || n > NAME_MAX_CHARS)
		return "A name is 2 to 32 characters long.";
	if (!icu_ready())
		return "Names cannot be checked just now; try again later.";
	while (i < len) {
		at = i;
		U8_NEXT(s, i, len, c);
		if (c < 0)
			return "A name must be valid UTF-8.";
		if ((why = check_char(c, prev)) != NULL)
			return why;
		if (c == ' ') {
			if (prev == -1 || prev == ' ')
				return "A name cannot start with a space or "
				    "hold two in a row.";
			if ((why = check_word(s, word, at)) != NULL)
				return why;
			word = i;
		}
		/* tokens, for the reserved words: split at punctuation too */
		is_token = c != ' ' && !is_punct(c);
		alnum |= is_token;
		if (!is_token) {
			if (is_reserved(s + token, at - token))
				return "Names such as admin, moderator and "
				    "operator are kept for the people who "
				    "run the community.";
			token = i;
		}
		prev = c;
	}
	if (prev == ' ')
		return "A name cannot end with a space.";
	if (!alnum)
		return "A name needs a letter or a digit.";
	if ((why = check_word(s, word, len)) != NULL)
		return why;
	if (is_reserved(s + token, len - token))
		return "Names such as admin, moderator and operator are kept "
		    "for the people who run the community.";
	return NULL;
}

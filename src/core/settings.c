/*
 * settings.c: the table of the community's settings and the one check of
 * their values (see settings.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ical.h"
#include "core/settings.h"
#include "core/utf8.h"

/*
 * Ranges: a burst of at most POST_BURST_MAX keeps the address's bucket
 * (four times a member's) far from any overflow; a refill of a day at
 * most is already a community that cannot talk.
 */
#define POST_BURST_MAX		1000
#define POST_REFILL_MAX		86400	/* s: a day */
#define SEARCH_REFILL_MAX	3600	/* s: an hour */

const struct setting settings_table[] = {
	{ SETTING_NAME, SET_LINE, 0, 0, NULL, "moot",
	    "The community's name", "the community's name" },
	{ SETTING_INTRO, SET_TEXT, 0, 0, NULL,
	    "A community on the small web.",
	    "The introduction on the home page",
	    "the home page's introduction (gemtext)" },
	{ SETTING_ABOUT, SET_TEXT, 0, 0, NULL,
	    "This community has not described itself yet.",
	    "The about page (gemtext)", "the about page (gemtext)" },
	{ SETTING_TERMS, SET_TEXT, 0, 0, NULL,
	    "Be kind. Members are responsible for what they post.",
	    "The terms of use (gemtext; members accept them again before "
	    "they next post)",
	    "the terms of use (gemtext); members accept new terms again" },
	{ SETTING_LICENCE, SET_LINE, 0, 0, NULL, "CC BY-SA 4.0",
	    "The content licence, e.g. CC BY-SA 4.0",
	    "what members' words are published under (CC BY-SA 4.0)" },
	{ SETTING_LANG, SET_LANG, 0, 0, NULL, "en",
	    "The language tag, e.g. en, pt-BR or es-419",
	    "the pages' language tag (en, fr, pt-BR, es-419)" },
	{ SETTING_JOIN_MODE, SET_CHOICE, 0, 0, "open|approval|invite",
	    JOIN_OPEN, "Who may join: open, approval (first posts wait for a "
	    "moderator) or invite",
	    "open, approval (new members' posts wait) or invite" },
	{ SETTING_POST_BURST, SET_NUMBER, 1, POST_BURST_MAX, NULL, "5",
	    "Posts a member may make in a row",
	    "posts and other writes a member may make in a row" },
	{ SETTING_POST_REFILL, SET_NUMBER, 0, POST_REFILL_MAX, NULL, "10",
	    "Seconds per further post (0: no limit)",
	    "seconds until one more post; 0: no limit" },
	{ SETTING_SEARCH_REFILL, SET_NUMBER, 0, SEARCH_REFILL_MAX, NULL, "2",
	    "Seconds per further search from one address, after 10 in a "
	    "row (0: no limit)",
	    "s per search from an address after 10; 0: no limit" },
	{ SETTING_MODLOG_PUBLIC, SET_CHOICE, 0, 0, "0|1", "0",
	    "Moderation log readable by everyone: 1 or 0",
	    "1: anyone may read the moderation log (exports too)" },
	{ SETTING_MODLOG_NAMES, SET_CHOICE, 0, 0, "0|1", "0",
	    "Moderators' names in the public log: 1 or 0",
	    "1: the public log names the moderators" },
	{ SETTING_TERMS_VERSION, SET_READONLY, 1, 0, NULL, "1", NULL,
	    "bumped by new terms (read only)" },
	{ SETTING_INVITE_OPEN, SET_NUMBER, 0, INVITE_OPEN_MAX, NULL, "1",
	    "Open invitations a member may hold at once (0: members cannot "
	    "invite)", "open invitations a member may hold at once; 0: none" },
	{ SETTING_INVITE_MONTH, SET_NUMBER, 0, INVITE_MONTH_MAX, NULL, "3",
	    "Invitations a member may make in 30 days",
	    "invitations a member may make in 30 days" },
	{ SETTING_TIMEZONE, SET_ZONE, 0, 0, NULL, ICAL_ZONE_DEFAULT,
	    "The time zone new events are in unless their organiser says "
	    "(an IANA name: Europe/London, America/New_York, UTC)",
	    "events' default time zone, an IANA name such as Europe/London" },
	/* set by mootctl site readonly, never from /admin: see router.c */
	{ SETTING_READ_ONLY, SET_READONLY, 0, 1, NULL, "0", NULL,
	    "1 while the community moves (mootctl site readonly): posting "
	    "waits" },
};
const size_t settings_count = sizeof(settings_table) /
    sizeof(settings_table[0]);

const struct setting *
setting_find(const char *key)
{
	size_t i;

	for (i = 0; i < settings_count; i++)
		if (strcmp(settings_table[i].key, key) == 0)
			return &settings_table[i];
	return NULL;
}

/* 1 when value is one of the "a|b|c" choices. */
static int
is_choice(const char *choices, const char *value)
{
	size_t n = strlen(value), len;

	for (;;) {
		len = strcspn(choices, "|");
		if (len == n && strncmp(choices, value, n) == 0)
			return 1;
		if (choices[len] == '\0')
			return 0;
		choices += len + 1;
	}
}

/*
 * A language tag as BCP 47 shapes it: subtags of 1 to 8 letters and
 * digits joined by '-', the first of 2 to 8 letters (en, pt-BR, es-419,
 * zh-Hant-TW, sr-Latn).  Its registry is not consulted: the shape is
 * what keeps the Gemini header well formed.
 */
static int
is_lang(const char *v)
{
	size_t	len = strlen(v), n, first = 1;

	if (len == 0 || len > SETTING_LANG_MAX)
		return 0;
	for (;;) {
		n = strspn(v, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (n == 0 || n > 8)
			return 0;
		if (first && (n < 2 || strspn(v, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ") < n))
			return 0;
		first = 0;
		if (v[n] == '\0')
			return 1;
		if (v[n] != '-')
			return 0;
		v += n + 1;
	}
}

/* A whole number in decimal digits, no sign; -1 when it is not one. */
static long
parse_number(const char *v)
{
	size_t	len = strlen(v);

	/* nine digits cannot overflow a long */
	if (len == 0 || len > 9 || strspn(v, "0123456789") != len)
		return -1;
	return strtol(v, NULL, 10);
}

const char *
setting_check(const struct setting *s, const char *v)
{
	/* each worker thread its own answer, read before its next check */
	static _Thread_local char why[128];
	size_t		len = strlen(v), i, last, o;
	long		n;

	switch (s->kind) {
	case SET_LINE:
		if (!utf8_valid(v, len))
			return "it is not valid UTF-8";
		if (utf8_has_control(v, len, NULL))
			return "it must be one line, without control "
			    "characters";
		if (strspn(v, " ") == len)
			return "it is empty";
		if (utf8_count(v, len) > SETTING_LINE_MAX)
			return "it is too long (200 characters at most)";
		return NULL;
	case SET_TEXT:
		if (!utf8_valid(v, len))
			return "it is not valid UTF-8";
		if (utf8_has_control(v, len, "\n\t"))
			return "it holds control characters (other than "
			    "newlines and tabs)";
		if (strspn(v, " \n\t") == len)
			return "it is empty";
		if (len > SETTING_TEXT_MAX)
			return "it is too long (60 KiB at most)";
		return NULL;
	case SET_LANG:
		return is_lang(v) ? NULL : "it is a language tag: letters, "
		    "digits and -, as en, pt-BR or es-419";
	case SET_NUMBER:
		n = parse_number(v);
		if (n >= s->min && n <= s->max)
			return NULL;
		snprintf(why, sizeof(why), "it is a whole number from %ld "
		    "to %ld", s->min, s->max);
		return why;
	case SET_CHOICE:
		if (is_choice(s->choices, v))
			return NULL;
		/* "a|b|c" reads "it is a, b or c" */
		last = strrchr(s->choices, '|') - s->choices;
		o = (size_t)snprintf(why, sizeof(why), "it is ");
		for (i = 0; s->choices[i] != '\0' && o + 4 < sizeof(why);
		    i++) {
			if (s->choices[i] != '|')
				why[o++] = s->choices[i];
			else if (i == last)
				o += (size_t)snprintf(why + o, sizeof(why) - o,
				    " or ");
			else
				o += (size_t)snprintf(why + o, sizeof(why) - o,
				    ", ");
		}
		why[o] = '\0';
		return why;
	case SET_READONLY:
		/* nobody sets these by hand: say what does */
		if (strcmp(s->key, SETTING_READ_ONLY) == 0)
			return "it changes only by mootctl site readonly";
		return "it changes by itself when the terms do";
	case SET_ZONE:
		return ical_zone_known(v) ? NULL : "it is a time zone's IANA "
		    "name, such as Europe/London, America/New_York or UTC";
	}
	return "it is of an unknown kind";
}

long
setting_number(const struct setting *s, const char *v)
{
	long n = parse_number(v);

	if (s->kind == SET_READONLY)
		return n >= 0 ? n : atol(s->def);
	return n >= s->min && n <= s->max ? n : atol(s->def);
}

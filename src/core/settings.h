/*
 * settings.h: the community's settings, in one table: each key with its
 * kind, its range or choices, its default and its help.  setting_check()
 * is the one place a value is judged; /admin, mootctl and the store all
 * ask it, so they cannot disagree.
 */
#ifndef MOOT_SETTINGS_H
#define MOOT_SETTINGS_H

#include <stddef.h>

/* Community settings and their defaults. */
#define SETTING_NAME		"name"
#define SETTING_INTRO		"introduction"
#define SETTING_ABOUT		"about"
#define SETTING_TERMS		"terms"
#define SETTING_LICENCE		"licence"
#define SETTING_LANG		"lang"
#define SETTING_POST_BURST	"post_burst"	/* posts in a row */
#define SETTING_POST_REFILL	"post_refill"	/* s per further post */
#define SETTING_SEARCH_REFILL	"search_refill"	/* s per further search */
#define SETTING_JOIN_MODE	"join_mode"	/* open, approval, invite */
#define SETTING_MODLOG_PUBLIC	"modlog_public"	/* 1: anyone reads it */
#define SETTING_MODLOG_NAMES	"modlog_names"	/* 1: with moderators */
#define SETTING_TERMS_VERSION	"terms_version"	/* bumped by new terms */
#define SETTING_INVITE_OPEN	"invite_open"	/* a member's at a time */
#define SETTING_INVITE_MONTH	"invite_month"	/* a member's per 30 days */
#define SETTING_TIMEZONE	"timezone"	/* events' default zone */
#define SETTING_READ_ONLY	"read_only"	/* 1: moving; actions wait */
#define SETTING_MAX		32	/* longest setting key */

/* The invitation quota's settings run from 0 (members cannot invite). */
#define INVITE_OPEN_MAX		10
#define INVITE_MONTH_MAX	100

#define JOIN_OPEN		"open"
#define JOIN_APPROVAL		"approval"
#define JOIN_INVITE		"invite"

#define SETTING_LINE_MAX	200		/* characters of a LINE */
#define SETTING_TEXT_MAX	(60 * 1024)	/* bytes of a TEXT */
#define SETTING_LANG_MAX	35		/* bytes of a language tag */

enum setting_kind {
	SET_LINE,		/* one line of text, 1..SETTING_LINE_MAX */
	SET_TEXT,		/* gemtext, several lines */
	SET_LANG,		/* a BCP 47 language tag: en, pt-BR, es-419 */
	SET_NUMBER,		/* a whole number from min to max */
	SET_CHOICE,		/* one of choices ("a|b|c") */
	SET_READONLY,	/* a number the community keeps itself */
	SET_ZONE,		/* an IANA time zone name (ical.h) */
};

struct setting {
	const char		*key;
	enum setting_kind	 kind;
	long			 min, max;	/* SET_NUMBER */
	const char		*choices;	/* SET_CHOICE */
	const char		*def;		/* when the store has none */
	const char		*prompt;	/* /admin's question */
	const char		*help;		/* mootctl's line */
};

extern const struct setting	settings_table[];
extern const size_t		settings_count;

/* The setting named key, or NULL. */
const struct setting	*setting_find(const char *key);

/* NULL when value suits the setting, else why not ("it is ..."). */
const char	*setting_check(const struct setting *, const char *value);

/*
 * A SET_NUMBER's value as a number: value when it is in range, else
 * the default (a value stored by an older build cannot overflow anyone).
 */
long		 setting_number(const struct setting *, const char *value);

#endif

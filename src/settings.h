/*
 * settings.h: the community's settings, in one table: each key with its
 * kind, its range or choices, its default and its help.  setting_check()
 * is the one place a value is judged; /admin, mootctl and the store all
 * ask it, so they cannot disagree.
 */
#ifndef MOOT_SETTINGS_H
#define MOOT_SETTINGS_H

#include <stddef.h>

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

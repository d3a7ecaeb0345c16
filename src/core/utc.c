/* utc.c: see utc.h. */
#include <stdio.h>
#include <string.h>

#include "core/utc.h"

#define SECS_PER_DAY	86400

/* A UTC date and time. */
struct civil {
	int	year, month, day, hour, min, sec;
};

/*
 * Seconds since the epoch to a proleptic Gregorian date, by arithmetic
 * (the "days from civil" inverse, in 400-year eras).  when must lie
 * within UTC_FIRST..UTC_LAST.
 */
static void
civil_from_time(int64_t when, struct civil *c)
{
	int64_t	days = when / SECS_PER_DAY, secs = when % SECS_PER_DAY;
	int64_t	era, doe, yoe, doy, mp;

	if (secs < 0) {
		secs += SECS_PER_DAY;
		days--;
	}
	c->hour = (int)(secs / 3600);
	c->min = (int)(secs / 60 % 60);
	c->sec = (int)(secs % 60);
	days += 719468;		/* from 1970-01-01 to 0000-03-01 */
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;			/* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* from March 1 */
	mp = (5 * doy + 2) / 153;			/* March is 0 */
	c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->year = (int)(yoe + era * 400 + (c->month <= 2));
}

/* Two digits of n at b. */
static char *
two(char *b, int n)
{
	b[0] = '0' + n / 10;
	b[1] = '0' + n % 10;
	return b + 2;
}

/* Written digit by digit: printf would be most of a page's cost. */
const char *
utc_format(char *buf, size_t sz, int64_t t, enum utc_style style)
{
	struct civil	 c;
	char		 text[UTC_TEXT_MAX], *b = text;
	size_t		 n;

	if (sz == 0)
		return buf;
	if (t < UTC_FIRST || t > UTC_LAST) {
		snprintf(buf, sz, "?");
		return buf;
	}
	civil_from_time(t, &c);
	b = two(b, c.year / 100);
	b = two(b, c.year % 100);
	*b++ = '-';
	b = two(b, c.month);
	*b++ = '-';
	b = two(b, c.day);
	if (style != UTC_DAY) {
		*b++ = style == UTC_RFC3339 ? 'T' : ' ';
		b = two(b, c.hour);
		*b++ = ':';
		b = two(b, c.min);
	}
	if (style == UTC_RFC3339) {
		*b++ = ':';
		b = two(b, c.sec);
		*b++ = 'Z';
	} else if (style == UTC_LONG) {
		memcpy(b, " UTC", 4);
		b += 4;
	}
	n = (size_t)(b - text);
	if (n >= sz)
		n = sz - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return buf;
}

/*
 * common.c: what every page shares: settings, dates, the footer.
 */
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "settings.h"
#include "text.h"

const char *
handler_setting(struct request *req, const char *key)
{
	char buf[SETTING_VALUE_MAX];

	store_setting(req->store, key, buf, sizeof(buf));
	return arena_strndup(&req->page->arena, buf, strlen(buf));
}

/* The span fmt_time() can write: 0000-01-01 to 9999-12-31 23:59:59 UTC. */
#define SECS_PER_DAY	86400
#define TIME_FIRST	(-62167219200LL)
#define TIME_LAST	253402300799LL

/* A UTC date and time, as fmt_time() needs it. */
struct civil {
	int	year, month, day, hour, min;
};

/*
 * Seconds since the epoch to a proleptic Gregorian date, by arithmetic
 * (the "days from civil" inverse, in 400-year eras): gmtime_r() takes a
 * lock and consults the time zone for every one of a discussion's
 * hundreds of dates, yet UTC needs none of that.  when must lie within
 * TIME_FIRST..TIME_LAST.
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

/*
 * "2026-11-26" or "2026-11-26 14:05 UTC".  Written digit by digit: a
 * discussion shows hundreds of dates, and strftime() is the slow way.
 */
static const char *
fmt_time(struct request *req, int64_t when, int with_time)
{
	struct civil	 tm;
	char		*b;
	int		 y;

	if (when < TIME_FIRST || when > TIME_LAST)
		return "?";
	civil_from_time(when, &tm);
	b = arena_alloc(&req->page->arena, sizeof("2026-11-26 14:05 UTC"));
	y = tm.year;
	b[0] = '0' + y / 1000;
	b[1] = '0' + y / 100 % 10;
	b[2] = '0' + y / 10 % 10;
	b[3] = '0' + y % 10;
	b[4] = '-';
	b[5] = '0' + tm.month / 10;
	b[6] = '0' + tm.month % 10;
	b[7] = '-';
	b[8] = '0' + tm.day / 10;
	b[9] = '0' + tm.day % 10;
	if (!with_time) {
		b[10] = '\0';
		return b;
	}
	b[10] = ' ';
	b[11] = '0' + tm.hour / 10;
	b[12] = '0' + tm.hour % 10;
	b[13] = ':';
	b[14] = '0' + tm.min / 10;
	b[15] = '0' + tm.min % 10;
	memcpy(b + 16, " UTC", 5);
	return b;
}

const char *
handler_date(struct request *req, int64_t when)
{
	return fmt_time(req, when, 0);
}

const char *
handler_datetime(struct request *req, int64_t when)
{
	return fmt_time(req, when, 1);
}

const char *
handler_plural(int64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void
handler_footer(struct request *req)
{
	struct page *p = req->page;

	if (p->tail == 0)
		page_tail(p);
	page_blank(p);
	if (req->proto == PROTO_GOPHER)
		page_text(p, "To take part, open this community in a Gemini "
		    "client with a client certificate: %s/join",
		    req->site->gemini_base);
	else if (req->ident == NULL)
		page_link(p, LINK_ACTION, "/me", "Your page (members), or "
		    "join");
	/* with a certificate the footer knows which of the two it is */
	else if (access_viewer(req) != NULL)
		page_link(p, LINK_ACTION, "/me", "Your page");
	else
		page_link(p, LINK_ACTION, "/join", "Join this community");
	page_link(p, LINK_PAGE, "/", "Home");
	page_link(p, LINK_PAGE, "/about", "About this community");
	page_link(p, LINK_PAGE, "/terms", "Terms of use");
	page_link(p, LINK_PAGE, "/help", "Help");
	page_text(p, "Words here belong to the community and are shared "
	    "under %s.", handler_setting(req, SETTING_LICENCE));
}

/*
 * The first line of s, at most max bytes of it (never cutting a UTF-8
 * sequence), with "…" when anything was left out: for excerpts in lists.
 */
const char *
handler_first_line(struct request *req, const char *s, size_t max)
{
	size_t len = strcspn(s, "\n"), cut = len > max ? max : len;

	while (cut > 0 && cut < len && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	return arena_printf(&req->page->arena, "%.*s%s", (int)cut, s,
	    s[cut] != '\0' ? "…" : "");
}

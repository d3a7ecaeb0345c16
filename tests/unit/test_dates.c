/*
 * test_dates.c: the one date formatter (utc_format() in src/core/utc.c, which
 * does its own calendar arithmetic instead of calling gmtime_r()) in
 * each style, and the dates pages show through it (handler_date and
 * handler_datetime in src/handlers/common.c): each case by hand, then a
 * sweep against gmtime_r().
 */

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "handlers/handlers.h"
#include "render/page.h"
#include "tap.h"
#include "core/utc.h"

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

/* From before year 0 to past 9999, in uneven steps (about 31 hours). */
#define SWEEP_FIRST	(-62167219200LL - 86400LL * 400)
#define SWEEP_LAST	(253402300799LL + 86400LL * 400)
#define SWEEP_STEP	111611LL

static const struct {
	int64_t		 when;
	const char	*datetime;
	const char	*why;
} cases[] = {
	{ 0,			"1970-01-01 00:00 UTC",	"the epoch" },
	{ -1,			"1969-12-31 23:59 UTC",	"a second before" },
	{ -86400,		"1969-12-31 00:00 UTC",	"a day before" },
	{ 951782400,		"2000-02-29 00:00 UTC",	"leap day of 2000" },
	{ 951868799,		"2000-02-29 23:59 UTC",	"its last second" },
	{ 4107542400LL,		"2100-03-01 00:00 UTC",	"2100 is no leap year" },
	{ 1795701900,		"2026-11-26 14:05 UTC",	"an ordinary day" },
	{ -62167219200LL,	"0000-01-01 00:00 UTC",	"first date shown" },
	{ -62167219201LL,	"?",			"before year 0" },
	{ 253402300799LL,	"9999-12-31 23:59 UTC",	"last date shown" },
	{ 253402300800LL,	"?",			"year 10000" },
	{ INT64_MIN,		"?",			"INT64_MIN" },
	{ INT64_MAX,		"?",			"INT64_MAX" },
};

/* The other styles, and buffers too small. */
static const struct {
	int64_t		 when;
	enum utc_style	 style;
	size_t		 sz;
	const char	*want;
	const char	*why;
} styles[] = {
	{ 1795701909,	UTC_RFC3339,	32, "2026-11-26T14:05:09Z", "RFC 3339" },
	{ -1,		UTC_RFC3339,	32, "1969-12-31T23:59:59Z",
	    "RFC 3339 before the epoch" },
	{ 1795701909,	UTC_MINUTE,	32, "2026-11-26 14:05",	"minute" },
	{ 1795701909,	UTC_DAY,	32, "2026-11-26",	"day" },
	{ 1795701909,	UTC_LONG,	UTC_TEXT_MAX, "2026-11-26 14:05 UTC",
	    "long, in UTC_TEXT_MAX" },
	{ 1795701909,	UTC_LONG,	8, "2026-11",		"cut to fit" },
	{ 1795701909,	UTC_DAY,	1, "",			"room for NUL only" },
	{ UTC_LAST + 1,	UTC_RFC3339,	32, "?",		"out of range" },
};

/* The RFC 3339 text gmtime_r() and strftime() made. */
static void
reference3339(int64_t when, char *buf, size_t sz)
{
	struct tm	tm;
	time_t		t = when;

	gmtime_r(&t, &tm);
	strftime(buf, sz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* What the dates looked like when gmtime_r() made them. */
static void
reference(int64_t when, char *buf, size_t sz)
{
	struct tm	tm;
	time_t		t = when;

	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 0)
		snprintf(buf, sz, "?");
	else
		snprintf(buf, sz, "%04d-%02d-%02d %02d:%02d UTC",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min);
}

int
main(void)
{
	struct page	 page;
	struct request	 req;
	char		 want[64], when_s[32];
	int64_t		 t;
	size_t		 i, bad = 0;

	page_init(&page);
	memset(&req, 0, sizeof(req));
	req.page = &page;

	for (i = 0; i < nitems(cases); i++) {
		TAP_STR(handler_datetime(&req, cases[i].when),
		    cases[i].datetime, "handler_datetime: %s", cases[i].why);
		snprintf(want, sizeof(want), "%.10s", cases[i].datetime);
		TAP_STR(handler_date(&req, cases[i].when), want,
		    "handler_date: %s", cases[i].why);
	}

	for (t = SWEEP_FIRST; t <= SWEEP_LAST; t += SWEEP_STEP) {
		reference(t, want, sizeof(want));
		if (strcmp(handler_datetime(&req, t), want) != 0 &&
		    bad++ == 0) {
			snprintf(when_s, sizeof(when_s), "%lld", (long long)t);
			TAP_STR(handler_datetime(&req, t), want, "sweep at %s",
			    when_s);
		}
		page_reset(&page);
	}
	TAP_INT(bad, 0, "handler_datetime agrees with gmtime_r() from year -1 "
	    "to 10001");

	for (i = 0; i < nitems(styles); i++) {
		char buf[32];

		memset(buf, 'x', sizeof(buf));
		TAP_STR(utc_format(buf, styles[i].sz, styles[i].when,
		    styles[i].style), styles[i].want, "utc_format: %s",
		    styles[i].why);
	}
	bad = 0;
	for (t = 0; t <= 4102444800LL; t += SWEEP_STEP + 7) {
		char got[32];

		reference3339(t, want, sizeof(want));
		utc_format(got, sizeof(got), t, UTC_RFC3339);
		if (strcmp(got, want) != 0 && bad++ == 0)
			TAP_STR(got, want, "RFC 3339 sweep at %lld",
			    (long long)t);
	}
	TAP_INT(bad, 0, "UTC_RFC3339 agrees with strftime() from 1970 to "
	    "2100, to the second");

	page_free(&page);
	return TAP_DONE();
}

/*
 * utc.h: a moment as text in UTC, the one date formatter: pages, feeds,
 * the log, mootctl and the export all write dates through utc_format().
 * It does its own calendar arithmetic instead of gmtime_r() and
 * strftime(): a discussion shows hundreds of dates, and gmtime_r() takes
 * a lock and consults the time zone for each, yet UTC needs none of that.
 */
#ifndef MOOT_UTC_H
#define MOOT_UTC_H

#include <stddef.h>
#include <stdint.h>

/* The span utc_format() can write: 0000-01-01 to 9999-12-31 23:59:59. */
#define UTC_FIRST	(-62167219200LL)
#define UTC_LAST	253402300799LL

enum utc_style {
	UTC_DAY,	/* 2026-11-26 */
	UTC_MINUTE,	/* 2026-11-26 14:05 (mootctl's columns) */
	UTC_LONG,	/* 2026-11-26 14:05 UTC (pages, the export) */
	UTC_RFC3339,	/* 2026-11-26T14:05:09Z (feeds, the log) */
};

/* Room for any style, with its NUL. */
#define UTC_TEXT_MAX	sizeof("2026-11-26 14:05 UTC")

/*
 * t (seconds since 1970) into buf of sz bytes in the given style, cut to
 * fit; "?" outside UTC_FIRST..UTC_LAST.  Returns buf.
 */
const char	*utc_format(char *buf, size_t sz, int64_t t, enum utc_style);

/* For a char array b: the day, and the day with the time. */
#define DATE(b, t)	utc_format((b), sizeof(b), (t), UTC_DAY)
#define DATETIME(b, t)	utc_format((b), sizeof(b), (t), UTC_LONG)

#endif

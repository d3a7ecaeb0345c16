/*
 * ical.h: an event's time and its calendar, through libical.
 *
 * Events are kept as UTC seconds with the IANA zone they were announced
 * in.  Turning "2027-07-14 18:30" in Europe/London into an instant (and
 * back, for the page) needs the zone's rules for that date, daylight
 * saving included: libical reads them from the system's zoneinfo, and
 * does so without setenv("TZ") and mktime(), which would change the
 * whole process's zone under the other workers.  The calendar feeds
 * (RFC 5545) are libical's components too: it escapes text values;
 * lines are folded here, at 75 octets and never inside a UTF-8
 * character, because libical 3.0.16 folds some at their line break
 * (ical.c, fold_lines(); tests/unit/test_ical.c checks both).  Feeds give times in UTC ("...Z"), so no
 * VTIMEZONE block is needed: a calendar shows them in its reader's zone.
 */
#ifndef MOOT_ICAL_H
#define MOOT_ICAL_H

#include <stddef.h>
#include <stdint.h>

#define ICAL_ZONE_MAX		64	/* bytes of an IANA zone name */
#define ICAL_ZONE_DEFAULT	"UTC"
/* The years an event may be in: libical's time arithmetic is sure there. */
#define ICAL_YEAR_MIN		1970
#define ICAL_YEAR_MAX		2200
/* Room for ical_when()'s text. */
#define ICAL_WHEN_MAX		160

/* A wall-clock time, as typed: no zone. */
struct ical_local {
	int	year, month, day, hour, minute;
};

/*
 * "2027-03-14 18:30" (also "2027-03-14T18:30", and single-digit month,
 * day or hour) into *out.  NULL when it is one, else why not: a reason
 * fit for a prompt.
 */
const char	*ical_parse_local(const char *, struct ical_local *out);
/* Load what libical needs before the sandbox; errors are not fatal. */
void		 ical_init(void);
/* 1 when tzid is a zone the system knows ("Europe/London", "UTC"). */
int		 ical_zone_known(const char *tzid);
/*
 * The instant of a wall-clock time in zone tzid, in *utc.  NULL, or why
 * not: an unknown zone, or a time the clocks skip there (the hour that
 * daylight saving jumps over).
 */
const char	*ical_to_utc(const struct ical_local *, const char *tzid,
		    int64_t *utc);
/*
 * The wall-clock time in zone tzid at instant utc, and the zone's offset
 * from UTC then, in seconds east.  0, or -1 for an unknown zone.
 */
int		 ical_from_utc(int64_t utc, const char *tzid,
		    struct ical_local *out, int *offset);
/*
 * When an event is, in its zone, into buf: "Sun 14 March 2027, 18:30
 * to 20:00 Europe/London (UTC+00:00)"; end 0: no end.  An end on another
 * day says its date too.  Returns buf.
 */
const char	*ical_when(char *buf, size_t, int64_t start, int64_t end,
		    const char *tzid);

/* One event of a calendar; strings are copied, NULL for none. */
struct ical_event {
	const char	*uid;
	int64_t		 start;
	int64_t		 end;		/* 0: none */
	int64_t		 stamp;		/* DTSTAMP: when the feed was made */
	int64_t		 created;
	int64_t		 modified;
	int		 sequence;	/* bumped by every change */
	int		 cancelled;
	const char	*summary;
	const char	*location;
	const char	*description;
	const char	*url;
};

struct ical_calendar;
/* A VCALENDAR named name (X-WR-CALNAME), or NULL when out of memory. */
struct ical_calendar	*ical_calendar_new(const char *name);
int			 ical_calendar_add(struct ical_calendar *,
			    const struct ical_event *);
/* The calendar as RFC 5545 text, CRLF lines: free() it; NULL: no memory. */
char			*ical_calendar_text(struct ical_calendar *);
void			 ical_calendar_free(struct ical_calendar *);

#endif

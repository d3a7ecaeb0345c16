/*
 * ical.c: see ical.h.  Everything libical is asked goes through here, so
 * the rest of moot knows no libical type.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "core/ical.h"

#define ICAL_PRODID	"-//moot//events//EN"
#define ICAL_FOLD	75	/* octets of a line, RFC 5545 3.1 */
#define ICAL_NAME_MAX	1024	/* bytes of a calendar's name */

static pthread_once_t ical_once = PTHREAD_ONCE_INIT;

static void
ical_setup(void)
{
	/* a bad value is our error to report, never a reason to abort */
	icalerror_set_errors_are_fatal(0);
	/* reads zone.tab: the names of the zones there are */
	(void)icaltimezone_get_builtin_timezones();
}

void
ical_init(void)
{
	pthread_once(&ical_once, ical_setup);
}

/*
 * The zone named tzid, or NULL.  Names are checked for their shape
 * first: libical makes a file name of them.
 */
static icaltimezone *
zone_get(const char *tzid)
{
	size_t len;

	ical_init();
	if (tzid == NULL || (len = strlen(tzid)) == 0 || len >= ICAL_ZONE_MAX ||
	    strspn(tzid, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789/_-+") != len || tzid[0] == '/' ||
	    strstr(tzid, "..") != NULL)
		return NULL;
	if (strcmp(tzid, "UTC") == 0)
		return icaltimezone_get_utc_timezone();
	return icaltimezone_get_builtin_timezone(tzid);
}

int
ical_zone_known(const char *tzid)
{
	return zone_get(tzid) != NULL;
}

/* n digits (1 to max) at *s as a number, *s moved past them; -1: none. */
static int
digits(const char **s, int max)
{
	int n = 0, i;

	for (i = 0; i < max && (*s)[i] >= '0' && (*s)[i] <= '9'; i++)
		n = n * 10 + ((*s)[i] - '0');
	if (i == 0 || ((*s)[i] >= '0' && (*s)[i] <= '9'))
		return -1;
	*s += i;
	return n;
}

const char *
ical_parse_local(const char *s, struct ical_local *out)
{
	static const char shape[] = "write the date and time as "
	    "2027-03-14 18:30 (year-month-day hours:minutes, 24-hour clock)";
	int	days;

	memset(out, 0, sizeof(*out));
	while (*s == ' ')
		s++;
	if ((out->year = digits(&s, 4)) < 0 || *s++ != '-' ||
	    (out->month = digits(&s, 2)) < 0 || *s++ != '-' ||
	    (out->day = digits(&s, 2)) < 0 || (*s != ' ' && *s != 'T'))
		return shape;
	while (*++s == ' ')
		;
	if ((out->hour = digits(&s, 2)) < 0 || *s++ != ':' ||
	    (out->minute = digits(&s, 2)) < 0)
		return shape;
	while (*s == ' ')
		s++;
	if (*s != '\0')
		return shape;
	if (out->year < ICAL_YEAR_MIN || out->year > ICAL_YEAR_MAX)
		return "the year is out of range (1970 to 2200)";
	if (out->month < 1 || out->month > 12)
		return "there is no such month (1 to 12)";
	days = icaltime_days_in_month(out->month, out->year);
	if (out->day < 1 || out->day > days)
		return "there is no such day in that month";
	if (out->hour > 23 || out->minute > 59)
		return "there is no such time of day (00:00 to 23:59)";
	return NULL;
}

static struct icaltimetype
local_time(const struct ical_local *l)
{
	struct icaltimetype tt = icaltime_null_time();

	tt.year = l->year;
	tt.month = l->month;
	tt.day = l->day;
	tt.hour = l->hour;
	tt.minute = l->minute;
	tt.is_date = 0;
	return tt;
}

/* The instant t as libical's UTC time. */
static struct icaltimetype
utc_time(int64_t t)
{
	return icaltime_from_timet_with_zone((time_t)t, 0,
	    icaltimezone_get_utc_timezone());
}

const char *
ical_to_utc(const struct ical_local *l, const char *tzid, int64_t *utc)
{
	icaltimezone		*z = zone_get(tzid);
	struct icaltimetype	 tt, back;

	if (z == NULL)
		return "there is no such time zone: give an IANA name such as "
		    "Europe/London, America/New_York or UTC";
	tt = local_time(l);
	*utc = (int64_t)icaltime_as_timet_with_zone(tt, z);
	/* a time in the hour the clocks skip comes back as another */
	back = icaltime_from_timet_with_zone((time_t)*utc, 0, z);
	if (back.year != l->year || back.month != l->month ||
	    back.day != l->day || back.hour != l->hour ||
	    back.minute != l->minute)
		return "that time does not exist in that zone (the clocks "
		    "skip it when they change)";
	return NULL;
}

int
ical_from_utc(int64_t utc, const char *tzid, struct ical_local *out,
    int *offset)
{
	icaltimezone		*z = zone_get(tzid);
	struct icaltimetype	 tt, u;
	int			 dst;

	if (z == NULL)
		return -1;
	tt = icaltime_from_timet_with_zone((time_t)utc, 0, z);
	out->year = tt.year;
	out->month = tt.month;
	out->day = tt.day;
	out->hour = tt.hour;
	out->minute = tt.minute;
	u = utc_time(utc);
	*offset = icaltimezone_get_utc_offset_of_utc_time(z, &u, &dst);
	return 0;
}

static const char *const weekdays[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* "Sun 14 March 2027" */
static void
day_text(char *buf, size_t sz, const struct ical_local *l)
{
	struct icaltimetype	tt = local_time(l);
	int			wd = icaltime_day_of_week(tt) - 1;

	snprintf(buf, sz, "%s %d %s %d", weekdays[(wd % 7 + 7) % 7], l->day,
	    months[(l->month - 1) % 12], l->year);
}

const char *
ical_when(char *buf, size_t sz, int64_t start, int64_t end,
    const char *tzid)
{
	struct ical_local	 s, e;
	char			 day[48], eday[48], to[80] = "";
	int			 off, eoff, a;

	if (ical_from_utc(start, tzid, &s, &off) == -1) {
		snprintf(buf, sz, "?");
		return buf;
	}
	day_text(day, sizeof(day), &s);
	if (end > start && ical_from_utc(end, tzid, &e, &eoff) == 0) {
		if (e.year == s.year && e.month == s.month && e.day == s.day)
			snprintf(to, sizeof(to), " to %02d:%02d", e.hour,
			    e.minute);
		else {
			day_text(eday, sizeof(eday), &e);
			snprintf(to, sizeof(to), " to %s, %02d:%02d", eday,
			    e.hour, e.minute);
		}
	}
	a = off < 0 ? -off : off;
	snprintf(buf, sz, "%s, %02d:%02d%s %s (UTC%c%02d:%02d)", day, s.hour,
	    s.minute, to, tzid, off < 0 ? '-' : '+', a / 3600, a % 3600 / 60);
	return buf;
}

/*
 * v for X-WR-CALNAME, into buf: what TEXT escapes (\\ ; , and line
 * breaks) becomes a space.  libical escapes the text properties it
 * knows, but an X- property's value only in part (its backslashes), so
 * neither it nor we can escape it whole; for a name, spaces do.
 */
static const char *
name_plain(const char *v, char *buf, size_t sz)
{
	size_t n;

	snprintf(buf, sz, "%s", v);
	for (n = 0; buf[n] != '\0'; n++)
		if (strchr("\\;,\r\n", buf[n]) != NULL)
			buf[n] = ' ';
	return buf;
}

struct ical_calendar {
	icalcomponent	*cal;
};

struct ical_calendar *
ical_calendar_new(const char *name)
{
	struct ical_calendar	*c;
	icalproperty		*p;
	char			 esc[ICAL_NAME_MAX];

	ical_init();
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->cal = icalcomponent_new_vcalendar()) == NULL) {
		free(c);
		return NULL;
	}
	icalcomponent_add_property(c->cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(c->cal, icalproperty_new_prodid(
	    ICAL_PRODID));
	icalcomponent_add_property(c->cal, icalproperty_new_calscale(
	    "GREGORIAN"));
	icalcomponent_add_property(c->cal, icalproperty_new_method(
	    ICAL_METHOD_PUBLISH));
	if (name != NULL && (p = icalproperty_new_x(name_plain(
	    name, esc, sizeof(esc)))) != NULL) {
		icalproperty_set_x_name(p, "X-WR-CALNAME");
		icalcomponent_add_property(c->cal, p);
	}
	return c;
}

/* A text property, unless the text is missing or empty. */
static void
add_text(icalcomponent *ev, icalproperty *(*make)(const char *),
    const char *v)
{
	if (v != NULL && *v != '\0')
		icalcomponent_add_property(ev, make(v));
}

int
ical_calendar_add(struct ical_calendar *c, const struct ical_event *e)
{
	icalcomponent *ev;

	if ((ev = icalcomponent_new_vevent()) == NULL)
		return -1;
	icalcomponent_add_property(ev, icalproperty_new_uid(e->uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(
	    utc_time(e->stamp)));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(
	    utc_time(e->start)));
	if (e->end > e->start)
		icalcomponent_add_property(ev, icalproperty_new_dtend(
		    utc_time(e->end)));
	if (e->created > 0)
		icalcomponent_add_property(ev, icalproperty_new_created(
		    utc_time(e->created)));
	if (e->modified > 0)
		icalcomponent_add_property(ev, icalproperty_new_lastmodified(
		    utc_time(e->modified)));
	icalcomponent_add_property(ev, icalproperty_new_sequence(
	    e->sequence));
	icalcomponent_add_property(ev, icalproperty_new_status(e->cancelled ?
	    ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
	add_text(ev, icalproperty_new_summary, e->summary);
	add_text(ev, icalproperty_new_location, e->location);
	add_text(ev, icalproperty_new_description, e->description);
	add_text(ev, icalproperty_new_url, e->url);
	icalcomponent_add_component(c->cal, ev);
	return 0;
}

/*
 * text (CRLF lines) with every line folded at ICAL_FOLD octets, a
 * continuation line starting with a space (RFC 5545 3.1), never between
 * the bytes of one UTF-8 character.  libical 3.0.16 folds its output
 * too, but a line that ends just at its limit is folded between the CR
 * and the LF of its line break ("\r\r\n \n", which parsers read as a
 * stray line); so its folds are undone and the lines folded here.
 */
static char *
fold_lines(const char *text)
{
	size_t		 len = strlen(text), n = 0, col = 0, cut;
	const char	*p = text;
	char		*out;

	/* at worst three more bytes per ICAL_FOLD - 1 */
	if ((out = malloc(len + len / 2 + 16)) == NULL)
		return NULL;
	while (*p != '\0') {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 3;		/* libical's fold */
			continue;
		}
		if (p[0] == '\r' && p[1] == '\n') {
			memcpy(out + n, "\r\n", 2);
			n += 2;
			p += 2;
			col = 0;
			continue;
		}
		/* the next character's length; a cut comes before it */
		cut = 1;
		while ((p[cut] & 0xC0) == 0x80)
			cut++;
		if (col + cut > ICAL_FOLD) {
			memcpy(out + n, "\r\n ", 3);
			n += 3;
			col = 1;
		}
		memcpy(out + n, p, cut);
		n += cut;
		col += cut;
		p += cut;
	}
	out[n] = '\0';
	return out;
}

char *
ical_calendar_text(struct ical_calendar *c)
{
	char *s, *folded;

	if ((s = icalcomponent_as_ical_string_r(c->cal)) == NULL)
		return NULL;
	folded = fold_lines(s);
	icalmemory_free_buffer(s);
	return folded;
}

void
ical_calendar_free(struct ical_calendar *c)
{
	if (c == NULL)
		return;
	icalcomponent_free(c->cal);
	free(c);
}

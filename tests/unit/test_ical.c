/*
 * test_ical.c: core/ical.c, an event's times and its calendar: dates as
 * typed (and the reasons bad ones get), wall-clock times in a zone to UTC
 * and back across daylight saving, and the iCalendar text: escaping of
 * , ; \ and newlines, and lines folded at 75 octets without cutting a
 * UTF-8 character in two.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "core/ical.h"

static const struct {
	const char	*in;
	int		 ok;
	int		 y, mo, d, h, mi;
	const char	*why;		/* a word of the reason */
} parses[] = {
	{ "2027-03-14 18:30", 1, 2027, 3, 14, 18, 30, NULL },
	{ "2027-03-14T18:30", 1, 2027, 3, 14, 18, 30, NULL },
	{ " 2027-3-4 8:05 ", 1, 2027, 3, 4, 8, 5, NULL },
	{ "2028-02-29 00:00", 1, 2028, 2, 29, 0, 0, NULL },
	{ "2027-02-29 10:00", 0, 0, 0, 0, 0, 0, "no such day" },
	{ "2027-04-31 10:00", 0, 0, 0, 0, 0, 0, "no such day" },
	{ "2027-13-01 10:00", 0, 0, 0, 0, 0, 0, "no such month" },
	{ "2027-00-01 10:00", 0, 0, 0, 0, 0, 0, "no such month" },
	{ "2027-03-14 24:00", 0, 0, 0, 0, 0, 0, "time of day" },
	{ "2027-03-14 18:60", 0, 0, 0, 0, 0, 0, "time of day" },
	{ "1969-12-31 23:59", 0, 0, 0, 0, 0, 0, "year" },
	{ "2201-01-01 10:00", 0, 0, 0, 0, 0, 0, "year" },
	{ "14/03/2027 18:30", 0, 0, 0, 0, 0, 0, "2027-03-14 18:30" },
	{ "2027-03-14", 0, 0, 0, 0, 0, 0, "2027-03-14 18:30" },
	{ "2027-03-14 18:30:00", 0, 0, 0, 0, 0, 0, "2027-03-14 18:30" },
	{ "2027-03-14 18:30 tomorrow", 0, 0, 0, 0, 0, 0, "2027-03-14 18:30" },
	{ "20270-03-14 18:30", 0, 0, 0, 0, 0, 0, "2027-03-14 18:30" },
	{ "-2027-03-14 18:30", 0, 0, 0, 0, 0, 0, "2027-03-14 18:30" },
	{ "", 0, 0, 0, 0, 0, 0, "2027-03-14 18:30" },
	{ "next friday", 0, 0, 0, 0, 0, 0, "2027-03-14 18:30" },
};

static const struct {
	const char	*local;
	const char	*zone;
	int64_t		 utc;		/* -1: refused */
	int		 offset;	/* s east of UTC */
} zones[] = {
	/* winter and summer in London: GMT, then BST */
	{ "2027-01-14 18:30", "Europe/London", 1799951400LL, 0 },
	{ "2027-07-14 18:30", "Europe/London", 1815586200LL, 3600 },
	{ "2027-03-14 18:30", "UTC", 1805049000LL, 0 },
	/* another zone: New York in summer is UTC-4 */
	{ "2027-07-14 18:30", "America/New_York", 1815604200LL, -14400 },
	{ "2027-01-14 18:30", "America/New_York", 1799969400LL, -18000 },
	{ "2027-07-14 18:30", "Asia/Kolkata", 1815570000LL, 19800 },
	/* the hour London's clocks skip on 28 March 2027 */
	{ "2027-03-28 01:30", "Europe/London", -1, 0 },
	{ "2027-07-14 18:30", "Mars/Olympus_Mons", -1, 0 },
	{ "2027-07-14 18:30", "../../etc/passwd", -1, 0 },
	{ "2027-07-14 18:30", "", -1, 0 },
};

static void
test_parse(void)
{
	struct ical_local	 l;
	const char		*why;
	size_t			 i;

	for (i = 0; i < sizeof(parses) / sizeof(parses[0]); i++) {
		why = ical_parse_local(parses[i].in, &l);
		if (parses[i].ok) {
			TAP_OK(why == NULL && l.year == parses[i].y &&
			    l.month == parses[i].mo && l.day == parses[i].d &&
			    l.hour == parses[i].h && l.minute == parses[i].mi,
			    "\"%s\" parses", parses[i].in);
		} else
			TAP_OK(why != NULL && strstr(why, parses[i].why) !=
			    NULL, "\"%s\" refused: %s", parses[i].in,
			    why ? why : "(accepted)");
	}
}

static void
test_zones(void)
{
	struct ical_local	 l, back;
	const char		*why;
	int64_t			 utc;
	int			 off;
	size_t			 i;

	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		TAP_OK(ical_parse_local(zones[i].local, &l) == NULL,
		    "%s parses", zones[i].local);
		why = ical_to_utc(&l, zones[i].zone, &utc);
		if (zones[i].utc < 0) {
			TAP_OK(why != NULL, "%s in \"%s\" refused: %s",
			    zones[i].local, zones[i].zone, why ? why : "-");
			continue;
		}
		TAP_OK(why == NULL && utc == zones[i].utc,
		    "%s in %s is %lld UTC (got %lld)", zones[i].local,
		    zones[i].zone, (long long)zones[i].utc, (long long)utc);
		TAP_OK(ical_from_utc(utc, zones[i].zone, &back, &off) == 0 &&
		    back.hour == l.hour && back.minute == l.minute &&
		    back.day == l.day && off == zones[i].offset,
		    "and back: %02d:%02d, offset %d", back.hour, back.minute,
		    off);
	}
}

/*
 * An event announced in January for July in London: the instant comes
 * from July's rules (BST), not from the offset when it was typed.
 */
static void
test_dst_between(void)
{
	struct ical_local	l;
	int64_t			made, event;
	char			buf[ICAL_WHEN_MAX];

	ical_parse_local("2027-01-10 12:00", &l);
	ical_to_utc(&l, "Europe/London", &made);
	ical_parse_local("2027-07-14 18:30", &l);
	TAP_OK(ical_to_utc(&l, "Europe/London", &event) == NULL &&
	    event == 1815586200LL && event > made,
	    "made in January (GMT), the July event is 17:30 UTC (BST)");
	TAP_STR(ical_when(buf, sizeof(buf), event, event + 5400,
	    "Europe/London"), "Wed 14 July 2027, 18:30 to 20:00 "
	    "Europe/London (UTC+01:00)", "its page says when, in BST");
	TAP_STR(ical_when(buf, sizeof(buf), 1805049000LL, 0, "UTC"),
	    "Sun 14 March 2027, 18:30 UTC (UTC+00:00)", "no end");
	TAP_STR(ical_when(buf, sizeof(buf), 1815604200LL, 1815604200LL +
	    86400, "America/New_York"), "Wed 14 July 2027, 18:30 to Thu 15 "
	    "July 2027, 18:30 America/New_York (UTC-04:00)",
	    "an end on another day gives its date");
}

/* Unfolded: the CRLF and the one space that starts each folded line go. */
static char *
unfold(const char *s)
{
	char	*out = malloc(strlen(s) + 1), *o = out;

	while (*s != '\0') {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ')
			s += 3;
		else
			*o++ = *s++;
	}
	*o = '\0';
	return out;
}

static void
test_calendar(void)
{
	static const char *const pieces[] = { "é", "€", "😀", "a" };
	struct ical_calendar	*c;
	struct ical_event	 e = { 0 };
	char			*text, *plain, desc[1024], *p, *eol;
	size_t			 i, k, n, longest = 0;
	int			 split = 0, bare = 0, pre;

	c = ical_calendar_new("Test, community");
	e.uid = "event-1@example.org";
	e.start = 1815586200LL;
	e.end = e.start + 5400;
	e.stamp = 1800000000LL;
	e.sequence = 2;
	e.summary = "Picnic, games; fun\\ and\nmore";
	e.location = "Park Lane 1, London";
	e.url = "gemini://example.org/thread/1";
	/* every offset from a line's start, for 1- to 4-byte characters */
	for (k = 0; k < 4; k++)
		for (pre = 0; pre < 80; pre++) {
			n = 0;
			for (i = 0; i < (size_t)pre; i++)
				desc[n++] = 'x';
			for (i = 0; i < 40; i++) {
				memcpy(desc + n, pieces[k], strlen(pieces[k]));
				n += strlen(pieces[k]);
			}
			desc[n] = '\0';
			e.description = desc;
			ical_calendar_add(c, &e);
		}
	e.description = NULL;
	e.cancelled = 1;
	e.uid = "event-2@example.org";
	ical_calendar_add(c, &e);
	text = ical_calendar_text(c);
	TAP_OK(text != NULL && strncmp(text, "BEGIN:VCALENDAR\r\n", 17) == 0,
	    "a VCALENDAR");
	for (p = text; (eol = strstr(p, "\r\n")) != NULL; p = eol + 2) {
		if ((size_t)(eol - p) > longest)
			longest = (size_t)(eol - p);
		if (eol[2] == ' ' && ((unsigned char)eol[3] & 0xC0) == 0x80)
			split++;
	}
	for (p = text; *p != '\0'; p++)
		if (*p == '\n' && (p == text || p[-1] != '\r')) {
			bare++;
			printf("# bare newline at %zu: %.*s\n", (size_t)(p - text), 80, p - 60);
		}
	TAP_OK(longest <= 75, "no line is longer than 75 octets (%zu)",
	    longest);
	TAP_INT(split, 0, "no fold cuts a UTF-8 character");
	TAP_INT(bare, 0, "every line ends in CRLF");
	plain = unfold(text);
	TAP_OK(strstr(plain, "SUMMARY:Picnic\\, games\\; fun\\\\ and\\nmore\r\n")
	    != NULL, ", ; \\ and newline escaped in SUMMARY");
	TAP_OK(strstr(plain, "LOCATION:Park Lane 1\\, London\r\n") != NULL,
	    "and in LOCATION");
	TAP_OK(strstr(plain, "DTSTART:20270714T173000Z\r\n") != NULL &&
	    strstr(plain, "DTEND:20270714T190000Z\r\n") != NULL,
	    "times in UTC");
	TAP_OK(strstr(plain, "STATUS:CANCELLED\r\n") != NULL &&
	    strstr(plain, "STATUS:CONFIRMED\r\n") != NULL, "STATUS");
	TAP_OK(strstr(plain, "UID:event-2@example.org\r\n") != NULL &&
	    strstr(plain, "SEQUENCE:2\r\n") != NULL &&
	    strstr(plain, "DTSTAMP:20270115T080000Z\r\n") != NULL,
	    "UID, SEQUENCE, DTSTAMP");
	TAP_OK(strstr(plain, "X-WR-CALNAME:Test  community\r\n") != NULL,
	    "the calendar's name, without what TEXT escapes");
	TAP_OK(strstr(plain, "xxxxx😀😀😀") != NULL &&
	    strstr(plain, "xéééé") != NULL, "text survives folding whole");
	free(plain);
	free(text);
	ical_calendar_free(c);
}

int
main(void)
{
	ical_init();
	test_parse();
	test_zones();
	test_dst_between();
	test_calendar();
	return TAP_DONE();
}

/*
 * events.c: events, a kind of discussion (issue 17).  An event's
 * discussion page shows when and where it is and who is coming above the
 * opening post (events_block(), called by thread.c); these are its other
 * pages and actions:
 *
 *	/events, /events/past, /space/SLUG/events[/past]	the lists
 *	/events.ics, /space/SLUG/events.ics	RFC 5545 calendars
 *	/space/SLUG/event		announce one: a title, then
 *	/event/draft/ID			one prompt a field: zone, start,
 *					end, place, then the description
 *	/event/ID/come[/quietly]	"I'll come", listed by name or not
 *	/event/ID/leave			"I can't come any more"
 *	/event/ID/edit/FIELD		the organiser or a moderator
 *	/event/ID/cancel		the same; everyone coming is told
 *
 * Times are kept in UTC with the zone the event was announced in; the
 * conversions and the calendar text are core/ical.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/store.h"
#include "store/events.h"
#include "handlers/handlers.h"
#include "core/ical.h"
#include "core/text.h"
#include "core/utf8.h"

#define MIME_CALENDAR		"text/calendar; charset=utf-8"
#define EVENTS_LISTED		50	/* on a list page */
#define EVENTS_HOME		3	/* on the home page */
#define EVENTS_IN_CALENDAR	500	/* upcoming ones in a feed */
#define EVENTS_PAST_IN_CALENDAR	100	/* and the latest past ones */
#define EVENT_LENGTH_MAX	(31 * 24 * 60 * 60)	/* s, start to end */
#define ONLINE_WORD		"online"
#define EVENT_NOTE_CHARS	300	/* of a change's notification */
#define TIME_MAX_CHARS		40	/* a date and time typed */

static const char example_time[] = "as 2027-03-14 18:30";

/* ---------------------------------------------------------- reading */

/* An event read into the request's arena (the row's strings copied). */
struct event {
	struct event_row	 r;
	int			 found;
};

static const char *
dup(struct request *req, const char *s)
{
	return s == NULL ? NULL : arena_strndup(&req->page->arena, s,
	    strlen(s));
}

struct copy_ctx {
	struct request	*req;
	struct event	*ev;
};

static int
event_copy(void *arg, const struct event_row *r)
{
	struct copy_ctx	*cc = arg;
	struct request	*req = cc->req;
	struct event_row *e = &cc->ev->r;

	*e = *r;
	e->space_slug = dup(req, r->space_slug);
	e->space_name = dup(req, r->space_name);
	e->author = dup(req, r->author);
	e->title = dup(req, r->title);
	e->body = dup(req, r->body);
	e->tzid = dup(req, r->tzid);
	e->place = dup(req, r->place);
	e->online_url = dup(req, r->online_url);
	cc->ev->found = 1;
	return 1;
}

/* The event of discussion id: 1, 0 when it is none, or a store error. */
static int
event_read(struct request *req, int64_t id, struct event *ev)
{
	struct copy_ctx	cc = { req, ev };
	int		rc;

	memset(ev, 0, sizeof(*ev));
	rc = store_event_one(req->store, id, event_copy, &cc);
	return rc < 0 ? rc : ev->found;
}

/*
 * A guard: the event req->num[0] as a member may act on it, in *ev; -1
 * with rep set when there is none (or it is held, and not theirs).
 */
static int
event_find(struct request *req, struct reply *rep, struct event *ev)
{
	const struct member	*m = req->member;
	int			 rc;

	if ((rc = event_read(req, req->num[0], ev)) < 0) {
		reply_store_error(rep, rc);
		return -1;
	}
	if (rc == 0 || (ev->r.held && ev->r.author_id != m->id &&
	    m->role < ROLE_MODERATOR)) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such event");
		return -1;
	}
	return 0;
}

/*
 * Over: its end (or, none given, its start) has passed.  A page that
 * says whether it is over changes then (request_changes_at(): a cached
 * copy of the page goes with it).
 */
static int
event_over(struct request *req, const struct event_row *e)
{
	time_t over = (time_t)(e->ends_at > 0 ? e->ends_at : e->starts_at);

	request_changes_at(req, over);
	return over < req->now;
}

static const char *
event_when(struct request *req, const struct event_row *e)
{
	char buf[ICAL_WHEN_MAX];

	return dup(req, ical_when(buf, sizeof(buf), e->starts_at, e->ends_at,
	    e->tzid));
}

/* ------------------------------------------------- the event's page */

struct names_ctx {
	struct request	*req;
	char		*names;		/* "Ann, Bo": len bytes of size */
	size_t		 len, size;
	int64_t		 listed;
	int		 mine;		/* -1: not coming, 0, 1: listed */
	int64_t		 viewer;
};

static int
names_add(void *arg, const struct attendee_row *a)
{
	struct names_ctx	*nc = arg;
	char			*grown;
	size_t			 need;

	if (a->member_id == nc->viewer)
		nc->mine = a->listed;
	if (!a->listed)
		return 0;
	/*
	 * Grown by doubling: printing the list again for each name would
	 * leave every shorter copy in the arena, quadratic in those coming.
	 */
	need = nc->len + (nc->len > 0 ? 2 : 0) + strlen(a->name) + 1;
	if (need > nc->size) {
		nc->size = need > 2 * nc->size ? need : 2 * nc->size;
		grown = arena_alloc(&nc->req->page->arena, nc->size);
		memcpy(grown, nc->names != NULL ? nc->names : "", nc->len + 1);
		nc->names = grown;
	}
	nc->len += (size_t)snprintf(nc->names + nc->len, nc->size - nc->len,
	    "%s%s", nc->len > 0 ? ", " : "", a->name);
	nc->listed++;
	return 0;
}

static void
act(struct page *p, const char *label, const char *fmt, int64_t id)
{
	page_link(p, LINK_ACTION, arena_printf(&p->arena, fmt, (long long)id),
	    "%s", label);
}

/* The place, with its link when it is online. */
static void
place_lines(struct page *p, const struct event_row *e)
{
	if (e->online_url != NULL) {
		page_text(p, "Where: online");
		page_link(p, LINK_URL, e->online_url, "Join online: %s",
		    e->online_url);
	} else
		page_text(p, "Where: %s", e->place);
}

int
events_block(struct request *req, int64_t thread_id, int64_t viewer,
    int moderator)
{
	struct page		*p = req->page;
	struct event		 ev;
	struct event_row	*e = &ev.r;
	struct names_ctx	 nc = { .req = req, .mine = -1,
	    .viewer = viewer };
	int64_t			 others;
	int			 rc;

	if ((rc = event_read(req, thread_id, &ev)) <= 0)
		return rc;
	if ((rc = store_attendees(req->store, thread_id, viewer, names_add,
	    &nc)) < 0)
		return rc;
	page_heading(p, 2, "Event");
	if (e->cancelled)
		page_text(p, "CANCELLED: this event will not take place.");
	page_text(p, "When: %s", event_when(req, e));
	place_lines(p, e);
	others = e->coming - nc.listed;
	if (e->coming == 0)
		page_text(p, "Coming: nobody has said so yet.");
	else if (nc.listed == 0)
		page_text(p, "Coming: %lld (none gave their name).",
		    (long long)e->coming);
	else
		page_text(p, "Coming: %lld (%s%s).", (long long)e->coming,
		    nc.names, others == 0 ? "" : arena_printf(&p->arena,
		    ", and %lld more", (long long)others));
	if (event_over(req, e))
		page_text(p, "This event is over.");
	else if (!e->cancelled && nc.mine < 0) {
		/* visitors too: the link asks them for a certificate */
		act(p, "I'll come (show my name)", "/event/%lld/come",
		    thread_id);
		act(p, "I'll come (without my name)", "/event/%lld/come/quietly",
		    thread_id);
	} else if (!e->cancelled) {
		page_text(p, "You said you'd come (%s).", nc.mine ?
		    "your name is shown" : "your name is not shown");
		act(p, "I can't come any more", "/event/%lld/leave",
		    thread_id);
	}
	if (viewer != 0 && (viewer == e->author_id || moderator)) {
		const char *who = viewer == e->author_id ? "" :
		    " (moderators)";

		act(p, arena_printf(&p->arena, "Change the start%s", who),
		    "/event/%lld/edit/start", thread_id);
		act(p, arena_printf(&p->arena, "Change the end%s", who),
		    "/event/%lld/edit/end", thread_id);
		act(p, arena_printf(&p->arena, "Change the time zone%s", who),
		    "/event/%lld/edit/zone", thread_id);
		act(p, arena_printf(&p->arena, "Change the place%s", who),
		    "/event/%lld/edit/place", thread_id);
		act(p, arena_printf(&p->arena, "Change the title%s", who),
		    "/event/%lld/edit/title", thread_id);
		act(p, arena_printf(&p->arena, "Change the description%s",
		    who), "/event/%lld/edit/description", thread_id);
		if (!e->cancelled)
			act(p, arena_printf(&p->arena, "Cancel the event%s",
			    who), "/event/%lld/cancel", thread_id);
	}
	page_link(p, LINK_FILE, arena_printf(&p->arena, "/space/%s/events.ics",
	    e->space_slug), "Events in %s, in your calendar (iCalendar)",
	    e->space_name);
	page_link(p, LINK_PAGE, "/events", "All upcoming events");
	page_blank(p);
	return 1;
}

/* ------------------------------------------------------------ lists */

struct list_ctx {
	struct request	*req;
	int		 space;		/* the list is a space's */
};

static int
list_item(void *arg, const struct event_row *e)
{
	struct list_ctx	*lc = arg;
	struct request	*req = lc->req;
	struct page	*p = req->page;

	/* a list of those coming loses this one when it is over */
	(void)event_over(req, e);
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/thread/%lld",
	    (long long)e->thread_id), "%s%s", e->cancelled ? "CANCELLED: " :
	    "", e->title);
	page_text(p, "%s", event_when(req, e));
	page_text(p, "%s%s%s; %lld coming", e->online_url != NULL ?
	    "online" : e->place, lc->space ? "" : ", in ", lc->space ? "" :
	    e->space_name, (long long)e->coming);
	return 0;
}

/* The home page's next three, when there are any. */
int
events_home(struct request *req)
{
	struct list_ctx	 lc = { req, 0 };
	struct page	*p = req->page;
	int		 rc;

	page_heading(p, 2, "Coming up");
	rc = store_events(req->store, 0, EVENTS_UPCOMING, req->now,
	    EVENTS_HOME, 0, list_item, &lc);
	if (rc < 0)
		return rc;
	if (rc == 0)
		page_text(p, "No events are announced.");
	page_link(p, LINK_PAGE, "/events", "All events");
	page_blank(p);
	return STORE_OK;
}

/* The space of /space/SLUG/... into *sp; 0, or -1 with rep set. */
static int
space_of(struct request *req, struct reply *rep, struct space_row *sp)
{
	int rc = store_space_get(req->store, req->str[0], sp);

	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such space");
		return -1;
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return -1;
	}
	return 0;
}

/* /events, /events/past and the same under /space/SLUG. */
void
handle_events(struct request *req, struct reply *rep)
{
	struct page	*p = req->page;
	struct space_row sp = { 0 };
	struct list_ctx	 lc = { req, req->str[0] != NULL };
	const char	*base = "";
	int		 past = strstr(req->path, "/past") != NULL, rc;

	if (lc.space) {
		if (space_of(req, rep, &sp) == -1)
			return;
		base = arena_printf(&p->arena, "/space/%s", sp.slug);
	}
	if (lc.space)
		page_heading(p, 1, "%s events in %s", past ? "Past" :
		    "Upcoming", sp.name);
	else
		page_heading(p, 1, "%s events", past ? "Past" : "Upcoming");
	page_text(p, past ? "The latest first." : "The soonest first; times "
	    "are given in each event's own time zone.");
	page_blank(p);
	rc = store_events(req->store, sp.id, past ? EVENTS_PAST :
	    EVENTS_UPCOMING, req->now, EVENTS_LISTED, 0, list_item, &lc);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, past ? "No past events." : "No events are "
		    "announced.");
	page_blank(p);
	if (past)
		page_link(p, LINK_PAGE, arena_printf(&p->arena, "%s/events",
		    base), "Upcoming events");
	else
		page_link(p, LINK_PAGE, arena_printf(&p->arena,
		    "%s/events/past", base), "Past events");
	page_link(p, LINK_FILE, arena_printf(&p->arena, "%s/events.ics",
	    base), "These events in your calendar (iCalendar)");
	if (lc.space && !sp.archived)
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/space/%s/event", sp.slug), "Announce an event");
	else if (!lc.space)
		page_text(p, "To announce an event, open its space and "
		    "choose \"Announce an event\".");
	if (lc.space)
		page_link(p, LINK_PAGE, base, "Back to %s", sp.name);
	handler_footer(req);
	reply_page(req, rep);
}

/* ------------------------------------------------------- calendars */

struct cal_ctx {
	struct request		*req;
	struct ical_calendar	*cal;
	int			 failed;
};

static int
cal_add(void *arg, const struct event_row *e)
{
	struct cal_ctx		*cc = arg;
	struct request		*req = cc->req;
	struct arena		*a = &req->page->arena;
	struct ical_event	 ie = { 0 };

	ie.uid = arena_printf(a, "event-%lld@%s", (long long)e->thread_id,
	    req->site->hostname);
	ie.start = e->starts_at;
	ie.end = e->ends_at;
	ie.stamp = req->now;
	ie.created = e->created;
	ie.modified = e->updated;
	ie.sequence = (int)e->sequence;
	ie.cancelled = e->cancelled;
	ie.summary = e->title;
	ie.location = e->online_url != NULL ? e->online_url : e->place;
	ie.description = e->body;
	ie.url = arena_printf(a, "%s/thread/%lld", req->site->gemini_base,
	    (long long)e->thread_id);
	if (ical_calendar_add(cc->cal, &ie) == -1)
		cc->failed = 1;
	return cc->failed;
}

/* /events.ics and /space/SLUG/events.ics: upcoming and recent events. */
void
handle_events_ics(struct request *req, struct reply *rep)
{
	struct space_row sp = { 0 };
	struct cal_ctx	 cc = { .req = req };
	const char	*name = handler_setting(req, SETTING_NAME);
	char		*text;
	int		 rc;

	if (req->str[0] != NULL) {
		if (space_of(req, rep, &sp) == -1)
			return;
		name = arena_printf(&req->page->arena, "%s: %s", name,
		    sp.name);
	}
	if ((cc.cal = ical_calendar_new(name)) == NULL) {
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
		return;
	}
	if ((rc = store_events(req->store, sp.id, EVENTS_UPCOMING, req->now,
	    EVENTS_IN_CALENDAR, 0, cal_add, &cc)) >= 0)
		rc = store_events(req->store, sp.id, EVENTS_PAST, req->now,
		    EVENTS_PAST_IN_CALENDAR, 0, cal_add, &cc);
	if (rc < 0 || cc.failed || (text = ical_calendar_text(cc.cal)) ==
	    NULL) {
		if (rc < 0)
			reply_store_error(rep, rc);
		else
			reply_status(rep, GEMINI_TEMPORARY_FAILURE,
			    "Out of memory");
		ical_calendar_free(cc.cal);
		return;
	}
	rep->body_len = strlen(text);
	rep->body = arena_strndup(&req->page->arena, text, rep->body_len);
	free(text);
	ical_calendar_free(cc.cal);
	reply_status(rep, GEMINI_SUCCESS, MIME_CALENDAR);
}

/* -------------------------------------------------- answers, parsed */

/*
 * A one-line answer of up to max characters to prompt, into *out; or
 * -1 with rep set: the prompt, or the prompt again with the reason.
 */
static int
line_answer(struct request *req, struct reply *rep, const char *prompt,
    size_t max, char **out)
{
	const char	*why = NULL;
	char		*v;
	size_t		 len;

	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "%s", prompt_line(req, prompt,
		    max));
		return -1;
	}
	len = req->query_len;
	v = arena_strndup(&req->page->arena, req->query, len);
	while (len > 0 && v[len - 1] == ' ')
		v[--len] = '\0';
	while (*v == ' ')
		v++, len--;
	if (memchr(req->query, '\0', req->query_len) != NULL ||
	    !utf8_valid(v, len))
		why = "That is not text.";
	else if (utf8_has_control(v, len, NULL))
		why = "Give it on one line.";
	else if (len == 0)
		why = "The answer is empty.";
	else if (utf8_count(v, len) > max)
		why = "That is too long.";
	if (why != NULL) {
		reply_status(rep, GEMINI_INPUT, "%s %s", why, prompt_line(req,
		    prompt, max));
		return -1;
	}
	*out = v;
	return 0;
}

/* "-": the default, or none */
static int
is_dash(const char *v)
{
	return strcmp(v, "-") == 0;
}

/* A zone typed (or "-": the community's) into *tzid; NULL or why not. */
static const char *
parse_zone(struct request *req, const char *v, const char **tzid)
{
	*tzid = is_dash(v) ? handler_setting(req, SETTING_TIMEZONE) : v;
	if (!ical_zone_known(*tzid))
		return "There is no such time zone: give an IANA name such as "
		    "Europe/London, America/New_York or UTC.";
	return NULL;
}

/* A start typed, in zone tzid, into *utc; NULL or why not. */
static const char *
parse_start(struct request *req, const char *v, const char *tzid,
    int64_t *utc)
{
	struct ical_local	 l;
	const char		*why;

	if ((why = ical_parse_local(v, &l)) != NULL ||
	    (why = ical_to_utc(&l, tzid, utc)) != NULL)
		return arena_printf(&req->page->arena, "%c%s.",
		    why[0] >= 'a' && why[0] <= 'z' ? why[0] - 'a' + 'A' :
		    why[0], why + 1);
	if (*utc < req->now)
		return "That is in the past.";
	return NULL;
}

/* An end typed ("-": none, -1) after start, into *utc; NULL or why not. */
static const char *
parse_end(struct request *req, const char *v, const char *tzid,
    int64_t start, int64_t *utc)
{
	const char *why;

	if (is_dash(v)) {
		*utc = -1;
		return NULL;
	}
	if ((why = parse_start(req, v, tzid, utc)) != NULL)
		return why;
	if (*utc <= start)
		return "The end must come after the start.";
	if (*utc - start > EVENT_LENGTH_MAX)
		return "An event lasts 31 days at most.";
	return NULL;
}

/*
 * A place typed: an address, or "online URL" (into *url, NULL else);
 * NULL or why not.
 */
static const char *
parse_place(struct request *req, char *v, const char **place,
    const char **url)
{
	size_t n = strlen(ONLINE_WORD);

	*place = v;
	*url = NULL;
	if (strncasecmp(v, ONLINE_WORD, n) != 0 || (v[n] != ' ' &&
	    v[n] != '\0'))
		return NULL;
	for (v += n; *v == ' '; v++)
		;
	if (strncmp(v, "gemini://", 9) != 0 && strncmp(v, "https://", 8) !=
	    0 && strncmp(v, "http://", 7) != 0)
		return "After \"online\" give the link, as online "
		    "https://meet.example.org/group or gemini://...";
	if (strchr(v, ' ') != NULL)
		return "A link has no spaces.";
	*place = ONLINE_WORD;
	*url = dup(req, v);
	return NULL;
}

static const char *
start_prompt(struct request *req, const char *tzid)
{
	return arena_printf(&req->page->arena, "When it starts, in %s (%s)",
	    tzid, example_time);
}

static const char *
end_prompt(struct request *req, const char *tzid)
{
	return arena_printf(&req->page->arena, "When it ends, in %s (%s), "
	    "or - for no end time", tzid, example_time);
}

static const char *
zone_prompt(struct request *req)
{
	return arena_printf(&req->page->arena, "Its time zone, an IANA name "
	    "such as Europe/London, or - for the community's (%s)",
	    handler_setting(req, SETTING_TIMEZONE));
}

static const char place_prompt[] = "Where: an address, or \"online\" and "
    "the link (online https://meet.example.org/group)";

/* ask again: the reason, then the prompt */
static void
reprompt(struct request *req, struct reply *rep, const char *why,
    const char *prompt, size_t max)
{
	reply_status(rep, GEMINI_INPUT, "%s %s", why, prompt_line(req, prompt,
	    max));
}

/* ------------------------------------------------------ announcing */

/*
 * Titan to /space/SLUG/event: a header block, a blank line, the
 * description:
 *
 *	Title: Pilot session
 *	Starts: 2027-03-14 18:30
 *	Ends: 2027-03-14 20:00		(optional)
 *	Zone: Europe/London		(optional: the community's)
 *	Place: Town hall, Main Street	(or: online https://...)
 */
static void
event_titan(struct request *req, struct reply *rep, int64_t space_id)
{
	struct event_fields	 f = { 0 };
	char			*text, *line, *next, *val, *title = NULL;
	char			*starts = NULL, *ends = NULL, *zone = NULL;
	char			*place = NULL;
	const char		*why;
	size_t			 tlen;
	int64_t			 id;

	if (handler_post_text(req, rep, "", &text) == -1)
		return;
	for (line = text; line != NULL && *line != '\n' && *line != '\0';
	    line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((val = strchr(line, ':')) == NULL) {
			reply_status(rep, GEMINI_BAD_REQUEST, "Start the "
			    "upload with lines \"Title: ...\", \"Starts: "
			    "2027-03-14 18:30\", \"Place: ...\" (and maybe "
			    "\"Ends:\", \"Zone:\"), a blank line, then the "
			    "description");
			return;
		}
		*val++ = '\0';
		while (*val == ' ')
			val++;
		if (strcasecmp(line, "Title") == 0)
			title = val;
		else if (strcasecmp(line, "Starts") == 0)
			starts = val;
		else if (strcasecmp(line, "Ends") == 0)
			ends = val;
		else if (strcasecmp(line, "Zone") == 0)
			zone = val;
		else if (strcasecmp(line, "Place") == 0)
			place = val;
		else {
			reply_status(rep, GEMINI_BAD_REQUEST, "Unknown header "
			    "\"%.40s\": Title, Starts, Ends, Zone or Place",
			    line);
			return;
		}
	}
	if (title == NULL || starts == NULL || place == NULL) {
		reply_status(rep, GEMINI_BAD_REQUEST, "The header needs "
		    "Title:, Starts: and Place: lines");
		return;
	}
	while (line != NULL && *line == '\n')
		line++;
	if (line == NULL || *line == '\0') {
		reply_status(rep, GEMINI_BAD_REQUEST, "After the header and a "
		    "blank line comes the description: it is empty");
		return;
	}
	tlen = strlen(title);
	if ((why = text_clean_title(title, &tlen)) != NULL ||
	    (why = parse_zone(req, zone != NULL ? zone : "-", &f.tzid)) !=
	    NULL ||
	    (why = parse_start(req, starts, f.tzid, &f.starts_at)) != NULL ||
	    (why = parse_end(req, ends != NULL ? ends : "-", f.tzid,
	    f.starts_at, &f.ends_at)) != NULL ||
	    (why = parse_place(req, place, &f.place, &f.online_url)) != NULL) {
		reply_status(rep, GEMINI_BAD_REQUEST, "%s", why);
		return;
	}
	if (*f.place == '\0' || utf8_count(f.place, strlen(f.place)) >
	    EVENT_PLACE_MAX) {
		reply_status(rep, GEMINI_BAD_REQUEST, "The place is empty or "
		    "too long");
		return;
	}
	if (handler_rate_limit(req, rep) == -1)
		return;
	id = store_event_post(req->store, 0, space_id, req->member->id,
	    title, line, &f, held_post(req->member), req->now,
	    req->now - SAME_POST_WINDOW);
	if (reply_store_check(rep, id) == -1)
		return;
	reply_redirect(req, rep, "/thread/%lld", (long long)id);
}

/* /space/SLUG/event: the title (or a Titan upload of it all). */
void
handle_space_event(struct request *req, struct reply *rep)
{
	struct space_row	 sp;
	char			*title;
	int64_t			 id;

	if (space_of(req, rep, &sp) == -1)
		return;
	if (sp.archived) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "This space is "
		    "archived: it takes no new events");
		return;
	}
	if (request_can(req, CAN_UPLOAD)) {
		event_titan(req, rep, sp.id);
		return;
	}
	if (handler_title(req, rep, "The title of your event", &title) == -1)
		return;
	id = store_event_draft_add(req->store, req->member->id, sp.id, title,
	    req->now);
	if (reply_store_check(rep, id) == -1)
		return;
	reply_redirect(req, rep, "/event/draft/%lld", (long long)id);
}

/* Store one answer of draft id, then on to the next prompt. */
static void
draft_next(struct request *req, struct reply *rep, int rc)
{
	if (reply_store_check(rep, rc) == -1)
		return;
	reply_redirect(req, rep, "/event/draft/%lld", (long long)req->num[0]);
}

/*
 * /event/draft/ID: the next field the draft lacks, one prompt each:
 * zone, start, end, place; then the description publishes it.
 */
void
handle_event_draft(struct request *req, struct reply *rep)
{
	struct event_draft	 d;
	struct event_fields	 f = { 0 };
	const char		*why, *prompt, *tzid;
	char			*v, *text;
	int64_t			 t, id;
	int			 rc;

	rc = store_event_draft_get(req->store, req->num[0], req->member->id,
	    &d);
	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such draft");
		return;
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (d.thread_id != 0) {
		reply_redirect(req, rep, "/thread/%lld", (long long)d.thread_id);
		return;
	}
	if (d.archived) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "This space has "
		    "been archived: it takes no new events");
		return;
	}
	if (d.tzid[0] == '\0') {
		prompt = zone_prompt(req);
		if (line_answer(req, rep, prompt, ICAL_ZONE_MAX, &v) == -1)
			return;
		if ((why = parse_zone(req, v, &tzid)) != NULL) {
			reprompt(req, rep, why, prompt, ICAL_ZONE_MAX);
			return;
		}
		draft_next(req, rep, store_event_draft_set(req->store,
		    req->num[0], "tzid", tzid, 0));
		return;
	}
	if (d.starts_at == 0) {
		prompt = start_prompt(req, d.tzid);
		if (line_answer(req, rep, prompt, TIME_MAX_CHARS, &v) == -1)
			return;
		if ((why = parse_start(req, v, d.tzid, &t)) != NULL) {
			reprompt(req, rep, why, prompt, TIME_MAX_CHARS);
			return;
		}
		draft_next(req, rep, store_event_draft_set(req->store,
		    req->num[0], "starts_at", NULL, t));
		return;
	}
	if (d.ends_at == 0) {
		prompt = end_prompt(req, d.tzid);
		if (line_answer(req, rep, prompt, TIME_MAX_CHARS, &v) == -1)
			return;
		if ((why = parse_end(req, v, d.tzid, d.starts_at, &t)) !=
		    NULL) {
			reprompt(req, rep, why, prompt, TIME_MAX_CHARS);
			return;
		}
		draft_next(req, rep, store_event_draft_set(req->store,
		    req->num[0], "ends_at", NULL, t));
		return;
	}
	if (!d.has_place) {
		if (line_answer(req, rep, place_prompt, EVENT_PLACE_MAX, &v) ==
		    -1)
			return;
		if ((why = parse_place(req, v, &f.place, &f.online_url)) !=
		    NULL) {
			reprompt(req, rep, why, place_prompt, EVENT_PLACE_MAX);
			return;
		}
		/* kept as typed; parsed again when published */
		draft_next(req, rep, store_event_draft_set(req->store,
		    req->num[0], "place", v, 0));
		return;
	}
	prompt = arena_printf(&req->page->arena, "What \"%s\" is about, for "
	    "those who may come", d.title);
	if (handler_post_text(req, rep, prompt, &text) == -1)
		return;
	if (handler_rate_limit(req, rep) == -1)
		return;
	f.starts_at = d.starts_at;
	f.ends_at = d.ends_at;
	f.tzid = d.tzid;
	(void)parse_place(req, d.place, &f.place, &f.online_url);
	id = store_event_post(req->store, req->num[0], d.space_id,
	    req->member->id, d.title, text, &f, held_post(req->member),
	    req->now, req->now - SAME_POST_WINDOW);
	if (reply_store_check(rep, id) == -1)
		return;
	reply_redirect(req, rep, "/thread/%lld", (long long)id);
}

/* ----------------------------------------------------- attendance */

/* /event/ID/come, /event/ID/come/quietly: "I'll come". */
void
handle_event_come(struct request *req, struct reply *rep)
{
	struct event	ev;
	int		listed = strstr(req->path, "/quietly") == NULL;

	if (event_find(req, rep, &ev) == -1)
		return;
	if (ev.r.cancelled) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "This event is "
		    "cancelled");
		return;
	}
	if (event_over(req, &ev.r)) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "This event is "
		    "over");
		return;
	}
	if (reply_store_check(rep, store_attend(req->store, ev.r.thread_id,
	    req->member->id, listed, req->now)) == -1)
		return;
	reply_redirect(req, rep, "/thread/%lld", (long long)ev.r.thread_id);
}

/* /event/ID/leave: "I can't come any more". */
void
handle_event_leave(struct request *req, struct reply *rep)
{
	struct event	ev;
	int		rc;

	if (event_find(req, rep, &ev) == -1)
		return;
	rc = store_attend_cancel(req->store, ev.r.thread_id, req->member->id);
	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "You had not said "
		    "you would come");
		return;
	}
	if (reply_store_check(rep, rc) == -1)
		return;
	reply_redirect(req, rep, "/thread/%lld", (long long)ev.r.thread_id);
}

/* ------------------------------------------- the organiser's changes */

/*
 * A guard: the event as its organiser or a moderator may change it; -1
 * with rep set otherwise.
 */
static int
event_own(struct request *req, struct reply *rep, struct event *ev)
{
	const struct member *m = req->member;

	if (event_find(req, rep, ev) == -1)
		return -1;
	if (m->role >= ROLE_MODERATOR)
		return 0;
	if (ev->r.author_id != m->id) {
		reply_status(rep, GEMINI_CERT_NOT_AUTHORISED, "Only its "
		    "organiser and the moderators can change an event");
		return -1;
	}
	return handler_thread_open(req, rep, ev->r.thread_id);
}

/* The change made, told to those coming, and back to the event. */
static void
event_changed(struct request *req, struct reply *rep, const struct event *ev,
    const struct event_fields *f, int cancel, const char *note)
{
	struct arena	*a = &req->page->arena;
	const char	*s = arena_printf(a, "\"%s\" %s", ev->r.title, note);

	/* cut between characters, never inside one */
	s = arena_strndup(a, s, utf8_prefix(s, strlen(s), EVENT_NOTE_CHARS));
	if (reply_store_check(rep, store_event_change(req->store,
	    ev->r.thread_id, f, cancel, req->member->id, s, req->now)) == -1)
		return;
	reply_redirect(req, rep, "/thread/%lld", (long long)ev->r.thread_id);
}

/* The event's times kept as the clock reads them, in another zone. */
static const char *
rezone(struct request *req, const struct event *ev, const char *tzid,
    struct event_fields *f)
{
	struct ical_local	l;
	const char		*why;
	int			off;

	if (ical_from_utc(ev->r.starts_at, ev->r.tzid, &l, &off) == -1 ||
	    (why = ical_to_utc(&l, tzid, &f->starts_at)) != NULL)
		return "Its start does not exist in that zone.";
	if (ev->r.ends_at > 0 && (ical_from_utc(ev->r.ends_at, ev->r.tzid, &l,
	    &off) == -1 || (why = ical_to_utc(&l, tzid, &f->ends_at)) !=
	    NULL))
		return "Its end does not exist in that zone.";
	(void)req;
	return NULL;
}

/* /event/ID/edit/FIELD: start, end, zone, place, title, description. */
void
handle_event_edit(struct request *req, struct reply *rep)
{
	struct event		 ev;
	struct event_fields	 f = { 0 };
	const char		*field = req->str[0], *why, *prompt, *note;
	char			*v, buf[ICAL_WHEN_MAX];
	int			 rc;

	if (event_own(req, rep, &ev) == -1)
		return;
	if (strcmp(field, "title") == 0) {
		if (handler_title(req, rep, "The new title of the event",
		    &v) == -1)
			return;
		rc = store_thread_edit(req->store, ev.r.thread_id, v, NULL,
		    req->now);
		if (reply_store_check(rep, rc) == -1)
			return;
		event_changed(req, rep, &ev, NULL, 0, arena_printf(
		    &req->page->arena, "is now called \"%s\"", v));
		return;
	}
	if (strcmp(field, "description") == 0) {
		if (handler_post_text(req, rep, "The new description of the "
		    "event", &v) == -1)
			return;
		rc = store_thread_edit(req->store, ev.r.thread_id, NULL, v,
		    req->now);
		if (reply_store_check(rep, rc) == -1)
			return;
		event_changed(req, rep, &ev, NULL, 0, "has a new description");
		return;
	}
	if (strcmp(field, "start") == 0) {
		prompt = start_prompt(req, ev.r.tzid);
		if (line_answer(req, rep, prompt, TIME_MAX_CHARS, &v) == -1)
			return;
		if ((why = parse_start(req, v, ev.r.tzid, &f.starts_at)) !=
		    NULL) {
			reprompt(req, rep, why, prompt, TIME_MAX_CHARS);
			return;
		}
		/* an end before the new start goes */
		if (ev.r.ends_at > 0 && ev.r.ends_at <= f.starts_at)
			f.ends_at = -1;
	} else if (strcmp(field, "end") == 0) {
		prompt = end_prompt(req, ev.r.tzid);
		if (line_answer(req, rep, prompt, TIME_MAX_CHARS, &v) == -1)
			return;
		if ((why = parse_end(req, v, ev.r.tzid, ev.r.starts_at,
		    &f.ends_at)) != NULL) {
			reprompt(req, rep, why, prompt, TIME_MAX_CHARS);
			return;
		}
	} else if (strcmp(field, "zone") == 0) {
		prompt = zone_prompt(req);
		if (line_answer(req, rep, prompt, ICAL_ZONE_MAX, &v) == -1)
			return;
		if ((why = parse_zone(req, v, &f.tzid)) != NULL ||
		    (why = rezone(req, &ev, f.tzid, &f)) != NULL) {
			reprompt(req, rep, why, prompt, ICAL_ZONE_MAX);
			return;
		}
	} else if (strcmp(field, "place") == 0) {
		if (line_answer(req, rep, place_prompt, EVENT_PLACE_MAX, &v) ==
		    -1)
			return;
		if ((why = parse_place(req, v, &f.place, &f.online_url)) !=
		    NULL) {
			reprompt(req, rep, why, place_prompt, EVENT_PLACE_MAX);
			return;
		}
		event_changed(req, rep, &ev, &f, 0, arena_printf(
		    &req->page->arena, "moved: it is now at %s", v));
		return;
	} else {
		reply_status(rep, GEMINI_NOT_FOUND, "An event's start, end, "
		    "zone, place, title or description can be changed");
		return;
	}
	/* a new time: the note says when it is now */
	note = arena_printf(&req->page->arena, "changed: it is now on %s",
	    ical_when(buf, sizeof(buf), f.starts_at > 0 ? f.starts_at :
	    ev.r.starts_at, f.ends_at == -1 ? 0 : f.ends_at > 0 ? f.ends_at :
	    ev.r.ends_at, f.tzid != NULL ? f.tzid : ev.r.tzid));
	event_changed(req, rep, &ev, &f, 0, note);
}

/* /event/ID/cancel: why, told to everyone coming. */
void
handle_event_cancel(struct request *req, struct reply *rep)
{
	struct event	 ev;
	char		*why;

	if (event_own(req, rep, &ev) == -1)
		return;
	if (ev.r.cancelled) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "This event is "
		    "cancelled already");
		return;
	}
	if (line_answer(req, rep, "Why is it cancelled? (Everyone who said "
	    "they'd come is told.)", EVENT_PLACE_MAX, &why) == -1)
		return;
	event_changed(req, rep, &ev, NULL, 1, arena_printf(&req->page->arena,
	    "is cancelled: %s", why));
}

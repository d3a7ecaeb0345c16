/*
 * events.h: events, the store's part (events.c).  An event is a
 * discussion with a time and a place (schema 11): its thread carries the
 * title, the description, the comments and all that moderation does to
 * them; its events row the time (UTC seconds and the zone it was
 * announced in) and place, and attendance who said they would come.
 *
 * Changes and cancellations tell everyone who said they would come, and
 * a reminder goes out the day before (store_events_remind(): the writer
 * thread runs it every EVENT_REMIND_INTERVAL, mootctl events remind at
 * once; a reminded flag on each attendance makes it tell each member
 * once, however often it runs, and those who say they'll come after it
 * went out at the next pass).  Notifications are of kind NOTE_EVENT with a note.
 */
#ifndef MOOT_EVENTS_H
#define MOOT_EVENTS_H

#include <stdint.h>

#include "core/ical.h"

struct store;

#define EVENT_REMIND_AHEAD	(24 * 60 * 60)	/* s before it starts */
#define EVENT_REMIND_INTERVAL	300		/* s between passes */
#define EVENT_PLACE_MAX		300		/* characters */
#define EVENT_NOTE_MAX		1280		/* bytes: a title and when */

struct event_row {
	int64_t		 thread_id;
	int64_t		 space_id;
	const char	*space_slug;
	const char	*space_name;
	int64_t		 author_id;
	const char	*author;
	const char	*title;
	const char	*body;
	int64_t		 created;
	int64_t		 starts_at;
	int64_t		 ends_at;	/* 0: no end given */
	const char	*tzid;
	const char	*place;
	const char	*online_url;	/* NULL: none */
	int		 cancelled;
	int64_t		 sequence;
	int64_t		 updated;
	int64_t		 coming;	/* members who said they'd come */
	int		 held;		/* its discussion waits */
};
typedef int (*event_cb)(void *, const struct event_row *);

struct attendee_row {
	int64_t		 thread_id;
	int64_t		 member_id;
	const char	*name;
	int		 listed;
	int64_t		 created;
};
typedef int (*attendee_cb)(void *, const struct attendee_row *);

/* What an event is announced with, or changed to (NULL, 0: unchanged). */
struct event_fields {
	int64_t		 starts_at;
	int64_t		 ends_at;	/* -1: no end */
	const char	*tzid;
	const char	*place;
	const char	*online_url;	/* with place; NULL: none */
};

/* The event of discussion thread_id to cb: 1, 0 when it is none. */
int	store_event_one(struct store *, int64_t thread_id, event_cb, void *);
/*
 * Events (space_id 0: every space's), not held: upcoming (still going at
 * now) soonest first, or past ones latest first.
 */
#define EVENTS_UPCOMING		0
#define EVENTS_PAST		1
int	store_events(struct store *, int64_t space_id, int which,
	    int64_t now, int limit, int offset, event_cb, void *);
/* Every event, held ones too, by id (the export). */
int	store_events_every(struct store *, event_cb, void *);
/* Who said they would come, listed ones' names first; member: theirs. */
int	store_attendees(struct store *, int64_t thread_id, int64_t member,
	    attendee_cb, void *);
/* A member's attendance, every event (the export); 0: everyone's. */
int	store_attendance_of(struct store *, int64_t member, attendee_cb,
	    void *);
/* -1: not coming; else 1 listed by name, 0 not. */
int	store_attending(struct store *, int64_t thread_id, int64_t member);
int	store_attend(struct store *, int64_t thread_id, int64_t member,
	    int listed, int64_t now);
/* STORE_NOTFOUND when they had not said they'd come. */
int	store_attend_cancel(struct store *, int64_t thread_id,
	    int64_t member);

/*
 * A change (f's set fields), or a cancellation (cancel 1) or its undoing
 * (-1): SEQUENCE moves, and everyone coming but the actor is told note.
 */
int	store_event_change(struct store *, int64_t thread_id,
	    const struct event_fields *, int cancel, int64_t actor,
	    const char *note, int64_t now);

/* A draft: the answers so far of an event being announced. */
struct event_draft {
	int64_t		 space_id;
	int		 archived;	/* its space */
	char		 title[512];
	int64_t		 starts_at;	/* 0: not yet */
	int64_t		 ends_at;	/* 0: not yet; -1: none */
	char		 tzid[ICAL_ZONE_MAX];	/* "": not yet */
	int		 has_place;
	char		 place[EVENT_PLACE_MAX * 4 + 1];
	int64_t		 thread_id;	/* once published */
};
int64_t	store_event_draft_add(struct store *, int64_t member,
	    int64_t space_id, const char *title, int64_t now);
int	store_event_draft_get(struct store *, int64_t id, int64_t member,
	    struct event_draft *);
/* One answer: "starts_at", "ends_at", "tzid" or "place" (text or n). */
int	store_event_draft_set(struct store *, int64_t id, const char *field,
	    const char *text, int64_t n);
/*
 * Publish: the discussion and its event in one transaction (draft_id 0:
 * none, a Titan upload).  The discussion's id.
 */
int64_t	store_event_post(struct store *, int64_t draft_id, int64_t space_id,
	    int64_t member, const char *title, const char *body,
	    const struct event_fields *, int held, int64_t now,
	    int64_t same_since);

/*
 * Tell everyone coming to an event that starts within
 * EVENT_REMIND_AHEAD of now, once each.  The events whose reminders went
 * out (to someone), or an error.
 */
int	store_events_remind(struct store *, int64_t now);

#endif

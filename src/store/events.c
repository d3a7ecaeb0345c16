/*
 * events.c: events, attendance, event drafts and reminders (events.h).
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"
#include "store/events.h"
#include "core/ical.h"

/* a description a moderator hid stays out of lists and calendars */
#define EVENT_COLUMNS \
	"e.thread_id, t.space_id, s.slug, s.name, t.member_id, m.name, " \
	"t.title, CASE WHEN t.hidden IS NULL THEN t.body ELSE '' END, " \
	"t.created, e.starts_at, coalesce(e.ends_at, 0), " \
	"e.tzid, e.place, e.online_url, e.cancelled, e.sequence, e.updated, " \
	"(SELECT count(*) FROM attendance a WHERE a.thread_id = " \
	"e.thread_id), t.held "
#define EVENT_JOINS \
	"FROM events e JOIN threads t ON t.id = e.thread_id " \
	"JOIN spaces s ON s.id = t.space_id JOIN members m ON " \
	"m.id = t.member_id "
/* when an event is over: its end, or (none given) its start */
#define EVENT_OVER	"coalesce(e.ends_at, e.starts_at)"

static void
event_from_row(sqlite3_stmt *s, struct event_row *r)
{
	r->thread_id = sqlite3_column_int64(s, 0);
	r->space_id = sqlite3_column_int64(s, 1);
	r->space_slug = COL_TEXT(s, 2);
	r->space_name = COL_TEXT(s, 3);
	r->author_id = sqlite3_column_int64(s, 4);
	r->author = COL_TEXT(s, 5);
	r->title = COL_TEXT(s, 6);
	r->body = COL_TEXT(s, 7);
	r->created = sqlite3_column_int64(s, 8);
	r->starts_at = sqlite3_column_int64(s, 9);
	r->ends_at = sqlite3_column_int64(s, 10);
	r->tzid = COL_TEXT(s, 11);
	r->place = COL_TEXT(s, 12);
	r->online_url = COL_TEXT(s, 13);
	r->cancelled = sqlite3_column_int(s, 14);
	r->sequence = sqlite3_column_int64(s, 15);
	r->updated = sqlite3_column_int64(s, 16);
	r->coming = sqlite3_column_int64(s, 17);
	r->held = sqlite3_column_int(s, 18);
}

static STORE_ROWS_EACH(events_each, struct event_row, event_cb,
    event_from_row(s, &r))

static const char sql_event_one[] =
	"SELECT " EVENT_COLUMNS EVENT_JOINS "WHERE e.thread_id = ?1";

int
store_event_one(struct store *st, int64_t thread_id, event_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_event_one);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	return events_each(st, s, cb, arg);
}

/* the community's lists leave archived spaces out, a space's own not */
#define EVENTS_WHERE \
	"WHERE t.held = 0 AND (?1 = 0 OR t.space_id = ?1) AND " \
	"(?1 <> 0 OR s.archived = 0) "

static const char sql_events_upcoming[] =
	"SELECT " EVENT_COLUMNS EVENT_JOINS EVENTS_WHERE
	"AND " EVENT_OVER " >= ?2 ORDER BY e.starts_at, e.thread_id "
	"LIMIT ?3 OFFSET ?4";

static const char sql_events_past[] =
	"SELECT " EVENT_COLUMNS EVENT_JOINS EVENTS_WHERE
	"AND " EVENT_OVER " < ?2 ORDER BY e.starts_at DESC, e.thread_id DESC "
	"LIMIT ?3 OFFSET ?4";

int
store_events(struct store *st, int64_t space_id, int which, int64_t now,
    int limit, int offset, event_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, which == EVENTS_PAST ?
	    sql_events_past : sql_events_upcoming);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, space_id);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int(s, 3, limit);
	sqlite3_bind_int(s, 4, offset);
	return events_each(st, s, cb, arg);
}

static const char sql_events_every[] =
	"SELECT " EVENT_COLUMNS EVENT_JOINS "ORDER BY e.thread_id";

int
store_events_every(struct store *st, event_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_events_every);

	if (s == NULL)
		return STORE_ERROR;
	return events_each(st, s, cb, arg);
}

static void
attendee_from_row(sqlite3_stmt *s, struct attendee_row *r)
{
	r->thread_id = sqlite3_column_int64(s, 0);
	r->member_id = sqlite3_column_int64(s, 1);
	r->name = COL_TEXT(s, 2);
	r->listed = sqlite3_column_int(s, 3);
	r->created = sqlite3_column_int64(s, 4);
}

static STORE_ROWS_EACH(attendees_each, struct attendee_row, attendee_cb,
    attendee_from_row(s, &r))

static const char sql_attendees[] =
	"SELECT a.thread_id, a.member_id, m.name, a.listed, a.created "
	"FROM attendance a JOIN members m ON m.id = a.member_id "
	"WHERE a.thread_id = ?1 AND (a.listed = 1 OR a.member_id = ?2) "
	"ORDER BY a.created, a.member_id";

int
store_attendees(struct store *st, int64_t thread_id, int64_t member,
    attendee_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_attendees);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, member);
	return attendees_each(st, s, cb, arg);
}

static const char sql_attendance_of[] =
	"SELECT a.thread_id, a.member_id, m.name, a.listed, a.created "
	"FROM attendance a JOIN members m ON m.id = a.member_id "
	"WHERE ?1 = 0 OR a.member_id = ?1 ORDER BY a.thread_id, a.member_id";

int
store_attendance_of(struct store *st, int64_t member, attendee_cb cb,
    void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_attendance_of);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	return attendees_each(st, s, cb, arg);
}

static const char sql_attending[] =
	"SELECT listed FROM attendance WHERE thread_id = ?1 AND member_id = ?2";

int
store_attending(struct store *st, int64_t thread_id, int64_t member)
{
	sqlite3_stmt	*s = store_stmt(st, sql_attending);
	int64_t		 v;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, member);
	v = store_find_id(st, s);
	if (v == STORE_NOTFOUND)
		return -1;
	return v < 0 ? (int)v : v != 0;
}

static const char sql_attend[] =
	"INSERT INTO attendance (thread_id, member_id, listed, created) "
	"VALUES (?1, ?2, ?3, ?4) ON CONFLICT (thread_id, member_id) "
	"DO UPDATE SET listed = excluded.listed";

int
store_attend(struct store *st, int64_t thread_id, int64_t member, int listed,
    int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, sql_attend);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, member);
	sqlite3_bind_int(s, 3, listed != 0);
	sqlite3_bind_int64(s, 4, now);
	return store_exec_stmt(st, s);
}

static const char sql_attend_cancel[] =
	"DELETE FROM attendance WHERE thread_id = ?1 AND member_id = ?2";

int
store_attend_cancel(struct store *st, int64_t thread_id, int64_t member)
{
	sqlite3_stmt *s = store_stmt(st, sql_attend_cancel);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, member);
	return store_exec_changed(st, s);
}

/* everyone coming to an event, but its actor (0: the server), is told */
static const char sql_tell_coming[] =
	"INSERT INTO notifications (member_id, kind, thread_id, actor_id, "
	"note, created) SELECT member_id, '" NOTE_EVENT "', ?1, "
	"nullif(?2, 0), ?3, ?4 FROM attendance WHERE thread_id = ?1 AND "
	"member_id <> ?2";

static int
tell_coming(struct store *st, int64_t thread_id, int64_t actor,
    const char *note, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, sql_tell_coming);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, actor);
	sqlite3_bind_text(s, 3, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	return store_exec_stmt(st, s);
}

/*
 * ?2 > 0: a new start (and the reminder is due again); ?3: a new end,
 * -1 none; ?4, ?5: a new zone, place (with ?6, its link); ?7: 1 cancel,
 * -1 undo a cancellation.
 */
static const char sql_event_change[] =
	"UPDATE events SET "
	"starts_at = CASE WHEN ?2 > 0 THEN ?2 ELSE starts_at END, "
	"ends_at = CASE WHEN ?3 = -1 THEN NULL WHEN ?3 > 0 THEN ?3 "
	"ELSE ends_at END, tzid = coalesce(?4, tzid), "
	"place = coalesce(?5, place), "
	"online_url = CASE WHEN ?5 IS NULL THEN online_url ELSE ?6 END, "
	"cancelled = CASE ?7 WHEN 1 THEN 1 WHEN -1 THEN 0 ELSE cancelled END, "
	"sequence = sequence + 1, updated = ?8 WHERE thread_id = ?1";

/* a new start: the reminder is due again */
static const char sql_remind_again[] =
	"UPDATE attendance SET reminded = 0 WHERE thread_id = ?1";

int
store_event_change(struct store *st, int64_t thread_id,
    const struct event_fields *f, int cancel, int64_t actor,
    const char *note, int64_t now)
{
	static const struct event_fields none;
	sqlite3_stmt	*s;
	int		 rc;

	if (f == NULL)
		f = &none;
	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_event_change)) == NULL) {
		rc = STORE_ERROR;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, f->starts_at);
	sqlite3_bind_int64(s, 3, f->ends_at);
	if (f->tzid != NULL)
		sqlite3_bind_text(s, 4, f->tzid, -1, SQLITE_STATIC);
	if (f->place != NULL)
		sqlite3_bind_text(s, 5, f->place, -1, SQLITE_STATIC);
	if (f->online_url != NULL)
		sqlite3_bind_text(s, 6, f->online_url, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 7, cancel);
	sqlite3_bind_int64(s, 8, now);
	if ((rc = store_exec_changed(st, s)) != STORE_OK)
		goto fail;
	if (f->starts_at > 0) {
		if ((s = store_stmt(st, sql_remind_again)) == NULL) {
			rc = STORE_ERROR;
			goto fail;
		}
		sqlite3_bind_int64(s, 1, thread_id);
		if ((rc = store_exec_stmt(st, s)) != STORE_OK)
			goto fail;
	}
	if ((rc = tell_coming(st, thread_id, actor, note, now)) != STORE_OK ||
	    (rc = store_commit(st)) != STORE_OK)
		goto fail;
	return STORE_OK;
fail:
	store_rollback(st);
	return rc;
}

static const char sql_draft_add[] =
	"INSERT INTO event_drafts (member_id, space_id, title, created) "
	"VALUES (?1, ?2, ?3, ?4)";

int64_t
store_event_draft_add(struct store *st, int64_t member, int64_t space_id,
    const char *title, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, sql_draft_add);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int64(s, 2, space_id);
	sqlite3_bind_text(s, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	return store_insert(st, s);
}

static const char sql_draft_get[] =
	"SELECT d.space_id, s.archived, d.title, coalesce(d.starts_at, 0), "
	"coalesce(d.ends_at, 0), coalesce(d.tzid, ''), d.place IS NOT NULL, "
	"coalesce(d.place, ''), coalesce(d.thread_id, 0) FROM event_drafts d "
	"JOIN spaces s ON s.id = d.space_id WHERE d.id = ?1 AND "
	"d.member_id = ?2";

int
store_event_draft_get(struct store *st, int64_t id, int64_t member,
    struct event_draft *d)
{
	sqlite3_stmt	*s = store_stmt(st, sql_draft_get);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, member);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		d->space_id = sqlite3_column_int64(s, 0);
		d->archived = sqlite3_column_int(s, 1);
		snprintf(d->title, sizeof(d->title), "%s", COL_TEXT(s, 2));
		d->starts_at = sqlite3_column_int64(s, 3);
		d->ends_at = sqlite3_column_int64(s, 4);
		snprintf(d->tzid, sizeof(d->tzid), "%s", COL_TEXT(s, 5));
		d->has_place = sqlite3_column_int(s, 6);
		snprintf(d->place, sizeof(d->place), "%s", COL_TEXT(s, 7));
		d->thread_id = sqlite3_column_int64(s, 8);
	}
	store_reset(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_result(st, rc);
}

static const char sql_draft_starts[] =
	"UPDATE event_drafts SET starts_at = ?2 WHERE id = ?1";
static const char sql_draft_ends[] =
	"UPDATE event_drafts SET ends_at = ?2 WHERE id = ?1";
static const char sql_draft_tzid[] =
	"UPDATE event_drafts SET tzid = ?3 WHERE id = ?1";
static const char sql_draft_place[] =
	"UPDATE event_drafts SET place = ?3 WHERE id = ?1";

int
store_event_draft_set(struct store *st, int64_t id, const char *field,
    const char *text, int64_t n)
{
	sqlite3_stmt	*s;
	const char	*sql;

	if (strcmp(field, "starts_at") == 0)
		sql = sql_draft_starts;
	else if (strcmp(field, "ends_at") == 0)
		sql = sql_draft_ends;
	else if (strcmp(field, "tzid") == 0)
		sql = sql_draft_tzid;
	else if (strcmp(field, "place") == 0)
		sql = sql_draft_place;
	else
		return STORE_ERROR;
	if ((s = store_stmt(st, sql)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	if (sql == sql_draft_starts || sql == sql_draft_ends)
		sqlite3_bind_int64(s, 2, n);
	else
		sqlite3_bind_text(s, 3, text, -1, SQLITE_STATIC);
	return store_exec_stmt(st, s);
}

/* OR IGNORE: a retried upload finds its discussion, and its event */
static const char sql_event_add[] =
	"INSERT OR IGNORE INTO events (thread_id, starts_at, ends_at, tzid, "
	"place, online_url, updated) VALUES (?1, ?2, nullif(?3, -1), ?4, ?5, "
	"?6, ?7)";

static const char sql_draft_published[] =
	"UPDATE event_drafts SET thread_id = ?2 WHERE id = ?1";

int64_t
store_event_post(struct store *st, int64_t draft_id, int64_t space_id,
    int64_t member, const char *title, const char *body,
    const struct event_fields *f, int held, int64_t now, int64_t same_since)
{
	sqlite3_stmt	*s;
	int64_t		 id;
	int		 rc;

	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	id = store_thread_post(st, 0, space_id, member, title, body, held,
	    now, same_since);
	if (id < 0)
		goto fail;
	rc = STORE_ERROR;
	if ((s = store_stmt(st, sql_event_add)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, f->starts_at);
	sqlite3_bind_int64(s, 3, f->ends_at > 0 ? f->ends_at : -1);
	sqlite3_bind_text(s, 4, f->tzid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, f->place != NULL ? f->place : "", -1,
	    SQLITE_STATIC);
	if (f->online_url != NULL)
		sqlite3_bind_text(s, 6, f->online_url, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, now);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		goto fail;
	if (draft_id > 0) {
		if ((s = store_stmt(st, sql_draft_published)) == NULL) {
			rc = STORE_ERROR;
			goto fail;
		}
		sqlite3_bind_int64(s, 1, draft_id);
		sqlite3_bind_int64(s, 2, id);
		if ((rc = store_exec_stmt(st, s)) != STORE_OK)
			goto fail;
	}
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	return id;
fail:
	store_rollback(st);
	return id < 0 ? id : rc;
}

#define REMIND_BATCH	32	/* events a pass looks at, at most */

static const char sql_remind_due[] =
	"SELECT e.thread_id, t.title, e.starts_at, coalesce(e.ends_at, 0), "
	"e.tzid FROM events e JOIN threads t ON t.id = e.thread_id "
	"WHERE e.cancelled = 0 AND t.held = 0 AND "
	"e.starts_at > ?1 AND e.starts_at <= ?1 + ?2 AND EXISTS (SELECT 1 "
	"FROM attendance a WHERE a.thread_id = e.thread_id AND "
	"a.reminded = 0) ORDER BY e.starts_at LIMIT " STORE_STR(REMIND_BATCH);

/* those of an event not reminded yet are told (the actor 0: none) */
static const char sql_remind_tell[] =
	"INSERT INTO notifications (member_id, kind, thread_id, note, "
	"created) SELECT member_id, '" NOTE_EVENT "', ?1, ?2, ?3 "
	"FROM attendance WHERE thread_id = ?1 AND reminded = 0";

static const char sql_reminded[] =
	"UPDATE attendance SET reminded = 1 WHERE thread_id = ?1 AND "
	"reminded = 0";

/* One event's reminder: its note to those coming not told yet. */
static int
remind_one(struct store *st, int64_t id, const char *note, int64_t now)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_remind_tell)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_reminded)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return store_exec_stmt(st, s);
}

int
store_events_remind(struct store *st, int64_t now)
{
	struct {
		int64_t	id;
		char	note[EVENT_NOTE_MAX];
	}		 due[REMIND_BATCH];
	sqlite3_stmt	*s;
	char		 when[ICAL_WHEN_MAX];
	int		 rc, n = 0, i;

	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_remind_due)) == NULL) {
		rc = STORE_ERROR;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, EVENT_REMIND_AHEAD);
	/* read first, then write: the rows are not changed under the read */
	while (n < REMIND_BATCH && (rc = store_step(st, s)) == 1) {
		due[n].id = sqlite3_column_int64(s, 0);
		ical_when(when, sizeof(when), sqlite3_column_int64(s, 2),
		    sqlite3_column_int64(s, 3), COL_TEXT(s, 4));
		snprintf(due[n].note, sizeof(due[n].note), "Reminder: \"%s\" "
		    "is on %s", COL_TEXT(s, 1), when);
		n++;
	}
	if (rc < 0)
		goto fail;
	store_reset(s);
	for (i = 0; i < n; i++) {
		if ((rc = remind_one(st, due[i].id, due[i].note, now)) !=
		    STORE_OK)
			goto fail;
	}
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	return n;
fail:
	store_rollback(st);
	return rc;
}

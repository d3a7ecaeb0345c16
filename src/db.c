/*
 * db.c: the SQLite store.  Every SQL statement moot runs is in this file:
 * the schema and its migrations, and the table of prepared statements.
 *
 * Why these settings: WAL lets readers carry on while one writer commits;
 * synchronous=FULL makes each commit durable before we acknowledge it
 * (a member's comment is only confirmed once it is on disk); foreign keys
 * keep rows consistent; a busy timeout lets mootctl and the server share
 * the file.  Counters (comments per thread, threads per space) are kept
 * by triggers so that listing pages never count rows.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "db.h"
#include "db_rows.h"
#include "log.h"
#include "settings.h"
#include "names.h"
#include "text.h"
#include "utf8.h"

enum stmt {
	STMT_SETTING_GET,
	STMT_SETTING_SET,
	STMT_SPACES,
	STMT_SPACE_BY_SLUG,
	STMT_THREADS_RECENT,
	STMT_THREADS_IN_SPACE,
	STMT_THREAD,
	STMT_COMMENTS,
	STMT_COMMENTS_ANON,
	STMT_COMMENT_WEIGHTS,
	STMT_ADD_VIEWS,
	STMT_SET_VIEWS,
	STMT_THREAD_VIEWS,
	STMT_MEMBER_ADD,
	STMT_SPACE_ADD,
	STMT_THREAD_ADD,
	STMT_COMMENT_ADD,
	STMT_MEMBER_BY_CERT,
	STMT_MEMBER_BY_ID,
	STMT_MEMBER_RENAME,
	STMT_CERT_ADD,
	STMT_CERTS,
	STMT_CERT_UNLINK,
	STMT_COMMENT_SAME,
	STMT_COMMENT,
	STMT_COMMENT_EDIT,
	STMT_COMMENT_DELETE,
	STMT_COMMENTS_BY_MEMBER,
	STMT_THREADS_BY_MEMBER,
	STMT_DRAFT_ADD,
	STMT_DRAFT_GET,
	STMT_DRAFT_POSTED,
	STMT_THREAD_SAME,
	STMT_CODE_ADD,
	STMT_CODE_TAKE,
	STMT_CODE_PURGE,
	STMT_INVITE_ADD,
	STMT_INVITE_SPEND,
	STMT_INVITE_VALID,
	STMT_INVITE_COUNTS,
	STMT_INVITES,
	STMT_REPORT_ADD,
	STMT_REPORTS_OPEN,
	STMT_HELD,
	STMT_MODLOG,
	STMT_MODLOG_ADD,
	STMT_TERMS_ACCEPT,
	STMT_MEMBER_APPROVE_COMMENT,
	STMT_MEMBER_APPROVE_THREAD,
	STMT_TERMS_BUMP,
	STMT_MEMBERS,
	STMT_SEARCH,
	STMT_NOTIFY_REPLY,
	STMT_NOTES_GATHER,
	STMT_NOTES_GATHERED,
	STMT_NOTIFY_ONE,
	STMT_NOTIFY_AUTHOR,
	STMT_NOTIFICATIONS,
	STMT_NOTIFICATIONS_SEEN,
	STMT_NOTIFICATIONS_NEW,
	STMT_MEMBER_BY_KEY,
	STMT_MEMBER_BY_SKELETON,
	STMT_FEED_THREADS,
	STMT_FEED_COMMENTS,
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_SAVEPOINT,
	STMT_DATA_VERSION,
	STMT_REVISIONS,
	STMT_RELEASE,
	STMT_ROLLBACK_TO,
	STMT_THREAD_REMOVED,
	STMT_THREAD_EDIT,
	STMT_COMMENT_REMOVED,
	STMT__MAX
};

/*
 * How many of a member's latest posts a retry is looked for among.  The
 * posting rate limit lets far fewer through in the retry window (ten
 * minutes, handlers/post.c); a string because it is spliced into SQL.
 */
#define RECENT_POSTS	"32"

/* An invitation that can still be used; T: the oldest it may be. */
#define INVITE_OPEN_SQL(T) \
	"(revoked IS NULL AND uses_left > 0 AND created >= " T ")"
/* At most this many invitations are listed (a string: spliced in SQL). */
#define INVITES_LISTED	"500"

#define THREAD_COLUMNS \
	"t.id, t.space_id, s.slug, s.name, t.member_id, m.name, t.title, " \
	"t.body, t.created, t.last_activity, t.comment_count, t.views, " \
	"t.locked, t.held, s.archived, coalesce(t.edited, 0), t.hidden, "
/* the last thread column: did member ?2 report this thread? */
#define THREAD_REPORTED \
	"EXISTS (SELECT 1 FROM reports r WHERE r.thread_id = t.id AND " \
	"r.comment_id IS NULL AND r.reporter_id = ?2) "
#define COMMENT_COLUMNS \
	"c.id, c.thread_id, c.member_id, m.name, c.body, c.created, " \
	"coalesce(c.edited, 0), c.deleted, c.held, c.hidden, "
#define COMMENT_REPORTED \
	"EXISTS (SELECT 1 FROM reports r WHERE r.comment_id = c.id AND " \
	"r.reporter_id = ?2) "
/*
 * What a comment weighs on a page (handlers/thread.c cuts discussions
 * into pages by it): its bytes, and more for each line, which costs a
 * Gopher menu line of its own.  The comments_by_weight index holds the
 * very same expression, so that paging never reads the comments' text;
 * the two must stay alike, letter for letter.  COMMENT_LINE_WEIGHT in
 * db.h is the 32.
 */
#define COMMENT_WEIGHT \
	"length(CAST(c.body AS BLOB)) + 32 * " \
	"(length(c.body) - length(replace(c.body, char(10), '')))"
#define THREAD_JOINS \
	"FROM threads t JOIN spaces s ON s.id = t.space_id " \
	"JOIN members m ON m.id = t.member_id "

static const char *const stmt_sql[STMT__MAX] = {
	[STMT_SETTING_GET] = "SELECT value FROM settings WHERE key = ?1",
	[STMT_SETTING_SET] = "INSERT INTO settings (key, value) VALUES (?1, ?2) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[STMT_SPACES] = "SELECT id, slug, name, description, thread_count, "
	    "archived FROM spaces WHERE archived = 0 ORDER BY position, id",
	[STMT_SPACE_BY_SLUG] = "SELECT id, slug, name, description, "
	    "thread_count, archived FROM spaces WHERE slug = ?1",
	[STMT_THREADS_RECENT] = "SELECT " THREAD_COLUMNS "0 " THREAD_JOINS
	    "WHERE s.archived = 0 AND t.held = 0 "
	    "ORDER BY t.last_activity DESC, t.id DESC LIMIT ?1",
	[STMT_THREADS_IN_SPACE] = "SELECT " THREAD_COLUMNS "0 " THREAD_JOINS
	    "WHERE t.space_id = ?1 AND t.held = 0 "
	    "ORDER BY t.last_activity DESC, t.id DESC LIMIT ?2 OFFSET ?3",
	[STMT_THREAD] = "SELECT " THREAD_COLUMNS THREAD_REPORTED THREAD_JOINS
	    "WHERE t.id = ?1",
	[STMT_COMMENTS] = "SELECT " COMMENT_COLUMNS COMMENT_REPORTED
	    "FROM comments c JOIN members m ON m.id = c.member_id "
	    "WHERE c.thread_id = ?1 AND (c.held = 0 OR c.member_id = ?2) "
	    "AND c.id >= ?3 AND (?4 = 0 OR c.id < ?4) ORDER BY c.id",
	[STMT_ADD_VIEWS] = "UPDATE threads SET views = views + ?2 "
	    "WHERE id = ?1",
	[STMT_SET_VIEWS] = "UPDATE threads SET views = ?2 WHERE id = ?1",
	[STMT_THREAD_VIEWS] = "SELECT views FROM threads WHERE id = ?1",
	[STMT_MEMBER_ADD] = "INSERT INTO members (name, name_key, joined, role, "
	    "approved, terms_accepted, name_skel, name_skel_cased) "
	    "VALUES (?1, ?6, ?2, ?3, ?4, ?5, name_skeleton(?1, 0), "
	    "name_skeleton(?1, 1))",
	[STMT_SPACE_ADD] = "INSERT INTO spaces (slug, name, description, "
	    "position) VALUES (?1, ?2, ?3, ?4)",
	[STMT_THREAD_ADD] = "INSERT INTO threads (space_id, member_id, title, "
	    "body, created, last_activity, held) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
	[STMT_COMMENT_ADD] = "INSERT INTO comments (thread_id, member_id, body, "
	    "created, held) VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_MEMBER_BY_CERT] = "SELECT m.id, m.name, m.joined, m.role, "
	    "m.suspended, m.approved, m.terms_accepted "
	    "FROM certs c JOIN members m ON m.id = c.member_id "
	    "WHERE c.fingerprint = ?1",
	[STMT_MEMBER_BY_ID] = "SELECT id, name, joined, role, suspended, "
	    "approved, terms_accepted FROM members WHERE id = ?1",
	[STMT_MEMBER_RENAME] = "UPDATE members SET name = ?2, name_key = ?3, "
	    "name_skel = name_skeleton(?2, 0), "
	    "name_skel_cased = name_skeleton(?2, 1) WHERE id = ?1",
	[STMT_CERT_ADD] = "INSERT INTO certs (fingerprint, member_id, added) "
	    "VALUES (?1, ?2, ?3)",
	[STMT_CERTS] = "SELECT fingerprint, added FROM certs "
	    "WHERE member_id = ?1 ORDER BY added, fingerprint",
	[STMT_CERT_UNLINK] = "DELETE FROM certs WHERE member_id = ?1 AND "
	    "fingerprint = ?2 AND fingerprint <> ?3",
	/*
	 * A retry is among its author's last few posts: looking only there
	 * keeps this one index step and RECENT_POSTS rows, where matching on
	 * all of a member's comments read each of them (a page apiece).
	 */
	[STMT_COMMENT_SAME] = "SELECT id FROM (SELECT id, thread_id, created, "
	    "body FROM comments WHERE member_id = ?1 ORDER BY id DESC "
	    "LIMIT " RECENT_POSTS ") WHERE thread_id = ?2 AND created >= ?3 "
	    "AND body = ?4 LIMIT 1",
	/* most readers are visitors: no held posts or reports to look up */
	[STMT_COMMENTS_ANON] = "SELECT " COMMENT_COLUMNS "0 "
	    "FROM comments c JOIN members m ON m.id = c.member_id "
	    "WHERE c.thread_id = ?1 AND c.held = 0 AND c.id >= ?3 "
	    "AND (?4 = 0 OR c.id < ?4) ORDER BY c.id",
	/* the index comments_by_weight answers this without the text */
	[STMT_COMMENT_WEIGHTS] = "SELECT c.id, " COMMENT_WEIGHT " "
	    "FROM comments c WHERE c.thread_id = ?1 AND c.held = 0 "
	    "ORDER BY c.id",
	[STMT_COMMENT] = "SELECT " COMMENT_COLUMNS "0 "
	    "FROM comments c JOIN members m ON m.id = c.member_id "
	    "WHERE c.id = ?1",
	[STMT_COMMENT_EDIT] = "UPDATE comments SET body = ?2, edited = ?3 "
	    "WHERE id = ?1 AND deleted = 0",
	[STMT_COMMENT_DELETE] = "UPDATE comments SET deleted = 1, body = '' "
	    "WHERE id = ?1",
	[STMT_COMMENTS_BY_MEMBER] = "SELECT " COMMENT_COLUMNS "0 "
	    "FROM comments c JOIN members m ON m.id = c.member_id "
	    "WHERE c.member_id = ?1 AND c.deleted = 0 "
	    "ORDER BY c.id DESC LIMIT ?2",
	[STMT_THREADS_BY_MEMBER] = "SELECT " THREAD_COLUMNS "0 " THREAD_JOINS
	    "WHERE t.member_id = ?1 ORDER BY t.id DESC LIMIT ?2",
	[STMT_DRAFT_ADD] = "INSERT INTO drafts (member_id, space_id, title, "
	    "created) VALUES (?1, ?2, ?3, ?4)",
	[STMT_DRAFT_GET] = "SELECT d.space_id, d.title, "
	    "coalesce(d.thread_id, 0), s.archived FROM drafts d "
	    "JOIN spaces s ON s.id = d.space_id "
	    "WHERE d.id = ?1 AND d.member_id = ?2",
	[STMT_DRAFT_POSTED] = "UPDATE drafts SET thread_id = ?2 WHERE id = ?1",
	[STMT_THREAD_SAME] = "SELECT id FROM (SELECT id, space_id, created, "
	    "title, body FROM threads WHERE member_id = ?1 ORDER BY id DESC "
	    "LIMIT " RECENT_POSTS ") WHERE space_id = ?2 AND created >= ?3 "
	    "AND title = ?4 AND body = ?5 LIMIT 1",
	[STMT_CODE_ADD] = "INSERT INTO link_codes (code, member_id, expires) "
	    "VALUES (?1, ?2, ?3)",
	[STMT_CODE_TAKE] = "DELETE FROM link_codes WHERE code = ?1 "
	    "AND expires >= ?2 RETURNING member_id",
	[STMT_CODE_PURGE] = "DELETE FROM link_codes WHERE expires < ?1",
	/* ?5, ?6: the quota (-1: none); ?7: the oldest open one may be,
	 * ?8: the start of the quota's window */
	[STMT_INVITE_ADD] = "INSERT INTO invites (code, creator_id, uses_left, "
	    "created) SELECT ?1, nullif(?2, 0), ?3, ?4 "
	    "WHERE (?5 < 0 OR (SELECT count(*) FROM invites WHERE "
	    "creator_id = ?2 AND " INVITE_OPEN_SQL("?7") ") < ?5) "
	    "AND (?6 < 0 OR (SELECT count(*) FROM invites WHERE "
	    "creator_id = ?2 AND created >= ?8) < ?6)",
	/* ?2: the oldest an invitation may be (INVITE_TTL) */
	[STMT_INVITE_SPEND] = "UPDATE invites SET uses_left = uses_left - 1 "
	    "WHERE code = ?1 AND " INVITE_OPEN_SQL("?2") " RETURNING id",
	[STMT_INVITE_VALID] = "SELECT 1 FROM invites WHERE code = ?1 "
	    "AND " INVITE_OPEN_SQL("?2"),
	[STMT_INVITE_COUNTS] = "SELECT (SELECT count(*) FROM invites "
	    "WHERE creator_id = ?1 AND " INVITE_OPEN_SQL("?2") "), "
	    "(SELECT count(*) FROM invites WHERE creator_id = ?1 "
	    "AND created >= ?3)",
	[STMT_INVITES] = "SELECT i.id, i.code, coalesce(i.creator_id, 0), "
	    "m.name, i.uses_left, i.created, coalesce(i.revoked, 0), "
	    INVITE_OPEN_SQL("?3") " FROM invites i "
	    "LEFT JOIN members m ON m.id = i.creator_id "
	    "WHERE (?1 = 0 OR i.creator_id = ?1) "
	    "AND (?2 = 0 OR " INVITE_OPEN_SQL("?3") ") "
	    "ORDER BY i.id DESC LIMIT " INVITES_LISTED,
	[STMT_REPORT_ADD] = "INSERT INTO reports (reporter_id, thread_id, "
	    "comment_id, reason, created) VALUES (?1, ?2, nullif(?3, 0), ?4, ?5)",
	[STMT_REPORTS_OPEN] = "SELECT r.id, r.thread_id, "
	    "coalesce(r.comment_id, 0), rm.name, r.reason, r.created, t.title, "
	    "CASE WHEN r.comment_id IS NULL THEN t.body ELSE c.body END, "
	    "am.name, am.id "
	    "FROM reports r JOIN members rm ON rm.id = r.reporter_id "
	    "JOIN threads t ON t.id = r.thread_id "
	    "LEFT JOIN comments c ON c.id = r.comment_id "
	    "JOIN members am ON am.id = coalesce(c.member_id, t.member_id) "
	    "WHERE r.resolved IS NULL ORDER BY r.id",
	[STMT_HELD] = "SELECT c.id, c.thread_id, c.id, m.name, '', c.created, "
	    "t.title, c.body, m.name, m.id FROM comments c "
	    "JOIN threads t ON t.id = c.thread_id "
	    "JOIN members m ON m.id = c.member_id WHERE c.held = 1 "
	    "UNION ALL SELECT t.id, t.id, 0, m.name, '', t.created, t.title, "
	    "t.body, m.name, m.id FROM threads t "
	    "JOIN members m ON m.id = t.member_id WHERE t.held = 1 "
	    "ORDER BY 6",
	[STMT_MODLOG] = "SELECT l.id, m.name, l.action, l.target, l.reason, "
	    "l.created FROM modlog l LEFT JOIN members m ON m.id = l.moderator_id "
	    "ORDER BY l.id DESC LIMIT ?1",
	[STMT_MODLOG_ADD] = "INSERT INTO modlog (moderator_id, action, target, "
	    "reason, created) VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5)",
	[STMT_TERMS_ACCEPT] = "UPDATE members SET terms_accepted = ?2 "
	    "WHERE id = ?1",
	[STMT_MEMBER_APPROVE_COMMENT] = "UPDATE members SET approved = 1 "
	    "WHERE id = (SELECT member_id FROM comments WHERE id = ?1)",
	[STMT_MEMBER_APPROVE_THREAD] = "UPDATE members SET approved = 1 "
	    "WHERE id = (SELECT member_id FROM threads WHERE id = ?1)",
	[STMT_TERMS_BUMP] = "INSERT INTO settings (key, value) VALUES "
	    "('terms_version', '2') ON CONFLICT (key) DO UPDATE SET "
	    "value = CAST(value AS INTEGER) + 1",
	[STMT_MEMBERS] = "SELECT id, name, joined, role, suspended, approved, "
	    "terms_accepted FROM members ORDER BY role DESC, name_key",
	[STMT_SEARCH] = "SELECT s.thread_id, CASE WHEN s.rowid % 2 = 1 THEN 0 "
	    "ELSE s.rowid / 2 END, t.title, "
	    "snippet(search, 1, '*', '*', '…', 16), "
	    "CASE WHEN s.rowid % 2 = 1 THEN t.created ELSE c.created END, "
	    "coalesce(cm.name, tm.name) "
	    "FROM search s JOIN threads t ON t.id = s.thread_id "
	    "JOIN spaces sp ON sp.id = t.space_id "
	    "JOIN members tm ON tm.id = t.member_id "
	    "LEFT JOIN comments c ON s.rowid % 2 = 0 AND c.id = s.rowid / 2 "
	    "LEFT JOIN members cm ON cm.id = c.member_id "
	    "WHERE search MATCH ?1 AND sp.archived = 0 AND t.held = 0 "
	    "ORDER BY bm25(search, 8.0, 1.0) LIMIT ?2",
	/*
	 * A comment approved late: those in the discussion who have been
	 * told of newer comments already are told of this one now; the
	 * others will gather it with the rest (STMT_NOTES_GATHER).
	 */
	[STMT_NOTIFY_REPLY] = "INSERT INTO notifications (member_id, kind, "
	    "thread_id, comment_id, actor_id, created) "
	    "SELECT member_id, 'reply', ?1, ?2, ?3, ?4 FROM participants "
	    "WHERE thread_id = ?1 AND member_id <> ?3 AND notified >= ?2",
	/* a member's replies not yet told, as notifications */
	[STMT_NOTES_GATHER] = "INSERT INTO notifications (member_id, kind, "
	    "thread_id, comment_id, actor_id, created) "
	    "SELECT ?1, 'reply', c.thread_id, c.id, c.member_id, c.created "
	    "FROM participants p JOIN comments c ON c.thread_id = p.thread_id "
	    "AND c.id > p.notified WHERE p.member_id = ?1 AND "
	    "c.member_id <> ?1 AND c.held = 0 AND c.deleted = 0 AND "
	    "c.hidden IS NULL ORDER BY c.id",
	[STMT_NOTES_GATHERED] = "UPDATE participants SET notified = "
	    "(SELECT max(id) FROM comments WHERE thread_id = "
	    "participants.thread_id) WHERE member_id = ?1 AND notified < "
	    "(SELECT max(id) FROM comments WHERE thread_id = "
	    "participants.thread_id)",
	[STMT_NOTIFY_ONE] = "INSERT INTO notifications (member_id, kind, "
	    "thread_id, comment_id, actor_id, created) "
	    "SELECT ?1, ?2, ?3, nullif(?4, 0), ?5, ?6 WHERE ?1 <> ?5 AND "
	    "NOT EXISTS (SELECT 1 FROM notifications WHERE member_id = ?1 AND "
	    "comment_id IS nullif(?4, 0) AND thread_id = ?3 AND kind = ?2)",
	/* moderators' actions: the author hears, with the reason */
	[STMT_NOTIFY_AUTHOR] = "INSERT INTO notifications (member_id, kind, "
	    "thread_id, actor_id, note, created) "
	    "SELECT c.member_id, 'moderated', c.thread_id, nullif(?2, 0), ?3, ?4 "
	    "FROM comments c WHERE c.id = ?1 AND ?5 = 'comment' "
	    "UNION ALL SELECT t.member_id, 'moderated', "
	    "CASE WHEN ?6 THEN NULL ELSE t.id END, nullif(?2, 0), "
	    "?3 || ' (\"' || t.title || '\")', ?4 "
	    "FROM threads t WHERE t.id = ?1 AND ?5 = 'thread' "
	    "UNION ALL SELECT m.id, 'moderated', NULL, nullif(?2, 0), ?3, ?4 "
	    "FROM members m WHERE m.id = ?1 AND ?5 = 'member'",
	[STMT_NOTIFICATIONS] = "SELECT n.id, n.kind, n.thread_id, "
	    "coalesce(n.comment_id, 0), coalesce(a.name, 'a moderator'), "
	    "n.note, n.created, n.seen, coalesce(t.title, '') "
	    "FROM notifications n LEFT JOIN members a ON a.id = n.actor_id "
	    "LEFT JOIN threads t ON t.id = n.thread_id "
	    "WHERE n.member_id = ?1 ORDER BY n.created DESC, n.id DESC "
	    "LIMIT ?2",
	[STMT_NOTIFICATIONS_SEEN] = "UPDATE notifications SET seen = 1 "
	    "WHERE member_id = ?1 AND seen = 0 AND id <= ?2",
	/*
	 * Counted up to ?2 only: untold replies are found by reading the
	 * comments themselves, and a member away from a busy discussion
	 * may have thousands; the home page only needs to say "99+".
	 */
	[STMT_NOTIFICATIONS_NEW] = "SELECT count(*) FROM (SELECT 1 FROM "
	    "notifications WHERE member_id = ?1 AND seen = 0 UNION ALL "
	    "SELECT 1 FROM participants p JOIN comments c ON c.thread_id = "
	    "p.thread_id AND c.id > p.notified WHERE p.member_id = ?1 AND "
	    "c.member_id <> ?1 AND c.held = 0 AND c.deleted = 0 AND "
	    "c.hidden IS NULL LIMIT ?2)",
	[STMT_MEMBER_BY_KEY] = "SELECT id FROM members WHERE name_key = ?1",
	[STMT_MEMBER_BY_SKELETON] = "SELECT id, name FROM members "
	    "WHERE (name_skel = ?1 OR name_skel_cased = ?2) AND id <> ?3 "
	    "LIMIT 1",
	[STMT_FEED_THREADS] = "SELECT " THREAD_COLUMNS "0 " THREAD_JOINS
	    "WHERE t.held = 0 AND s.archived = 0 AND (?1 = 0 OR t.space_id = ?1) "
	    "ORDER BY t.created DESC, t.id DESC LIMIT ?2",
	[STMT_FEED_COMMENTS] = "SELECT " COMMENT_COLUMNS "0 "
	    "FROM comments c JOIN members m ON m.id = c.member_id "
	    "WHERE c.thread_id = ?1 AND c.held = 0 AND c.deleted = 0 "
	    "AND c.hidden IS NULL ORDER BY c.id DESC LIMIT ?2",
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_SAVEPOINT] = "SAVEPOINT nested",
	[STMT_DATA_VERSION] = "PRAGMA data_version",
	[STMT_THREAD_EDIT] = "UPDATE threads SET title = coalesce(?2, title), "
	    "body = coalesce(?3, body), edited = ?4 WHERE id = ?1",
	/* given out once (AUTOINCREMENT's high-water mark), not there now */
	[STMT_THREAD_REMOVED] = "SELECT 1 FROM sqlite_sequence "
	    "WHERE name = 'threads' AND ?1 BETWEEN 1 AND seq "
	    "AND NOT EXISTS (SELECT 1 FROM threads WHERE id = ?1)",
	[STMT_COMMENT_REMOVED] = "SELECT 1 FROM sqlite_sequence "
	    "WHERE name = 'comments' AND ?1 BETWEEN 1 AND seq "
	    "AND NOT EXISTS (SELECT 1 FROM comments WHERE id = ?1)",
	[STMT_REVISIONS] = "SELECT (SELECT rev FROM threads WHERE id = ?1), "
	    "(SELECT rev FROM revision WHERE id = 1)",
	[STMT_RELEASE] = "RELEASE nested",
	[STMT_ROLLBACK_TO] = "ROLLBACK TO nested",
};

/*
 * Migrations: entry N takes a database from user_version N to N + 1.
 * Never edit a released entry; add a new one.
 */
static const char *const migrations[] = {
	/* 0 -> 1: the first schema */
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE members ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  name_key TEXT NOT NULL UNIQUE,"
	"  joined INTEGER NOT NULL,"
	"  role INTEGER NOT NULL DEFAULT 0,"
	"  suspended TEXT"
	");"
	"CREATE TABLE certs ("
	"  fingerprint TEXT PRIMARY KEY,"
	"  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,"
	"  added INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX certs_by_member ON certs(member_id);"
	"CREATE TABLE spaces ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  archived INTEGER NOT NULL DEFAULT 0,"
	"  thread_count INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE threads ("
	"  id INTEGER PRIMARY KEY,"
	"  space_id INTEGER NOT NULL REFERENCES spaces(id),"
	"  member_id INTEGER NOT NULL REFERENCES members(id),"
	"  title TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  last_activity INTEGER NOT NULL,"
	"  comment_count INTEGER NOT NULL DEFAULT 0,"
	"  views INTEGER NOT NULL DEFAULT 0,"
	"  locked INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX threads_by_activity ON threads(last_activity, id);"
	"CREATE INDEX threads_by_space ON threads(space_id, last_activity, id);"
	"CREATE INDEX threads_by_member ON threads(member_id, id);"
	"CREATE TABLE comments ("
	"  id INTEGER PRIMARY KEY,"
	"  thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,"
	"  member_id INTEGER NOT NULL REFERENCES members(id),"
	"  body TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  edited INTEGER,"
	"  deleted INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX comments_by_thread ON comments(thread_id, id);"
	"CREATE TABLE drafts ("
	"  id INTEGER PRIMARY KEY,"
	"  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,"
	"  space_id INTEGER NOT NULL REFERENCES spaces(id),"
	"  title TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  thread_id INTEGER REFERENCES threads(id) ON DELETE SET NULL"
	");"
	"CREATE INDEX drafts_by_member ON drafts(member_id);"
	"CREATE TABLE link_codes ("
	"  code TEXT PRIMARY KEY,"
	"  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,"
	"  expires INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX comments_by_member ON comments(member_id, id);"
	"CREATE TRIGGER comment_added AFTER INSERT ON comments BEGIN"
	"  UPDATE threads SET comment_count = comment_count + 1,"
	"    last_activity = max(last_activity, NEW.created)"
	"  WHERE id = NEW.thread_id;"
	"END;"
	"CREATE TRIGGER comment_removed AFTER DELETE ON comments BEGIN"
	"  UPDATE threads SET comment_count = comment_count - 1"
	"  WHERE id = OLD.thread_id;"
	"END;"
	"CREATE TRIGGER thread_added AFTER INSERT ON threads BEGIN"
	"  UPDATE spaces SET thread_count = thread_count + 1"
	"  WHERE id = NEW.space_id;"
	"END;"
	"CREATE TRIGGER thread_removed AFTER DELETE ON threads BEGIN"
	"  UPDATE spaces SET thread_count = thread_count - 1"
	"  WHERE id = OLD.space_id;"
	"END;"
	"CREATE TRIGGER thread_moved AFTER UPDATE OF space_id ON threads"
	"  WHEN OLD.space_id <> NEW.space_id BEGIN"
	"  UPDATE spaces SET thread_count = thread_count - 1"
	"  WHERE id = OLD.space_id;"
	"  UPDATE spaces SET thread_count = thread_count + 1"
	"  WHERE id = NEW.space_id;"
	"END;",

	/* 1 -> 2: stewardship: reports, moderation log, held and hidden
	 * posts, invitations, terms versions */
	"ALTER TABLE comments ADD COLUMN held INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE comments ADD COLUMN hidden TEXT;"
	"ALTER TABLE threads ADD COLUMN held INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE members ADD COLUMN approved INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE members ADD COLUMN terms_accepted INTEGER NOT NULL "
	"  DEFAULT 0;"
	/* everyone so far joined under the terms as they stand */
	"UPDATE members SET terms_accepted = 1;"
	"CREATE TABLE reports ("
	"  id INTEGER PRIMARY KEY,"
	"  reporter_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,"
	"  thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,"
	"  comment_id INTEGER REFERENCES comments(id) ON DELETE CASCADE,"
	"  reason TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  resolved INTEGER"
	");"
	"CREATE INDEX reports_open ON reports(resolved, id);"
	"CREATE INDEX reports_by_comment ON reports(comment_id, reporter_id);"
	"CREATE INDEX reports_by_thread ON reports(thread_id, reporter_id);"
	"CREATE TABLE modlog ("
	"  id INTEGER PRIMARY KEY,"
	"  moderator_id INTEGER REFERENCES members(id) ON DELETE SET NULL,"
	"  action TEXT NOT NULL,"
	"  target TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  created INTEGER NOT NULL"
	");"
	"CREATE TABLE invites ("
	"  code TEXT PRIMARY KEY,"
	"  creator_id INTEGER REFERENCES members(id) ON DELETE CASCADE,"
	"  uses_left INTEGER NOT NULL,"
	"  created INTEGER NOT NULL"
	") WITHOUT ROWID;"
	/* counters count what readers can see: held posts wait outside */
	"DROP TRIGGER comment_added;"
	"DROP TRIGGER comment_removed;"
	"DROP TRIGGER thread_added;"
	"DROP TRIGGER thread_removed;"
	"DROP TRIGGER thread_moved;"
	"CREATE TRIGGER comment_added AFTER INSERT ON comments"
	"  WHEN NEW.held = 0 BEGIN"
	"  UPDATE threads SET comment_count = comment_count + 1,"
	"    last_activity = max(last_activity, NEW.created)"
	"  WHERE id = NEW.thread_id;"
	"END;"
	"CREATE TRIGGER comment_released AFTER UPDATE OF held ON comments"
	"  WHEN OLD.held = 1 AND NEW.held = 0 BEGIN"
	"  UPDATE threads SET comment_count = comment_count + 1,"
	"    last_activity = max(last_activity, NEW.created)"
	"  WHERE id = NEW.thread_id;"
	"END;"
	"CREATE TRIGGER comment_removed AFTER DELETE ON comments"
	"  WHEN OLD.held = 0 BEGIN"
	"  UPDATE threads SET comment_count = comment_count - 1"
	"  WHERE id = OLD.thread_id;"
	"END;"
	"CREATE TRIGGER thread_added AFTER INSERT ON threads"
	"  WHEN NEW.held = 0 BEGIN"
	"  UPDATE spaces SET thread_count = thread_count + 1"
	"  WHERE id = NEW.space_id;"
	"END;"
	"CREATE TRIGGER thread_released AFTER UPDATE OF held ON threads"
	"  WHEN OLD.held = 1 AND NEW.held = 0 BEGIN"
	"  UPDATE spaces SET thread_count = thread_count + 1"
	"  WHERE id = NEW.space_id;"
	"END;"
	"CREATE TRIGGER thread_removed AFTER DELETE ON threads"
	"  WHEN OLD.held = 0 BEGIN"
	"  UPDATE spaces SET thread_count = thread_count - 1"
	"  WHERE id = OLD.space_id;"
	"END;"
	"CREATE TRIGGER thread_moved AFTER UPDATE OF space_id ON threads"
	"  WHEN OLD.space_id <> NEW.space_id AND NEW.held = 0 BEGIN"
	"  UPDATE spaces SET thread_count = thread_count - 1"
	"  WHERE id = OLD.space_id;"
	"  UPDATE spaces SET thread_count = thread_count + 1"
	"  WHERE id = NEW.space_id;"
	"END;",

	/* 2 -> 3: full-text search and notifications.  The search index
	 * holds what readers may find (no held, hidden or deleted posts);
	 * triggers keep it in step, and this migration fills it from what
	 * is there.  rowid: comment id * 2, or thread id * 2 + 1. */
	"CREATE VIRTUAL TABLE search USING fts5(title, body,"
	"  thread_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');"
	"INSERT INTO search (rowid, title, body, thread_id)"
	"  SELECT id * 2 + 1, title, body, id FROM threads WHERE held = 0;"
	"INSERT INTO search (rowid, title, body, thread_id)"
	"  SELECT id * 2, '', body, thread_id FROM comments"
	"  WHERE held = 0 AND hidden IS NULL AND deleted = 0;"
	"CREATE TRIGGER search_comment_added AFTER INSERT ON comments"
	"  WHEN NEW.held = 0 AND NEW.hidden IS NULL AND NEW.deleted = 0 BEGIN"
	"  INSERT INTO search (rowid, title, body, thread_id)"
	"  VALUES (NEW.id * 2, '', NEW.body, NEW.thread_id);"
	"END;"
	"CREATE TRIGGER search_comment_changed AFTER UPDATE OF body, held,"
	"  hidden, deleted ON comments BEGIN"
	"  DELETE FROM search WHERE rowid = OLD.id * 2;"
	"  INSERT INTO search (rowid, title, body, thread_id)"
	"  SELECT NEW.id * 2, '', NEW.body, NEW.thread_id"
	"  WHERE NEW.held = 0 AND NEW.hidden IS NULL AND NEW.deleted = 0;"
	"END;"
	"CREATE TRIGGER search_comment_removed AFTER DELETE ON comments BEGIN"
	"  DELETE FROM search WHERE rowid = OLD.id * 2;"
	"END;"
	"CREATE TRIGGER search_thread_added AFTER INSERT ON threads"
	"  WHEN NEW.held = 0 BEGIN"
	"  INSERT INTO search (rowid, title, body, thread_id)"
	"  VALUES (NEW.id * 2 + 1, NEW.title, NEW.body, NEW.id);"
	"END;"
	"CREATE TRIGGER search_thread_changed AFTER UPDATE OF title, body, held"
	"  ON threads BEGIN"
	"  DELETE FROM search WHERE rowid = OLD.id * 2 + 1;"
	"  INSERT INTO search (rowid, title, body, thread_id)"
	"  SELECT NEW.id * 2 + 1, NEW.title, NEW.body, NEW.id"
	"  WHERE NEW.held = 0;"
	"END;"
	"CREATE TRIGGER search_thread_removed AFTER DELETE ON threads BEGIN"
	"  DELETE FROM search WHERE rowid = OLD.id * 2 + 1;"
	"END;"
	"CREATE TABLE notifications ("
	"  id INTEGER PRIMARY KEY,"
	"  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL,"
	"  thread_id INTEGER REFERENCES threads(id) ON DELETE CASCADE,"
	"  comment_id INTEGER REFERENCES comments(id) ON DELETE CASCADE,"
	"  actor_id INTEGER REFERENCES members(id) ON DELETE SET NULL,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  seen INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX notifications_by_member ON notifications(member_id, seen,"
	"  id);"
	"CREATE INDEX threads_by_created ON threads(created, id);",

	/* 3 -> 4: replies are told on reading, not on writing.  Writing a
	 * notification row for everyone in the discussion cost most of a
	 * posted comment (a hundred rows, each with its index entry and
	 * four foreign-key checks).  Now a comment writes nothing of the
	 * kind: each participant (the discussion's author, or someone with
	 * a visible comment in it) keeps the newest comment id they have
	 * been told of, and their replies are gathered into notifications
	 * when they read them (store_notifications_gather). */
	"CREATE TABLE participants ("
	"  thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,"
	"  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,"
	"  notified INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (thread_id, member_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX participants_by_member ON participants(member_id,"
	"  notified);"
	"CREATE INDEX notifications_by_time ON notifications(member_id,"
	"  created, id);"
	/* until now every reply was notified as it was written */
	"INSERT OR IGNORE INTO participants SELECT t.id, t.member_id,"
	"  (SELECT coalesce(max(id), 0) FROM comments WHERE thread_id = t.id)"
	"  FROM threads t;"
	"INSERT OR IGNORE INTO participants SELECT c.thread_id, c.member_id,"
	"  (SELECT max(id) FROM comments WHERE thread_id = c.thread_id)"
	"  FROM comments c WHERE c.deleted = 0 AND c.held = 0;"
	"CREATE TRIGGER participant_started AFTER INSERT ON threads BEGIN"
	"  INSERT OR IGNORE INTO participants VALUES (NEW.id, NEW.member_id,"
	"  0);"
	"END;"
	/* a newcomer hears of what comes after their first comment */
	"CREATE TRIGGER participant_commented AFTER INSERT ON comments"
	"  WHEN NEW.held = 0 AND NEW.deleted = 0 BEGIN"
	"  INSERT OR IGNORE INTO participants"
	"  VALUES (NEW.thread_id, NEW.member_id, NEW.id);"
	"END;"
	"CREATE TRIGGER participant_released AFTER UPDATE OF held ON comments"
	"  WHEN OLD.held = 1 AND NEW.held = 0 AND NEW.deleted = 0 BEGIN"
	"  INSERT OR IGNORE INTO participants VALUES (NEW.thread_id,"
	"  NEW.member_id, (SELECT max(id) FROM comments"
	"  WHERE thread_id = NEW.thread_id));"
	"END;"
	/* deleting one's last comment ends one's part, as it did before */
	"CREATE TRIGGER participant_deleted AFTER UPDATE OF deleted ON comments"
	"  WHEN OLD.deleted = 0 AND NEW.deleted = 1 BEGIN"
	"  DELETE FROM participants WHERE thread_id = OLD.thread_id"
	"  AND member_id = OLD.member_id AND NOT EXISTS ("
	"    SELECT 1 FROM threads WHERE id = OLD.thread_id"
	"    AND member_id = OLD.member_id) AND NOT EXISTS ("
	"    SELECT 1 FROM comments WHERE member_id = OLD.member_id"
	"    AND thread_id = OLD.thread_id AND deleted = 0 AND held = 0);"
	"END;"
	"CREATE TRIGGER participant_removed AFTER DELETE ON comments BEGIN"
	"  DELETE FROM participants WHERE thread_id = OLD.thread_id"
	"  AND member_id = OLD.member_id AND NOT EXISTS ("
	"    SELECT 1 FROM threads WHERE id = OLD.thread_id"
	"    AND member_id = OLD.member_id) AND NOT EXISTS ("
	"    SELECT 1 FROM comments WHERE member_id = OLD.member_id"
	"    AND thread_id = OLD.thread_id AND deleted = 0 AND held = 0);"
	"END;",

	/* 4 -> 5: revisions, so that a cached discussion page outlives
	 * changes elsewhere (cache.h).  threads.rev moves with anything
	 * shown on the discussion's page: the discussion itself and its
	 * comments.  revision.rev moves with what every page shows: names,
	 * spaces, settings.  Counters only ever go up. */
	"ALTER TABLE threads ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE revision ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  rev INTEGER NOT NULL"
	");"
	"INSERT INTO revision VALUES (1, 0);"
	"CREATE TRIGGER rev_comment_added AFTER INSERT ON comments BEGIN"
	"  UPDATE threads SET rev = rev + 1 WHERE id = NEW.thread_id;"
	"END;"
	"CREATE TRIGGER rev_comment_changed AFTER UPDATE ON comments BEGIN"
	"  UPDATE threads SET rev = rev + 1"
	"  WHERE id IN (OLD.thread_id, NEW.thread_id);"
	"END;"
	"CREATE TRIGGER rev_comment_removed AFTER DELETE ON comments BEGIN"
	"  UPDATE threads SET rev = rev + 1 WHERE id = OLD.thread_id;"
	"END;"
	"CREATE TRIGGER rev_thread_changed AFTER UPDATE ON threads"
	"  WHEN NEW.rev = OLD.rev BEGIN"
	"  UPDATE threads SET rev = rev + 1 WHERE id = NEW.id;"
	"END;"
	"CREATE TRIGGER rev_member_changed AFTER UPDATE ON members BEGIN"
	"  UPDATE revision SET rev = rev + 1;"
	"END;"
	"CREATE TRIGGER rev_member_removed AFTER DELETE ON members BEGIN"
	"  UPDATE revision SET rev = rev + 1;"
	"END;"
	"CREATE TRIGGER rev_space_added AFTER INSERT ON spaces BEGIN"
	"  UPDATE revision SET rev = rev + 1;"
	"END;"
	"CREATE TRIGGER rev_space_changed AFTER UPDATE ON spaces BEGIN"
	"  UPDATE revision SET rev = rev + 1;"
	"END;"
	"CREATE TRIGGER rev_space_removed AFTER DELETE ON spaces BEGIN"
	"  UPDATE revision SET rev = rev + 1;"
	"END;"
	"CREATE TRIGGER rev_setting_added AFTER INSERT ON settings BEGIN"
	"  UPDATE revision SET rev = rev + 1;"
	"END;"
	"CREATE TRIGGER rev_setting_changed AFTER UPDATE ON settings BEGIN"
	"  UPDATE revision SET rev = rev + 1;"
	"END;"
	"CREATE TRIGGER rev_setting_removed AFTER DELETE ON settings BEGIN"
	"  UPDATE revision SET rev = rev + 1;"
	"END;",	/* 5 -> 6: a number is never used twice.  Without AUTOINCREMENT,
	 * SQLite gives a new row the largest id + 1, so deleting the newest
	 * discussion (or rejecting a held one) handed its number, its old
	 * links and its Atom entry id to someone else's words.  The tables
	 * whose ids are shown are rebuilt with AUTOINCREMENT (store_migrate
	 * runs this with foreign keys off and checks them before COMMIT);
	 * their triggers and indexes go with the old tables and are made
	 * again, as they were but for the opening post's new columns.  The
	 * high-water marks start at the largest id known: the table's, or
	 * one the moderation log names (a deleted newest discussion).
	 * Also: opening posts can be edited (threads.edited) and hidden by
	 * a moderator (threads.hidden, the reason), and invitations get an
	 * id (to be listed and revoked) and a revoked date. */
	"CREATE TABLE new_members ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  name TEXT NOT NULL,"
	"  name_key TEXT NOT NULL UNIQUE,"
	"  joined INTEGER NOT NULL,"
	"  role INTEGER NOT NULL DEFAULT 0,"
	"  suspended TEXT,"
	"  approved INTEGER NOT NULL DEFAULT 1,"
	"  terms_accepted INTEGER NOT NULL DEFAULT 0"
	");"
	"INSERT INTO new_members SELECT id, name, name_key, joined, role,"
	"  suspended, approved, terms_accepted FROM members;"
	"CREATE TABLE new_threads ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  space_id INTEGER NOT NULL REFERENCES spaces(id),"
	"  member_id INTEGER NOT NULL REFERENCES members(id),"
	"  title TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  last_activity INTEGER NOT NULL,"
	"  comment_count INTEGER NOT NULL DEFAULT 0,"
	"  views INTEGER NOT NULL DEFAULT 0,"
	"  locked INTEGER NOT NULL DEFAULT 0,"
	"  held INTEGER NOT NULL DEFAULT 0,"
	"  rev INTEGER NOT NULL DEFAULT 0,"
	"  edited INTEGER,"
	"  hidden TEXT"
	");"
	"INSERT INTO new_threads (id, space_id, member_id, title, body, created,"
	"  last_activity, comment_count, views, locked, held, rev)"
	"  SELECT id, space_id, member_id, title, body, created, last_activity,"
	"  comment_count, views, locked, held, rev FROM threads;"
	"CREATE TABLE new_comments ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,"
	"  member_id INTEGER NOT NULL REFERENCES members(id),"
	"  body TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  edited INTEGER,"
	"  deleted INTEGER NOT NULL DEFAULT 0,"
	"  held INTEGER NOT NULL DEFAULT 0,"
	"  hidden TEXT"
	");"
	"INSERT INTO new_comments SELECT id, thread_id, member_id, body,"
	"  created, edited, deleted, held, hidden FROM comments;"
	"CREATE TABLE new_reports ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  reporter_id INTEGER NOT NULL REFERENCES members(id)"
	"    ON DELETE CASCADE,"
	"  thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,"
	"  comment_id INTEGER REFERENCES comments(id) ON DELETE CASCADE,"
	"  reason TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  resolved INTEGER"
	");"
	"INSERT INTO new_reports SELECT id, reporter_id, thread_id, comment_id,"
	"  reason, created, resolved FROM reports;"
	"CREATE TABLE new_invites ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  code TEXT NOT NULL UNIQUE,"
	"  creator_id INTEGER REFERENCES members(id) ON DELETE CASCADE,"
	"  uses_left INTEGER NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  revoked INTEGER"
	");"
	"INSERT INTO new_invites (code, creator_id, uses_left, created)"
	"  SELECT code, creator_id, uses_left, created FROM invites"
	"  ORDER BY created, code;"
	"DROP TABLE invites;"
	"DROP TABLE reports;"
	"DROP TABLE comments;"
	"DROP TABLE threads;"
	"DROP TABLE members;"
	"ALTER TABLE new_members RENAME TO members;"
	"ALTER TABLE new_threads RENAME TO threads;"
	"ALTER TABLE new_comments RENAME TO comments;"
	"ALTER TABLE new_reports RENAME TO reports;"
	"ALTER TABLE new_invites RENAME TO invites;"
	"DELETE FROM sqlite_sequence WHERE name IN ('members', 'threads',"
	"  'comments', 'reports', 'invites');"
	"INSERT INTO sqlite_sequence (name, seq) VALUES"
	"  ('members', max(coalesce((SELECT max(id) FROM members), 0),"
	"    coalesce((SELECT max(CAST(substr(target, 8) AS INTEGER))"
	"    FROM modlog WHERE target LIKE 'member %'), 0))),"
	"  ('threads', max(coalesce((SELECT max(id) FROM threads), 0),"
	"    coalesce((SELECT max(CAST(substr(target, 8) AS INTEGER))"
	"    FROM modlog WHERE target LIKE 'thread %'), 0))),"
	"  ('comments', max(coalesce((SELECT max(id) FROM comments), 0),"
	"    coalesce((SELECT max(CAST(substr(target, 9) AS INTEGER))"
	"    FROM modlog WHERE target LIKE 'comment %'), 0))),"
	"  ('reports', max(coalesce((SELECT max(id) FROM reports), 0),"
	"    coalesce((SELECT max(CAST(substr(target, 8) AS INTEGER))"
	"    FROM modlog WHERE target LIKE 'report %'), 0))),"
	"  ('invites', coalesce((SELECT max(id) FROM invites), 0));"
	"CREATE INDEX threads_by_activity ON threads(last_activity, id);"
	"CREATE INDEX threads_by_space ON threads(space_id, last_activity, id);"
	"CREATE INDEX threads_by_member ON threads(member_id, id);"
	"CREATE INDEX threads_by_created ON threads(created, id);"
	"CREATE INDEX comments_by_thread ON comments(thread_id, id);"
	"CREATE INDEX comments_by_member ON comments(member_id, id);"
	"CREATE INDEX reports_open ON reports(resolved, id);"
	"CREATE INDEX reports_by_comment ON reports(comment_id, reporter_id);"
	"CREATE INDEX reports_by_thread ON reports(thread_id, reporter_id);"
	"CREATE INDEX invites_by_creator ON invites(creator_id, created);"
	"CREATE TRIGGER rev_member_changed AFTER UPDATE ON members BEGIN"
	"  UPDATE revision SET rev = rev + 1;"
	"END;"
	"CREATE TRIGGER rev_member_removed AFTER DELETE ON members BEGIN"
	"  UPDATE revision SET rev = rev + 1;"
	"END;"
	"CREATE TRIGGER thread_added AFTER INSERT ON threads"
	"  WHEN NEW.held = 0 BEGIN"
	"  UPDATE spaces SET thread_count = thread_count + 1"
	"  WHERE id = NEW.space_id;"
	"END;"
	"CREATE TRIGGER thread_released AFTER UPDATE OF held ON threads"
	"  WHEN OLD.held = 1 AND NEW.held = 0 BEGIN"
	"  UPDATE spaces SET thread_count = thread_count + 1"
	"  WHERE id = NEW.space_id;"
	"END;"
	"CREATE TRIGGER thread_removed AFTER DELETE ON threads"
	"  WHEN OLD.held = 0 BEGIN"
	"  UPDATE spaces SET thread_count = thread_count - 1"
	"  WHERE id = OLD.space_id;"
	"END;"
	"CREATE TRIGGER thread_moved AFTER UPDATE OF space_id ON threads"
	"  WHEN OLD.space_id <> NEW.space_id AND NEW.held = 0 BEGIN"
	"  UPDATE spaces SET thread_count = thread_count - 1"
	"  WHERE id = OLD.space_id;"
	"  UPDATE spaces SET thread_count = thread_count + 1"
	"  WHERE id = NEW.space_id;"
	"END;"
	/* a hidden opening post is not found by its words, only its title */
	"CREATE TRIGGER search_thread_added AFTER INSERT ON threads"
	"  WHEN NEW.held = 0 BEGIN"
	"  INSERT INTO search (rowid, title, body, thread_id)"
	"  VALUES (NEW.id * 2 + 1, NEW.title,"
	"  CASE WHEN NEW.hidden IS NULL THEN NEW.body ELSE '' END, NEW.id);"
	"END;"
	"CREATE TRIGGER search_thread_changed AFTER UPDATE OF title, body, held,"
	"  hidden ON threads BEGIN"
	"  DELETE FROM search WHERE rowid = OLD.id * 2 + 1;"
	"  INSERT INTO search (rowid, title, body, thread_id)"
	"  SELECT NEW.id * 2 + 1, NEW.title,"
	"  CASE WHEN NEW.hidden IS NULL THEN NEW.body ELSE '' END, NEW.id"
	"  WHERE NEW.held = 0;"
	"END;"
	"CREATE TRIGGER search_thread_removed AFTER DELETE ON threads BEGIN"
	"  DELETE FROM search WHERE rowid = OLD.id * 2 + 1;"
	"END;"
	"CREATE TRIGGER participant_started AFTER INSERT ON threads BEGIN"
	"  INSERT OR IGNORE INTO participants VALUES (NEW.id, NEW.member_id,"
	"  0);"
	"END;"
	"CREATE TRIGGER rev_thread_changed AFTER UPDATE ON threads"
	"  WHEN NEW.rev = OLD.rev BEGIN"
	"  UPDATE threads SET rev = rev + 1 WHERE id = NEW.id;"
	"END;"
	"CREATE TRIGGER comment_added AFTER INSERT ON comments"
	"  WHEN NEW.held = 0 BEGIN"
	"  UPDATE threads SET comment_count = comment_count + 1,"
	"    last_activity = max(last_activity, NEW.created)"
	"  WHERE id = NEW.thread_id;"
	"END;"
	"CREATE TRIGGER comment_released AFTER UPDATE OF held ON comments"
	"  WHEN OLD.held = 1 AND NEW.held = 0 BEGIN"
	"  UPDATE threads SET comment_count = comment_count + 1,"
	"    last_activity = max(last_activity, NEW.created)"
	"  WHERE id = NEW.thread_id;"
	"END;"
	"CREATE TRIGGER comment_removed AFTER DELETE ON comments"
	"  WHEN OLD.held = 0 BEGIN"
	"  UPDATE threads SET comment_count = comment_count - 1"
	"  WHERE id = OLD.thread_id;"
	"END;"
	"CREATE TRIGGER search_comment_added AFTER INSERT ON comments"
	"  WHEN NEW.held = 0 AND NEW.hidden IS NULL AND NEW.deleted = 0 BEGIN"
	"  INSERT INTO search (rowid, title, body, thread_id)"
	"  VALUES (NEW.id * 2, '', NEW.body, NEW.thread_id);"
	"END;"
	"CREATE TRIGGER search_comment_changed AFTER UPDATE OF body, held,"
	"  hidden, deleted ON comments BEGIN"
	"  DELETE FROM search WHERE rowid = OLD.id * 2;"
	"  INSERT INTO search (rowid, title, body, thread_id)"
	"  SELECT NEW.id * 2, '', NEW.body, NEW.thread_id"
	"  WHERE NEW.held = 0 AND NEW.hidden IS NULL AND NEW.deleted = 0;"
	"END;"
	"CREATE TRIGGER search_comment_removed AFTER DELETE ON comments BEGIN"
	"  DELETE FROM search WHERE rowid = OLD.id * 2;"
	"END;"
	"CREATE TRIGGER participant_commented AFTER INSERT ON comments"
	"  WHEN NEW.held = 0 AND NEW.deleted = 0 BEGIN"
	"  INSERT OR IGNORE INTO participants"
	"  VALUES (NEW.thread_id, NEW.member_id, NEW.id);"
	"END;"
	"CREATE TRIGGER participant_released AFTER UPDATE OF held ON comments"
	"  WHEN OLD.held = 1 AND NEW.held = 0 AND NEW.deleted = 0 BEGIN"
	"  INSERT OR IGNORE INTO participants VALUES (NEW.thread_id,"
	"  NEW.member_id, (SELECT max(id) FROM comments"
	"  WHERE thread_id = NEW.thread_id));"
	"END;"
	"CREATE TRIGGER participant_deleted AFTER UPDATE OF deleted ON comments"
	"  WHEN OLD.deleted = 0 AND NEW.deleted = 1 BEGIN"
	"  DELETE FROM participants WHERE thread_id = OLD.thread_id"
	"  AND member_id = OLD.member_id AND NOT EXISTS ("
	"    SELECT 1 FROM threads WHERE id = OLD.thread_id"
	"    AND member_id = OLD.member_id) AND NOT EXISTS ("
	"    SELECT 1 FROM comments WHERE member_id = OLD.member_id"
	"    AND thread_id = OLD.thread_id AND deleted = 0 AND held = 0);"
	"END;"
	"CREATE TRIGGER participant_removed AFTER DELETE ON comments BEGIN"
	"  DELETE FROM participants WHERE thread_id = OLD.thread_id"
	"  AND member_id = OLD.member_id AND NOT EXISTS ("
	"    SELECT 1 FROM threads WHERE id = OLD.thread_id"
	"    AND member_id = OLD.member_id) AND NOT EXISTS ("
	"    SELECT 1 FROM comments WHERE member_id = OLD.member_id"
	"    AND thread_id = OLD.thread_id AND deleted = 0 AND held = 0);"
	"END;"
	"CREATE TRIGGER rev_comment_added AFTER INSERT ON comments BEGIN"
	"  UPDATE threads SET rev = rev + 1 WHERE id = NEW.thread_id;"
	"END;"
	"CREATE TRIGGER rev_comment_changed AFTER UPDATE ON comments BEGIN"
	"  UPDATE threads SET rev = rev + 1"
	"  WHERE id IN (OLD.thread_id, NEW.thread_id);"
	"END;"
	"CREATE TRIGGER rev_comment_removed AFTER DELETE ON comments BEGIN"
	"  UPDATE threads SET rev = rev + 1 WHERE id = OLD.thread_id;"
	"END;",

	/* 6 -> 7: discussions in pages.  Each comment's weight on a page,
	 * in an index, so that finding where the pages of a discussion of
	 * thousands of comments begin reads no comment's text (the
	 * expression is COMMENT_WEIGHT's, without the table's alias). */
	"CREATE INDEX comments_by_weight ON comments(thread_id, held, id,"
	"  length(CAST(body AS BLOB)) + 32 *"
	"  (length(body) - length(replace(body, char(10), ''))));",

	/* 7 -> 8: the key of the intent tokens (intent.h), in a table of
	 * its own so that nothing that lists or exports settings shows it.
	 * Made by mootd on its first start (store_intent_secret), with
	 * OpenSSL's generator rather than SQLite's. */
	"CREATE TABLE server_secret ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  secret BLOB NOT NULL"
	");",

	/* 8 -> 9: nobody passes for someone else.  Each member's name has
	 * its two confusable skeletons (names.h; name_skeleton() is the SQL
	 * function store_open registers), indexed, so that a new name is
	 * compared with every member's at the cost of two look-ups.  The
	 * triggers keep the rule whatever writes the row; names that
	 * collided before this version are left as they are, and an empty
	 * skeleton (from a tool without the function) is never compared. */
	"ALTER TABLE members ADD COLUMN name_skel TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE members ADD COLUMN name_skel_cased TEXT NOT NULL "
	"  DEFAULT '';"
	"UPDATE members SET name_skel = name_skeleton(name, 0),"
	"  name_skel_cased = name_skeleton(name, 1);"
	"CREATE INDEX members_by_skel ON members(name_skel);"
	"CREATE INDEX members_by_skel_cased ON members(name_skel_cased);"
	"CREATE TRIGGER member_skel_added BEFORE INSERT ON members"
	"  WHEN EXISTS (SELECT 1 FROM members WHERE"
	"  (NEW.name_skel <> '' AND name_skel = NEW.name_skel) OR"
	"  (NEW.name_skel_cased <> '' AND"
	"  name_skel_cased = NEW.name_skel_cased)) BEGIN"
	"  SELECT RAISE(ABORT, 'a member has a confusable name');"
	"END;"
	"CREATE TRIGGER member_skel_changed BEFORE UPDATE OF name_skel,"
	"  name_skel_cased ON members WHEN EXISTS (SELECT 1 FROM members"
	"  WHERE id <> NEW.id AND ("
	"  (NEW.name_skel <> OLD.name_skel AND NEW.name_skel <> '' AND"
	"  name_skel = NEW.name_skel) OR"
	"  (NEW.name_skel_cased <> OLD.name_skel_cased AND"
	"  NEW.name_skel_cased <> '' AND"
	"  name_skel_cased = NEW.name_skel_cased))) BEGIN"
	"  SELECT RAISE(ABORT, 'a member has a confusable name');"
	"END;",
};

/*
 * Moderation actions: what each changes (?1 target, ?2 arg, ?3 text,
 * ?4 now, ?5 text2) and how the audit log names its target.  A change
 * that touches no row means the target is not there (or not in the state
 * the action needs): STORE_NOTFOUND, and nothing is logged.
 */
static const struct {
	const char	*name;
	const char	*target;	/* "comment", "thread"... */
	const char	*sql;
} mod_actions[MOD__MAX] = {
	[MOD_HIDE_COMMENT] = { "hide", "comment",
	    "UPDATE comments SET hidden = ?6 WHERE id = ?1 AND deleted = 0 "
	    "AND hidden IS NULL" },
	[MOD_RESTORE_COMMENT] = { "restore", "comment",
	    "UPDATE comments SET hidden = NULL WHERE id = ?1 "
	    "AND hidden IS NOT NULL" },
	[MOD_APPROVE_COMMENT] = { "approve", "comment",
	    "UPDATE comments SET held = 0 WHERE id = ?1 AND held = 1" },
	[MOD_REJECT_COMMENT] = { "reject", "comment",
	    "DELETE FROM comments WHERE id = ?1 AND held = 1" },
	[MOD_LOCK_THREAD] = { "lock", "thread",
	    "UPDATE threads SET locked = 1 WHERE id = ?1 AND locked = 0" },
	[MOD_UNLOCK_THREAD] = { "unlock", "thread",
	    "UPDATE threads SET locked = 0 WHERE id = ?1 AND locked = 1" },
	[MOD_MOVE_THREAD] = { "move", "thread",
	    "UPDATE threads SET space_id = ?2 WHERE id = ?1 AND space_id <> ?2 "
	    "AND EXISTS (SELECT 1 FROM spaces WHERE id = ?2)" },
	[MOD_DELETE_THREAD] = { "delete", "thread",
	    "DELETE FROM threads WHERE id = ?1" },
	[MOD_APPROVE_THREAD] = { "approve", "thread",
	    "UPDATE threads SET held = 0 WHERE id = ?1 AND held = 1" },
	[MOD_REJECT_THREAD] = { "reject", "thread",
	    "DELETE FROM threads WHERE id = ?1 AND held = 1" },
	[MOD_SUSPEND_MEMBER] = { "suspend", "member",
	    "UPDATE members SET suspended = ?6 WHERE id = ?1" },
	[MOD_RESTORE_MEMBER] = { "restore", "member",
	    "UPDATE members SET suspended = NULL WHERE id = ?1 "
	    "AND suspended IS NOT NULL" },
	[MOD_SET_ROLE] = { "role", "member",
	    "UPDATE members SET role = ?2 WHERE id = ?1 AND ?2 BETWEEN 0 AND 2" },
	[MOD_RENAME_MEMBER] = { "rename", "member",
	    "UPDATE members SET name = ?3, name_key = ?5, "
	    "name_skel = name_skeleton(?3, 0), "
	    "name_skel_cased = name_skeleton(?3, 1) WHERE id = ?1" },
	[MOD_UNLINK_CERT] = { "unlink", "member",
	    "DELETE FROM certs WHERE member_id = ?1 AND fingerprint = ?3" },
	[MOD_RESOLVE_REPORT] = { "resolve", "report",
	    "UPDATE reports SET resolved = ?4 WHERE id = ?1 "
	    "AND resolved IS NULL" },
	[MOD_ADD_SPACE] = { "add", "space",
	    "INSERT INTO spaces (slug, name, position) VALUES (?3, ?5, "
	    "(SELECT coalesce(max(position), 0) + 1 FROM spaces))" },
	[MOD_RENAME_SPACE] = { "rename", "space",
	    "UPDATE spaces SET name = ?3 WHERE id = ?1" },
	[MOD_DESCRIBE_SPACE] = { "describe", "space",
	    "UPDATE spaces SET description = ?3 WHERE id = ?1" },
	[MOD_ARCHIVE_SPACE] = { "archive", "space",
	    "UPDATE spaces SET archived = 1 WHERE id = ?1 AND archived = 0" },
	[MOD_UNARCHIVE_SPACE] = { "unarchive", "space",
	    "UPDATE spaces SET archived = 0 WHERE id = ?1 AND archived = 1" },
	[MOD_ORDER_SPACE] = { "order", "space",
	    "UPDATE spaces SET position = ?2 WHERE id = ?1" },
	[MOD_HIDE_THREAD] = { "hide", "thread",
	    "UPDATE threads SET hidden = ?6 WHERE id = ?1 AND hidden IS NULL" },
	[MOD_RESTORE_THREAD] = { "restore", "thread",
	    "UPDATE threads SET hidden = NULL WHERE id = ?1 "
	    "AND hidden IS NOT NULL" },
	[MOD_RETITLE_THREAD] = { "retitle", "thread",
	    "UPDATE threads SET title = ?3 WHERE id = ?1 AND title <> ?3" },
	[MOD_REVOKE_INVITE] = { "revoke", "invitation",
	    "UPDATE invites SET revoked = ?4 WHERE id = ?1 AND revoked IS NULL "
	    "AND uses_left > 0 AND (?2 = 0 OR creator_id = ?2)" },
	/* logged along with other changes: no statement of their own */
	[MOD_ADD_INVITE] = { "invite", "invitation", NULL },
	[MOD_USE_INVITE] = { "use", "invitation", NULL },
	[MOD_SET_SETTING] = { "set", "setting",
	    "INSERT INTO settings (key, value) VALUES (?3, ?5) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value" },
};

/* Longest name a key is made of, in bytes. */
#define NAME_KEY_MAX	(MEMBER_NAME_MAX * 4)

struct store {
	sqlite3		*db;
	int		 depth;		/* transactions open (store_begin) */
	int		 wal_pages;	/* after our last commit (STORE_WRITER) */
	sqlite3_stmt	*stmt[STMT__MAX];
	sqlite3_stmt	*mod_stmt[MOD__MAX];
};

static int64_t	store_find_id(struct store *, sqlite3_stmt *);
static int	modlog_add(struct store *, const struct mod_request *,
	    int64_t);

/* Map an SQLite result to a STORE_ code, logging what is unexpected. */
int
store_result(struct store *st, int rc)
{
	switch (rc) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return STORE_OK;
	case SQLITE_CONSTRAINT:
		return STORE_CONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_warnx("database busy: %s", sqlite3_errmsg(st->db));
		return STORE_BUSY;
	case SQLITE_FULL:
		log_warnx("database full: %s", sqlite3_errmsg(st->db));
		return STORE_FULL;
	default:
		log_warnx("database error: %s", sqlite3_errmsg(st->db));
		return STORE_ERROR;
	}
}

/* The statement, prepared on first use, reset and unbound. */
static sqlite3_stmt *
store_stmt(struct store *st, enum stmt id)
{
	sqlite3_stmt *s = st->stmt[id];

	if (s == NULL) {
		if (sqlite3_prepare_v3(st->db, stmt_sql[id], -1,
		    SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
			log_warnx("prepare %d: %s", id,
			    sqlite3_errmsg(st->db));
			return NULL;
		}
		st->stmt[id] = s;
	}
	return s;
}

/* Step a statement that returns no rows; reset it. */
static int
store_exec_stmt(struct store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return store_result(st, rc);
}

static int
store_exec_id(struct store *st, enum stmt id)
{
	sqlite3_stmt *s = store_stmt(st, id);

	return s ? store_exec_stmt(st, s) : STORE_ERROR;
}

/* sqlite3_wal_hook: a commit of ours is in the WAL, which has pages. */
static int
store_wal_committed(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store *st = arg;

	(void)db;
	(void)name;
	st->wal_pages = pages;
	return SQLITE_OK;
}

/*
 * SQLite will not open a -wal or -shm that is a symbolic link (it uses
 * O_NOFOLLOW), but says only "unable to open database file": say why.
 */
static int
store_side_files_ok(const char *path)
{
	static const char *const suffix[] = { "-wal", "-shm" };
	struct stat	 sb;
	char		 side[PATH_MAX];
	size_t		 i;

	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(side, sizeof(side), "%s%s", path, suffix[i]);
		if (lstat(side, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			log_warnx("%s is not a regular file: remove it", side);
			return -1;
		}
	}
	return 0;
}

/*
 * name_skeleton(name, cased) in SQL: the keys by which names are compared
 * (names.h), folded (0) or with case kept (1).  '' when ICU cannot make
 * one, which is never compared.
 */
static void
sql_name_skeleton(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char		 skel[NAME_SKELETON_MAX];
	const char	*name = (const char *)sqlite3_value_text(argv[0]);
	size_t		 len = (size_t)sqlite3_value_bytes(argv[0]);
	int		 n = -1;

	(void)argc;
	if (name != NULL)
		n = sqlite3_value_int(argv[1]) ?
		    name_skeleton_cased(name, len, skel, sizeof(skel)) :
		    name_skeleton(name, len, skel, sizeof(skel));
	sqlite3_result_text(ctx, n < 0 ? "" : skel, n < 0 ? 0 : n,
	    SQLITE_TRANSIENT);
}

struct store *
store_open(const char *path, int flags)
{
	struct store	*st;
	struct stat	 sb;
	int		 fd, oflags;

	if ((st = calloc(1, sizeof(*st))) == NULL)
		return NULL;
	if (flags & STORE_CREATE) {
		/*
		 * Create it ourselves so that it is 0600 from the start, and
		 * never through a symbolic link: mootd starts as root, and a
		 * link planted at the path would have root create (and
		 * --user then chown) a file wherever it points.
		 */
		fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC, 0600);
		if (fd == -1) {
			if (errno == ELOOP)
				log_warnx("%s is a symbolic link: give the "
				    "database's own path", path);
			else
				log_warn("%s", path);
			free(st);
			return NULL;
		}
		if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
		    sb.st_nlink != 1 || store_side_files_ok(path) == -1) {
			if (!S_ISREG(sb.st_mode) || sb.st_nlink != 1)
				log_warnx("%s is not a regular file with one "
				    "name (a hard link?)", path);
			close(fd);
			free(st);
			return NULL;
		}
		close(fd);
	}
	oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE;
	/* the same for every opening, in case the path changed since */
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX |
	    SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		log_warnx("%s: %s", path, st->db ? sqlite3_errmsg(st->db) :
		    "cannot open");
		store_close(st);
		return NULL;
	}
	sqlite3_extended_result_codes(st->db, 0);
	if (sqlite3_create_function_v2(st->db, "name_skeleton", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_name_skeleton, NULL,
	    NULL, NULL) != SQLITE_OK) {
		log_warnx("%s: %s", path, sqlite3_errmsg(st->db));
		store_close(st);
		return NULL;
	}
	sqlite3_busy_timeout(st->db, (flags & STORE_SERVER) ?
	    STORE_SERVER_BUSY_MS : STORE_BUSY_TIMEOUT_MS);
	/*
	 * temp_store in memory: statement journals and sorts would otherwise
	 * go to /tmp, which the sandbox (rightly) does not let mootd open.
	 */
	if (sqlite3_exec(st->db, "PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA temp_store = MEMORY;", NULL, NULL, NULL) != SQLITE_OK) {
		log_warnx("%s: %s", path, sqlite3_errmsg(st->db));
		store_close(st);
		return NULL;
	}
	/* see STORE_CHECKPOINT_PAGES */
	if (flags & STORE_WRITER)
		sqlite3_wal_hook(st->db, store_wal_committed, st);
	else if (flags & STORE_SERVER)
		sqlite3_wal_autocheckpoint(st->db, 0);
	return st;
}

int
store_checkpoint_due(struct store *st)
{
	int rc;

	if (st->wal_pages < STORE_CHECKPOINT_PAGES)
		return STORE_OK;
	/* passive: never waits for readers, copies what it can */
	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    NULL, NULL);
	st->wal_pages = 0;
	return rc == SQLITE_OK ? STORE_OK : store_result(st, rc);
}

void
store_close(struct store *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(st->stmt[i]);
	for (i = 0; i < MOD__MAX; i++)
		sqlite3_finalize(st->mod_stmt[i]);
	sqlite3_close(st->db);
	free(st);
}

const char *
store_errmsg(struct store *st)
{
	return sqlite3_errmsg(st->db);
}

sqlite3 *
store_handle(struct store *st)
{
	return st->db;
}

int64_t
store_data_version(struct store *st)
{
	sqlite3_stmt	*s = store_stmt(st, STMT_DATA_VERSION);
	int64_t		 v;

	if (s == NULL)
		return -1;
	v = store_find_id(st, s);
	return v < 0 ? -1 : v;
}

int
store_revisions(struct store *st, int64_t thread_id, int64_t *thread_rev,
    int64_t *rev)
{
	sqlite3_stmt	*s = store_stmt(st, STMT_REVISIONS);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*thread_rev = sqlite3_column_int64(s, 0);
		*rev = sqlite3_column_int64(s, 1);
		rc = sqlite3_column_type(s, 0) == SQLITE_NULL ?
		    STORE_NOTFOUND : STORE_OK;
	} else
		rc = store_result(st, rc);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

int64_t
store_total_changes(struct store *st)
{
	return sqlite3_total_changes64(st->db);
}

static int
store_user_version(struct store *st)
{
	sqlite3_stmt	*s;
	int		 v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* 1 when no row breaks a foreign key (PRAGMA foreign_key_check). */
static int
store_foreign_keys_hold(struct store *st)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s,
	    NULL) != SQLITE_OK)
		return 0;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		log_warnx("a row of %s breaks a foreign key",
		    (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE;
}

/*
 * Bring the schema up to STORE_SCHEMA_VERSION, one transaction per step,
 * and switch the file to WAL.  A database newer than this build is refused
 * rather than touched.
 */
int
store_migrate(struct store *st)
{
	char	 sql[64];
	int	 v;

	if (sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL,
	    NULL) != SQLITE_OK) {
		log_warnx("WAL: %s", sqlite3_errmsg(st->db));
		return STORE_ERROR;
	}
	if ((v = store_user_version(st)) < 0)
		return store_result(st, sqlite3_errcode(st->db));
	if (v > STORE_SCHEMA_VERSION) {
		log_warnx("database schema %d is newer than this moot (%d)",
		    v, STORE_SCHEMA_VERSION);
		return STORE_ERROR;
	}
	if (v == STORE_SCHEMA_VERSION)
		return STORE_OK;
	/*
	 * Foreign keys off while migrating: a table rebuilt (new table, copy,
	 * drop, rename) must not take its referring rows with it, and the
	 * pragma is a no-op inside a transaction.  Each step checks them
	 * before it commits instead.
	 */
	if (sqlite3_exec(st->db, "PRAGMA foreign_keys = OFF", NULL, NULL,
	    NULL) != SQLITE_OK) {
		log_warnx("foreign keys: %s", sqlite3_errmsg(st->db));
		return STORE_ERROR;
	}
	for (; v < STORE_SCHEMA_VERSION; v++) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL,
		    NULL) != SQLITE_OK ||
		    sqlite3_exec(st->db, migrations[v], NULL, NULL,
		    NULL) != SQLITE_OK ||
		    !store_foreign_keys_hold(st) ||
		    sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(st->db, "COMMIT", NULL, NULL,
		    NULL) != SQLITE_OK) {
			log_warnx("migration to schema %d: %s", v + 1,
			    sqlite3_errmsg(st->db));
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL,
			    NULL, NULL);
			return STORE_ERROR;
		}
		log_info("database schema migrated to version %d", v + 1);
	}
	if (sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL,
	    NULL) != SQLITE_OK) {
		log_warnx("foreign keys: %s", sqlite3_errmsg(st->db));
		return STORE_ERROR;
	}
	return STORE_OK;
}

/*
 * Transactions nest: the outermost is BEGIN IMMEDIATE (a writer takes the
 * lock up front, so it never has to upgrade a read and fail), the inner
 * ones are savepoints.  So store functions that write atomically can run
 * alone (mootctl, a handler) or inside the writer's batch (writer.c), and
 * a failed one rolls back only itself.
 */
int
store_removed(struct store *st, int comment, int64_t id)
{
	sqlite3_stmt	*s = store_stmt(st, comment ? STMT_COMMENT_REMOVED :
	    STMT_THREAD_REMOVED);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_result(st, rc);
}

int
store_begin(struct store *st)
{
	int rc;

	rc = store_exec_id(st, st->depth == 0 ? STMT_BEGIN : STMT_SAVEPOINT);
	if (rc == STORE_OK)
		st->depth++;
	return rc;
}

int
store_commit(struct store *st)
{
	int rc;

	if (st->depth == 0)
		return STORE_ERROR;
	rc = store_exec_id(st, st->depth == 1 ? STMT_COMMIT : STMT_RELEASE);
	if (rc == STORE_OK)
		st->depth--;
	return rc;
}

void
store_rollback(struct store *st)
{
	if (st->depth == 0)
		return;
	if (st->depth == 1) {
		if (!sqlite3_get_autocommit(st->db))
			store_exec_id(st, STMT_ROLLBACK);
	} else {
		store_exec_id(st, STMT_ROLLBACK_TO);
		store_exec_id(st, STMT_RELEASE);
	}
	st->depth--;
}

const char *
store_setting(struct store *st, const char *key, char *buf, size_t bufsz)
{
	sqlite3_stmt		*s = store_stmt(st, STMT_SETTING_GET);
	const struct setting	*def;
	const char		*v = NULL;

	if (s != NULL) {
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW) {
			v = (const char *)sqlite3_column_text(s, 0);
			snprintf(buf, bufsz, "%s", v ? v : "");
		}
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		if (v != NULL)
			return buf;
	}
	/* not set yet: the table's default */
	snprintf(buf, bufsz, "%s", (def = setting_find(key)) != NULL ?
	    def->def : "");
	return buf;
}

int
store_setting_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt		*s = store_stmt(st, STMT_SETTING_SET);
	const struct setting	*def = setting_find(key);

	if (def == NULL || setting_check(def, value) != NULL)
		return STORE_INVALID;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	return store_exec_stmt(st, s);
}

void
store_space_row(sqlite3_stmt *s, struct space_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->slug = COL_TEXT(s, 1);
	r->name = COL_TEXT(s, 2);
	r->description = COL_TEXT(s, 3);
	r->threads = sqlite3_column_int64(s, 4);
	r->archived = sqlite3_column_int(s, 5);
}

void
store_thread_row(sqlite3_stmt *s, struct thread_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->space_id = sqlite3_column_int64(s, 1);
	r->space_slug = COL_TEXT(s, 2);
	r->space_name = COL_TEXT(s, 3);
	r->author_id = sqlite3_column_int64(s, 4);
	r->author = COL_TEXT(s, 5);
	r->title = COL_TEXT(s, 6);
	r->body = COL_TEXT(s, 7);
	r->created = sqlite3_column_int64(s, 8);
	r->last_activity = sqlite3_column_int64(s, 9);
	r->comments = sqlite3_column_int64(s, 10);
	r->views = sqlite3_column_int64(s, 11);
	r->locked = sqlite3_column_int(s, 12);
	r->held = sqlite3_column_int(s, 13);
	r->archived = sqlite3_column_int(s, 14);
	r->edited = sqlite3_column_int64(s, 15);
	r->hidden = COL_TEXT(s, 16);
	r->reported = sqlite3_column_int(s, 17);
}

void
store_comment_row(sqlite3_stmt *s, struct comment_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->thread_id = sqlite3_column_int64(s, 1);
	r->author_id = sqlite3_column_int64(s, 2);
	r->author = COL_TEXT(s, 3);
	r->body = COL_TEXT(s, 4);
	r->created = sqlite3_column_int64(s, 5);
	r->edited = sqlite3_column_int64(s, 6);
	r->deleted = sqlite3_column_int(s, 7);
	r->held = sqlite3_column_int(s, 8);
	r->hidden = COL_TEXT(s, 9);
	r->reported = sqlite3_column_int(s, 10);
}


int
store_spaces(struct store *st, space_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SPACES);

	if (s == NULL)
		return STORE_ERROR;
	return STORE_EACH(st, s, struct space_row, store_space_row, cb, arg);
}

int
store_space_by_slug(struct store *st, const char *slug, space_cb cb,
    void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SPACE_BY_SLUG);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, slug, -1, SQLITE_STATIC);
	return STORE_EACH(st, s, struct space_row, store_space_row, cb, arg);
}

int
store_threads_recent(struct store *st, int limit, thread_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_THREADS_RECENT);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, limit);
	return STORE_EACH(st, s, struct thread_row, store_thread_row, cb, arg);
}

int
store_threads_in_space(struct store *st, int64_t space_id, int limit,
    int offset, thread_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_THREADS_IN_SPACE);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, space_id);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int(s, 3, offset);
	return STORE_EACH(st, s, struct thread_row, store_thread_row, cb, arg);
}

int
store_thread(struct store *st, int64_t id, int64_t viewer, thread_cb cb,
    void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_THREAD);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, viewer);
	return STORE_EACH(st, s, struct thread_row, store_thread_row, cb, arg);
}

int
store_comments(struct store *st, int64_t thread_id, int64_t viewer,
    int64_t first, int64_t end, comment_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, viewer ? STMT_COMMENTS :
	    STMT_COMMENTS_ANON);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	if (viewer)
		sqlite3_bind_int64(s, 2, viewer);
	sqlite3_bind_int64(s, 3, first);
	sqlite3_bind_int64(s, 4, end);
	return STORE_EACH(st, s, struct comment_row, store_comment_row, cb,
	    arg);
}

static void
store_weight_row(sqlite3_stmt *s, struct weight_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->weight = sqlite3_column_int64(s, 1);
}

int
store_comment_weights(struct store *st, int64_t thread_id, weight_cb cb,
    void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_COMMENT_WEIGHTS);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	return STORE_EACH(st, s, struct weight_row, store_weight_row, cb, arg);
}

static int
store_views(struct store *st, enum stmt id, int64_t thread_id, int64_t n)
{
	sqlite3_stmt *s = store_stmt(st, id);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, n);
	return store_exec_stmt(st, s);
}

int
store_add_views(struct store *st, int64_t thread_id, int64_t n)
{
	return store_views(st, STMT_ADD_VIEWS, thread_id, n);
}

int
store_thread_set_views(struct store *st, int64_t thread_id, int64_t views)
{
	return store_views(st, STMT_SET_VIEWS, thread_id, views);
}

int
store_thread_views(struct store *st, int64_t thread_id, int64_t *views)
{
	sqlite3_stmt	*s = store_stmt(st, STMT_THREAD_VIEWS);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*views = sqlite3_column_int64(s, 0);
		rc = STORE_OK;
	} else
		rc = rc == SQLITE_DONE ? STORE_NOTFOUND : store_result(st, rc);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

/* Run an INSERT; the new row id, or a STORE_ error. */
static int64_t
store_insert(struct store *st, sqlite3_stmt *s)
{
	int rc = store_exec_stmt(st, s);

	return rc == STORE_OK ? sqlite3_last_insert_rowid(st->db) : rc;
}

/* Names are unique whatever their case (text_name_key). */
static const char *
name_key(const char *name, char *key)
{
	size_t len = strlen(name);

	if (len > NAME_KEY_MAX)
		len = NAME_KEY_MAX;
	text_name_key(name, len, key);
	return key;
}

static int64_t
member_insert(struct store *st, const char *name, int64_t joined, int role,
    int approved, int64_t terms)
{
	sqlite3_stmt	*s = store_stmt(st, STMT_MEMBER_ADD);
	char		 key[NAME_KEY_MAX + 1];

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, joined);
	sqlite3_bind_int(s, 3, role);
	sqlite3_bind_int(s, 4, approved);
	sqlite3_bind_int64(s, 5, terms);
	sqlite3_bind_text(s, 6, name_key(name, key), -1, SQLITE_STATIC);
	return store_insert(st, s);
}

int64_t
store_member_add(struct store *st, const char *name, int64_t joined, int role)
{
	char buf[32];

	return member_insert(st, name, joined, role, 1, atoll(store_setting(st,
	    SETTING_TERMS_VERSION, buf, sizeof(buf))));
}

int64_t
store_space_add(struct store *st, const char *slug, const char *name,
    const char *description, int position)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SPACE_ADD);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, description, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, position);
	return store_insert(st, s);
}

static int64_t
thread_insert(struct store *st, int64_t space_id, int64_t member_id,
    const char *title, const char *body, int held, int64_t created)
{
	sqlite3_stmt *s = store_stmt(st, STMT_THREAD_ADD);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, space_id);
	sqlite3_bind_int64(s, 2, member_id);
	sqlite3_bind_text(s, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, created);
	sqlite3_bind_int(s, 6, held);
	return store_insert(st, s);
}

int64_t
store_thread_add(struct store *st, int64_t space_id, int64_t member_id,
    const char *title, const char *body, int64_t created)
{
	return thread_insert(st, space_id, member_id, title, body, 0, created);
}

static int64_t
comment_insert(struct store *st, int64_t thread_id, int64_t member_id,
    const char *body, int held, int64_t created)
{
	sqlite3_stmt *s = store_stmt(st, STMT_COMMENT_ADD);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, member_id);
	sqlite3_bind_text(s, 3, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, created);
	sqlite3_bind_int(s, 5, held);
	return store_insert(st, s);
}

int64_t
store_comment_add(struct store *st, int64_t thread_id, int64_t member_id,
    const char *body, int64_t created)
{
	return comment_insert(st, thread_id, member_id, body, 0, created);
}

static void
member_from_row(sqlite3_stmt *s, struct member *m)
{
	const char *reason;

	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(s, 0);
	snprintf(m->name, sizeof(m->name), "%s", COL_TEXT(s, 1));
	m->joined = sqlite3_column_int64(s, 2);
	m->role = sqlite3_column_int(s, 3);
	if ((reason = COL_TEXT(s, 4)) != NULL) {
		m->suspended = 1;
		/* older databases may hold more than store_moderate keeps */
		utf8_copy(m->reason, sizeof(m->reason), reason);
	}
	m->approved = sqlite3_column_int(s, 5);
	m->terms_accepted = sqlite3_column_int64(s, 6);
}

int
store_members(struct store *st, member_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_MEMBERS);

	if (s == NULL)
		return STORE_ERROR;
	return STORE_EACH(st, s, struct member, member_from_row, cb, arg);
}

static int
member_from_stmt(struct store *st, sqlite3_stmt *s, struct member *m)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		member_from_row(s, m);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_result(st, rc);
}

int
store_member_by_cert(struct store *st, const char *fp, struct member *m)
{
	sqlite3_stmt *s = store_stmt(st, STMT_MEMBER_BY_CERT);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, fp, -1, SQLITE_STATIC);
	return member_from_stmt(st, s, m);
}

int
store_member_by_id(struct store *st, int64_t id, struct member *m)
{
	sqlite3_stmt *s = store_stmt(st, STMT_MEMBER_BY_ID);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return member_from_stmt(st, s, m);
}

int
store_cert_add(struct store *st, const char *fp, int64_t member_id,
    int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, STMT_CERT_ADD);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, fp, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, member_id);
	sqlite3_bind_int64(s, 3, now);
	return store_exec_stmt(st, s);
}

static void
cert_from_row(sqlite3_stmt *s, struct cert_row *r)
{
	r->fingerprint = COL_TEXT(s, 0);
	r->added = sqlite3_column_int64(s, 1);
}

int
store_certs(struct store *st, int64_t member_id, cert_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_CERTS);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	return STORE_EACH(st, s, struct cert_row, cert_from_row, cb, arg);
}

int
store_cert_unlink(struct store *st, int64_t member_id, const char *fp,
    const char *keep)
{
	sqlite3_stmt	*s = store_stmt(st, STMT_CERT_UNLINK);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_text(s, 2, fp, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, keep, -1, SQLITE_STATIC);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		return rc;
	return sqlite3_changes(st->db) > 0 ? STORE_OK : STORE_NOTFOUND;
}

/* Create a member and their first certificate, both or neither. */
int64_t
store_member_join(struct store *st, const char *name, const char *fp,
    int approved, int64_t terms, const char *invite, int64_t now)
{
	sqlite3_stmt		*s;
	struct mod_request	 used = { .action = MOD_USE_INVITE,
	    .reason = "joined", .now = now };
	int64_t			 id, invite_id = 0;
	int			 rc;

	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	if (invite != NULL) {
		/* the invitation is spent in the same transaction */
		if ((s = store_stmt(st, STMT_INVITE_SPEND)) == NULL) {
			store_rollback(st);
			return STORE_ERROR;
		}
		sqlite3_bind_text(s, 1, invite, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, now - INVITE_TTL);
		if ((invite_id = store_find_id(st, s)) < 0) {
			store_rollback(st);
			return invite_id;
		}
	}
	if ((id = member_insert(st, name, now, ROLE_MEMBER, approved,
	    terms)) < 0) {
		store_rollback(st);
		return id;
	}
	/* the log says which invitation let whom in, never its code */
	used.moderator = id;
	if ((rc = store_cert_add(st, fp, id, now)) != STORE_OK ||
	    (invite_id > 0 && (rc = modlog_add(st, &used,
	    invite_id)) != STORE_OK) ||
	    (rc = store_commit(st)) != STORE_OK) {
		store_rollback(st);
		return rc;
	}
	return id;
}

int
store_member_rename(struct store *st, int64_t id, const char *name)
{
	sqlite3_stmt	*s = store_stmt(st, STMT_MEMBER_RENAME);
	char		 key[NAME_KEY_MAX + 1];

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, name_key(name, key), -1, SQLITE_STATIC);
	return store_exec_stmt(st, s);
}

int
store_link_code_add(struct store *st, int64_t member_id, const char *code,
    int64_t expires)
{
	sqlite3_stmt *s = store_stmt(st, STMT_CODE_ADD);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, member_id);
	sqlite3_bind_int64(s, 3, expires);
	return store_exec_stmt(st, s);
}

/*
 * Spend a one-time code: the certificate joins the code's member.  The
 * code is gone whether it was used in time or not.
 */
int64_t
store_link_code_use(struct store *st, const char *code, const char *fp,
    int64_t now)
{
	sqlite3_stmt	*s;
	int64_t		 member = STORE_NOTFOUND;
	int		 rc;

	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, STMT_CODE_PURGE)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, now);
	if (store_exec_stmt(st, s) != STORE_OK)
		goto fail;
	if ((s = store_stmt(st, STMT_CODE_TAKE)) == NULL)
		goto fail;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		member = sqlite3_column_int64(s, 0);
	/* step to the end so that the DELETE ... RETURNING completes */
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		goto fail;
	if (member > 0 && (rc = store_cert_add(st, fp, member, now)) !=
	    STORE_OK) {
		store_rollback(st);
		return rc;
	}
	if (store_commit(st) != STORE_OK)
		goto fail;
	return member;
fail:
	store_rollback(st);
	return STORE_ERROR;
}

/* The id of a matching row, STORE_NOTFOUND, or an error. */
static int64_t
store_find_id(struct store *st, sqlite3_stmt *s)
{
	int	rc = sqlite3_step(s);
	int64_t	id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc == SQLITE_ROW)
		return id;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_result(st, rc);
}

static int64_t
member_by_skeleton(struct store *st, const char *skel,
    const char *cased, int64_t self, char *name, size_t namesz)
{
	sqlite3_stmt	*s = store_stmt(st, STMT_MEMBER_BY_SKELETON);
	int64_t		 id = STORE_NOTFOUND;
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, skel, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, cased, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, self);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		snprintf(name, namesz, "%s", (const char *)sqlite3_column_text(s,
		    1));
	} else if (rc != SQLITE_DONE)
		id = store_result(st, rc);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return id;
}

const char *
store_name_vet(struct store *st, const char *s, size_t len, int64_t self,
    char *buf, size_t bufsz)
{
	char		 skel[NAME_SKELETON_MAX], cased[NAME_SKELETON_MAX];
	char		 other[MEMBER_NAME_MAX * 4 + 1], community[256];
	const char	*why;
	int64_t		 id;

	if ((why = name_check(s, len)) != NULL)
		return why;
	if (name_skeleton(s, len, skel, sizeof(skel)) < 0 ||
	    name_skeleton_cased(s, len, cased, sizeof(cased)) < 0)
		return "That name cannot be checked; choose another.";
	store_setting(st, SETTING_NAME, community, sizeof(community));
	/* s is checked UTF-8 without NUL, so a string of it is all of it */
	snprintf(other, sizeof(other), "%.*s", (int)len, s);
	if (community[0] != '\0' && name_confusable(other, community)) {
		snprintf(buf, bufsz, "That is, or looks like, the community's "
		    "own name.");
		return buf;
	}
	id = member_by_skeleton(st, skel, cased, self, other,
	    sizeof(other));
	if (id > 0) {
		snprintf(buf, bufsz, "That name is taken: it is, or looks "
		    "too much like, the name of %s, who is already a member.",
		    other);
		return buf;
	}
	if (id < 0 && id != STORE_NOTFOUND)
		return "Names cannot be checked just now; try again later.";
	return NULL;
}

/*
 * "@Name" in a comment: the longest run of words after the "@" that is a
 * member's name (names may hold spaces).  Returns the member id or 0.
 */
static int64_t
mention_at(struct store *st, const char *p)
{
	sqlite3_stmt	*s = store_stmt(st, STMT_MEMBER_BY_KEY);
	char		 key[NAME_KEY_MAX + 1];
	size_t		 len = 0, ends[NAME_MAX_CHARS], nends = 0;
	int64_t		 id;

	if (s == NULL)
		return 0;
	/* candidate ends: before each space or punctuation, max 32 chars */
	while (p[len] != '\0' && p[len] != '\n' && len < NAME_KEY_MAX) {
		len++;
		if ((p[len] == ' ' || p[len] == ',' || p[len] == '.' ||
		    p[len] == ':' || p[len] == '!' || p[len] == '?' ||
		    p[len] == ';' || p[len] == '\0' || p[len] == '\n') &&
		    nends < NAME_MAX_CHARS)
			ends[nends++] = len;
	}
	while (nends > 0) {
		len = ends[--nends];
		text_name_key(p, len, key);
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		if ((id = store_find_id(st, s)) > 0)
			return id;
	}
	return 0;
}

static int
notify_one(struct store *st, int64_t member, const char *kind,
    int64_t thread_id, int64_t comment_id, int64_t actor, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, STMT_NOTIFY_ONE);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, thread_id);
	sqlite3_bind_int64(s, 4, comment_id);
	sqlite3_bind_int64(s, 5, actor);
	sqlite3_bind_int64(s, 6, now);
	return store_exec_stmt(st, s);
}

/*
 * A comment others can now see: anyone named hears of it at once; the
 * discussion's people gather it when they read their notifications
 * (STMT_NOTES_GATHER), except, for one approved late, those who have
 * gathered past it already.
 */
static int
notify_comment(struct store *st, int64_t thread_id, int64_t comment_id,
    int64_t actor, const char *body, int64_t now, int late)
{
	sqlite3_stmt	*s;
	const char	*at;
	int64_t		 who;
	int		 rc, mentions = 0;

	if (late) {
		if ((s = store_stmt(st, STMT_NOTIFY_REPLY)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, thread_id);
		sqlite3_bind_int64(s, 2, comment_id);
		sqlite3_bind_int64(s, 3, actor);
		sqlite3_bind_int64(s, 4, now);
		if ((rc = store_exec_stmt(st, s)) != STORE_OK)
			return rc;
	}
	/* a handful of mentions per comment is plenty */
	for (at = strchr(body, '@'); at != NULL && mentions < 10;
	    at = strchr(at + 1, '@')) {
		if (at > body && at[-1] != ' ' && at[-1] != '\n' &&
		    at[-1] != '(')
			continue;	/* an e-mail address, not a mention */
		mentions++;
		if ((who = mention_at(st, at + 1)) > 0 &&
		    (rc = notify_one(st, who, NOTE_MENTION, thread_id,
		    comment_id, actor, now)) != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

/* A comment this member already made with this text since since. */
int64_t
store_comment_same(struct store *st, int64_t thread_id, int64_t member_id,
    const char *body, int64_t since)
{
	sqlite3_stmt *s = store_stmt(st, STMT_COMMENT_SAME);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int64(s, 2, thread_id);
	sqlite3_bind_int64(s, 3, since);
	sqlite3_bind_text(s, 4, body, -1, SQLITE_STATIC);
	return store_find_id(st, s);
}

/*
 * Add a comment unless the same member said the same thing in the same
 * thread since same_since (a retried request): then the earlier comment's
 * id is returned and nothing is written.  Committed on return.
 */
int64_t
store_comment_post(struct store *st, int64_t thread_id, int64_t member_id,
    const char *body, int held, int64_t now, int64_t same_since)
{
	int64_t		 id;
	int		 rc;

	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	id = store_comment_same(st, thread_id, member_id, body, same_since);
	if (id == STORE_NOTFOUND) {
		id = comment_insert(st, thread_id, member_id, body, held, now);
		if (id > 0 && !held &&
		    (rc = notify_comment(st, thread_id, id, member_id, body,
		    now, 0)) != STORE_OK)
			id = rc;
	}
	if (id < 0 || (rc = store_commit(st)) != STORE_OK) {
		store_rollback(st);
		return id < 0 ? id : rc;
	}
	return id;
}

int
store_comment(struct store *st, int64_t id, comment_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_COMMENT);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return STORE_EACH(st, s, struct comment_row, store_comment_row, cb,
	    arg);
}

int
store_comment_edit(struct store *st, int64_t id, const char *body,
    int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, STMT_COMMENT_EDIT);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	return store_exec_stmt(st, s);
}

/* A deleted comment keeps its row (and so its place); its words go. */
int
store_thread_edit(struct store *st, int64_t id, const char *title,
    const char *body, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, STMT_THREAD_EDIT);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	if (title != NULL)
		sqlite3_bind_text(s, 2, title, -1, SQLITE_STATIC);
	if (body != NULL)
		sqlite3_bind_text(s, 3, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	return store_exec_stmt(st, s);
}

int
store_comment_delete(struct store *st, int64_t id)
{
	sqlite3_stmt *s = store_stmt(st, STMT_COMMENT_DELETE);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return store_exec_stmt(st, s);
}

int
store_comments_by_member(struct store *st, int64_t member_id, int limit,
    comment_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_COMMENTS_BY_MEMBER);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int(s, 2, limit);
	return STORE_EACH(st, s, struct comment_row, store_comment_row, cb,
	    arg);
}

int
store_threads_by_member(struct store *st, int64_t member_id, int limit,
    thread_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_THREADS_BY_MEMBER);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int(s, 2, limit);
	return STORE_EACH(st, s, struct thread_row, store_thread_row, cb, arg);
}

int64_t
store_draft_add(struct store *st, int64_t member_id, int64_t space_id,
    const char *title, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, STMT_DRAFT_ADD);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int64(s, 2, space_id);
	sqlite3_bind_text(s, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	return store_insert(st, s);
}

int
store_draft_get(struct store *st, int64_t id, int64_t member_id,
    struct draft *d)
{
	sqlite3_stmt	*s = store_stmt(st, STMT_DRAFT_GET);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, member_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		d->space_id = sqlite3_column_int64(s, 0);
		snprintf(d->title, sizeof(d->title), "%s", COL_TEXT(s, 1));
		d->thread_id = sqlite3_column_int64(s, 2);
		d->archived = sqlite3_column_int(s, 3);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_result(st, rc);
}

/*
 * Start a discussion from a draft (draft_id > 0, then marked posted) or
 * directly; a retried request finds the thread it already made.
 */
int64_t
store_thread_post(struct store *st, int64_t draft_id, int64_t space_id,
    int64_t member_id, const char *title, const char *body, int held,
    int64_t now, int64_t same_since)
{
	sqlite3_stmt	*s;
	int64_t		 id = STORE_ERROR;
	int		 rc;

	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, STMT_THREAD_SAME)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int64(s, 2, space_id);
	sqlite3_bind_int64(s, 3, same_since);
	sqlite3_bind_text(s, 4, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, body, -1, SQLITE_STATIC);
	id = store_find_id(st, s);
	if (id == STORE_NOTFOUND)
		id = thread_insert(st, space_id, member_id, title, body, held,
		    now);
	if (id < 0)
		goto fail;
	if (draft_id > 0) {
		/* kept, so that a retried request finds what it made */
		if ((s = store_stmt(st, STMT_DRAFT_POSTED)) == NULL)
			goto fail;
		sqlite3_bind_int64(s, 1, draft_id);
		sqlite3_bind_int64(s, 2, id);
		if (store_exec_stmt(st, s) != STORE_OK)
			goto fail;
	}
	if (store_commit(st) != STORE_OK)
		goto fail;
	return id;
fail:
	store_rollback(st);
	return id < 0 ? id : STORE_ERROR;
}

/* How a notification says what happened. */
static const char *const mod_past[MOD__MAX] = {
	[MOD_HIDE_COMMENT] = "A moderator hid",
	[MOD_RESTORE_COMMENT] = "A moderator restored",
	[MOD_APPROVE_COMMENT] = "A moderator approved",
	[MOD_REJECT_COMMENT] = "A moderator did not approve",
	[MOD_LOCK_THREAD] = "A moderator locked",
	[MOD_UNLOCK_THREAD] = "A moderator unlocked",
	[MOD_MOVE_THREAD] = "A moderator moved",
	[MOD_DELETE_THREAD] = "A moderator deleted",
	[MOD_APPROVE_THREAD] = "A moderator approved",
	[MOD_REJECT_THREAD] = "A moderator did not approve",
	[MOD_SUSPEND_MEMBER] = "A moderator suspended",
	[MOD_RESTORE_MEMBER] = "A moderator restored",
	[MOD_UNLINK_CERT] = "A moderator unlinked a certificate from",
	[MOD_HIDE_THREAD] = "A moderator hid the opening post of",
	[MOD_RESTORE_THREAD] = "A moderator restored the opening post of",
	[MOD_RETITLE_THREAD] = "A moderator changed the title of",
};

const char *
mod_action_name(enum mod_action a)
{
	return a < MOD__MAX ? mod_actions[a].name : "?";
}

static int
modlog_add(struct store *st, const struct mod_request *r, int64_t target)
{
	sqlite3_stmt	*s = store_stmt(st, STMT_MODLOG_ADD);
	char		 what[160];

	if (s == NULL)
		return STORE_ERROR;
	if (r->action == MOD_SET_SETTING)
		snprintf(what, sizeof(what), "setting %s", r->text);
	else if (r->action == MOD_MOVE_THREAD)
		snprintf(what, sizeof(what), "thread %lld to space %lld",
		    (long long)target, (long long)r->arg);
	else if (r->action == MOD_SET_ROLE)
		snprintf(what, sizeof(what), "member %lld to %s",
		    (long long)target, r->arg == ROLE_ADMIN ? "admin" :
		    r->arg == ROLE_MODERATOR ? "moderator" : "member");
	else
		snprintf(what, sizeof(what), "%s %lld",
		    mod_actions[r->action].target, (long long)target);
	sqlite3_bind_int64(s, 1, r->moderator);
	sqlite3_bind_text(s, 2, mod_actions[r->action].name, -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 3, what, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, r->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, r->now);
	return store_exec_stmt(st, s);
}

/* What an action does besides its own statement. */
struct approved {
	int64_t	 thread_id;
	int64_t	 author_id;
	char	*body;
};

static int
approved_copy(void *arg, const struct comment_row *c)
{
	struct approved *a = arg;

	a->thread_id = c->thread_id;
	a->author_id = c->author_id;
	a->body = strdup(c->body);
	return 1;
}

static int
notify_approved(struct store *st, int64_t comment_id, int64_t now)
{
	struct approved	a = { 0 };
	int		rc;

	if ((rc = store_comment(st, comment_id, approved_copy, &a)) < 0)
		return rc;
	if (a.body == NULL)
		return rc == 0 ? STORE_OK : STORE_ERROR;
	rc = notify_comment(st, a.thread_id, comment_id, a.author_id, a.body,
	    now, 1);
	free(a.body);
	return rc;
}

static int
mod_side_effects(struct store *st, const struct mod_request *r)
{
	sqlite3_stmt	*s = NULL;
	int		 rc;

	switch (r->action) {
	case MOD_APPROVE_COMMENT:
		/* now it is public, the discussion hears of it */
		if ((rc = notify_approved(st, r->target, r->now)) != STORE_OK)
			return rc;
		s = store_stmt(st, STMT_MEMBER_APPROVE_COMMENT);
		break;
	case MOD_APPROVE_THREAD:
		s = store_stmt(st, STMT_MEMBER_APPROVE_THREAD);
		break;
	case MOD_SET_SETTING:
		/* new terms: everyone accepts them again before posting */
		if (strcmp(r->text, SETTING_TERMS) != 0)
			return STORE_OK;
		if ((s = store_stmt(st, STMT_TERMS_BUMP)) == NULL)
			return STORE_ERROR;
		return store_exec_stmt(st, s);
	default:
		return STORE_OK;
	}
	if (s == NULL)
		return STORE_ERROR;
	/* an approved post makes its author trusted from now on */
	sqlite3_bind_int64(s, 1, r->target);
	return store_exec_stmt(st, s);
}

/* Tell the author of what a moderator acted on, and why. */
static int
mod_notify(struct store *st, const struct mod_request *r)
{
	sqlite3_stmt	*s;
	const char	*kind = mod_actions[r->action].target;
	char		 note[SUSPEND_REASON_MAX + 64];
	int		 gone = r->action == MOD_DELETE_THREAD ||
	    r->action == MOD_REJECT_THREAD;

	if (strcmp(kind, "comment") != 0 && strcmp(kind, "thread") != 0 &&
	    strcmp(kind, "member") != 0)
		return STORE_OK;
	if (r->action == MOD_SET_ROLE || r->action == MOD_RENAME_MEMBER)
		return STORE_OK;
	if ((s = store_stmt(st, STMT_NOTIFY_AUTHOR)) == NULL)
		return STORE_ERROR;
	if (strcmp(kind, "member") != 0)
		snprintf(note, sizeof(note), "%s your %s: %s",
		    mod_past[r->action], kind, r->reason);
	else
		snprintf(note, sizeof(note), "%s your membership: %s",
		    mod_past[r->action], r->reason);
	sqlite3_bind_int64(s, 1, r->target);
	sqlite3_bind_int64(s, 2, r->moderator);
	sqlite3_bind_text(s, 3, note, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, r->now);
	sqlite3_bind_text(s, 5, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, gone);
	return store_exec_stmt(st, s);
}

int64_t
store_moderate(struct store *st, const struct mod_request *r)
{
	const struct setting	*def;
	sqlite3_stmt		*s;
	struct mod_request	 cut;
	int64_t			 target = r->target;
	int			 rc;
	size_t			 len, keep;
	char			 key[NAME_KEY_MAX + 1];
	char			 reason[SUSPEND_REASON_MAX];

	if (r->action >= MOD__MAX || r->reason == NULL ||
	    r->reason[0] == '\0' || mod_actions[r->action].sql == NULL)
		return STORE_ERROR;
	/* the callers check too, with settings.c; this is what guards
	 * the store against one that forgot */
	if (r->action == MOD_SET_SETTING && ((def = setting_find(r->text ?
	    r->text : "")) == NULL || setting_check(def, r->text2 ?
	    r->text2 : "") != NULL))
		return STORE_INVALID;
	/* the bound on every reason, whoever gives it: whole characters */
	len = strlen(r->reason);
	if ((keep = utf8_prefix(r->reason, len, MOD_REASON_MAX)) < len) {
		cut = *r;
		utf8_copy(reason, keep + 1 < sizeof(reason) ? keep + 1 :
		    sizeof(reason), r->reason);
		cut.reason = reason;
		r = &cut;
	}
	if ((s = st->mod_stmt[r->action]) == NULL) {
		if (sqlite3_prepare_v3(st->db, mod_actions[r->action].sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
			log_warnx("prepare %s: %s", mod_actions[r->action].name,
			    sqlite3_errmsg(st->db));
			return STORE_ERROR;
		}
		st->mod_stmt[r->action] = s;
	}
	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	/* before the change: a rejected post is gone after it */
	if ((rc = mod_notify(st, r)) != STORE_OK)
		goto fail;
	sqlite3_bind_int64(s, 1, r->target);
	sqlite3_bind_int64(s, 2, r->arg);
	sqlite3_bind_text(s, 3, r->text ? r->text : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, r->now);
	if (r->action == MOD_RENAME_MEMBER)
		sqlite3_bind_text(s, 5, name_key(r->text ? r->text : "", key),
		    -1, SQLITE_STATIC);
	else
		sqlite3_bind_text(s, 5, r->text2 ? r->text2 : "", -1,
		    SQLITE_STATIC);
	sqlite3_bind_text(s, 6, r->reason, -1, SQLITE_STATIC);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		goto fail;
	if (sqlite3_changes(st->db) == 0) {
		rc = STORE_NOTFOUND;
		goto fail;
	}
	if (r->action == MOD_ADD_SPACE)
		target = sqlite3_last_insert_rowid(st->db);
	if ((rc = mod_side_effects(st, r)) != STORE_OK ||
	    (rc = modlog_add(st, r, target)) != STORE_OK ||
	    (rc = store_commit(st)) != STORE_OK)
		goto fail;
	return r->action == MOD_ADD_SPACE ? target : STORE_OK;
fail:
	store_rollback(st);
	return rc;
}

int
store_report_add(struct store *st, int64_t reporter, int64_t thread_id,
    int64_t comment_id, const char *reason, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, STMT_REPORT_ADD);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, reporter);
	sqlite3_bind_int64(s, 2, thread_id);
	sqlite3_bind_int64(s, 3, comment_id);
	sqlite3_bind_text(s, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, now);
	return store_exec_stmt(st, s);
}

static void
report_from_row(sqlite3_stmt *s, struct report_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->thread_id = sqlite3_column_int64(s, 1);
	r->comment_id = sqlite3_column_int64(s, 2);
	r->reporter = COL_TEXT(s, 3);
	r->reason = COL_TEXT(s, 4);
	r->created = sqlite3_column_int64(s, 5);
	r->title = COL_TEXT(s, 6);
	r->excerpt = COL_TEXT(s, 7);
	r->author = COL_TEXT(s, 8);
	r->author_id = sqlite3_column_int64(s, 9);
}

static void
modlog_from_row(sqlite3_stmt *s, struct modlog_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->moderator = COL_TEXT(s, 1);
	r->action = COL_TEXT(s, 2);
	r->target = COL_TEXT(s, 3);
	r->reason = COL_TEXT(s, 4);
	r->created = sqlite3_column_int64(s, 5);
}

int
store_reports_open(struct store *st, report_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_REPORTS_OPEN);

	if (s == NULL)
		return STORE_ERROR;
	return STORE_EACH(st, s, struct report_row, report_from_row, cb, arg);
}

int
store_held(struct store *st, report_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_HELD);

	if (s == NULL)
		return STORE_ERROR;
	return STORE_EACH(st, s, struct report_row, report_from_row, cb, arg);
}

int
store_modlog(struct store *st, int limit, modlog_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_MODLOG);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, limit);
	return STORE_EACH(st, s, struct modlog_row, modlog_from_row, cb, arg);
}

int
store_terms_accept(struct store *st, int64_t member, int64_t version)
{
	sqlite3_stmt *s = store_stmt(st, STMT_TERMS_ACCEPT);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int64(s, 2, version);
	return store_exec_stmt(st, s);
}

int64_t
store_invite_add(struct store *st, int64_t creator, const char *code,
    int uses, int64_t now, int open_max, int month_max)
{
	sqlite3_stmt		*s = store_stmt(st, STMT_INVITE_ADD);
	struct mod_request	 made = { .action = MOD_ADD_INVITE,
	    .moderator = creator, .now = now };
	char			 what[32];
	int64_t			 id;
	int			 rc;

	if (s == NULL)
		return STORE_ERROR;
	snprintf(what, sizeof(what), "%d %s", uses, uses == 1 ? "use" :
	    "uses");
	made.reason = what;
	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, creator);
	sqlite3_bind_int(s, 3, uses);
	sqlite3_bind_int64(s, 4, now);
	sqlite3_bind_int(s, 5, open_max);
	sqlite3_bind_int(s, 6, month_max);
	sqlite3_bind_int64(s, 7, now - INVITE_TTL);
	sqlite3_bind_int64(s, 8, now - INVITE_QUOTA_WINDOW);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		goto fail;
	if (sqlite3_changes(st->db) == 0) {
		rc = STORE_CONFLICT;
		goto fail;
	}
	id = sqlite3_last_insert_rowid(st->db);
	if ((rc = modlog_add(st, &made, id)) != STORE_OK ||
	    (rc = store_commit(st)) != STORE_OK)
		goto fail;
	return id;
fail:
	store_rollback(st);
	return rc;
}

int
store_invite_counts(struct store *st, int64_t creator, int64_t now,
    int *open, int *month)
{
	sqlite3_stmt	*s = store_stmt(st, STMT_INVITE_COUNTS);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, creator);
	sqlite3_bind_int64(s, 2, now - INVITE_TTL);
	sqlite3_bind_int64(s, 3, now - INVITE_QUOTA_WINDOW);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*open = sqlite3_column_int(s, 0);
		*month = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_ROW ? STORE_OK : store_result(st, rc);
}

static void
invite_from_row(sqlite3_stmt *s, struct invite_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->code = COL_TEXT(s, 1);
	r->creator_id = sqlite3_column_int64(s, 2);
	r->creator = COL_TEXT(s, 3);
	r->uses_left = sqlite3_column_int(s, 4);
	r->created = sqlite3_column_int64(s, 5);
	r->revoked = sqlite3_column_int64(s, 6);
	r->open = sqlite3_column_int(s, 7);
}

int
store_invites(struct store *st, int64_t creator, int open_only, int64_t now,
    invite_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_INVITES);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, creator);
	sqlite3_bind_int(s, 2, open_only);
	sqlite3_bind_int64(s, 3, now - INVITE_TTL);
	return STORE_EACH(st, s, struct invite_row, invite_from_row, cb, arg);
}

int
store_invite_valid(struct store *st, const char *code, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, STMT_INVITE_VALID);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now - INVITE_TTL);
	return store_find_id(st, s) == 1;
}

static void
search_from_row(sqlite3_stmt *s, struct search_row *r)
{
	r->thread_id = sqlite3_column_int64(s, 0);
	r->comment_id = sqlite3_column_int64(s, 1);
	r->title = COL_TEXT(s, 2);
	r->snippet = COL_TEXT(s, 3);
	r->created = sqlite3_column_int64(s, 4);
	r->author = COL_TEXT(s, 5);
}

int
store_search(struct store *st, const char *query, int limit, search_cb cb,
    void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SEARCH);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, query, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, limit);
	return STORE_EACH(st, s, struct search_row, search_from_row, cb, arg);
}

static void
note_from_row(sqlite3_stmt *s, struct note_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->kind = COL_TEXT(s, 1);
	r->thread_id = sqlite3_column_int64(s, 2);
	r->comment_id = sqlite3_column_int64(s, 3);
	r->actor = COL_TEXT(s, 4);
	r->note = COL_TEXT(s, 5);
	r->created = sqlite3_column_int64(s, 6);
	r->seen = sqlite3_column_int(s, 7);
	r->title = COL_TEXT(s, 8);
}

int
store_notifications(struct store *st, int64_t member, int limit, note_cb cb,
    void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_NOTIFICATIONS);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int(s, 2, limit);
	return STORE_EACH(st, s, struct note_row, note_from_row, cb, arg);
}

/* Turn the member's untold replies into notifications. */
int
store_notifications_gather(struct store *st, int64_t member)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, STMT_NOTES_GATHER)) == NULL) {
		store_rollback(st);
		return STORE_ERROR;
	}
	sqlite3_bind_int64(s, 1, member);
	if ((rc = store_exec_stmt(st, s)) == STORE_OK) {
		if ((s = store_stmt(st, STMT_NOTES_GATHERED)) == NULL)
			rc = STORE_ERROR;
		else {
			sqlite3_bind_int64(s, 1, member);
			rc = store_exec_stmt(st, s);
		}
	}
	if (rc != STORE_OK || (rc = store_commit(st)) != STORE_OK) {
		store_rollback(st);
		return rc;
	}
	return STORE_OK;
}

int
store_notifications_seen(struct store *st, int64_t member, int64_t last_id)
{
	sqlite3_stmt *s = store_stmt(st, STMT_NOTIFICATIONS_SEEN);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int64(s, 2, last_id);
	return store_exec_stmt(st, s);
}

int64_t
store_notifications_new(struct store *st, int64_t member)
{
	sqlite3_stmt *s = store_stmt(st, STMT_NOTIFICATIONS_NEW);
	int64_t n;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int(s, 2, NOTES_COUNT_MAX + 1);
	n = store_find_id(st, s);
	return n == STORE_NOTFOUND ? 0 : n;
}

int
store_feed_threads(struct store *st, int64_t space_id, int limit,
    thread_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_FEED_THREADS);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, space_id);
	sqlite3_bind_int(s, 2, limit);
	return STORE_EACH(st, s, struct thread_row, store_thread_row, cb, arg);
}

int
store_feed_comments(struct store *st, int64_t thread_id, int limit,
    comment_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, STMT_FEED_COMMENTS);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int(s, 2, limit);
	return STORE_EACH(st, s, struct comment_row, store_comment_row, cb,
	    arg);
}

/* The secret as stored, when it has the right length: 1, 0 or an error. */
static int
intent_secret_read(struct store *st, unsigned char *out, size_t len)
{
	sqlite3_stmt	*s;
	int		 rc, found = 0;

	if ((rc = sqlite3_prepare_v2(st->db, "SELECT secret FROM "
	    "server_secret WHERE id = 1", -1, &s, NULL)) != SQLITE_OK)
		return store_result(st, rc);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(s, 0) == (int)len) {
			memcpy(out, sqlite3_column_blob(s, 0), len);
			found = 1;
		}
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? found : store_result(st, rc);
}

int
store_intent_secret(struct store *st, unsigned char *out, size_t len)
{
	unsigned char	 fresh[64];
	sqlite3_stmt	*s;
	int		 rc;

	if (len > sizeof(fresh))
		return STORE_ERROR;
	if ((rc = intent_secret_read(st, out, len)) != 0)
		return rc == 1 ? STORE_OK : rc;
	/* the first start: a new key; OR IGNORE, should two race */
	if (RAND_bytes(fresh, (int)len) != 1)
		return STORE_ERROR;
	if ((rc = sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO "
	    "server_secret (id, secret) SELECT 1, ?1 WHERE NOT EXISTS "
	    "(SELECT 1 FROM server_secret WHERE id = 1 AND "
	    "length(secret) = ?2)", -1, &s, NULL)) != SQLITE_OK)
		return store_result(st, rc);
	sqlite3_bind_blob(s, 1, fresh, (int)len, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, (int)len);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	OPENSSL_cleanse(fresh, sizeof(fresh));
	if (rc != SQLITE_DONE)
		return store_result(st, rc);
	rc = intent_secret_read(st, out, len);
	return rc == 1 ? STORE_OK : rc == 0 ? STORE_ERROR : rc;
}

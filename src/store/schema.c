/*
 * schema.c: opening the database, the settings of each connection, the
 * schema and its migrations.
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
#include <unistd.h>

#include "store/store_int.h"
#include "core/log.h"
#include "core/names.h"

/*
 * Migrations: entry N takes a database from user_version N to N + 1.
 * Never edit a released entry; add a new one.
 */
/* Each migration in parts: ISO C promises string literals of 4095 bytes. */
#define MIGRATION_PARTS	3

static const char *const migrations[][MIGRATION_PARTS] = {
	/* 0 -> 1: the first schema */
	{
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
	"END;"
	},

	/* 1 -> 2: stewardship: reports, moderation log, held and hidden
	 * posts, invitations, terms versions */
	{
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
	"END;"
	},

	/* 2 -> 3: full-text search and notifications.  The search index
	 * holds what readers may find (no held, hidden or deleted posts);
	 * triggers keep it in step, and this migration fills it from what
	 * is there.  rowid: comment id * 2, or thread id * 2 + 1. */
	{
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
	"CREATE INDEX threads_by_created ON threads(created, id);"
	},

	/* 3 -> 4: replies are told on reading, not on writing.  Writing a
	 * notification row for everyone in the discussion cost most of a
	 * posted comment (a hundred rows, each with its index entry and
	 * four foreign-key checks).  Now a comment writes nothing of the
	 * kind: each participant (the discussion's author, or someone with
	 * a visible comment in it) keeps the newest comment id they have
	 * been told of, and their replies are gathered into notifications
	 * when they read them (store_notifications_gather). */
	{
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
	"END;"
	},

	/* 4 -> 5: revisions, so that a cached discussion page outlives
	 * changes elsewhere (cache.h).  threads.rev moves with anything
	 * shown on the discussion's page: the discussion itself and its
	 * comments.  revision.rev moves with what every page shows: names,
	 * spaces, settings.  Counters only ever go up. */
	{
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
	"END;"
	},
	/* 5 -> 6: a number is never used twice.  Without AUTOINCREMENT,
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
	{
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
	"  reason, created, resolved FROM reports;",
	/* (part 2) */
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
	"END;",
	/* (part 3) */
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
	"END;"
	},

	/* 6 -> 7: discussions in pages.  Each comment's weight on a page,
	 * in an index, so that finding where the pages of a discussion of
	 * thousands of comments begin reads no comment's text (the
	 * expression is COMMENT_WEIGHT's, without the table's alias). */
	{
	"CREATE INDEX comments_by_weight ON comments(thread_id, held, id,"
	"  length(CAST(body AS BLOB)) + 32 *"
	"  (length(body) - length(replace(body, char(10), ''))));"
	},

	/* 7 -> 8: the key of the intent tokens (intent.h), in a table of
	 * its own so that nothing that lists or exports settings shows it.
	 * Made by mootd on its first start (store_intent_secret), with
	 * OpenSSL's generator rather than SQLite's. */
	{
	"CREATE TABLE server_secret ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  secret BLOB NOT NULL"
	");"
	},

	/* 8 -> 9: nobody passes for someone else.  Each member's name has
	 * its two confusable skeletons (names.h; name_skeleton() is the SQL
	 * function store_open registers), indexed, so that a new name is
	 * compared with every member's at the cost of two look-ups.  The
	 * triggers keep the rule whatever writes the row; names that
	 * collided before this version are left as they are, and an empty
	 * skeleton (from a tool without the function) is never compared. */
	{
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
	"END;"
	},

	/* 9 -> 10: a comment can answer another (its reply_to), shown as
	 * "In reply to" above it; that comment's author is told, and each
	 * member hears of a comment once, whatever the reasons, so the
	 * notifications of a comment are looked up by it.  No REFERENCES:
	 * the page says a comment that is gone was removed, and a column
	 * in a foreign key could not be dropped again. */
	{
	"ALTER TABLE comments ADD COLUMN reply_to INTEGER;"
	"CREATE INDEX notifications_by_comment ON notifications(comment_id,"
	"  member_id);"
	},

	/* 10 -> 11: nothing a member types is lost.  A comment refused
	 * for a reason that passes (new terms to accept, the posting
	 * limit, a locked discussion) is kept as a comment draft, offered
	 * back on the discussion and on /me; a new discussion's draft keeps
	 * its opening post too when that is refused.  And the log keeps
	 * the title of what an action was on, so that an entry about a
	 * discussion deleted since still says which. */
	{
	"CREATE TABLE comment_drafts ("
	"  id INTEGER PRIMARY KEY,"
	"  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,"
	"  thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,"
	"  reply_to INTEGER,"
	"  body TEXT NOT NULL,"
	"  created INTEGER NOT NULL"
	");"
	"CREATE INDEX comment_drafts_by_member ON comment_drafts(member_id,"
	"  thread_id);"
	"CREATE INDEX comment_drafts_by_thread ON comment_drafts(thread_id);"
	"ALTER TABLE drafts ADD COLUMN body TEXT;"
	"ALTER TABLE modlog ADD COLUMN title TEXT;"
	},

	/* 11 -> 12: member pages.  A member's "about" (NULL: none written)
	 * and whether they left the members' directory (their page stays
	 * reachable: it is linked from what they wrote). */
	{
	"ALTER TABLE members ADD COLUMN about TEXT;"
	"ALTER TABLE members ADD COLUMN unlisted INTEGER NOT NULL DEFAULT 0;"
	},

	/* 12 -> 13: following and muting.  A discussion's followers are
	 * its participants (schema 4), so that what tells those who took
	 * part tells them, gathered on reading: state says why a member is
	 * one (PARTICIPANT_*, store.h: took part, follows, muted), and
	 * ending one's part by deleting a comment leaves a follow or a
	 * mute alone.  follows holds the spaces and the members followed
	 * (one of the two a row), whose new discussions are told at once.
	 * The partial indexes keep the moderators' counts (held posts) to
	 * a look-up. */
	{
	"ALTER TABLE participants ADD COLUMN state INTEGER NOT NULL DEFAULT 0;"
	/* the triggers that add rows name their columns now */
	"DROP TRIGGER IF EXISTS participant_started;"
	"DROP TRIGGER IF EXISTS participant_commented;"
	"DROP TRIGGER IF EXISTS participant_released;"
	"DROP TRIGGER IF EXISTS participant_deleted;"
	"DROP TRIGGER IF EXISTS participant_removed;"
	"CREATE TRIGGER participant_started AFTER INSERT ON threads BEGIN"
	"  INSERT OR IGNORE INTO participants (thread_id, member_id, notified)"
	"  VALUES (NEW.id, NEW.member_id, 0);"
	"END;"
	"CREATE TRIGGER participant_commented AFTER INSERT ON comments"
	"  WHEN NEW.held = 0 AND NEW.deleted = 0 BEGIN"
	"  INSERT OR IGNORE INTO participants (thread_id, member_id, notified)"
	"  VALUES (NEW.thread_id, NEW.member_id, NEW.id);"
	"END;"
	"CREATE TRIGGER participant_released AFTER UPDATE OF held ON comments"
	"  WHEN OLD.held = 1 AND NEW.held = 0 AND NEW.deleted = 0 BEGIN"
	"  INSERT OR IGNORE INTO participants (thread_id, member_id, notified)"
	"  VALUES (NEW.thread_id, NEW.member_id, (SELECT max(id) FROM comments"
	"  WHERE thread_id = NEW.thread_id));"
	"END;"
	"CREATE TRIGGER participant_deleted AFTER UPDATE OF deleted ON comments"
	"  WHEN OLD.deleted = 0 AND NEW.deleted = 1 BEGIN"
	"  DELETE FROM participants WHERE thread_id = OLD.thread_id"
	"  AND member_id = OLD.member_id AND state = 0 AND NOT EXISTS ("
	"    SELECT 1 FROM threads WHERE id = OLD.thread_id"
	"    AND member_id = OLD.member_id) AND NOT EXISTS ("
	"    SELECT 1 FROM comments WHERE member_id = OLD.member_id"
	"    AND thread_id = OLD.thread_id AND deleted = 0 AND held = 0);"
	"END;"
	"CREATE TRIGGER participant_removed AFTER DELETE ON comments BEGIN"
	"  DELETE FROM participants WHERE thread_id = OLD.thread_id"
	"  AND member_id = OLD.member_id AND state = 0 AND NOT EXISTS ("
	"    SELECT 1 FROM threads WHERE id = OLD.thread_id"
	"    AND member_id = OLD.member_id) AND NOT EXISTS ("
	"    SELECT 1 FROM comments WHERE member_id = OLD.member_id"
	"    AND thread_id = OLD.thread_id AND deleted = 0 AND held = 0);"
	"END;"
	"CREATE TABLE follows ("
	"  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,"
	"  space_id INTEGER REFERENCES spaces(id) ON DELETE CASCADE,"
	"  followed_id INTEGER REFERENCES members(id) ON DELETE CASCADE,"
	"  created INTEGER NOT NULL,"
	"  CHECK ((space_id IS NULL) <> (followed_id IS NULL))"
	");"
	"CREATE UNIQUE INDEX follows_by_space ON follows(space_id, member_id)"
	"  WHERE space_id IS NOT NULL;"
	"CREATE UNIQUE INDEX follows_by_followed ON follows(followed_id,"
	"  member_id) WHERE followed_id IS NOT NULL;"
	"CREATE INDEX follows_by_member ON follows(member_id);"
	"CREATE INDEX comments_held ON comments(id) WHERE held = 1;"
	"CREATE INDEX threads_held ON threads(id) WHERE held = 1;"
	},

	/* 13 -> 14: events (issue 17).  An event is a discussion with a
	 * time and a place: its row is keyed by the discussion's id and
	 * goes with it, so comments, moderation, search and feeds come
	 * along.  starts_at and ends_at are UTC seconds, tzid the zone it
	 * was announced in (what its page shows); sequence counts changes
	 * (iCalendar's SEQUENCE).  attendance: who said they would come,
	 * listed by name or not, and whether the day-before reminder
	 * reached them (one who says so after it went out gets theirs at
	 * the next pass).  event_drafts hold an event's answers while it is being
	 * announced one prompt at a time (thread_id: once published). */
	{
	"CREATE TABLE events ("
	"  thread_id INTEGER PRIMARY KEY REFERENCES threads(id)"
	"    ON DELETE CASCADE,"
	"  starts_at INTEGER NOT NULL,"
	"  ends_at INTEGER,"
	"  tzid TEXT NOT NULL,"
	"  place TEXT NOT NULL DEFAULT '',"
	"  online_url TEXT,"
	"  cancelled INTEGER NOT NULL DEFAULT 0,"
	"  sequence INTEGER NOT NULL DEFAULT 0,"
	"  updated INTEGER NOT NULL"
	");"
	"CREATE INDEX events_by_start ON events(starts_at, thread_id);"
	"CREATE TABLE attendance ("
	"  thread_id INTEGER NOT NULL REFERENCES events(thread_id)"
	"    ON DELETE CASCADE,"
	"  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,"
	"  listed INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL,"
	"  reminded INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (thread_id, member_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX attendance_by_member ON attendance(member_id);"
	/* the event's page shows both: its cached copy goes with them */
	"CREATE TRIGGER event_rev_changed AFTER UPDATE ON events BEGIN"
	"  UPDATE threads SET rev = rev + 1 WHERE id = NEW.thread_id;"
	"END;"
	"CREATE TRIGGER attendance_rev_added AFTER INSERT ON attendance BEGIN"
	"  UPDATE threads SET rev = rev + 1 WHERE id = NEW.thread_id;"
	"END;"
	"CREATE TRIGGER attendance_rev_changed AFTER UPDATE ON attendance"
	"  BEGIN"
	"  UPDATE threads SET rev = rev + 1 WHERE id = NEW.thread_id;"
	"END;"
	"CREATE TRIGGER attendance_rev_removed AFTER DELETE ON attendance"
	"  BEGIN"
	"  UPDATE threads SET rev = rev + 1 WHERE id = OLD.thread_id;"
	"END;"
	"CREATE TABLE event_drafts ("
	"  id INTEGER PRIMARY KEY,"
	"  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,"
	"  space_id INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,"
	"  title TEXT NOT NULL,"
	"  starts_at INTEGER,"
	"  ends_at INTEGER,"		/* -1: asked, none */
	"  tzid TEXT,"
	"  place TEXT,"
	"  created INTEGER NOT NULL,"
	"  thread_id INTEGER REFERENCES threads(id) ON DELETE SET NULL"
	");"
	},

	/* 14 -> 15: a member's own comments on a page of a discussion
	 * (store_comments_own()), found by a look-up: before, SQLite
	 * walked every comment of the page to find the reader's (issue 16:
	 * the largest part of a member's page). */
	{
	"CREATE INDEX comments_by_thread_member ON "
	"  comments(thread_id, member_id, id);"
	},

	/* 15 -> 16: of those, only the comments a member sees apart from
	 * everyone else (held, or hidden by a moderator): a partial index
	 * so small that the discussion's row asks for them with one
	 * look-up however many comments the member wrote there
	 * (store_thread_get(), COMMENT_APART() in store_int.h), and a
	 * member with none is spared store_comments_own() (issue 16). */
	{
	"DROP INDEX comments_by_thread_member;"
	"CREATE INDEX comments_apart ON comments(thread_id, member_id, id) "
	"  WHERE deleted = 0 AND (held = 1 OR hidden IS NOT NULL);"
	},
};

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
	if (st == NULL)
		return;
	store_stmt_finalize(st);
	sqlite3_close(st->db);
	free(st);
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

/* One migration's parts, in order, in the caller's transaction. */
static int
migration_run(struct store *st, const char *const part[MIGRATION_PARTS])
{
	int i, rc = SQLITE_OK;

	for (i = 0; i < MIGRATION_PARTS && part[i] != NULL &&
	    rc == SQLITE_OK; i++)
		rc = sqlite3_exec(st->db, part[i], NULL, NULL, NULL);
	return rc;
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
		    migration_run(st, migrations[v]) != SQLITE_OK ||
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

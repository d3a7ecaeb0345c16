/*
 * test_store.c: the store's getters and row loops, against a real
 * database in a temporary folder: a getter's row is the caller's until
 * the next call of the same getter (and not touched by the others); a
 * missing row is STORE_NOTFOUND; a callback that says stop stops the
 * loop, and the statement is ready for the next call; the getters and
 * lists agree with what was written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/store.h"
#include "tap.h"

struct count {
	int	 seen;
	int	 stop_after;	/* 0: never */
	int64_t	 last_id;
};

static int
count_threads(void *arg, const struct thread_row *t)
{
	struct count *c = arg;

	c->seen++;
	c->last_id = t->id;
	return c->stop_after != 0 && c->seen >= c->stop_after;
}

static int
count_comments(void *arg, const struct comment_row *r)
{
	struct count *c = arg;

	c->seen++;
	c->last_id = r->id;
	return c->stop_after != 0 && c->seen >= c->stop_after;
}

/*
 * What the discussion's row tells a member of their own (thread_row:
 * following, drafts, apart) and its revisions, as each changes: the
 * member's page asks nothing more when they say there is nothing.
 */
static void
check_own_columns(struct store *st, const char *path, int64_t thread,
    int64_t other, int64_t alice)
{
	struct thread_row	 t;
	int64_t			 bob, cb, revs[2], before;
	sqlite3			*db;

	bob = store_member_add(st, "Bob", 150, ROLE_MEMBER);
	TAP_INT(store_thread_get(st, thread, bob, &t), STORE_OK,
	    "own columns: the row for a member with nothing there");
	TAP_INT(t.following, STORE_NOTFOUND, "... following: none");
	TAP_INT(t.drafts, 0, "... no saved comment");
	TAP_INT(t.apart, 0, "... nothing seen apart or reported");
	TAP_OK(store_revisions(st, thread, &revs[0], &revs[1]) == STORE_OK &&
	    revs[0] == t.revs[0] && revs[1] == t.revs[1],
	    "... its revisions are store_revisions()'");
	before = t.revs[0];

	store_thread_follow(st, bob, thread, FOLLOW_ON);
	store_thread_get(st, thread, bob, &t);
	TAP_INT(t.following, PARTICIPANT_FOLLOWS, "followed: follows");
	store_thread_follow(st, bob, thread, MUTE_ON);
	store_thread_get(st, thread, bob, &t);
	TAP_INT(t.following, PARTICIPANT_MUTED, "muted: muted");

	TAP_OK(store_cdraft_keep(st, bob, thread, 0, "kept", 600) > 0,
	    "a comment saved for later");
	store_thread_get(st, thread, bob, &t);
	TAP_INT(t.drafts, 1, "... the row says so to its author");
	store_thread_get(st, thread, alice, &t);
	TAP_INT(t.drafts, 0, "... and not to another member");

	cb = store_comment_add(st, thread, bob, "mine", 700);
	store_thread_get(st, thread, bob, &t);
	TAP_INT(t.apart, 0, "an own comment as everyone sees it: not apart");
	TAP_OK(t.revs[0] != before, "... and the discussion's revision "
	    "moved");

	/* hidden by a moderator, from another connection (as mootctl) */
	TAP_OK(sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_exec(db, "PRAGMA busy_timeout = 5000", NULL, NULL,
	    NULL) == SQLITE_OK, "a second connection");
	{
		char sql[128];

		snprintf(sql, sizeof(sql), "UPDATE comments SET hidden = "
		    "'test' WHERE id = %lld", (long long)cb);
		TAP_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK,
		    "the comment hidden");
	}
	sqlite3_close(db);
	store_thread_get(st, thread, bob, &t);
	TAP_INT(t.apart, 1, "hidden: apart, to its author");
	store_thread_get(st, thread, alice, &t);
	TAP_INT(t.apart, 0, "... not to another member");

	TAP_OK(store_report_add(st, alice, other, 0, "the thread", 800) >= 0,
	    "a discussion reported");
	store_thread_get(st, other, alice, &t);
	TAP_INT(t.apart, 0, "... a report of the discussion itself: not a "
	    "comment apart");
	TAP_OK(store_report_add(st, alice, thread, cb, "a comment", 900) >=
	    0, "a comment reported");
	store_thread_get(st, thread, alice, &t);
	TAP_INT(t.apart, 1, "... apart, to its reporter");
}

int
main(void)
{
	char			 dir[] = "/tmp/test_store.XXXXXX", path[64];
	char			 body[5000];
	struct store		*st;
	struct thread_row	 t, t2;
	struct comment_row	 c;
	struct space_row	 sp;
	struct count		 n = { 0 };
	int64_t			 alice, space, thread, other, c1, c2;
	int			 i, rc;

	if (mkdtemp(dir) == NULL) {
		TAP_OK(0, "temporary folder");
		return TAP_DONE();
	}
	snprintf(path, sizeof(path), "%s/moot.db", dir);
	st = store_open(path, STORE_CREATE);
	TAP_OK(st != NULL && store_migrate(st) == STORE_OK, "a new database");
	if (st == NULL)
		return TAP_DONE();

	alice = store_member_add(st, "Alice", 100, ROLE_MEMBER);
	space = store_space_add(st, "garden", "The Garden", "Seeds", 1);
	/* a body longer than any buffer a getter might start with */
	memset(body, 'x', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	thread = store_thread_add(st, space, alice, "First", body, 200);
	other = store_thread_add(st, space, alice, "Second", "two", 300);
	c1 = store_comment_add(st, thread, alice, "hello @Alice", 400);
	c2 = store_comment_add(st, thread, alice, "again", 500);
	TAP_OK(alice > 0 && space > 0 && thread > 0 && other > 0 && c1 > 0 &&
	    c2 > 0, "a member, a space, two discussions, two comments");

	/* getters */
	rc = store_thread_get(st, thread, alice, &t);
	TAP_INT(rc, STORE_OK, "store_thread_get finds the discussion");
	TAP_STR(t.title, "First", "its title");
	TAP_INT(strlen(t.body), sizeof(body) - 1, "all of its body");
	TAP_STR(t.space_slug, "garden", "its space's slug");
	TAP_STR(t.author, "Alice", "its author");
	TAP_OK(t.hidden == NULL, "not hidden: NULL");
	TAP_INT(t.comments, 2, "its comment count");
	TAP_INT(store_thread_get(st, 999, 0, &t2), STORE_NOTFOUND,
	    "a discussion that never was: STORE_NOTFOUND");
	TAP_STR(t.title, "First", "a miss leaves the last row as it was");

	rc = store_comment_get(st, c1, &c);
	TAP_INT(rc, STORE_OK, "store_comment_get finds the comment");
	TAP_STR(c.body, "hello @Alice", "its body");
	rc = store_space_get(st, "garden", &sp);
	TAP_INT(rc, STORE_OK, "store_space_get finds the space by slug");
	TAP_STR(sp.name, "The Garden", "its name");
	TAP_INT(sp.threads, 2, "its discussion count");
	TAP_INT(store_space_get(st, "nowhere", &sp), STORE_NOTFOUND,
	    "a slug no space has: STORE_NOTFOUND");
	/* the other getters and the lists keep their hands off a row */
	store_threads_in_space(st, space, 10, 0, count_threads, &n);
	TAP_STR(t.title, "First", "a thread row outlives the comment and "
	    "space getters and a list");
	TAP_STR(c.body, "hello @Alice", "a comment row outlives them too");
	rc = store_thread_get(st, other, 0, &t2);
	TAP_OK(rc == STORE_OK && strcmp(t2.title, "Second") == 0,
	    "the next discussion read");

	/* lists: a callback that stops, then the same statement again */
	memset(&n, 0, sizeof(n));
	n.stop_after = 1;
	rc = store_threads_in_space(st, space, 10, 0, count_threads, &n);
	TAP_INT(rc, 1, "a list stopped by its callback counts one row");
	memset(&n, 0, sizeof(n));
	rc = store_threads_in_space(st, space, 10, 0, count_threads, &n);
	TAP_INT(rc, 2, "the same list again has both rows");
	TAP_INT(n.last_id, other, "newest activity first: the discussion "
	    "with comments, then the other");
	memset(&n, 0, sizeof(n));
	rc = store_comments(st, thread, 0, 0, 0, count_comments, &n);
	TAP_INT(rc, 2, "both comments listed");
	TAP_INT(n.last_id, c2, "in order");

	/* many statements: every one cached, none mixed up with another */
	for (i = 0; i < 3; i++) {
		TAP_INT(store_thread_get(st, thread, alice, &t), STORE_OK,
		    "read %d of a discussion", i + 1);
		TAP_INT(store_notifications_new(st, alice), 0,
		    "notifications counted, read %d", i + 1);
	}

	check_own_columns(st, path, thread, other, alice);

	store_close(st);
	snprintf(body, sizeof(body), "%s/moot.db-wal", dir);
	unlink(body);
	snprintf(body, sizeof(body), "%s/moot.db-shm", dir);
	unlink(body);
	unlink(path);
	rmdir(dir);
	return TAP_DONE();
}

/*
 * members.c: members, their certificates and names, joining, and the
 * one-time codes that link a new certificate to a member.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "core/names.h"
#include "core/text.h"
#include "core/utf8.h"

static const char sql_member_add[] =
	"INSERT INTO members (name, name_key, joined, role, "
	"approved, terms_accepted, name_skel, name_skel_cased) "
	"VALUES (?1, ?6, ?2, ?3, ?4, ?5, name_skeleton(?1, 0), "
	"name_skeleton(?1, 1))";

static int64_t
member_insert(struct store *st, const char *name, int64_t joined, int role,
    int approved, int64_t terms)
{
	sqlite3_stmt	*s = store_stmt(st, sql_member_add);
	char		 key[NAME_KEY_MAX + 1];

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, joined);
	sqlite3_bind_int(s, 3, role);
	sqlite3_bind_int(s, 4, approved);
	sqlite3_bind_int64(s, 5, terms);
	sqlite3_bind_text(s, 6, store_name_key(name, key), -1, SQLITE_STATIC);
	return store_insert(st, s);
}

int64_t
store_member_add(struct store *st, const char *name, int64_t joined, int role)
{
	char buf[32];

	return member_insert(st, name, joined, role, 1, atoll(store_setting(st,
	    SETTING_TERMS_VERSION, buf, sizeof(buf))));
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

static STORE_ROWS_EACH(members_each, struct member, member_cb,
    member_from_row(s, &r))

static const char sql_members[] =
	"SELECT id, name, joined, role, suspended, approved, "
	"terms_accepted FROM members ORDER BY role DESC, name_key";

int
store_members(struct store *st, member_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_members);

	if (s == NULL)
		return STORE_ERROR;
	return members_each(st, s, cb, arg);
}

static int
member_from_stmt(struct store *st, sqlite3_stmt *s, struct member *m)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		member_from_row(s, m);
	store_reset(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_result(st, rc);
}

static const char sql_member_by_cert[] =
	"SELECT m.id, m.name, m.joined, m.role, "
	"m.suspended, m.approved, m.terms_accepted "
	"FROM certs c JOIN members m ON m.id = c.member_id "
	"WHERE c.fingerprint = ?1";

int
store_member_by_cert(struct store *st, const char *fp, struct member *m)
{
	sqlite3_stmt *s = store_stmt(st, sql_member_by_cert);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, fp, -1, SQLITE_STATIC);
	return member_from_stmt(st, s, m);
}

static const char sql_member_by_id[] =
	"SELECT id, name, joined, role, suspended, "
	"approved, terms_accepted FROM members WHERE id = ?1";

int
store_member_by_id(struct store *st, int64_t id, struct member *m)
{
	sqlite3_stmt *s = store_stmt(st, sql_member_by_id);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return member_from_stmt(st, s, m);
}

static const char sql_cert_add[] =
	"INSERT INTO certs (fingerprint, member_id, added) "
	"VALUES (?1, ?2, ?3)";

int
store_cert_add(struct store *st, const char *fp, int64_t member_id,
    int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, sql_cert_add);

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

static STORE_ROWS_EACH(certs_each, struct cert_row, cert_cb,
    cert_from_row(s, &r))

static const char sql_certs[] =
	"SELECT fingerprint, added FROM certs "
	"WHERE member_id = ?1 ORDER BY added, fingerprint";

int
store_certs(struct store *st, int64_t member_id, cert_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_certs);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	return certs_each(st, s, cb, arg);
}

static const char sql_cert_unlink[] =
	"DELETE FROM certs WHERE member_id = ?1 AND "
	"fingerprint = ?2 AND fingerprint <> ?3";

int
store_cert_unlink(struct store *st, int64_t member_id, const char *fp,
    const char *keep)
{
	sqlite3_stmt *s = store_stmt(st, sql_cert_unlink);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_text(s, 2, fp, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, keep, -1, SQLITE_STATIC);
	return store_exec_changed(st, s);
}

/* ?2: the oldest an invitation may be (INVITE_TTL) */
static const char sql_invite_spend[] =
	"UPDATE invites SET uses_left = uses_left - 1 "
	"WHERE code = ?1 AND " INVITE_OPEN_SQL("?2") " RETURNING id";

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
		if ((s = store_stmt(st, sql_invite_spend)) == NULL) {
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

static const char sql_member_rename[] =
	"UPDATE members SET name = ?2, name_key = ?3, "
	"name_skel = name_skeleton(?2, 0), "
	"name_skel_cased = name_skeleton(?2, 1) WHERE id = ?1";

int
store_member_rename(struct store *st, int64_t id, const char *name)
{
	sqlite3_stmt	*s = store_stmt(st, sql_member_rename);
	char		 key[NAME_KEY_MAX + 1];

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, store_name_key(name, key), -1, SQLITE_STATIC);
	return store_exec_stmt(st, s);
}

static const char sql_code_add[] =
	"INSERT INTO link_codes (code, member_id, expires) "
	"VALUES (?1, ?2, ?3)";

int
store_link_code_add(struct store *st, int64_t member_id, const char *code,
    int64_t expires)
{
	sqlite3_stmt *s = store_stmt(st, sql_code_add);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, member_id);
	sqlite3_bind_int64(s, 3, expires);
	return store_exec_stmt(st, s);
}

static const char sql_code_purge[] =
	"DELETE FROM link_codes WHERE expires < ?1";

static const char sql_code_take[] =
	"DELETE FROM link_codes WHERE code = ?1 "
	"AND expires >= ?2 RETURNING member_id";

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
	if ((s = store_stmt(st, sql_code_purge)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, now);
	if (store_exec_stmt(st, s) != STORE_OK)
		goto fail;
	if ((s = store_stmt(st, sql_code_take)) == NULL)
		goto fail;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		member = sqlite3_column_int64(s, 0);
	/* step to the end so that the DELETE ... RETURNING completes */
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	store_reset(s);
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

static const char sql_member_by_skeleton[] =
	"SELECT id, name FROM members "
	"WHERE (name_skel = ?1 OR name_skel_cased = ?2) AND id <> ?3 "
	"LIMIT 1";

static int64_t
member_by_skeleton(struct store *st, const char *skel,
    const char *cased, int64_t self, char *name, size_t namesz)
{
	sqlite3_stmt	*s = store_stmt(st, sql_member_by_skeleton);
	int64_t		 id = STORE_NOTFOUND;
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, skel, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, cased, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, self);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		snprintf(name, namesz, "%s", COL_TEXT(s, 1));
	} else if (rc != SQLITE_DONE)
		id = store_result(st, rc);
	store_reset(s);
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

static const char sql_terms_accept[] =
	"UPDATE members SET terms_accepted = ?2 "
	"WHERE id = ?1";

int
store_terms_accept(struct store *st, int64_t member, int64_t version)
{
	sqlite3_stmt *s = store_stmt(st, sql_terms_accept);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int64(s, 2, version);
	return store_exec_stmt(st, s);
}

static const char sql_member_count[] =
	"SELECT count(*) FROM members WHERE suspended IS NULL";

/* Members not suspended (the badge's count): the count, or an error. */
int64_t
store_member_count(struct store *st)
{
	sqlite3_stmt	*s = store_stmt(st, sql_member_count);
	int64_t		 n;
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	if ((rc = store_step(st, s)) != 1)
		return rc == 0 ? 0 : rc;
	n = sqlite3_column_int64(s, 0);
	store_reset(s);
	return n;
}

/* ------------------------------------------------------- member pages */

static const char sql_member_profile[] =
	"SELECT coalesce(about, ''), unlisted FROM members WHERE id = ?1";

int
store_member_profile(struct store *st, int64_t id, struct member_profile *mp)
{
	sqlite3_stmt	*s = store_stmt(st, sql_member_profile);
	int		 rc;

	memset(mp, 0, sizeof(*mp));
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = store_step(st, s)) != 1)
		return rc == 0 ? STORE_NOTFOUND : rc;
	/* whole characters: the handler bounds what it writes, in chars */
	utf8_copy(mp->about, sizeof(mp->about), COL_TEXT(s, 0));
	mp->unlisted = sqlite3_column_int(s, 1);
	store_reset(s);
	return STORE_OK;
}

static const char sql_member_set_about[] =
	"UPDATE members SET about = nullif(?2, '') WHERE id = ?1";

int
store_member_set_about(struct store *st, int64_t id, const char *about)
{
	sqlite3_stmt *s = store_stmt(st, sql_member_set_about);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, about != NULL ? about : "", -1,
	    SQLITE_STATIC);
	return store_exec_stmt(st, s);
}

static const char sql_member_set_listed[] =
	"UPDATE members SET unlisted = ?2 WHERE id = ?1";

int
store_member_set_listed(struct store *st, int64_t id, int listed)
{
	sqlite3_stmt *s = store_stmt(st, sql_member_set_listed);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, listed ? 0 : 1);
	return store_exec_stmt(st, s);
}

/* ?1: 1 when suspended members are shown too (to moderators) */
#define DIRECTORY_WHERE \
	"WHERE unlisted = 0 AND (?1 OR suspended IS NULL) "

static const char sql_directory_new[] =
	"SELECT id, name, joined, role, suspended, approved, "
	"terms_accepted FROM members " DIRECTORY_WHERE
	"ORDER BY joined DESC, id DESC LIMIT ?2 OFFSET ?3";

static const char sql_directory_az[] =
	"SELECT id, name, joined, role, suspended, approved, "
	"terms_accepted FROM members " DIRECTORY_WHERE
	"ORDER BY name_key, id LIMIT ?2 OFFSET ?3";

int
store_directory(struct store *st, int az, int with_suspended, int limit,
    int offset, member_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, az ? sql_directory_az :
	    sql_directory_new);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, with_suspended != 0);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int(s, 3, offset);
	return members_each(st, s, cb, arg);
}

static const char sql_directory_count[] =
	"SELECT count(*) FROM members " DIRECTORY_WHERE;

int
store_directory_count(struct store *st, int with_suspended, int64_t *n)
{
	sqlite3_stmt	*s = store_stmt(st, sql_directory_count);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, with_suspended != 0);
	if ((rc = store_step(st, s)) != 1)
		return rc < 0 ? rc : STORE_ERROR;
	*n = sqlite3_column_int64(s, 0);
	store_reset(s);
	return STORE_OK;
}

static const char sql_members_suspended[] =
	"SELECT id, name, joined, role, suspended, approved, "
	"terms_accepted FROM members WHERE suspended IS NOT NULL "
	"ORDER BY joined DESC, id DESC";

int
store_members_suspended(struct store *st, member_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_members_suspended);

	if (s == NULL)
		return STORE_ERROR;
	return members_each(st, s, cb, arg);
}

static void
member_post_from_row(sqlite3_stmt *s, struct member_post_row *r)
{
	r->thread_id = sqlite3_column_int64(s, 0);
	r->comment_id = sqlite3_column_int64(s, 1);
	r->title = COL_TEXT(s, 2);
	r->body = COL_TEXT(s, 3);
	r->created = sqlite3_column_int64(s, 4);
}

static STORE_ROWS_EACH(member_posts_each, struct member_post_row,
    member_post_cb, member_post_from_row(s, &r))

/* What a visitor may read: no held discussion, no held, hidden or
 * deleted comment. */
static const char sql_member_threads[] =
	"SELECT id, 0, title, NULL, created FROM threads "
	"WHERE member_id = ?1 AND held = 0 ORDER BY id DESC LIMIT ?2";

static const char sql_member_comments[] =
	"SELECT c.thread_id, c.id, t.title, c.body, c.created "
	"FROM comments c JOIN threads t ON t.id = c.thread_id "
	"WHERE c.member_id = ?1 AND c.held = 0 AND c.deleted = 0 "
	"AND c.hidden IS NULL AND t.held = 0 ORDER BY c.id DESC LIMIT ?2";

int
store_member_posts(struct store *st, int64_t member_id, int comments,
    int limit, member_post_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, comments ? sql_member_comments :
	    sql_member_threads);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int(s, 2, limit);
	return member_posts_each(st, s, cb, arg);
}

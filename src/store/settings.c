/*
 * settings.c: the community's settings (settings.c checks their values)
 * and the intent tokens' key.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "store/store_int.h"
#include "core/settings.h"

static const char sql_setting_get[] =
	"SELECT value FROM settings WHERE key = ?1";

/*
 * The memo of short settings (struct store): good while the database is
 * as it was when they were read (store_stamp()); emptied when it is not.
 * Only in a read transaction, which reads the stamp once: outside one,
 * the stamp would cost a statement, as the setting does.  NULL when
 * there is no memo to be had.
 */
static struct setting_memo *
setting_memo(struct store *st)
{
	struct setting_memo	*sm = &st->settings_memo;
	struct store_stamp	 now;

	if (!st->reading || store_stamp(st, &now) == -1)
		return NULL;
	if (!store_stamp_same(&sm->at, &now)) {
		sm->at = now;
		sm->n = 0;
	}
	return sm;
}

/* Keep key's value in the memo, when there is room and both are short. */
static void
setting_memo_add(struct setting_memo *sm, const char *key, const char *value,
    size_t len)
{
	size_t klen = strlen(key);

	if (sm->n == SETTING_MEMOS || klen >= sizeof(sm->e[0].key) ||
	    len >= sizeof(sm->e[0].value))
		return;
	memcpy(sm->e[sm->n].key, key, klen + 1);
	memcpy(sm->e[sm->n].value, value, len + 1);
	sm->n++;
}

const char *
store_setting(struct store *st, const char *key, char *buf, size_t bufsz)
{
	struct setting_memo	*sm = setting_memo(st);
	sqlite3_stmt		*s;
	const struct setting	*def;
	const char		*v = NULL;
	size_t			 i, len;
	int			 rc = SQLITE_ERROR;

	for (i = 0; sm != NULL && i < sm->n; i++)
		if (strcmp(sm->e[i].key, key) == 0) {
			snprintf(buf, bufsz, "%s", sm->e[i].value);
			return buf;
		}
	if ((s = store_stmt(st, sql_setting_get)) != NULL) {
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			v = (const char *)sqlite3_column_text(s, 0);
			snprintf(buf, bufsz, "%s", v ? v : "");
		}
		store_reset(s);
	}
	/* not set yet: the table's default */
	if (v == NULL)
		snprintf(buf, bufsz, "%s", (def = setting_find(key)) != NULL ?
		    def->def : "");
	/* kept: what was read (not a failure's default), and whole */
	len = strlen(buf);
	if (sm != NULL && (rc == SQLITE_ROW || rc == SQLITE_DONE) &&
	    len + 1 < bufsz)
		setting_memo_add(sm, key, buf, len);
	return buf;
}

static const char sql_setting_set[] =
	"INSERT INTO settings (key, value) VALUES (?1, ?2) "
	"ON CONFLICT (key) DO UPDATE SET value = excluded.value";

int
store_setting_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt		*s = store_stmt(st, sql_setting_set);
	const struct setting	*def = setting_find(key);

	if (def == NULL || setting_check(def, value) != NULL)
		return STORE_INVALID;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	return store_exec_stmt(st, s);
}

/*
 * The read-only switch of a community being moved (mootctl site
 * readonly): a setting nobody sets from /admin, so setting_check()
 * refuses it and this sets it.
 */
int
store_read_only_set(struct store *st, int on)
{
	sqlite3_stmt *s = store_stmt(st, sql_setting_set);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, SETTING_READ_ONLY, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, on ? "1" : "0", -1, SQLITE_STATIC);
	return store_exec_stmt(st, s);
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

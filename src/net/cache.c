/*
 * cache.c: see cache.h.  Deliberately our own: a small array per worker,
 * no locks (each worker has its own), least recently used out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "core/hash.h"
#include "net/cache.h"
#include "store/store.h"
#include "store/views.h"

int
cache_revs(struct store *st, int64_t thread_id, struct cache_revs *r)
{
	r->thread_id = thread_id;
	r->views_thread = 0;
	r->views = 0;
	if (thread_id == 0)
		return 0;
	return store_revisions(st, thread_id, &r->thread_rev, &r->rev) ==
	    STORE_OK ? 0 : -1;
}

/* Rendered before a change: still right if the change was elsewhere. */
static int
cache_unchanged(struct store *st, const struct cache_revs *was)
{
	struct cache_revs now;

	return was->thread_id != 0 &&
	    cache_revs(st, was->thread_id, &now) == 0 &&
	    now.thread_rev == was->thread_rev && now.rev == was->rev;
}

static void
cache_key(char *key, char proto, const char *path)
{
	snprintf(key, CACHE_KEY_MAX, "%c%s", proto, path);
}

const struct cache_entry *
cache_get(struct page_cache *pc, struct store *st, char proto,
    const char *path, const struct store_stamp *now)
{
	char	key[CACHE_KEY_MAX];
	size_t	i;

	cache_key(key, proto, path);
	for (i = 0; i < CACHE_ENTRIES; i++) {
		struct cache_entry *e = &pc->e[i];

		if (e->blob == NULL || strcmp(e->key, key) != 0)
			continue;
		if (e->revs.changes_at != 0 &&
		    (int64_t)time(NULL) >= e->revs.changes_at)
			break;	/* stale: what it shows changed by the clock */
		if (e->revs.views_thread != 0 &&
		    view_shown(pc->views, e->revs.views_thread) != e->revs.views)
			break;	/* stale: a page showed more views since */
		if (!e->revs.file && !store_stamp_same(&e->at, now)) {
			if (!cache_unchanged(st, &e->revs))
				break;	/* stale: rendered before a change */
			e->at = *now;
			pc->renewed++;
		}
		e->used = ++pc->tick;
		pc->hits++;
		return e;
	}
	pc->misses++;
	return NULL;
}

static void
blob_unref(struct cache_blob *b)
{
	if (b != NULL && --b->refs == 0)
		free(b);
}

static void
blob_sent(const void *data, size_t len, void *arg)
{
	(void)data;
	(void)len;
	blob_unref(arg);
}

int
cache_send(const struct cache_entry *e, struct evbuffer *out)
{
	struct cache_blob *b = e->blob;

	if (evbuffer_add_reference(out, b->bytes, b->len, blob_sent, b) == -1)
		return -1;
	b->refs++;
	return 0;
}

const struct cache_entry *
cache_put(struct page_cache *pc, char proto, const char *path,
    const struct store_stamp *at, const struct cache_revs *revs,
    struct evbuffer *out)
{
	struct cache_entry	*e = NULL, *old = &pc->e[0];
	struct evbuffer_iovec	*v;
	struct cache_blob	*b;
	char			 key[CACHE_KEY_MAX];
	size_t			 i, off, len = evbuffer_get_length(out);
	int			 n;

	if (at->data_version < 0 || len == 0 || len > CACHE_PAGE_MAX)
		return NULL;
	cache_key(key, proto, path);
	for (i = 0; i < CACHE_ENTRIES && e == NULL; i++) {
		if (pc->e[i].blob != NULL && strcmp(pc->e[i].key, key) == 0)
			e = &pc->e[i];
		else if (pc->e[i].blob == NULL || pc->e[i].used < old->used)
			old = &pc->e[i];
	}
	if (e == NULL)
		e = old;
	/*
	 * evbuffer_copyout() refuses a bufferevent's output buffer (its
	 * start is frozen); peeking at its chains does not.
	 */
	if ((n = evbuffer_peek(out, -1, NULL, NULL, 0)) <= 0 ||
	    (v = calloc(n, sizeof(*v))) == NULL)
		return NULL;
	if ((b = malloc(sizeof(*b) + len)) == NULL) {
		free(v);
		return NULL;
	}
	n = evbuffer_peek(out, -1, NULL, v, n);
	for (i = 0, off = 0; i < (size_t)n && off + v[i].iov_len <= len; i++) {
		memcpy(b->bytes + off, v[i].iov_base, v[i].iov_len);
		off += v[i].iov_len;
	}
	free(v);
	if (off != len) {
		free(b);
		return NULL;
	}
	b->refs = 1;		/* the cache's own */
	b->len = len;
	b->hash = fnv1a(FNV1A_INIT, b->bytes, len);	/* once per render */
	b->made = time(NULL);
	blob_unref(e->blob);
	memcpy(e->key, key, sizeof(key));
	e->blob = b;
	e->at = *at;
	e->revs = *revs;
	e->used = ++pc->tick;
	return e;
}

void
cache_free(struct page_cache *pc)
{
	size_t i;

	/* replies still being sent hold their own references */
	for (i = 0; i < CACHE_ENTRIES; i++)
		blob_unref(pc->e[i].blob);
	memset(pc, 0, sizeof(*pc));
}

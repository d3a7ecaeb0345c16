/*
 * snapshots.c: see snapshots.h.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers/router.h"
#include "render/render.h"
#include "handlers/snapshots.h"
#include "store/store.h"

#define SNAP_ELS_MIN		256
#define SNAP_COMMENTS_MIN	32

struct snapshots *
snapshots_new(void)
{
	return calloc(1, sizeof(struct snapshots));
}

void
snapshots_free(struct snapshots *ss)
{
	size_t i;

	if (ss == NULL)
		return;
	for (i = 0; i < SNAPSHOTS_MAX; i++) {
		arena_free(&ss->s[i].arena);
		free(ss->s[i].els);
		free(ss->s[i].c);
		free(ss->pages[i].first);
	}
	free(ss);
}

const struct snapshot *
snapshot_find(struct snapshots *ss, int64_t thread_id, int64_t first,
    int64_t end, const int64_t revs[2])
{
	struct snapshot	*s;
	size_t		 i;

	for (i = 0; i < SNAPSHOTS_MAX; i++) {
		s = &ss->s[i];
		if (!s->ready || s->thread_id != thread_id ||
		    s->first != first || s->end != end)
			continue;
		if (revs[0] < 0 || revs[0] != s->thread_rev ||
		    revs[1] != s->rev) {
			s->ready = 0;	/* stale: built before a change */
			break;
		}
		s->used = ++ss->tick;
		ss->hits++;
		return s;
	}
	ss->misses++;
	return NULL;
}

struct snapshot *
snapshot_begin(struct snapshots *ss, int64_t thread_id, int64_t first,
    int64_t end, const int64_t revs[2])
{
	struct snapshot	*s = &ss->s[0];
	size_t		 i;

	/* an unused slot, else the least recently used */
	for (i = 0; i < SNAPSHOTS_MAX; i++) {
		if (!ss->s[i].ready) {
			s = &ss->s[i];
			break;
		}
		if (ss->s[i].used < s->used)
			s = &ss->s[i];
	}
	s->ready = 0;
	s->nels = s->nc = 0;
	arena_reset(&s->arena);
	s->thread_id = thread_id;
	s->first = first;
	s->end = end;
	s->thread_rev = revs[0];
	s->rev = revs[1];
	return revs[0] < 0 ? NULL : s;
}

/* Room for n more elements and one more comment: 0, or -1. */
static int
snapshot_room(struct snapshot *s, size_t n)
{
	void	*p;
	size_t	 cap;

	if (s->nels + n > s->elcap) {
		for (cap = s->elcap ? s->elcap : SNAP_ELS_MIN;
		    cap < s->nels + n;)
			cap *= 2;
		if ((p = reallocarray(s->els, cap, sizeof(*s->els))) == NULL)
			return -1;
		s->els = p;
		s->elcap = cap;
	}
	if (s->nc == s->ccap) {
		cap = s->ccap ? s->ccap * 2 : SNAP_COMMENTS_MIN;
		if ((p = reallocarray(s->c, cap, sizeof(*s->c))) == NULL)
			return -1;
		s->c = p;
		s->ccap = cap;
	}
	return 0;
}

int
snapshot_add(struct snapshot *s, int64_t comment_id, int64_t author,
    size_t report, const struct element *els, size_t n)
{
	if (snapshot_room(s, n) == -1 ||
	    page_els_keep(&s->arena, s->els + s->nels, els, n) == -1)
		return -1;
	/* settled and rendered once here, not on each page that shows
	 * them */
	route_links_settle(s->els + s->nels, n);
	if (gemtext_keep(&s->arena, s->els + s->nels, n) == -1)
		return -1;
	s->c[s->nc].id = comment_id;
	s->c[s->nc].author = author;
	s->c[s->nc].first = s->nels;
	s->c[s->nc].n = n;
	s->c[s->nc].report = report < n ? report : 0;
	s->nc++;
	s->nels += n;
	return 0;
}

void
snapshot_done(struct snapshots *ss, struct snapshot *s)
{
	s->ready = 1;
	s->used = ++ss->tick;
}

const struct snap_pages *
snapshot_pages_find(struct snapshots *ss, int64_t thread_id, int64_t opening,
    const int64_t revs[2])
{
	struct snap_pages	*sp;
	size_t			 i;

	for (i = 0; i < SNAPSHOTS_MAX; i++) {
		sp = &ss->pages[i];
		if (!sp->ready || sp->thread_id != thread_id)
			continue;
		if (revs[0] < 0 || sp->thread_rev != revs[0] ||
		    sp->rev != revs[1] || sp->opening != opening) {
			sp->ready = 0;
			return NULL;
		}
		sp->used = ++ss->tick;
		return sp;
	}
	return NULL;
}

void
snapshot_pages_keep(struct snapshots *ss, int64_t thread_id, int64_t opening,
    const int64_t revs[2], const int64_t *first, int64_t n)
{
	struct snap_pages	*sp = &ss->pages[0];
	int64_t			*p;
	size_t			 i;

	if (revs[0] < 0 || n < 1)
		return;
	for (i = 0; i < SNAPSHOTS_MAX; i++) {
		if (!ss->pages[i].ready) {
			sp = &ss->pages[i];
			break;
		}
		if (ss->pages[i].used < sp->used)
			sp = &ss->pages[i];
	}
	sp->ready = 0;
	if ((size_t)n > sp->cap) {
		if ((p = reallocarray(sp->first, (size_t)n, sizeof(*p))) ==
		    NULL)
			return;
		sp->first = p;
		sp->cap = (size_t)n;
	}
	memcpy(sp->first, first, (size_t)n * sizeof(*first));
	sp->n = n;
	sp->thread_id = thread_id;
	sp->opening = opening;
	sp->thread_rev = revs[0];
	sp->rev = revs[1];
	sp->ready = 1;
	sp->used = ++ss->tick;
}

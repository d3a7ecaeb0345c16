/*
 * demo.c: write the demo community (demo_data.c) into a fresh store, in
 * one transaction, with times relative to now so that it always looks
 * alive.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "ops/demo.h"
#include "core/log.h"

#define DAY	(24 * 60 * 60)
#define MINUTE	60

static int64_t
demo_space_id(const int64_t *ids, const char *slug)
{
	int i;

	for (i = 0; demo_spaces[i].slug != NULL; i++)
		if (strcmp(demo_spaces[i].slug, slug) == 0)
			return ids[i];
	return STORE_NOTFOUND;
}

int
demo_load(struct store *st, time_t now)
{
	int64_t				 members[256], spaces[64];
	int64_t				 thread, started, rc = STORE_OK;
	const struct demo_thread	*t;
	const struct demo_comment	*c;
	int				 i;

	if (store_begin(st) != STORE_OK)
		return STORE_ERROR;
	if (store_setting_set(st, SETTING_NAME, demo_community_name) ||
	    store_setting_set(st, SETTING_INTRO, demo_introduction) ||
	    store_setting_set(st, SETTING_ABOUT, demo_about) ||
	    store_setting_set(st, SETTING_TERMS, demo_terms))
		goto fail;
	for (i = 0; demo_members[i].name != NULL; i++) {
		if (i == 256)
			goto fail;
		members[i] = store_member_add(st, demo_members[i].name,
		    now - (int64_t)demo_members[i].joined_days_ago * DAY,
		    demo_members[i].role);
		if ((rc = members[i]) < 0)
			goto fail;
	}
	for (i = 0; demo_spaces[i].slug != NULL; i++) {
		if (i == 64)
			goto fail;
		spaces[i] = store_space_add(st, demo_spaces[i].slug,
		    demo_spaces[i].name, demo_spaces[i].description, i);
		if ((rc = spaces[i]) < 0)
			goto fail;
	}
	for (t = demo_threads; t->title != NULL; t++) {
		started = now - (int64_t)t->days_ago * DAY;
		thread = store_thread_add(st, demo_space_id(spaces, t->space),
		    members[t->author], t->title, t->body, started);
		if ((rc = thread) < 0)
			goto fail;
		for (c = t->comments; c->body != NULL; c++) {
			int64_t when = started +
			    (int64_t)c->minutes_after * MINUTE;

			/* the demo never claims a comment from the future */
			if (when > now)
				when = now;
			if ((rc = store_comment_add(st, thread,
			    members[c->author], c->body, when)) < 0)
				goto fail;
		}
		if ((rc = store_thread_set_views(st, thread, t->views)) < 0)
			goto fail;
	}
	if (store_commit(st) != STORE_OK)
		goto fail;
	return STORE_OK;
fail:
	log_warnx("demo: %s", store_errmsg(st));
	store_rollback(st);
	return rc < 0 ? (int)rc : STORE_ERROR;
}

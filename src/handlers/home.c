/*
 * home.c: the home page: the community, its spaces, what is active; and
 * the index pages /space/ and /thread/.
 */
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"

#define INDEX_THREADS	50	/* discussions listed on /thread/ */

static int
home_space(void *arg, const struct space_row *s)
{
	struct request	*req = arg;
	struct page	*p = req->page;

	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/space/%s", s->slug),
	    "%s (%lld %s)", s->name, (long long)s->threads,
	    handler_plural(s->threads, "discussion", "discussions"));
	if (s->description[0] != '\0')
		page_text(p, "%s", s->description);
	return 0;
}

/* A thread as a line in a list, shared with space.c. */
int
home_thread_item(void *arg, const struct thread_row *t)
{
	struct request	*req = arg;
	struct page	*p = req->page;

	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/thread/%lld",
	    (long long)t->id), "%s", t->title);
	page_text(p, "%lld %s, last active %s, in %s", (long long)t->comments,
	    handler_plural(t->comments, "comment", "comments"),
	    handler_date(req, t->last_activity), t->space_name);
	/* a discussion of several pages: its newest in one step */
	if (t->comments > COMMENTS_PER_PAGE)
		page_link(p, LINK_PAGE, arena_printf(&p->arena,
		    "/thread/%lld/latest", (long long)t->id),
		    "Latest comments in \"%s\"", t->title);
	return 0;
}

void
handle_home(struct request *req, struct reply *rep)
{
	struct page		*p = req->page;
	const struct member	*m;
	struct viewer_counts	 vc, *counts = NULL;
	int			 rc;

	page_heading(p, 1, "%s", handler_setting(req, SETTING_NAME));
	page_text(p, "%s", handler_setting(req, SETTING_INTRO));
	page_blank(p);
	if ((m = access_viewer(req)) != NULL) {
		/* asked once: the footer shows them too */
		handler_viewer_counts(req, m, counts = &vc);
		if (vc.fresh != NULL)
			page_link(p, LINK_ACTION, "/me/notifications",
			    "%s new %s for you", vc.fresh, strcmp(vc.fresh,
			    "1") == 0 ? "notification" : "notifications");
		handler_mod_pending_link(req, &vc);
	} else if (request_can(req, CAN_PROMPT))
		page_link(p, LINK_ACTION, "/help", "New here? How to read and "
		    "join");
	page_link(p, LINK_SEARCH, "/search", "Search the discussions");
	page_blank(p);
	page_heading(p, 2, "Spaces");
	if ((rc = store_spaces(req->store, home_space, req)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	page_blank(p);
	/* the next events (events.c); a failure leaves them out */
	(void)events_home(req);
	page_heading(p, 2, "Recent discussions");
	rc = store_threads_recent(req->store, HOME_THREADS,
	    home_thread_item, req);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "Nothing has been said yet.");
	page_blank(p);
	page_link(p, LINK_PAGE, "/discussions", "All discussions");
	page_link(p, LINK_PAGE, "/feed", "Subscribe to new discussions");
	handler_footer_counts(req, counts);
	reply_page(req, rep);
}

/*
 * /space/: what the path names, the list of spaces, rather than "not
 * found" for a reader who cut an address back to its folder.
 */
void
handle_spaces(struct request *req, struct reply *rep)
{
	struct page	*p = req->page;
	int		 rc;

	page_heading(p, 1, "Spaces");
	if ((rc = store_spaces(req->store, home_space, req)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "There are no spaces yet.");
	handler_footer(req);
	reply_page(req, rep);
}

/*
 * /thread/: the discussions last active (INDEX_THREADS of them); each
 * space's own pages list all of its discussions.
 */
void
handle_threads(struct request *req, struct reply *rep)
{
	struct page	*p = req->page;
	int		 rc;

	page_heading(p, 1, "Discussions");
	page_text(p, "Up to %d, the last active first. Every discussion is "
	    "listed in the pages of its space.", INDEX_THREADS);
	page_link(p, LINK_PAGE, "/space/", "All spaces");
	page_blank(p);
	rc = store_threads_recent(req->store, INDEX_THREADS,
	    home_thread_item, req);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "Nothing has been said yet.");
	handler_footer(req);
	reply_page(req, rep);
}

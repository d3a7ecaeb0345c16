/*
 * space.c: one space's discussions, newest activity first, in pages of
 * PAGE_THREADS (/space/SLUG, /space/SLUG/page/N).  Paging is in the path,
 * not the query, because Gopher clients drop queries.
 */
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"


void
handle_space(struct request *req, struct reply *rep)
{
	struct page		*p = req->page;
	struct space_row	 sp;
	/* /space/SLUG is page 1; /space/SLUG/page/0 is no page at all */
	int64_t			 pageno = strstr(req->path, "/page/") ?
	    req->num[0] : 1;
	int64_t			 pages;
	const char		*slug = req->str[0];
	int			 rc;

	rc = store_space_get(req->store, slug, &sp);
	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such space");
		return;
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	pages = handler_page_count(sp.threads, PAGE_THREADS);
	if (pageno < 1 || pageno > pages) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such page");
		return;
	}

	page_heading(p, 1, "%s", sp.name);
	if (sp.description[0] != '\0')
		page_text(p, "%s", sp.description);
	if (sp.archived)
		page_text(p, "This space is archived: it can be read, but "
		    "no longer takes new discussions.");
	if (!sp.archived) {
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/space/%s/new", slug), "Start a discussion");
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/space/%s/event", slug), "Announce an event");
	}
	handler_space_follow_link(req, sp.id, slug);
	if (pages > 1)
		page_text(p, "Page %lld of %lld", (long long)pageno,
		    (long long)pages);
	page_blank(p);
	rc = store_threads_in_space(req->store, sp.id, PAGE_THREADS,
	    (int)((pageno - 1) * PAGE_THREADS), home_thread_item, req);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "No discussions here yet.");
	if (pageno > 1 || pageno < pages)
		page_blank(p);
	if (pageno > 1)
		page_link(p, LINK_PAGE, pageno == 2 ?
		    arena_printf(&p->arena, "/space/%s", slug) :
		    arena_printf(&p->arena, "/space/%s/page/%lld", slug,
		    (long long)pageno - 1), "Newer discussions");
	if (pageno < pages)
		page_link(p, LINK_PAGE, arena_printf(&p->arena,
		    "/space/%s/page/%lld", slug, (long long)pageno + 1),
		    "Older discussions");
	page_link(p, LINK_SEARCH, arena_printf(&p->arena,
	    "/space/%s/search", slug), "Search this space");
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/space/%s/feed",
	    slug), "Subscribe to this space");
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/space/%s/events",
	    slug), "Events in this space");
	handler_footer(req);
	reply_page(req, rep);
}

/*
 * space.c: one space's discussions, newest activity first, in pages of
 * PAGE_THREADS (/space/SLUG, /space/SLUG/page/N).  Paging is in the path,
 * not the query, because Gopher clients drop queries.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "handlers/handlers.h"


struct space_found {
	int		 found;
	int64_t		 id;
	int64_t		 threads;
	int		 archived;
	char		 name[256];
	char		 description[1024];
};

static int
space_copy(void *arg, const struct space_row *s)
{
	struct space_found *sf = arg;

	sf->found = 1;
	sf->id = s->id;
	sf->threads = s->threads;
	sf->archived = s->archived;
	/* the row's strings go away when the callback returns */
	snprintf(sf->name, sizeof(sf->name), "%s", s->name);
	snprintf(sf->description, sizeof(sf->description), "%s",
	    s->description);
	return 1;
}

void
handle_space(struct request *req, struct reply *rep)
{
	struct page		*p = req->page;
	struct space_found	 sf = { 0 };
	/* /space/SLUG is page 1; /space/SLUG/page/0 is no page at all */
	int64_t			 pageno = strstr(req->path, "/page/") ?
	    req->num[0] : 1;
	int64_t			 pages;
	const char		*slug = req->str[0];
	int			 rc;

	rc = store_space_by_slug(req->store, slug, space_copy, &sf);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (!sf.found) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such space");
		return;
	}
	pages = sf.threads > 0 ? (sf.threads + PAGE_THREADS - 1) / PAGE_THREADS :
	    1;
	if (pageno < 1 || pageno > pages) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such page");
		return;
	}

	page_heading(p, 1, "%s", sf.name);
	if (sf.description[0] != '\0')
		page_text(p, "%s", sf.description);
	if (sf.archived)
		page_text(p, "This space is archived: it can be read, but "
		    "no longer takes new discussions.");
	if (!sf.archived)
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/space/%s/new", slug), "Start a discussion");
	if (pages > 1)
		page_text(p, "Page %lld of %lld", (long long)pageno,
		    (long long)pages);
	page_blank(p);
	rc = store_threads_in_space(req->store, sf.id, PAGE_THREADS,
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
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/space/%s/feed",
	    slug), "Subscribe to this space");
	handler_footer(req);
	reply_page(req, rep);
}

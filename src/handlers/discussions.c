/*
 * discussions.c: /discussions, every discussion by last activity, in
 * pages of PAGE_THREADS (/discussions/page/N), paged in the path as a
 * space's pages are (space.c), because Gopher clients drop queries.
 */
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"

static const char *
discussions_page_path(struct request *req, int64_t n)
{
	if (n == 1)
		return "/discussions";
	return arena_printf(&req->page->arena, "/discussions/page/%lld",
	    (long long)n);
}

void
handle_discussions(struct request *req, struct reply *rep)
{
	struct page	*p = req->page;
	/* /discussions is page 1; /discussions/page/0 is no page at all */
	int64_t		 pageno = strstr(req->path, "/page/") ?
	    req->num[0] : 1;
	int64_t		 total, pages;
	int		 rc;

	if ((total = store_threads_count(req->store)) < 0) {
		reply_store_error(rep, (int)total);
		return;
	}
	pages = handler_page_count(total, PAGE_THREADS);
	if (pageno < 1 || pageno > pages) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such page: there %s "
		    "%lld", pages == 1 ? "is" : "are", (long long)pages);
		return;
	}
	page_heading(p, 1, "All discussions");
	page_text(p, "%lld %s, the last active first.%s", (long long)total,
	    handler_plural(total, "discussion", "discussions"), pages > 1 ?
	    arena_printf(&p->arena, " Page %lld of %lld.", (long long)pageno,
	    (long long)pages) : "");
	page_blank(p);
	rc = store_threads_all(req->store, PAGE_THREADS,
	    (pageno - 1) * PAGE_THREADS, home_thread_item, req);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "Nothing has been said yet.");
	page_blank(p);
	if (pageno > 1)
		page_link(p, LINK_PAGE, discussions_page_path(req, pageno - 1),
		    "Newer discussions (page %lld)", (long long)pageno - 1);
	if (pageno < pages)
		page_link(p, LINK_PAGE, discussions_page_path(req, pageno + 1),
		    "Older discussions (page %lld)", (long long)pageno + 1);
	page_link(p, LINK_PAGE, "/space/", "All spaces");
	handler_footer(req);
	reply_page(req, rep);
}

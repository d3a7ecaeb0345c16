/*
 * pages.c: the community's own texts: about and terms.  They are gemtext
 * written by the community's admins (settings), so headings are allowed.
 */
#include <string.h>

#include "db.h"
#include "handlers/handlers.h"

static void
setting_page(struct request *req, struct reply *rep, const char *title,
    const char *key)
{
	struct page	*p = req->page;
	const char	*text;

	page_heading(p, 1, "%s", title);
	text = handler_setting(req, key);
	page_gemtext(p, text, strlen(text), 0, req->path);
	handler_footer(req);
	reply_page(req, rep);
}

void
handle_about(struct request *req, struct reply *rep)
{
	setting_page(req, rep, arena_printf(&req->page->arena, "About %s",
	    handler_setting(req, SETTING_NAME)), SETTING_ABOUT);
}

void
handle_terms(struct request *req, struct reply *rep)
{
	setting_page(req, rep, "Terms of use", SETTING_TERMS);
}

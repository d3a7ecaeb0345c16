/*
 * pages.c: the community's own texts: about and terms.  They are gemtext
 * written by the community's admins (settings), so headings are allowed.
 */
#include <string.h>

#include "db.h"
#include "handlers/handlers.h"

/*
 * One page, one top-level heading (the title gemfeed readers and
 * clients' outlines take): when the admins' text opens with its own
 * "# ", that is the page's title; any later "# " is a section of it.
 */
static void
setting_page(struct request *req, struct reply *rep, const char *title,
    const char *key)
{
	struct page	*p = req->page;
	const char	*text, *start;
	size_t		 i, first;
	int		 titled;

	page_begin(req);
	text = handler_setting(req, key);
	start = text + strspn(text, "\r\n");
	/* the text's own title: "# " and words (gemtext allows "#Title") */
	titled = start[0] == '#' && start[1] != '#' &&
	    strchr("\r\n", start[1 + strspn(start + 1, " \t")]) == NULL;
	if (!titled)
		page_heading(p, 1, "%s", title);
	first = p->n;
	page_gemtext(p, text, strlen(text), 0, req->path);
	for (i = first; i < p->n; i++)
		if (p->els[i].type == EL_H1 && !titled)
			p->els[i].type = EL_H2;
		else if (p->els[i].type == EL_H1)
			titled = 0;	/* the title: the rest are sections */
	page_footer(req);
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

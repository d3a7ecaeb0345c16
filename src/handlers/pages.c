/*
 * pages.c: the community's own texts: about and terms.  They are gemtext
 * written by the community's admins (settings), so headings are allowed.
 * And /help, from the capsule's help.gmi.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "core/settings.h"

#define HELP_FILE	"/help.gmi"	/* in the capsule */

/*
 * One page, one top-level heading (the title gemfeed readers and
 * clients' outlines take): when the admins' text opens with its own
 * "# ", that is the page's title; any later "# " is a section of it.
 */
static void
setting_page(struct request *req, struct reply *rep, const char *title,
    const char *key, void (*more)(struct request *))
{
	struct page	*p = req->page;
	const char	*text, *start;
	size_t		 i, first;
	int		 titled;

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
	if (more != NULL)
		more(req);
	handler_footer(req);
	reply_page(req, rep);
}

/* What the community made public about itself: its moderation log. */
static void
about_more(struct request *req)
{
	if (atoi(handler_setting(req, SETTING_MODLOG_PUBLIC)) != 1)
		return;
	page_blank(req->page);
	page_link(req->page, LINK_PAGE, "/mod/log",
	    "The moderation log: what the moderators did, and why");
}

void
handle_about(struct request *req, struct reply *rep)
{
	setting_page(req, rep, arena_printf(&req->page->arena, "About %s",
	    handler_setting(req, SETTING_NAME)), SETTING_ABOUT, about_more);
}

void
handle_terms(struct request *req, struct reply *rep)
{
	setting_page(req, rep, "Terms of use", SETTING_TERMS, NULL);
}

/*
 * What help.gmi may name and the page fills in: the address clients use
 * (Amfora's configuration wants it exactly), and how one joins here.
 */
static const char *
help_value(struct request *req, const char *name, size_t len)
{
	const char	*base = req->site->gemini_base;
	const char	*mode = handler_setting(req, SETTING_JOIN_MODE);

	if (len == 4 && memcmp(name, "host", 4) == 0)
		return base + strlen("gemini://");
	if (len == 9 && memcmp(name, "join_mode", 9) == 0)
		return strcmp(mode, JOIN_INVITE) == 0 ? "by invitation only" :
		    strcmp(mode, JOIN_APPROVAL) == 0 ? "open, with approval: "
		    "a moderator approves a newcomer's first post" :
		    "open to anyone";
	return NULL;
}

/* text with each "{host}" and "{join_mode}" filled in. */
static const char *
help_fill(struct request *req, const char *text, size_t *len)
{
	struct arena	*a = &req->page->arena;
	const char	*s = text, *open, *close, *v, *out = "";

	while ((open = strchr(s, '{')) != NULL &&
	    (close = strchr(open, '}')) != NULL) {
		if ((v = help_value(req, open + 1, close - open - 1)) == NULL) {
			out = arena_printf(a, "%s%.*s", out,
			    (int)(open + 1 - s), s);
			s = open + 1;
			continue;
		}
		out = arena_printf(a, "%s%.*s%s", out, (int)(open - s), s, v);
		s = close + 1;
	}
	out = arena_printf(a, "%s%s", out, s);
	*len = strlen(out);
	return out;
}

/*
 * /help: the capsule's help.gmi (operators adapt it there), as a page
 * with the footer every page has.
 */
void
handle_help(struct request *req, struct reply *rep)
{
	struct page	*p = req->page;
	const char	*text;
	char		*raw;
	size_t		 len;

	if (static_read(req, HELP_FILE, &raw, &len) == -1) {
		reply_status(rep, GEMINI_NOT_FOUND, "There is no help page "
		    "here: the operator has not put one up");
		return;
	}
	text = help_fill(req, raw, &len);
	page_gemtext(p, text, len, 0, HELP_FILE);
	handler_footer(req);
	reply_page(req, rep);
}

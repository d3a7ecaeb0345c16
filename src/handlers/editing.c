/*
 * editing.c: an author changes what they wrote, seeing what is there.
 *
 * The new text is asked for as any post's (posting.c), but the current
 * text comes with the question: in the prompt itself when it fits on
 * its one line (a prompt is a META, GEMINI_META_MAX bytes), else on a
 * page above the link to the prompt (PATH/text) and the Titan address,
 * so that nobody retypes blind.
 */
#include <string.h>

#include "handlers/handlers.h"

int
handler_edit_text(struct request *req, struct reply *rep, const char *what,
    const char *current, char **textp)
{
	struct page	*p = req->page;
	const char	*prompt;
	size_t		 len = strlen(req->path);
	int		 asked = len > 5 && strcmp(req->path + len - 5,
	    "/text") == 0;

	if (req->query != NULL || request_can(req, CAN_UPLOAD) || asked ||
	    !request_can(req, CAN_PROMPT))
		return handler_post_text(req, rep, what, textp);
	if (strchr(current, '\n') == NULL) {
		prompt = prompt_long(req, arena_printf(&p->arena, "%s (now: "
		    "\"%s\")", what, current));
		if (strlen(prompt) <= GEMINI_META_MAX) {
			reply_status(rep, GEMINI_INPUT, "%s", prompt);
			return -1;
		}
	}
	/* too long (or of several lines) for the prompt: a page */
	page_heading(p, 1, "%s", what);
	page_text(p, "What it says now (copy what you keep):");
	page_pre(p, "the current text", current, strlen(current));
	page_blank(p);
	page_link(p, LINK_ACTION, arena_printf(&p->arena, "%s/text",
	    req->path), "Type the new text");
	page_text(p, "%s", prompt_long(req, "Or send it whole instead"));
	handler_footer(req);
	reply_page(req, rep);
	return -1;
}

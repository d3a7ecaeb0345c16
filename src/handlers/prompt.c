/*
 * prompt.c: what a text prompt says about its limit.
 *
 * What a member types at a Gemini prompt travels back inside the URL,
 * and a URL is GEMINI_URL_MAX (1,024) bytes at most: the prompt's own
 * address takes its part, and clients percent-encode the rest, so that
 * a space or a comma takes three bytes, "ŵ" (two bytes of UTF-8) six,
 * and a character of most other scripts nine.  Anything longer never
 * reaches the server, so the prompt must say it before the member
 * types: the room left, counted in characters of three bytes (any
 * ASCII character fits in that), with accented letters as two and
 * most other scripts as three.  Long texts go up by Titan, and the
 * prompt gives the address; one-line answers never need it.
 */
#include <string.h>

#include "handlers/handlers.h"
#include "core/intent.h"

#define ENCODED_MAX	3	/* bytes of one ASCII character, encoded */
#define COUNTS_NOTE	"accented letters count as two, most other " \
			"scripts as three"

/* This prompt's address as the client has it, after the scheme. */
static const char *
prompt_address(struct request *req)
{
	const char *base = req->site->gemini_base + strlen("gemini://");

	if (req->token != NULL)
		return arena_printf(&req->page->arena, "%s%s/%c%s", base,
		    req->path, INTENT_SEGMENT, req->token);
	return arena_printf(&req->page->arena, "%s%s", base, req->path);
}

/* Characters (three bytes each, encoded) the URL has room for. */
size_t
prompt_room(struct request *req)
{
	size_t used = strlen("gemini://") + strlen(prompt_address(req)) + 1;

	return used < GEMINI_URL_MAX ? (GEMINI_URL_MAX - used) /
	    ENCODED_MAX : 0;
}

const char *
prompt_long(struct request *req, const char *prompt)
{
	return arena_printf(&req->page->arena, "%s%sup to about %zu "
	    "characters here (" COUNTS_NOTE "). For longer text, upload it "
	    "with Titan to titan://%s", prompt, prompt[0] != '\0' ? ": " : "",
	    prompt_room(req), prompt_address(req));
}

const char *
prompt_line(struct request *req, const char *prompt, size_t max_chars)
{
	size_t	room = prompt_room(req), len = strlen(prompt);
	/* "Why? (they see it)" becomes "Why? (they see it; one line, ...)" */
	int	aside = len > 0 && prompt[len - 1] == ')';

	/* the widest script in max_chars characters fits: no more to say */
	if (room >= max_chars * 3)
		return arena_printf(&req->page->arena, "%.*s%sone line, up to "
		    "%zu characters)", (int)(len - aside), prompt,
		    aside ? "; " : " (", max_chars);
	return arena_printf(&req->page->arena, "%.*s%sone line, up to %zu "
	    "characters; " COUNTS_NOTE ")", (int)(len - aside), prompt,
	    aside ? "; " : " (", room < max_chars ? room : max_chars);
}

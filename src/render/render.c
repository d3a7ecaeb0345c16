/*
 * render.c: what both renderers share: putting a page's elements into
 * the output within the reply bound (render.h), cutting it short at an
 * element and keeping its tail when it would not fit.
 */
#include "render/obuf.h"
#include "render/page.h"
#include "render/render.h"

void
render_bounded(const struct page *p, struct obuf *out, render_element_fn el,
    render_undo_fn undo, const void *ctx)
{
	const struct element	 note = { .type = EL_TEXT,
	    .text = REPLY_CUT_NOTE };
	size_t			 i, mark, limit, start = out->len;
	size_t			 tail = p->tail ? p->tail : p->n;

	for (i = 0; i < p->n && !out->failed; i++) {
		limit = REPLY_BODY_MAX - (i < tail ? REPLY_TAIL_RESERVE : 0);
		mark = out->len;
		el(out, &p->els[i], ctx);
		if (out->len - start <= limit)
			continue;
		out->len = mark;
		if (undo != NULL)
			undo(ctx);
		if (i >= tail)
			break;
		el(out, &note, ctx);
		i = tail - 1;
	}
}

/*
 * gemtext.c: page -> text/gemini.
 *
 * Each element becomes exactly the line type it is: a text line that
 * would otherwise be read as a link, heading, list item, quote or
 * preformatting toggle gets a leading space, so members' words can never
 * turn into markup.  Lines are never hard-wrapped; LF line ends throughout.
 */
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "render/obuf.h"

#include "render/page.h"
#include "render/render.h"

/* 1 when a text line starting with s would be read as something else. */
static int
gemtext_needs_guard(const char *s)
{
	return s[0] == '#' || s[0] == '>' || s[0] == '*' ||
	    (s[0] == '=' && s[1] == '>') ||
	    (s[0] == '`' && s[1] == '`' && s[2] == '`');
}

static void
gemtext_line(struct obuf *out, const char *prefix, const char *text)
{
	if (prefix != NULL)
		obuf_add(out, prefix, strlen(prefix));
	obuf_add(out, text, strlen(text));
	obuf_add(out, "\n", 1);
}

/* A link target never holds a space: percent-encode them. */
static void
gemtext_target(struct obuf *out, const char *t)
{
	size_t n;

	while (*t) {
		n = strcspn(t, " ");
		obuf_add(out, t, n);
		t += n;
		if (*t == ' ') {
			obuf_add(out, "%20", 3);
			t++;
		}
	}
}

static void
gemtext_pre(struct obuf *out, const struct element *e)
{
	const char	*s = e->target, *nl;
	size_t		 n;

	gemtext_line(out, "```", e->text);
	while (*s) {
		nl = strchr(s, '\n');
		n = nl ? (size_t)(nl - s) : strlen(s);
		/* a line that would close the block early */
		if (n >= 3 && memcmp(s, "```", 3) == 0)
			obuf_add(out, " ", 1);
		obuf_add(out, s, n);
		obuf_add(out, "\n", 1);
		s += nl ? n + 1 : n;
	}
	obuf_add(out, "```\n", 4);
}

static void
gemtext_element(struct obuf *out, const struct element *e)
{
	switch (e->type) {
	case EL_H1:
		gemtext_line(out, "# ", e->text);
		break;
	case EL_H2:
		gemtext_line(out, "## ", e->text);
		break;
	case EL_H3:
		gemtext_line(out, "### ", e->text);
		break;
	case EL_TEXT:
		gemtext_line(out, gemtext_needs_guard(e->text) ? " " :
		    NULL, e->text);
		break;
	case EL_LINK:
		obuf_add(out, "=> ", 3);
		gemtext_target(out, e->target);
		if (e->text[0] != '\0' &&
		    strcmp(e->text, e->target) != 0)
			gemtext_line(out, " ", e->text);
		else
			obuf_add(out, "\n", 1);
		break;
	case EL_ITEM:
		gemtext_line(out, "* ", e->text);
		break;
	case EL_QUOTE:
		gemtext_line(out, "> ", e->text);
		break;
	case EL_PRE:
		gemtext_pre(out, e);
		break;
	case EL_BLANK:
		obuf_add(out, "\n", 1);
		break;
	case EL_ARTICLE:
	case EL_ARTICLE_END:
		break;		/* structure for HTML only */
	}
}

/* gemtext_element() as render_bounded() calls it: kept, or made now. */
static void
gemtext_el(struct obuf *out, const struct element *e, const void *ctx)
{
	(void)ctx;
	if (e->gem != NULL)
		obuf_add(out, e->gem, e->gemlen);
	else
		gemtext_element(out, e);
}

int
gemtext_keep(struct arena *a, struct element *els, size_t n)
{
	struct obuf	 o = { 0 };
	char		*gem;
	size_t		 i;
	int		 rc = 0;

	for (i = 0; i < n; i++) {
		els[i].gem = NULL;
		if (rc == -1 || (els[i].type == EL_LINK &&
		    els[i].kind == LINK_ACTION && !els[i].untokened))
			continue;
		o.len = 0;
		gemtext_element(&o, &els[i]);
		if (o.failed || (gem = arena_try_alloc(a, o.len)) == NULL) {
			rc = -1;
			continue;
		}
		if (o.len > 0)
			memcpy(gem, o.p, o.len);
		els[i].gem = gem;
		els[i].gemlen = o.len;
	}
	free(o.p);
	return rc;
}

int
gemtext_render(const struct page *p, const char *head, struct evbuffer *out)
{
	struct obuf o = { 0 };

	if (head != NULL)
		obuf_str(&o, head);
	render_bounded(p, &o, gemtext_el, NULL, NULL);
	return obuf_flush(&o, out);
}

/*
 * search.c: full-text search over discussions and comments (SQLite FTS5),
 * by prompt on Gemini and as a type 7 item on Gopher.
 */
#include <string.h>

#include "db.h"
#include "handlers/handlers.h"

#define SEARCH_WORDS_MAX	8
#define SEARCH_RESULTS		20
#define SEARCH_PROMPT		"Search the discussions (a few words)"

/*
 * Readers type words, not FTS5 syntax: every run of letters and digits
 * becomes a quoted term (so quotes, NEAR, AND or a stray '*' can never be
 * a syntax error or an injection), all of them required, and the last one
 * also matches as a prefix while it is being typed.
 */
const char *
search_query(struct arena *a, const char *s, size_t len)
{
	char	*q = arena_alloc(a, len * 2 + SEARCH_WORDS_MAX * 4 + 1), *o = q;
	size_t	 i = 0, start;
	int	 words = 0;

	while (i < len && words < SEARCH_WORDS_MAX) {
		while (i < len && !((unsigned char)s[i] >= 0x80 ||
		    (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			i++;
		start = i;
		while (i < len && ((unsigned char)s[i] >= 0x80 ||
		    (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			i++;
		if (i == start)
			break;
		if (words++ > 0)
			*o++ = ' ';
		*o++ = '"';
		memcpy(o, s + start, i - start);
		o += i - start;
		*o++ = '"';
	}
	if (words == 0)
		return NULL;
	*o++ = '*';
	*o = '\0';
	return q;
}

static int
search_hit(void *arg, const struct search_row *r)
{
	struct request	*req = arg;
	struct page	*p = req->page;
	char		*snip, *nl;

	/* a snippet may span lines of the post: show it as one */
	snip = arena_strndup(&p->arena, r->snippet, strlen(r->snippet));
	while ((nl = strchr(snip, '\n')) != NULL)
		*nl = ' ';
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/thread/%lld",
	    (long long)r->thread_id), "%s", r->title);
	page_text(p, "%s %s on %s: %s", r->comment_id ? "A comment by" :
	    "Started by", r->author, fmt_date(req, r->created), snip);
	page_blank(p);
	return 0;
}

void
handle_search(struct request *req, struct reply *rep)
{
	struct page	*p = req->page;
	const char	*q;
	int		 rc;

	if (req->query == NULL || req->query_len == 0) {
		if (req->proto != PROTO_GOPHER) {
			reply_status(rep, GEMINI_INPUT, SEARCH_PROMPT);
			return;
		}
		/* Gopher: a menu with the search item to type into */
		page_begin(req);
		page_heading(p, 1, "Search");
		page_link(p, LINK_SEARCH, "/search", SEARCH_PROMPT);
		page_footer(req);
		reply_page(req, rep);
		return;
	}
	if ((q = search_query(&p->arena, req->query, req->query_len)) ==
	    NULL) {
		reply_status(rep, GEMINI_INPUT, "Type some words to look for. "
		    SEARCH_PROMPT);
		return;
	}
	page_begin(req);
	page_heading(p, 1, "Search: %.*s", (int)(req->query_len > 80 ? 80 :
	    req->query_len), req->query);
	page_blank(p);
	if ((rc = store_search(req->w->store, q, SEARCH_RESULTS, search_hit,
	    req)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "Nothing found. Fewer or other words may help.");
	page_link(p, LINK_SEARCH, "/search", "Search again");
	page_footer(req);
	reply_page(req, rep);
}

/* /help lives in the capsule (help.gmi), so operators can adapt it. */
void
handle_help(struct request *req, struct reply *rep)
{
	req->path = "/help.gmi";
	static_serve(req, rep);
}

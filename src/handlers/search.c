/*
 * search.c: full-text search over discussions and comments (SQLite FTS5),
 * by prompt on Gemini and as a type 7 item on Gopher.
 */
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "core/ratelimit.h"
#include "core/utf8.h"

#define SEARCH_WORDS_MAX	8
#define SEARCH_RESULTS		20
#define SEARCH_PROMPT		"Search the discussions (a few words)"
/*
 * The last word matches as a prefix only from this many characters: "a*"
 * matches nearly every post (0.27 s a query on a 32 MB corpus); shorter
 * words match as whole words.
 */
#define SEARCH_PREFIX_MIN	3
/*
 * Searches one address may make in a row; then one every search_refill
 * seconds (a setting, default 2, whose help in settings.c says 10).
 */
#define SEARCH_BURST		10

/*
 * Readers type words, not FTS5 syntax: every run of letters and digits
 * becomes a quoted term (so quotes, NEAR, AND or a stray '*' can never be
 * a syntax error or an injection), all of them required, and the last one
 * also matches as a prefix while it is being typed.
 */
/*
 * Bytes of the word character at s (a letter or digit of any script), or
 * 0 for a separator.  Unicode punctuation and spaces separate words, as
 * they do for FTS5's unicode61 tokenizer.
 */
static size_t
word_char(const unsigned char *s, size_t len)
{
	unsigned cp;

	if (s[0] < 0x80)
		return ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' &&
		    s[0] <= 'Z') || (s[0] >= '0' && s[0] <= '9')) ? 1 : 0;
	/* a lead byte must have its continuation bytes, or it separates */
	if ((s[0] & 0xe0) == 0xc0 && (len < 2 || (s[1] & 0xc0) != 0x80))
		return 0;
	if ((s[0] & 0xf0) == 0xe0 && (len < 3 || (s[1] & 0xc0) != 0x80 ||
	    (s[2] & 0xc0) != 0x80))
		return 0;
	if ((s[0] & 0xf8) == 0xf0 && (len < 4 || (s[1] & 0xc0) != 0x80 ||
	    (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80))
		return 0;
	if ((s[0] & 0xe0) == 0xc0 && len >= 2) {
		cp = ((s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		/* Latin-1 punctuation, spaces and signs */
		return (cp >= 0xa0 && cp <= 0xbf) || cp == 0xd7 ||
		    cp == 0xf7 ? 0 : 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && len >= 3) {
		cp = ((s[0] & 0x0f) << 12) | ((s[1] & 0x3f) << 6) |
		    (s[2] & 0x3f);
		/* general and CJK punctuation, specials */
		return (cp >= 0x2000 && cp <= 0x206f) ||
		    (cp >= 0x3000 && cp <= 0x303f) ||
		    (cp >= 0xfe10 && cp <= 0xfe6f) || cp >= 0xfff0 ? 0 : 3;
	}
	if ((s[0] & 0xf8) == 0xf0 && len >= 4)
		return 4;
	return 0;
}

/*
 * Readers type words, not FTS5 syntax: every run of letters and digits
 * becomes a quoted term (so quotes, NEAR, AND or a stray '*' can never be
 * a syntax error or an injection), all of them required, and the last one
 * also matches as a prefix while it is being typed, when it has at least
 * SEARCH_PREFIX_MIN characters.
 */
const char *
search_query(struct arena *a, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	char			*q, *o;
	size_t			 i = 0, start, n, last = 0;
	int			 words = 0;

	q = o = arena_alloc(a, len + SEARCH_WORDS_MAX * 4 + 2);
	while (i < len && words < SEARCH_WORDS_MAX) {
		while (i < len && word_char(u + i, len - i) == 0)
			i++;
		start = i;
		while (i < len && (n = word_char(u + i, len - i)) > 0)
			i += n;
		if (i == start)
			break;
		if (words++ > 0)
			*o++ = ' ';
		*o++ = '"';
		memcpy(o, s + start, i - start);
		o += i - start;
		*o++ = '"';
		last = start;
	}
	if (words == 0)
		return NULL;
	/* word_char() let only whole UTF-8 sequences into a word */
	if (utf8_count(s + last, i - last) >= SEARCH_PREFIX_MIN)
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
	page_link(p, LINK_PAGE, r->comment_id != 0 ? arena_printf(&p->arena,
	    "/comment/%lld", (long long)r->comment_id) :
	    arena_printf(&p->arena, "/thread/%lld", (long long)r->thread_id),
	    "%s", r->title);
	page_text(p, "%s %s on %s: %s", r->comment_id ? "A comment by" :
	    "Started by", r->author, handler_date(req, r->created), snip);
	page_blank(p);
	return 0;
}

void
handle_search(struct request *req, struct reply *rep)
{
	struct page	*p = req->page;
	const char	*q;
	char		 key[96];
	int		 rc, wait;

	if (req->query == NULL || req->query_len == 0) {
		if (request_can(req, CAN_PROMPT)) {
			reply_status(rep, GEMINI_INPUT, SEARCH_PROMPT);
			return;
		}
		/* Gopher: a menu with the search item to type into */
		page_heading(p, 1, "Search");
		page_link(p, LINK_SEARCH, "/search", SEARCH_PROMPT);
		handler_footer(req);
		reply_page(req, rep);
		return;
	}
	if ((q = search_query(&p->arena, req->query, req->query_len)) ==
	    NULL) {
		reply_status(rep, GEMINI_INPUT, "Type some words to look for. "
		    SEARCH_PROMPT);
		return;
	}
	/* each search costs the database; an address gets a few at once */
	snprintf(key, sizeof(key), "s:%s", req->addr);
	if ((wait = ratelimit_take(key, req->addr, SEARCH_BURST,
	    handler_setting_number(req, SETTING_SEARCH_REFILL), req->now)) >
	    0) {
		reply_status(rep, GEMINI_SLOW_DOWN, "%d", wait);
		return;
	}
	page_heading(p, 1, "Search: %.*s", (int)(req->query_len > 80 ? 80 :
	    req->query_len), req->query);
	page_blank(p);
	if ((rc = store_search(req->store, q, SEARCH_RESULTS, search_hit,
	    req)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "Nothing found. Fewer or other words may help.");
	page_link(p, LINK_SEARCH, "/search", "Search again");
	handler_footer(req);
	reply_page(req, rep);
}

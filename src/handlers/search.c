/*
 * search.c: full-text search over discussions and comments (SQLite FTS5),
 * by prompt on Gemini and as a type 7 item on Gopher.
 */
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "core/ratelimit.h"
#include "core/url.h"
#include "core/utf8.h"

#define SEARCH_WORDS_MAX	8
#define SEARCH_RESULTS		20	/* a page of results */
/*
 * Results are counted up to this many and paged no further: a search
 * that finds more wants other words, and OFFSET costs what it skips.
 */
#define SEARCH_PAGES_MAX	50
#define SEARCH_COUNT_CAP	(SEARCH_RESULTS * SEARCH_PAGES_MAX)
/* Bytes of the words looked at (and echoed in links) */
#define SEARCH_QUERY_MAX	256
/* Bytes of the words the heading repeats */
#define SEARCH_HEADING_MAX	80
/* One word must have this many characters: "a" matches nearly all */
#define SEARCH_WORD_MIN		2
#define STR_(x)			#x
#define STR(x)			STR_(x)
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

/*
 * Why words typed would search too much, or NULL when they may be searched:
 * a one-letter word matches nearly every post, and so does a prefix of
 * one or two letters ("a*": 0.27 s a query on a 32 MB corpus).  So at
 * least one word must have SEARCH_WORD_MIN characters, and a word the
 * reader ends with '*' SEARCH_PREFIX_MIN.
 */
const char *
search_refusal(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, start, n, chars;
	int			 long_word = 0;

	while (i < len) {
		while (i < len && word_char(u + i, len - i) == 0)
			i++;
		start = i;
		while (i < len && (n = word_char(u + i, len - i)) > 0)
			i += n;
		if (i == start)
			break;
		chars = utf8_count(s + start, i - start);
		if (chars >= SEARCH_WORD_MIN)
			long_word = 1;
		if (i < len && s[i] == '*' && chars < SEARCH_PREFIX_MIN)
			return "A word ending in * needs at least "
			    STR(SEARCH_PREFIX_MIN) " letters before the *.";
	}
	if (!long_word)
		return "Type at least one word of " STR(SEARCH_WORD_MIN)
		    " or more letters.";
	return NULL;
}

/* What a search is over: every space, or the one in its path. */
struct search_ctx {
	struct request		*req;
	const char		*base;		/* /search, /space/SLUG/search */
	const char		*enc;		/* the words, percent-encoded */
	int64_t			 space_id;	/* 0: every space */
};

static int
search_hit(void *arg, const struct search_row *r)
{
	struct request	*req = arg;
	struct page	*p = req->page;
	char		*snip, *c;

	/* a snippet may span lines of the post: show it as one */
	snip = arena_strndup(&p->arena, r->snippet, strlen(r->snippet));
	for (c = snip; *c != '\0'; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	page_link(p, LINK_PAGE, r->comment_id != 0 ? arena_printf(&p->arena,
	    "/comment/%lld", (long long)r->comment_id) :
	    arena_printf(&p->arena, "/thread/%lld", (long long)r->thread_id),
	    "%s %s", r->comment_id ? "A comment in" : "The discussion",
	    r->title);
	page_text(p, "By %s in %s, %s", r->author, r->space_name,
	    handler_date(req, r->created));
	handler_member_link(req, r->author_id, r->author);
	page_text(p, "%s", snip);
	page_blank(p);
	return 0;
}

/* The address of page n of the results for the same words. */
static const char *
search_page_url(struct search_ctx *sc, int64_t n)
{
	struct arena *a = &sc->req->page->arena;

	if (n == 1)
		return arena_printf(a, "%s?%s", sc->base, sc->enc);
	return arena_printf(a, "%s/page/%lld?%s", sc->base, (long long)n,
	    sc->enc);
}

void
handle_search(struct request *req, struct reply *rep)
{
	struct page		*p = req->page;
	struct space_row	 sp;
	struct search_ctx	 sc;
	const char		*q, *why, *prompt = SEARCH_PROMPT;
	char			 key[96], *enc;
	/* /search is page 1; /search/page/0 is no page at all */
	int64_t			 pageno = strstr(req->path, "/page/") ?
	    req->num[0] : 1;
	int64_t			 total, shown, pages;
	size_t			 qlen;
	int			 rc, wait, hlen;

	memset(&sc, 0, sizeof(sc));
	sc.req = req;
	sc.base = "/search";
	if (req->str[0] != NULL) {
		rc = store_space_get(req->store, req->str[0], &sp);
		if (rc == STORE_NOTFOUND) {
			reply_status(rep, GEMINI_NOT_FOUND, "No such space");
			return;
		}
		if (rc < 0) {
			reply_store_error(rep, rc);
			return;
		}
		sc.space_id = sp.id;
		sc.base = arena_printf(&p->arena, "/space/%s/search",
		    req->str[0]);
		prompt = arena_printf(&p->arena, "Search %s (a few words)",
		    sp.name);
	}
	if (pageno < 1 || pageno > SEARCH_PAGES_MAX) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such page: results "
		    "go up to page %d", SEARCH_PAGES_MAX);
		return;
	}
	if (req->query == NULL || req->query_len == 0) {
		if (request_can(req, CAN_PROMPT)) {
			reply_status(rep, GEMINI_INPUT, "%s", prompt);
			return;
		}
		/* Gopher: a menu with the search item to type into */
		page_heading(p, 1, "Search");
		page_link(p, LINK_SEARCH, sc.base, "%s", prompt);
		handler_footer(req);
		reply_page(req, rep);
		return;
	}
	qlen = utf8_cut(req->query, req->query_len, SEARCH_QUERY_MAX);
	if ((q = search_query(&p->arena, req->query, qlen)) == NULL) {
		reply_status(rep, GEMINI_INPUT, "Type some words to look "
		    "for. %s", prompt);
		return;
	}
	if ((why = search_refusal(req->query, qlen)) != NULL) {
		reply_status(rep, GEMINI_INPUT, "%s %s", why, prompt);
		return;
	}
	/* each search costs the database; an address gets a few at once */
	snprintf(key, sizeof(key), "%d/s:%s", req->site->id, req->addr);
	if ((wait = ratelimit_take(key, req->addr, SEARCH_BURST,
	    handler_setting_number(req, SETTING_SEARCH_REFILL), req->now)) >
	    0) {
		reply_status(rep, GEMINI_SLOW_DOWN, "%d", wait);
		return;
	}
	enc = arena_alloc(&p->arena, qlen * 3 + 1);
	if (url_encode(req->query, qlen, enc, qlen * 3 + 1, 0) < 0)
		enc[0] = '\0';
	sc.enc = enc;

	if ((rc = store_search_count(req->store, q, sc.space_id,
	    SEARCH_COUNT_CAP + 1, &total)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	shown = total > SEARCH_COUNT_CAP ? SEARCH_COUNT_CAP : total;
	pages = handler_page_count(shown, SEARCH_RESULTS);
	if (pageno > pages) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such page: %lld "
		    "page%s of results", (long long)pages, pages == 1 ? "" :
		    "s");
		return;
	}
	hlen = (int)utf8_cut(req->query, qlen, SEARCH_HEADING_MAX);
	if (sc.space_id != 0)
		page_heading(p, 1, "Search in %s: %.*s", sp.name, hlen,
		    req->query);
	else
		page_heading(p, 1, "Search: %.*s", hlen, req->query);
	if (total > SEARCH_COUNT_CAP)
		page_text(p, "More than %d results; the best %d are shown.",
		    SEARCH_COUNT_CAP, SEARCH_COUNT_CAP);
	else if (total > 0)
		page_text(p, "%lld result%s.", (long long)total, total == 1 ?
		    "" : "s");
	if (pages > 1)
		page_text(p, "Page %lld of %lld.", (long long)pageno,
		    (long long)pages);
	page_blank(p);
	if ((rc = store_search(req->store, q, sc.space_id, SEARCH_RESULTS,
	    (int)((pageno - 1) * SEARCH_RESULTS), search_hit, req)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0) {
		page_text(p, "Nothing found. Fewer or other words may help.");
		page_blank(p);
	}
	if (pageno > 1)
		page_link(p, LINK_PAGE, search_page_url(&sc, pageno - 1),
		    "Previous page (%lld of %lld)", (long long)pageno - 1,
		    (long long)pages);
	if (pageno < pages)
		page_link(p, LINK_PAGE, search_page_url(&sc, pageno + 1),
		    "Next page (%lld of %lld)", (long long)pageno + 1,
		    (long long)pages);
	page_link(p, LINK_SEARCH, sc.base, "Search again");
	if (sc.space_id != 0)
		page_link(p, LINK_SEARCH, "/search", "Search every space");
	handler_footer(req);
	reply_page(req, rep);
}

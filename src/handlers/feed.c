/*
 * feed.c: subscriptions.  Each feed exists twice, for two kinds of
 * reader: a gemtext page of dated links (the gemfeed convention, which
 * Lagrange and other clients subscribe to), built with the page model
 * like every page; and an Atom document for feed readers, written here.
 *   /feed, /feed.xml                  new discussions, whole community
 *   /space/SLUG/feed, .../feed.xml    new discussions in a space
 *   /thread/ID/feed, .../feed.xml     new comments in a discussion
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "render/render.h"
#include "render/markup.h"
#include "core/utc.h"
#include "core/utf8.h"

#define FEED_ENTRIES	30
#define FEED_EXCERPT	60	/* bytes of a comment in a gemfeed */
#define MIME_ATOM	"application/atom+xml; charset=utf-8"
/*
 * An Atom feed is REPLY_MAX bytes at most (render.h): its entries stop
 * where the next would take them past FEED_ENTRIES_MAX bytes, which
 * leaves room for the head; the licence in the head is cut at
 * FEED_RIGHTS_MAX characters (escaping makes one six bytes at most).
 */
#define FEED_ENTRIES_MAX	(REPLY_MAX - 64 * 1024)
#define FEED_RIGHTS_MAX		4096

struct feed {
	struct request	*req;
	int		 atom;
	struct evbuffer	*xml;		/* Atom only */
	int64_t		 updated;
	int64_t		 space_id;	/* 0: everything */
	int64_t		 thread_id;	/* comments of one thread */
	char		 title[512];
	char		 slug[80];
	int		 found;
	int		 full;		/* Atom: no room for more entries */
};

static void
atom_entry(struct feed *f, const char *id, const char *title,
    const char *author, int64_t when, const char *content)
{
	struct evbuffer	*e;
	char		 stamp[32];

	if (f->full || (e = evbuffer_new()) == NULL)
		return;
	utc_format(stamp, sizeof(stamp), when, UTC_RFC3339);
	evbuffer_add_printf(e, "<entry>\n<id>%s</id>\n<title>", id);
	markup_escape(e, title);
	evbuffer_add_printf(e, "</title>\n<updated>%s</updated>\n"
	    "<author><name>", stamp);
	markup_escape(e, author);
	evbuffer_add_printf(e, "</name></author>\n"
	    "<link rel=\"alternate\" href=\"%s\"/>\n<content type=\"text\">",
	    id);
	markup_escape(e, content);
	evbuffer_add_printf(e, "</content>\n</entry>\n");
	/* newest first: what does not fit is the oldest */
	if (evbuffer_get_length(f->xml) + evbuffer_get_length(e) >
	    FEED_ENTRIES_MAX)
		f->full = 1;
	else {
		evbuffer_add_buffer(f->xml, e);
		if (when > f->updated)
			f->updated = when;
	}
	evbuffer_free(e);
}

static int
feed_thread(void *arg, const struct thread_row *t)
{
	struct feed	*f = arg;
	struct request	*req = f->req;
	struct page	*p = req->page;
	const char	*url;

	if (f->atom) {
		url = arena_printf(&p->arena, "%s/thread/%lld",
		    req->site->gemini_base, (long long)t->id);
		atom_entry(f, url, t->title, t->author, t->created,
		    t->hidden == NULL ? t->body : arena_printf(&p->arena,
		    "(The opening post was hidden by a moderator: %s)",
		    t->hidden));
	} else
		page_link(p, LINK_PAGE, arena_printf(&p->arena,
		    "/thread/%lld", (long long)t->id), "%s %s (%s, in %s)",
		    handler_date(req, t->created), t->title, t->author,
		    t->space_name);
	return 0;
}

static int
feed_comment(void *arg, const struct comment_row *c)
{
	struct feed	*f = arg;
	struct request	*req = f->req;
	struct page	*p = req->page;
	if (f->atom)
		atom_entry(f, arena_printf(&p->arena, "%s/comment/%lld",
		    req->site->gemini_base, (long long)c->id),
		    arena_printf(&p->arena,
		    "%s on \"%s\"", c->author, f->title), c->author, c->created,
		    c->body);
	else
		page_link(p, LINK_PAGE, arena_printf(&p->arena,
		    "/comment/%lld", (long long)c->id), "%s %s: %s",
		    handler_date(req, c->created), c->author,
		    handler_first_line(req, c->body, FEED_EXCERPT));
	return 0;
}

/* Which feed the path names, and its title; a guard: -1 for none. */
static int
feed_find(struct request *req, struct feed *f, struct reply *rep)
{
	struct space_row	sp;
	struct thread_row	t;
	int			rc;

	if (req->str[0] != NULL) {
		if ((rc = store_space_get(req->store, req->str[0],
		    &sp)) == STORE_OK) {
			f->found = !sp.archived;
			f->space_id = sp.id;
			snprintf(f->title, sizeof(f->title), "%s", sp.name);
			snprintf(f->slug, sizeof(f->slug), "%s", sp.slug);
		}
	} else if (req->num[0] != 0) {
		f->thread_id = req->num[0];
		if ((rc = store_thread_get(req->store, req->num[0], 0,
		    &t)) == STORE_OK) {
			f->found = !t.held;
			snprintf(f->title, sizeof(f->title), "%s", t.title);
		}
	} else {
		snprintf(f->title, sizeof(f->title), "%s",
		    handler_setting(req, SETTING_NAME));
		return 0;
	}
	if (rc < 0 && rc != STORE_NOTFOUND) {
		reply_store_error(rep, rc);
		return -1;
	}
	if (!f->found && f->thread_id != 0) {
		reply_missing(req, rep, 0, f->thread_id);
		return -1;
	}
	if (!f->found) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such feed");
		return -1;
	}
	return 0;
}

static int
feed_entries(struct request *req, struct feed *f)
{
	if (f->thread_id != 0)
		return store_feed_comments(req->store, f->thread_id,
		    FEED_ENTRIES, feed_comment, f);
	return store_feed_threads(req->store, f->space_id, FEED_ENTRIES,
	    feed_thread, f);
}

void
handle_feed(struct request *req, struct reply *rep)
{
	struct feed	 f = { .req = req };
	struct page	*p = req->page;
	int		 rc;

	if (feed_find(req, &f, rep) == -1)
		return;
	page_heading(p, 1, "%s", f.title);
	page_text(p, f.thread_id ? "New comments, newest first." :
	    "New discussions, newest first. Subscribe to this page in your "
	    "client to hear of new ones.");
	page_blank(p);
	if ((rc = feed_entries(req, &f)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	page_blank(p);
	page_link(p, LINK_FILE, arena_printf(&p->arena, "%s.xml", req->path),
	    "The same as an Atom feed");
	handler_footer(req);
	reply_page(req, rep);
}

void
handle_feed_atom(struct request *req, struct reply *rep)
{
	struct feed	 f = { .req = req };
	struct evbuffer	*head;
	const char	*self, *licence;
	char		 stamp[32];
	int		 rc;

	if (feed_find(req, &f, rep) == -1)
		return;
	f.atom = 1;
	if ((f.xml = evbuffer_new()) == NULL || (head = evbuffer_new()) ==
	    NULL) {
		evbuffer_free(f.xml);
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
		return;
	}
	if ((rc = feed_entries(req, &f)) < 0) {
		reply_store_error(rep, rc);
		goto done;
	}
	self = arena_printf(&req->page->arena, "%s%s",
	    req->site->gemini_base, req->path);
	utc_format(stamp, sizeof(stamp), f.updated ? f.updated : req->now,
	    UTC_RFC3339);
	evbuffer_add_printf(head, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>%s</id>\n"
	    "<title>", self);
	markup_escape(head, f.title);
	evbuffer_add_printf(head, "</title>\n<updated>%s</updated>\n"
	    "<link rel=\"self\" href=\"%s\"/>\n"
	    "<link rel=\"alternate\" href=\"%.*s\"/>\n<rights>", stamp, self,
	    (int)(strlen(self) - strlen(".xml")), self);
	licence = handler_setting(req, SETTING_LICENCE);
	markup_escape(head, arena_strndup(&req->page->arena, licence,
	    utf8_prefix(licence, strlen(licence), FEED_RIGHTS_MAX)));
	evbuffer_add_printf(head, "</rights>\n");
	evbuffer_add_buffer(head, f.xml);
	evbuffer_add_printf(head, "</feed>\n");
	rep->body_len = evbuffer_get_length(head);
	rep->body = arena_strndup(&req->page->arena,
	    (const char *)evbuffer_pullup(head, -1), rep->body_len);
	reply_status(rep, GEMINI_SUCCESS, MIME_ATOM);
done:
	evbuffer_free(head);
	evbuffer_free(f.xml);
}

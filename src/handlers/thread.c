/*
 * thread.c: one discussion, in pages: the opening post and the first
 * comments on /thread/ID, the rest on /thread/ID/page/N, as this reader
 * may see them: their own held posts and reports, and the actions open
 * to them (edit, report, moderate).  /comment/ID is each comment's
 * permalink (a redirect to its page) and /thread/ID/latest the newest
 * page's.
 *
 * Pages are cut by count and by weight (see COMMENTS_PER_PAGE and
 * PAGE_WEIGHT_MAX in handlers.h): a page ends after COMMENTS_PER_PAGE
 * comments, or sooner when the next comment would make it heavier than
 * PAGE_WEIGHT_MAX, so that long comments make short pages and no page
 * comes near REPLY_MAX.  Where the pages begin is worked out from the
 * comments' weights alone (an index holds them), never their text.
 */
#include <stdint.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "handlers/snapshots.h"
#include "store/views.h"
#include "core/utf8.h"

struct thread_ctx {
	struct request	*req;
	/* the discussion, read once a request: strings until the next
	 * store_thread_get(), so those used after the comments are copied */
	struct thread_row t;
	int64_t		 id;
	int		 locked;	/* or its space archived */
	const char	*space_slug;
	const char	*space_name;
	int64_t		 viewer;	/* member id, 0 for a visitor */
	int		 moderator;	/* the viewer moderates */
	int64_t		 pageno;	/* the page being shown */
	struct thread_pages pages;
	int64_t		 views;		/* view_total(), read for page 1 */
	int		 counted;	/* this request counted a view */
	size_t		 report;	/* where the comment last built had
					 * its Report link on the page; 0:
					 * none (snapshots.h) */
};

static void
action(struct page *p, const char *label, const char *fmt, long long id)
{
	page_link(p, LINK_ACTION, arena_printf(&p->arena, fmt, id), "%s",
	    label);
}

/* As COMMENT_WEIGHT in store/comments.c weighs a comment. */
static int64_t
text_weight(const char *s)
{
	int64_t w = 0;

	for (; *s != '\0'; s++, w++)
		if (*s == '\n')
			w += COMMENT_LINE_WEIGHT;
	return w;
}

struct pages_ctx {
	struct thread_pages	*tp;
	struct arena		*a;
	size_t			 cap;
	int64_t			 count;		/* on the page being filled */
	int64_t			 weight;
};

static int
pages_add(void *arg, const struct weight_row *r)
{
	struct pages_ctx	*pc = arg;
	struct thread_pages	*tp = pc->tp;
	int64_t			 w = r->weight + COMMENT_WEIGHT_EXTRA;
	int64_t			*more;

	if (pc->count > 0 && (pc->count == COMMENTS_PER_PAGE ||
	    pc->weight + w > PAGE_WEIGHT_MAX)) {
		if ((size_t)tp->n == pc->cap) {
			/* the old array stays in the arena: twice at most */
			if ((more = arena_alloc(pc->a, 2 * pc->cap *
			    sizeof(*more))) == NULL)
				return 1;
			memcpy(more, tp->first, pc->cap * sizeof(*more));
			tp->first = more;
			pc->cap *= 2;
		}
		tp->first[tp->n++] = r->id;
		pc->count = 0;
		pc->weight = 0;
	}
	pc->count++;
	pc->weight += w;
	return 0;
}

int
thread_pages(struct request *req, const struct thread_row *t,
    struct thread_pages *tp)
{
	struct pages_ctx	 pc = { .tp = tp, .a = &req->page->arena,
	    .cap = 16 };
	const struct snap_pages	*sp;
	int64_t			 opening = text_weight(t->title) +
	    text_weight(t->body);
	int			 rc;

	/* as worked out before, if nothing changed since */
	if (req->snaps != NULL && (sp = snapshot_pages_find(req->snaps,
	    t->id, opening, t->revs)) != NULL) {
		tp->n = sp->n;
		if ((tp->first = arena_try_alloc(pc.a, (size_t)sp->n *
		    sizeof(*tp->first))) == NULL)
			return STORE_ERROR;
		memcpy(tp->first, sp->first, (size_t)sp->n *
		    sizeof(*tp->first));
		return STORE_OK;
	}
	/* page 1 holds the opening post, and whatever comes first */
	pc.weight = opening + COMMENT_WEIGHT_EXTRA;
	tp->n = 1;
	if ((tp->first = arena_alloc(pc.a, pc.cap * sizeof(*tp->first))) ==
	    NULL)
		return STORE_ERROR;
	tp->first[0] = 0;
	rc = store_comment_weights(req->store, t->id, pages_add, &pc);
	if (rc < 0)
		return rc;
	if (req->snaps != NULL)
		snapshot_pages_keep(req->snaps, t->id, opening, t->revs,
		    tp->first, tp->n);
	return STORE_OK;
}

int64_t
thread_page_of(const struct thread_pages *tp, int64_t comment_id)
{
	int64_t lo = 0, hi = tp->n - 1, mid;

	/* the last page whose first comment is not after this one */
	while (lo < hi) {
		mid = (lo + hi + 1) / 2;
		if (tp->first[mid] <= comment_id)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo + 1;
}

const char *
thread_page_path(struct request *req, int64_t thread_id, int64_t pageno)
{
	if (pageno <= 1)
		return arena_printf(&req->page->arena, "/thread/%lld",
		    (long long)thread_id);
	return arena_printf(&req->page->arena, "/thread/%lld/page/%lld",
	    (long long)thread_id, (long long)pageno);
}

/* The page's top: all of the opening post on page 1, its title after. */
static void
thread_top(struct thread_ctx *tc)
{
	const struct thread_row	*t = &tc->t;
	struct request		*req = tc->req;
	struct page		*p = req->page;
	int64_t			 npages = tc->pages.n;
	int64_t			 views;

	page_heading(p, 1, "%s", t->title);
	if (tc->pageno > 1) {
		page_text(p, "Page %lld of %lld of a discussion started by %s "
		    "on %s in %s.", (long long)tc->pageno, (long long)npages,
		    t->author, handler_date(req, t->created), t->space_name);
		page_link(p, LINK_PAGE, thread_page_path(req, t->id, 1),
		    "The opening post (page 1)");
		if (tc->pageno < npages)
			page_link(p, LINK_PAGE, thread_page_path(req, t->id,
			    npages), "The newest comments (page %lld)",
			    (long long)npages);
		return;
	}
	/*
	 * The total was read before this request's view: with it, the
	 * number is at most the truth, and view_show() keeps it from
	 * falling below what any page showed (views.c).
	 */
	views = view_show(req->site->views, t->id, tc->views + tc->counted);
	req->views_thread = t->id;
	req->views = views;
	page_text(p, "Started by %s on %s in %s.", t->author,
	    handler_date(req, t->created), t->space_name);
	handler_member_link(req, t->author_id, t->author);
	page_text(p, "%lld %s, %lld %s.", (long long)views,
	    handler_plural(views, "view", "views"), (long long)t->comments,
	    handler_plural(t->comments, "comment", "comments"));
	if (npages > 1) {
		page_text(p, "Page 1 of %lld.", (long long)npages);
		page_link(p, LINK_PAGE, thread_page_path(req, t->id, npages),
		    "The newest comments (page %lld)", (long long)npages);
	}
	if (t->held)
		page_text(p, "This discussion waits for a moderator's "
		    "approval; until then only its author and the moderators "
		    "can see it.");
	if (t->locked)
		page_text(p, "This discussion is locked: it can be read, but "
		    "takes no new comments.");
	page_blank(p);
	/* an event's when, where and who (events.c), looked up only for
	 * one; a failure: no block */
	if (t->event)
		(void)events_block(req, t->id, tc->viewer, tc->moderator);
	if (t->hidden != NULL) {
		page_text(p, "(The opening post was hidden by a moderator: "
		    "%s)", t->hidden);
		if (tc->moderator) {
			page_gemtext(p, t->body, strlen(t->body),
			    GEMTEXT_USER, NULL);
			action(p, "Restore the opening post (moderators)",
			    "/mod/thread/%lld/restore", t->id);
		}
	} else if (t->reported && !tc->moderator)
		page_text(p, "(You reported this discussion; the moderators "
		    "will look at it.)");
	else
		page_gemtext(p, t->body, strlen(t->body), GEMTEXT_USER, NULL);
	if (t->edited)
		page_text(p, "(edited %s)", handler_datetime(req, t->edited));
	if (t->author_id == tc->viewer && !tc->locked) {
		action(p, "Edit the opening post", "/thread/%lld/edit", t->id);
		action(p, "Change the title", "/thread/%lld/title", t->id);
	}
	if (tc->moderator) {
		action(p, "Change the title (moderators)",
		    "/mod/thread/%lld/retitle", t->id);
		if (t->hidden == NULL)
			action(p, "Hide the opening post (moderators)",
			    "/mod/thread/%lld/hide", t->id);
	}
}

/* Of the comment answered, the characters quoted: its first line. */
#define REPLY_QUOTED	100

/*
 * Above a reply: whom and what it answers, in a quote line of that
 * comment's first line (without a quote mark of its own), and the way
 * to it; or that it is gone, without its text.
 */
static void
reply_context(struct page *p, const struct comment_row *c)
{
	const char	*t = c->reply_text;
	size_t		 len, cut;

	if (c->reply_author == NULL || t == NULL) {
		page_text(p, "In reply to a comment that was removed.");
		return;
	}
	page_text(p, "In reply to %s:", c->reply_author);
	while (*t == '>' || *t == ' ' || *t == '\t')
		t++;
	len = strcspn(t, "\n");
	if (len > 0) {
		cut = utf8_prefix(t, len, REPLY_QUOTED);
		page_quote_line(p, arena_printf(&p->arena, "%.*s%s", (int)cut,
		    t, cut < len ? "..." : ""));
	}
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/comment/%lld",
	    (long long)c->reply_to), "The comment answered");
}

/* What a comment's author may do with it (not edit it when locked). */
static void
thread_own_actions(const struct thread_ctx *tc, int64_t id)
{
	struct page *p = tc->req->page;

	if (!tc->locked)
		action(p, "Edit", "/comment/%lld/edit", id);
	action(p, "Delete", "/comment/%lld/delete", id);
}

static int
thread_comment(void *arg, const struct comment_row *c)
{
	struct thread_ctx	*tc = arg;
	struct request		*req = tc->req;
	struct page		*p = req->page;
	int			 own = tc->viewer != 0 &&
	    c->author_id == tc->viewer;
	/* "Author, date": one per comment, too many to go through printf */
	const char		*heading[] = {
		c->author, ", ", handler_datetime(req, c->created)
	};

	tc->report = 0;
	page_blank(p);
	page_join(p, EL_H3, heading, sizeof(heading) / sizeof(heading[0]));
	handler_member_link(req, c->author_id, c->author);
	if (c->deleted) {
		page_text(p, "(This comment was deleted by its author.)");
		return 0;
	}
	if (c->held)
		page_text(p, "(Waiting for a moderator's approval; only you "
		    "can see it for now.)");
	if (c->hidden != NULL) {
		page_text(p, "(Hidden by a moderator: %s)", c->hidden);
		/* its author sees what was hidden, and may mend or remove it */
		if (own)
			page_text(p, "(Only you and the moderators see its "
			    "text.)");
		if (tc->moderator || own)
			page_gemtext(p, c->body, strlen(c->body),
			    GEMTEXT_USER, NULL);
		if (own)
			thread_own_actions(tc, c->id);
		if (tc->moderator)
			action(p, "Restore this comment",
			    "/mod/comment/%lld/restore", c->id);
		return 0;
	}
	if (c->reported && !tc->moderator) {
		page_text(p, "(You reported this comment; the moderators will "
		    "look at it.)");
		return 0;
	}
	if (c->reply_to != 0)
		reply_context(p, c);
	page_gemtext(p, c->body, strlen(c->body), GEMTEXT_USER, NULL);
	if (c->edited)
		page_text(p, "(edited %s)", handler_datetime(req, c->edited));
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/comment/%lld",
	    (long long)c->id), "Link to this comment");
	/* visitors too: the link asks them for a certificate */
	if (!tc->locked)
		action(p, "Reply", "/comment/%lld/reply", c->id);
	if (own)
		thread_own_actions(tc, c->id);
	else if (tc->viewer != 0) {
		tc->report = page_count(p);
		action(p, "Report", "/report/comment/%lld", c->id);
	}
	if (tc->moderator && !own)
		action(p, "Hide (moderators)", "/mod/comment/%lld/hide", c->id);
	return 0;
}

/* A comment as an article of its own (HTML: <article id="c123">). */
static int
thread_comment_article(void *arg, const struct comment_row *c)
{
	struct page	*p = ((struct thread_ctx *)arg)->req->page;
	int		 rc;

	page_article_begin(p, arena_printf(&p->arena, "c%lld",
	    (long long)c->id));
	rc = thread_comment(arg, c);
	page_article_end(p);
	return rc;
}

/*
 * A member's comments from the page's snapshot (snapshots.h): on their
 * own, Edit and Delete in place of Report; their held and hidden ones
 * and those they reported, which read differently to them, are built
 * fresh (thread_merge_own()) where they fall among the rest.
 */
struct thread_merge {
	struct thread_ctx	*tc;
	const struct snapshot	*s;
	size_t			 next;	/* the snapshot's next comment */
	int			 shown;
};

/* The snapshot's comments before comment id onto the page. */
static void
thread_merge_until(struct thread_merge *m, int64_t id)
{
	const struct snapshot	*s = m->s;
	const struct snap_comment *c;
	const struct element	*els;
	struct page		*p = m->tc->req->page;

	for (; m->next < s->nc && s->c[m->next].id < id; m->next++) {
		c = &s->c[m->next];
		els = s->els + c->first;
		m->shown++;
		if (c->author != m->tc->viewer || c->report == 0) {
			page_els_add(p, els, c->n);
			continue;
		}
		page_els_add(p, els, c->report);
		thread_own_actions(m->tc, c->id);
		page_els_add(p, els + c->report + 1, c->n - c->report - 1);
	}
}

static int
thread_merge_own(void *arg, const struct comment_row *c)
{
	struct thread_merge *m = arg;

	thread_merge_until(m, c->id);
	if (m->next < m->s->nc && m->s->c[m->next].id == c->id)
		m->next++;	/* theirs: instead of the snapshot's */
	m->shown++;
	return thread_comment_article(m->tc, c);
}

/* Building a snapshot: each comment onto the page, then into it. */
struct thread_snap {
	struct thread_ctx	*tc;
	struct snapshot		*s;
	int			 failed;
};

static int
thread_snap_one(void *arg, const struct comment_row *c)
{
	struct thread_snap	*b = arg;
	struct page		*p = b->tc->req->page;
	size_t			 n0 = page_count(p);
	int			 rc;

	rc = thread_comment_article(b->tc, c);
	if (!b->failed && (page_failed(p) ||
	    snapshot_add(b->s, c->id, c->author_id, b->tc->report > n0 ?
	    b->tc->report - n0 : 0, p->els + n0, page_count(p) - n0) == -1))
		b->failed = 1;
	page_truncate(p, n0);
	return rc;
}

/* The page's snapshot, built now if it has none: NULL when it cannot be. */
static const struct snapshot *
thread_snapshot(struct request *req, const struct thread_ctx *tc,
    int64_t first, int64_t end, int *rc)
{
	struct snapshots	*ss = req->snaps;
	const struct snapshot	*found;
	struct snapshot		*s;
	struct thread_ctx	 any = *tc;
	struct thread_snap	 b = { &any, NULL, 0 };

	*rc = 0;
	/* the revisions the discussion's row brought: no query of its own */
	if ((found = snapshot_find(ss, tc->id, first, end, tc->t.revs)) !=
	    NULL)
		return found;
	if ((s = snapshot_begin(ss, tc->id, first, end, tc->t.revs)) ==
	    NULL)
		return NULL;
	/* as a member who wrote and reported none of it sees it */
	any.viewer = SNAPSHOT_VIEWER;
	any.moderator = 0;
	b.s = s;
	if ((*rc = store_comments(req->store, tc->id, SNAPSHOT_VIEWER, first,
	    end, thread_snap_one, &b)) < 0 || b.failed)
		return NULL;
	snapshot_done(ss, s);
	return s;
}

/*
 * The comments of the page being shown, as the reader may see them: how
 * many there are, or a store error.
 */
static int
thread_comments(struct request *req, struct thread_ctx *tc, int64_t first,
    int64_t end)
{
	const struct snapshot	*s = NULL;
	struct thread_merge	 m = { tc, NULL, 0, 0 };
	int			 rc = 0;

	if (tc->viewer != 0 && !tc->moderator && req->snaps != NULL &&
	    (s = thread_snapshot(req, tc, first, end, &rc)) == NULL &&
	    rc < 0)
		return rc;
	if (s == NULL)
		return store_comments(req->store, tc->id, tc->viewer, first,
		    end, thread_comment_article, tc);
	m.s = s;
	/* the discussion's row said whether there is any of theirs */
	if (tc->t.apart && (rc = store_comments_own(req->store, tc->id,
	    tc->viewer, first, end, thread_merge_own, &m)) < 0)
		return rc;
	thread_merge_until(&m, INT64_MAX);
	return m.shown;
}

/* Previous, next and newest page, where there are such. */
static void
thread_nav(struct request *req, const struct thread_ctx *tc)
{
	struct page	*p = req->page;
	int64_t		 n = tc->pages.n;

	if (n <= 1)
		return;
	page_text(p, "Page %lld of %lld.", (long long)tc->pageno,
	    (long long)n);
	if (tc->pageno > 1)
		page_link(p, LINK_PAGE, thread_page_path(req, tc->id,
		    tc->pageno - 1), "Earlier comments (page %lld)",
		    (long long)tc->pageno - 1);
	if (tc->pageno < n)
		page_link(p, LINK_PAGE, thread_page_path(req, tc->id,
		    tc->pageno + 1), "Later comments (page %lld)",
		    (long long)tc->pageno + 1);
	if (tc->pageno < n - 1)
		page_link(p, LINK_PAGE, thread_page_path(req, tc->id, n),
		    "The newest comments (page %lld)", (long long)n);
}

/*
 * The discussion as this reader may see it, and its pages; a guard: -1
 * when rep is set (an error, or nothing to see).
 */
static int
thread_find(struct request *req, struct reply *rep, int64_t id,
    struct thread_ctx *tc)
{
	const struct member	*m = access_viewer(req);
	struct page		*p = req->page;
	const struct thread_row	*t = &tc->t;
	int			 rc;

	tc->req = req;
	tc->viewer = m != NULL ? m->id : 0;
	tc->moderator = m != NULL && m->role >= ROLE_MODERATOR;
	rc = store_thread_get(req->store, id, tc->viewer, &tc->t);
	if (rc == STORE_NOTFOUND) {
		/* 52 for a discussion that was removed, else 51 */
		reply_missing(req, rep, 0, id);
		return -1;
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return -1;
	}
	if (t->held && t->author_id != tc->viewer && !tc->moderator) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such discussion");
		return -1;
	}
	tc->id = t->id;
	tc->locked = t->locked || t->archived;
	tc->space_slug = arena_strndup(&p->arena, t->space_slug,
	    strlen(t->space_slug));
	tc->space_name = arena_strndup(&p->arena, t->space_name,
	    strlen(t->space_name));
	if ((rc = thread_pages(req, t, &tc->pages)) < 0) {
		reply_store_error(rep, rc);
		return -1;
	}
	return 0;
}

/* The reader of req viewing discussion id: once an hour (views.c). */
static int
thread_view(const struct request *req, int64_t id)
{
	return view_count(req->site->views, req->ident != NULL ?
	    req->ident->fingerprint : req->logaddr, req->ident != NULL,
	    req->now, id);
}

/* /thread/ID is page 1; /thread/ID/page/N any page, 1 included. */
void
handle_thread(struct request *req, struct reply *rep)
{
	struct thread_ctx	 tc = { 0 };
	struct page		*p = req->page;
	int			 paged = strstr(req->path, "/page/") != NULL;
	int64_t			 first, end;
	int			 rc;

	if (thread_find(req, rep, req->num[0], &tc) == -1)
		return;
	tc.pageno = paged ? req->num[1] : 1;
	if (tc.pageno < 1 || tc.pageno > tc.pages.n) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such page: this "
		    "discussion has %lld", (long long)tc.pages.n);
		return;
	}
	if (tc.pageno == 1)
		tc.views = view_total(req->site->views, tc.t.views, tc.id);
	/* one view a visit: page 1, or a permalink's or "latest" redirect */
	if (!paged)
		tc.counted = thread_view(req, tc.id);
	page_article_begin(p, "post");
	thread_top(&tc);
	page_article_end(p);
	page_blank(p);
	page_heading(p, 2, "Comments");
	first = tc.pages.first[tc.pageno - 1];
	end = tc.pageno < tc.pages.n ? tc.pages.first[tc.pageno] : 0;
	rc = thread_comments(req, &tc, first, end);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "No comments yet.");
	/* what follows is never cut from the page (page_tail) */
	page_tail(p);
	page_blank(p);
	thread_nav(req, &tc);
	if (!tc.locked)
		action(p, "Add a comment", "/thread/%lld/comment", tc.id);
	else if (tc.moderator && !tc.t.archived)
		action(p, "Add a moderator's note (moderators)",
		    "/thread/%lld/comment", tc.id);
	if (tc.t.drafts)
		drafts_offer(req, tc.viewer, tc.id);
	if (tc.viewer != 0 && tc.viewer != tc.t.author_id)
		action(p, "Report this discussion", "/report/thread/%lld",
		    tc.id);
	handler_follow_links(req, tc.id, tc.t.following);
	if (tc.moderator) {
		action(p, tc.locked ? "Unlock (moderators)" :
		    "Lock (moderators)", tc.locked ? "/mod/thread/%lld/unlock" :
		    "/mod/thread/%lld/lock", tc.id);
		action(p, "Move to another space (moderators)",
		    "/mod/thread/%lld/move", tc.id);
	}
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/thread/%lld/feed",
	    (long long)tc.id), "Subscribe to new comments");
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/space/%s",
	    tc.space_slug), "Back to %s", tc.space_name);
	handler_footer(req);
	reply_page(req, rep);
}

/* A discussion's first page served from the page cache is still a view. */
void
handle_thread_hit(struct request *req)
{
	thread_view(req, req->num[0]);
}

/* /thread/ID/latest: a redirect to the newest page, and a view. */
void
handle_thread_latest(struct request *req, struct reply *rep)
{
	struct thread_ctx tc = { 0 };

	if (thread_find(req, rep, req->num[0], &tc) == -1)
		return;
	thread_view(req, tc.id);
	reply_redirect(req, rep, "%s", thread_page_path(req, tc.id,
	    tc.pages.n));
}

/*
 * The path of the page that holds a comment, for the reader of req (who
 * may see the discussion); NULL when the store fails.
 */
const char *
thread_comment_path(struct request *req, int64_t thread_id, int64_t comment_id)
{
	struct thread_ctx tc = { 0 };
	struct reply	  rep;

	memset(&rep, 0, sizeof(rep));
	if (thread_find(req, &rep, thread_id, &tc) == -1)
		return NULL;
	return thread_page_path(req, thread_id,
	    thread_page_of(&tc.pages, comment_id));
}

void
thread_comment_redirect(struct request *req, struct reply *rep,
    int64_t thread_id, int64_t comment_id)
{
	const char *path = thread_comment_path(req, thread_id, comment_id);

	if (path != NULL)
		reply_redirect(req, rep, "%s", path);
	else
		reply_redirect(req, rep, "/thread/%lld", (long long)thread_id);
}

/*
 * As thread_comment_redirect(), in a discussion the caller has just read (and
 * found this reader may see): it is not read again.
 */
void
comment_redirect_in(struct request *req, struct reply *rep,
    const struct thread_row *t, int64_t comment_id)
{
	struct thread_pages tp;

	if (thread_pages(req, t, &tp) < 0)
		reply_redirect(req, rep, "/thread/%lld", (long long)t->id);
	else
		reply_redirect(req, rep, "%s", thread_page_path(req, t->id,
		    thread_page_of(&tp, comment_id)));
}

/*
 * /comment/ID: a comment's permalink, a redirect to the page that holds
 * it.  What this reader may not see is not found; what was deleted,
 * hidden or removed is gone (52), and its page is not given away.
 */
void
handle_comment_link(struct request *req, struct reply *rep)
{
	struct comment_row	 c;
	struct thread_ctx	 tc = { 0 };
	int			 rc;

	rc = store_comment_get(req->store, req->num[0], &c);
	if (rc == STORE_NOTFOUND) {
		/* 52 for a comment that was removed, else 51 */
		reply_missing(req, rep, 1, req->num[0]);
		return;
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (thread_find(req, rep, c.thread_id, &tc) == -1) {
		if (rep->status == GEMINI_NOT_FOUND)
			reply_status(rep, GEMINI_NOT_FOUND, "No such comment");
		return;
	}
	if (c.held && c.author_id != tc.viewer) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such comment");
		return;
	}
	if (c.deleted) {
		reply_status(rep, GEMINI_GONE, "This comment was deleted by "
		    "its author");
		return;
	}
	if (c.hidden != NULL && !tc.moderator) {
		reply_status(rep, GEMINI_GONE, "This comment was hidden by a "
		    "moderator");
		return;
	}
	thread_view(req, tc.id);
	reply_redirect(req, rep, "%s", thread_page_path(req, tc.id,
	    thread_page_of(&tc.pages, req->num[0])));
}

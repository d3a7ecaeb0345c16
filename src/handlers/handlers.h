/*
 * handlers.h: the pages of the capsule.  Each handler reads what it needs
 * from the store, builds req->page once, and answers with reply_page() or
 * a status (reply.h); the protocol front-ends do the rest.  The router
 * has checked who may call (the route's need, access.h) before it runs
 * a handler, which starts with its work and finds the member in
 * req->member.
 *
 * Names.  handle_ROUTE: a route's entry point, listed in router.c's
 * routes[] (and nowhere else called but by another handle_).
 * handler_WHAT: a helper every handler may use, from common.c (what
 * pages share) or posting.c (what a member's writing goes through).
 * FILE_WHAT: what one page's file lends the others (thread_, home_,
 * join_, search_).  Beneath the handlers: reply_ (reply.c) and access_
 * (access.c).
 *
 * Guards.  A function that checks something and, when the request may
 * not go on, answers it, returns 0 to go on and -1 when it has set the
 * reply; what it finds goes out through a pointer.  The caller's only
 * business then is to stop:
 *
 *	if (handler_post_text(req, rep, "Your comment", &text) == -1)
 *		return;
 *
 * access_need(), reply_store_check() and the handler_ checks below all
 * work so, as do the handlers' own (thread_find(), own_thread() ...).
 */
#ifndef MOOT_HANDLERS_H
#define MOOT_HANDLERS_H

#include <stdint.h>

#include "handlers/access.h"
#include "handlers/reply.h"
#include "core/site.h"
#include "core/request.h"
#include "render/page.h"

/* common.c */
#define SETTING_VALUE_MAX	(64 * 1024)	/* as much as mootctl takes */

const char	*handler_setting(struct request *, const char *key);
/* A SET_NUMBER setting as settings.c's setting_number() reads it. */
int		 handler_setting_number(struct request *, const char *key);
const char	*handler_date(struct request *, int64_t when);
const char	*handler_datetime(struct request *, int64_t when);
const char	*handler_plural(int64_t n, const char *one, const char *many);
int64_t		 handler_page_count(int64_t n, int64_t per);
const char	*handler_first_line(struct request *, const char *, size_t max);
void		 handler_footer(struct request *);
/* A link to a member's page (/member/ID), labelled with their name. */
void		 handler_member_link(struct request *, int64_t id,
		    const char *name);

/*
 * thread.c: a discussion's pages.  A page ends after COMMENTS_PER_PAGE
 * comments, or before a comment that would take its weight (bytes, and
 * COMMENT_LINE_WEIGHT a line: store.h) past PAGE_WEIGHT_MAX; each comment
 * also weighs COMMENT_WEIGHT_EXTRA for its heading and links.  With the
 * weight kept well under REPLY_MAX (render.h), a page is only ever cut
 * short by the renderer for content built to defeat the weights (short
 * lines of long links, say).
 */
#define COMMENTS_PER_PAGE	50
#define PAGE_WEIGHT_MAX		(160 * 1024)
#define COMMENT_WEIGHT_EXTRA	512

struct thread_row;

struct thread_pages {
	int64_t		*first;		/* each page's first comment id */
	int64_t		 n;		/* pages, at least 1 */
};
/*
 * Where each page of discussion t begins, t being its row as
 * store_thread_get() read it in this request (its revisions say whether
 * the pages worked out before still hold).
 */
int		 thread_pages(struct request *, const struct thread_row *t,
		    struct thread_pages *);
/* The page (from 1) that holds a comment. */
int64_t		 thread_page_of(const struct thread_pages *, int64_t);
/* "/thread/ID" for page 1, "/thread/ID/page/N" for the others. */
const char	*thread_page_path(struct request *, int64_t thread_id,
		    int64_t pageno);
/* The path of the page holding a comment; NULL: unknown. */
const char	*thread_comment_path(struct request *, int64_t thread_id,
		    int64_t comment_id);
/* A redirect to that page (or the discussion's first, if unknown). */
void		 thread_comment_redirect(struct request *, struct reply *,
		    int64_t thread_id, int64_t comment_id);
/* The same in a discussion just read: it is not read again. */
void		 comment_redirect_in(struct request *, struct reply *,
		    const struct thread_row *, int64_t comment_id);

/* home.c: a thread as one line of a list (home and space pages) */
int	home_thread_item(void *, const struct thread_row *);

/* posting.c: what a member's writing goes through; guards, but one */
/* The posting limits of req->member (or of a certificate): else 44. */
int	handler_rate_limit(struct request *, struct reply *);
/* The text being posted (query or Titan body), cleaned, into *text. */
int	handler_post_text(struct request *, struct reply *,
	    const char *prompt, char **text);
/* A title typed at a prompt asking for "what", cleaned, into *title. */
int	handler_title(struct request *, struct reply *, const char *what,
	    char **title);
/* The discussion takes edits; else rep says why not (locked...). */
int	handler_thread_open(struct request *, struct reply *,
	    int64_t thread_id);
/* The same for a discussion just read. */
int	handler_thread_row_open(struct reply *, const struct thread_row *);
/* 1 when m's posts (comments, discussions, events) wait for a moderator. */
int	held_post(const struct member *);
/* A client that retries a post within this window does not post twice. */
#define SAME_POST_WINDOW	(10 * 60)	/* s */
/*
 * editing.c: the new text of what is being edited, as handler_post_text()
 * takes it; without one yet, asks with the current text shown (in the
 * prompt when it fits, else on a page that links PATH/text).
 */
int	handler_edit_text(struct request *, struct reply *, const char *what,
	    const char *current, char **text);

/* join.c: one-time codes that link a further certificate */
#define LINK_CODE_LEN	8
#define LINK_CODE_TTL	(15 * 60)	/* s */
int	join_link_code(struct request *, int64_t member_id, char *code,
	    int64_t *expires);
#define INVITE_CODE_LEN	12

/* home.c, space.c, thread.c, pages.c, join.c, me.c, post.c */
void	handle_home(struct request *, struct reply *);
void	handle_spaces(struct request *, struct reply *);
void	handle_threads(struct request *, struct reply *);
void	handle_discussions(struct request *, struct reply *);
void	handle_space(struct request *, struct reply *);
void	handle_thread(struct request *, struct reply *);
/* a discussion's first page answered from the cache: still a view */
void	handle_thread_hit(struct request *);
void	handle_thread_latest(struct request *, struct reply *);
void	handle_comment_link(struct request *, struct reply *);
void	handle_about(struct request *, struct reply *);
void	handle_terms(struct request *, struct reply *);
void	handle_join(struct request *, struct reply *);
void	handle_invite(struct request *, struct reply *);
void	handle_terms_accept(struct request *, struct reply *);
void	handle_welcome(struct request *, struct reply *);
void	handle_link(struct request *, struct reply *);
void	handle_me(struct request *, struct reply *);
void	handle_me_name(struct request *, struct reply *);
void	handle_me_link(struct request *, struct reply *);
void	handle_me_certs(struct request *, struct reply *);
void	handle_me_cert_unlink(struct request *, struct reply *);
void	handle_me_export(struct request *, struct reply *);
void	handle_comment(struct request *, struct reply *);
void	handle_comment_reply(struct request *, struct reply *);
void	handle_comment_edit(struct request *, struct reply *);
void	handle_comment_delete(struct request *, struct reply *);
void	handle_space_new(struct request *, struct reply *);
void	handle_draft(struct request *, struct reply *);
void	handle_thread_edit(struct request *, struct reply *);
void	handle_thread_title(struct request *, struct reply *);
void	handle_mod_retitle(struct request *, struct reply *);
void	handle_report_comment(struct request *, struct reply *);
void	handle_report_thread(struct request *, struct reply *);
void	handle_mod(struct request *, struct reply *);
void	handle_mod_log(struct request *, struct reply *);
void	handle_mod_comment(struct request *, struct reply *);
void	handle_mod_thread(struct request *, struct reply *);
void	handle_mod_member(struct request *, struct reply *);
void	handle_mod_report(struct request *, struct reply *);
void	handle_mod_move(struct request *, struct reply *);
void	handle_invite_new(struct request *, struct reply *);
void	handle_me_invite(struct request *, struct reply *);
void	handle_me_invite_new(struct request *, struct reply *);
void	handle_me_invite_revoke(struct request *, struct reply *);
void	handle_admin(struct request *, struct reply *);
void	handle_admin_members(struct request *, struct reply *);
void	handle_admin_setting(struct request *, struct reply *);
void	handle_admin_setting_why(struct request *, struct reply *);
void	handle_admin_space_new(struct request *, struct reply *);
void	handle_admin_space(struct request *, struct reply *);
void	handle_admin_role(struct request *, struct reply *);
void	handle_search(struct request *, struct reply *);
/*
 * mod.c: why a moderator may not suspend or restore a member (one rule
 * for the pages that offer it and the action): NULL when they may.
 */
const char	*mod_member_refusal(const struct member *moderator,
		    const struct member *target);
/* member.c: member pages, the directory, suspended members */
void	handle_member(struct request *, struct reply *);
void	handle_members(struct request *, struct reply *);
void	handle_me_about(struct request *, struct reply *);
void	handle_me_directory(struct request *, struct reply *);
void	handle_mod_suspended(struct request *, struct reply *);
void	handle_help(struct request *, struct reply *);
/*
 * prompt.c: a text prompt that says its limit in characters, as much as
 * the URL of its answer can carry: a long text's also where to upload
 * longer ones with Titan; a one-line answer's its max_chars or less.
 */
size_t		 prompt_room(struct request *);
const char	*prompt_long(struct request *, const char *prompt);
const char	*prompt_line(struct request *, const char *prompt,
		    size_t max_chars);
/* static.c: a capsule file read whole into the request's arena */
int	static_read(struct request *, const char *path, char **text,
	    size_t *len);
void	handle_feed(struct request *, struct reply *);
/*
 * events.c: events, a kind of discussion.  events_block(): an event's
 * when, where and who above its discussion (1; 0: it is no event; or a
 * store error); events_home(): the next few, for the home page.
 */
int	events_block(struct request *, int64_t thread_id, int64_t viewer,
	    int moderator);
int	events_home(struct request *);
void	handle_events(struct request *, struct reply *);
void	handle_events_ics(struct request *, struct reply *);
void	handle_space_event(struct request *, struct reply *);
void	handle_event_draft(struct request *, struct reply *);
void	handle_event_come(struct request *, struct reply *);
void	handle_event_leave(struct request *, struct reply *);
void	handle_event_edit(struct request *, struct reply *);
void	handle_event_cancel(struct request *, struct reply *);
void	handle_feed_atom(struct request *, struct reply *);

/* web.c */
void	handle_sitemap(struct request *, struct reply *);
void	handle_badge(struct request *, struct reply *);
void	handle_badge_svg(struct request *, struct reply *);
void	handle_notifications(struct request *, struct reply *);

/*
 * drafts.c: what a member typed and could not post, kept.  A comment
 * refused with a reason that passes: drafts_keep_comment() keeps the
 * text the request carried (1: kept).  drafts_keep_refused(): the same
 * for whatever a request refused before its handler (new terms to
 * accept) carried; where the draft is offered, or NULL: nothing kept.
 */
int	drafts_keep_comment(struct request *, int64_t member_id,
	    int64_t thread_id, int64_t reply_to);
const char *drafts_keep_refused(struct request *, int64_t member_id);
struct comment_draft;
/* keep.c: a saved comment's text, and the links to post or discard it */
void	drafts_comment_body(struct page *, const struct comment_draft *);
/* On a discussion's page: the viewer's saved comments, to post. */
void	drafts_offer(struct request *, int64_t viewer, int64_t thread_id);
/* "Your drafts" on a page: 0, or the store's error. */
int	drafts_section(struct request *, int64_t member_id);
/* A new discussion's saved opening post, or NULL. */
const char *drafts_saved_body(struct request *, int64_t draft_id);
void	handle_me_drafts(struct request *, struct reply *);
void	handle_me_draft(struct request *, struct reply *);
void	handle_draft_comment(struct request *, struct reply *);
void	handle_draft_comment_discard(struct request *, struct reply *);
void	handle_draft_discard(struct request *, struct reply *);
/*
 * post.c: a comment in a discussion, by the rules of every comment;
 * answered: the name of reply_to's author, for the prompt (NULL: none)
 */
void	post_comment_in(struct request *, struct reply *, int64_t thread_id,
	    int64_t reply_to, const char *answered);
/* A name or title in a prompt, cut to this many bytes (META is 1024). */
#define PROMPT_NAME_MAX	120

/* follow.c: following and muting; what is new for a member */
void	handle_follow_thread(struct request *, struct reply *);
void	handle_follow_space(struct request *, struct reply *);
void	handle_follow_member(struct request *, struct reply *);
/* the links a member sees (nothing for a visitor) */
void	handler_follow_links(struct request *, int64_t thread_id,
	    int state);
void	handler_space_follow_link(struct request *, int64_t space_id,
	    const char *slug);
/* for the member page /member/ID: follow or stop following them */
void	handler_follow_member_link(struct request *, struct page *,
	    int64_t member_id);
/* unread notifications as "3" or "99+"; NULL: none */
const char	*handler_notes_new(struct request *, const struct member *);
/* a moderator's open reports and held posts; their sum (0: none) */
int64_t	handler_mod_pending(struct request *, const struct member *,
	    int64_t *reports, int64_t *held);
/* both, asked once for a page that shows them and its footer */
struct viewer_counts {
	const char	*fresh;		/* handler_notes_new() */
	int64_t		 reports;	/* handler_mod_pending() */
	int64_t		 held;
};
void	handler_viewer_counts(struct request *, const struct member *,
	    struct viewer_counts *);
void	handler_mod_pending_link(struct request *,
	    const struct viewer_counts *);
void	handler_footer_counts(struct request *,
	    const struct viewer_counts *);

/* search.c: words typed by a reader -> a safe FTS5 query, or NULL */
const char	*search_query(struct arena *, const char *, size_t);
/* search.c: why words typed would search too much (a reason), or NULL */
const char	*search_refusal(const char *, size_t);

#endif

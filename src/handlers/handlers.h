/*
 * handlers.h: the pages of the capsule.  Each handler reads what it needs
 * from the store, builds req->page once, and answers with reply_page() or
 * a status; the protocol front-ends do the rest.
 */
#ifndef MOOT_HANDLERS_H
#define MOOT_HANDLERS_H

#include <stdint.h>

#include "server.h"

/* common.c */
#define SETTING_VALUE_MAX	(64 * 1024)	/* as much as mootctl takes */

const char	*handler_setting(struct request *, const char *key);
/* A SET_NUMBER setting as settings.c's setting_number() reads it. */
int		 handler_setting_number(struct request *, const char *key);
const char	*fmt_date(struct request *, int64_t when);
const char	*fmt_datetime(struct request *, int64_t when);
const char	*plural(int64_t n, const char *one, const char *many);
const char	*first_line(struct request *, const char *, size_t max);
void		 page_begin(struct request *);
void		 page_footer(struct request *);
void		 reply_store_error(struct reply *, int rc);
/* 52 for a removed discussion (comment != 0: comment), else 51 */
void		 reply_missing(struct request *, struct reply *, int comment,
		    int64_t id);

/*
 * thread.c: a discussion's pages.  A page ends after COMMENTS_PER_PAGE
 * comments, or before a comment that would take its weight (bytes, and
 * COMMENT_LINE_WEIGHT a line: db.h) past PAGE_WEIGHT_MAX; each comment
 * also weighs COMMENT_WEIGHT_EXTRA for its heading and links.  With the
 * weight kept well under REPLY_MAX (render.h), a page is only ever cut
 * short by the renderer for content built to defeat the weights (short
 * lines of long links, say).
 */
#define COMMENTS_PER_PAGE	50
#define PAGE_WEIGHT_MAX		(160 * 1024)
#define COMMENT_WEIGHT_EXTRA	512

struct thread_pages {
	int64_t		*first;		/* each page's first comment id */
	int64_t		 n;		/* pages, at least 1 */
};
/* Where each page of a discussion begins; opening: the post's weight. */
int		 thread_pages(struct request *, int64_t thread_id,
		    int64_t opening, struct thread_pages *);
/* The page (from 1) that holds a comment. */
int64_t		 thread_page_of(const struct thread_pages *, int64_t);
/* "/thread/ID" for page 1, "/thread/ID/page/N" for the others. */
const char	*thread_page_path(struct request *, int64_t thread_id,
		    int64_t pageno);
/* The path of the page holding a comment; NULL: unknown. */
const char	*comment_page_path(struct request *, int64_t thread_id,
		    int64_t comment_id);
/* A redirect to that page (or the discussion's first, if unknown). */
void		 comment_redirect(struct request *, struct reply *,
		    int64_t thread_id, int64_t comment_id);

/* home.c: a thread as one line of a list (home and space pages) */
struct thread_row;
int	thread_list_item(void *, const struct thread_row *);

/* member.c: who is asking, and may they? */
struct member;
enum need {
	NEED_CERT,	/* any certificate; *m filled when a member */
	NEED_MEMBER,	/* a member, suspended or not */
	NEED_ACTIVE,	/* a member who may post */
	NEED_MODERATOR,	/* ... and moderates */
	NEED_ADMIN,	/* ... and runs the community */
};
/* 1: carry on (m->id 0 when NEED_CERT finds no member); 0: rep is set. */
int	handler_member(struct request *, struct reply *, struct member *,
	    enum need);
int64_t	handler_viewer(struct request *, struct member *);
/* The certificate's member, looked up once a request (a store code). */
int	handler_cert_member(struct request *, struct member *);
/* Posting limits; 0 allowed, else rep is set to 44. */
int	handler_rate_limit(struct request *, struct reply *,
	    const struct member *);
/* The text being posted (query or Titan body), cleaned, or NULL. */
char	*handler_post_text(struct request *, struct reply *,
	    const char *prompt);
int	handler_store_failed(struct reply *, int64_t rc);
/* A title typed at a prompt asking for "what", cleaned, or NULL. */
char	*handler_title(struct request *, struct reply *, const char *what);
/* 1: the discussion takes edits; 0: rep says why not (locked...). */
int	handler_thread_open(struct request *, struct reply *,
	    int64_t thread_id);

/* join.c: one-time codes that link a further certificate */
#define LINK_CODE_LEN	8
#define LINK_CODE_TTL	(15 * 60)	/* s */
int	link_code_new(struct request *, int64_t member_id, char *code,
	    int64_t *expires);
#define INVITE_CODE_LEN	12

/* home.c, space.c, thread.c, pages.c, join.c, me.c, post.c */
void	handle_home(struct request *, struct reply *);
void	handle_space(struct request *, struct reply *);
void	handle_thread(struct request *, struct reply *);
void	thread_viewed(struct request *);
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
void	handle_admin_space_new(struct request *, struct reply *);
void	handle_admin_space(struct request *, struct reply *);
void	handle_admin_role(struct request *, struct reply *);
void	handle_search(struct request *, struct reply *);
void	handle_help(struct request *, struct reply *);
void	handle_feed(struct request *, struct reply *);
void	handle_feed_atom(struct request *, struct reply *);
void	handle_notifications(struct request *, struct reply *);

/* search.c: words typed by a reader -> a safe FTS5 query, or NULL */
const char	*search_query(struct arena *, const char *, size_t);

#endif

/*
 * store.h: the store.  All SQL lives in src/store/, each statement beside
 * the function that runs it; everything else calls these functions and
 * sees no SQLite type.  One struct store per thread (SQLite connections
 * are not shared between threads); statements are prepared once per
 * store.
 *
 * Reading: one row comes back through a getter (store_thread_get() and
 * the like) into the caller's struct; many rows through a callback, one
 * call a row, that returns non-zero to stop.
 */
#ifndef MOOT_STORE_H
#define MOOT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/settings.h"

/* Results of store functions: >= 0 success, else one of these. */
#define STORE_OK		0
#define STORE_NOTFOUND		(-1)
#define STORE_CONFLICT		(-2)	/* a uniqueness rule said no */
#define STORE_BUSY		(-3)	/* locked by another writer */
#define STORE_ERROR		(-4)	/* I/O, corruption... */
#define STORE_FULL		(-5)	/* no room left on the disk */
#define STORE_INVALID		(-6)	/* a value settings.c refuses */

#define STORE_CREATE		0x01	/* create the file if missing */
#define STORE_READONLY		0x02
#define STORE_SERVER		0x04	/* short busy timeout, no checkpoints */
#define STORE_WRITER		0x08	/* checkpoints when told: see below */

/*
 * Checkpoints copy the WAL back into the database file: a few ms of I/O
 * and fsync.  SQLite runs one inside whichever commit crosses its
 * threshold; in mootd that must be neither a worker (its readers would
 * wait) nor a comment's commit (its author would).  So workers never
 * checkpoint, and the writer thread does, after it has answered a batch
 * or flushed view counts, once the WAL holds this many pages.
 */
#define STORE_CHECKPOINT_PAGES	1000

/*
 * How long a writer waits for another writer's lock, in ms: mootctl can
 * wait; a server worker must not stall its other connections for long,
 * so it gives up sooner and answers 40.
 */
#define STORE_BUSY_TIMEOUT_MS	5000
#define STORE_SERVER_BUSY_MS	250

/* Schema version this build writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION	16

#define PAGE_THREADS		20	/* threads per space page */
#define HOME_THREADS		10	/* recent threads on the home page */

struct store;

struct space_row {
	int64_t		 id;
	const char	*slug;
	const char	*name;
	const char	*description;
	int64_t		 threads;
	int		 archived;
};

struct thread_row {
	int64_t		 id;
	int64_t		 space_id;
	const char	*space_slug;
	const char	*space_name;
	int64_t		 author_id;
	const char	*author;
	const char	*title;
	const char	*body;
	int64_t		 created;
	int64_t		 last_activity;
	int64_t		 comments;
	int64_t		 views;
	int		 locked;
	int		 held;		/* waiting for a moderator */
	int		 archived;	/* its space is archived */
	int64_t		 edited;	/* by its author; 0: never */
	const char	*hidden;	/* opening post, by a moderator: why */
	int		 reported;	/* by the viewer */
	int		 event;		/* it is an event (store_thread_get()
					 * only; 0 from lists) */
	/* store_thread_get() only: its revision and the community's (as
	 * store_revisions()), and of the viewer's own: their following
	 * (PARTICIPANT_*, STORE_NOTFOUND: none), saved comments, and comments
	 * seen apart or reported (store_comments_own() finds them) */
	int64_t		 revs[2];
	int		 following;
	int		 drafts;
	int		 apart;
};

struct comment_row {
	int64_t		 id;
	int64_t		 thread_id;
	int64_t		 author_id;
	const char	*author;
	const char	*body;
	int64_t		 created;
	int64_t		 edited;	/* 0: never */
	int		 deleted;
	int		 held;		/* waiting for a moderator */
	const char	*hidden;	/* by a moderator: the reason */
	int		 reported;	/* by the viewer */
	/*
	 * The comment this one answers (0: none), its author's name and
	 * the start of its text: both NULL when it is gone (deleted,
	 * hidden, held or removed), which the page says.
	 */
	int64_t		 reply_to;
	const char	*reply_author;
	const char	*reply_text;
};

/* Of the comment answered, the characters read for its first line. */
#define REPLY_TEXT_MAX		300

/* A member, copied out of the store (valid after the call). */
#define MEMBER_NAME_MAX		32	/* characters */
/*
 * A moderation reason is at most MOD_REASON_MAX characters: longer ones
 * are cut, between two characters, by store_moderate(), the one way
 * reasons reach the store; so a suspended member's reason always fits.
 */
#define MOD_REASON_MAX		120	/* characters */
#define SUSPEND_REASON_MAX	(MOD_REASON_MAX * 4 + 1)	/* bytes */

#define ROLE_MEMBER		0
#define ROLE_MODERATOR		1
#define ROLE_ADMIN		2

struct member {
	int64_t		 id;
	char		 name[MEMBER_NAME_MAX * 4 + 1];
	int64_t		 joined;
	int		 role;
	int		 suspended;
	char		 reason[SUSPEND_REASON_MAX];
	int		 approved;	/* 0: posts wait for a moderator */
	int64_t		 terms_accepted;	/* version of the terms */
};

/* A draft discussion: its title waits for the opening post. */
struct draft {
	int64_t		 space_id;
	char		 title[512];
	int64_t		 thread_id;	/* once posted */
	int		 archived;	/* its space, since the title */
};

/*
 * Row callbacks: the row's strings live until the callback returns.
 * A getter's row strings live in the store until the next call of the
 * same getter on the same store (or store_close()): copy what must last.
 */
typedef int (*space_cb)(void *, const struct space_row *);
typedef int (*thread_cb)(void *, const struct thread_row *);
typedef int (*comment_cb)(void *, const struct comment_row *);

struct store	*store_open(const char *path, int flags);
void		 store_close(struct store *);
/* STORE_WRITER: a passive checkpoint if the WAL has grown past the mark. */
int		 store_checkpoint_due(struct store *);
const char	*store_errmsg(struct store *);
/*
 * The database as this connection sees it: PRAGMA data_version (others'
 * commits: the writer, other workers, mootctl) and the connection's own
 * total changes.  What was read at one stamp is still right while the
 * stamp is the same: the page cache (net/cache.h) and the store's own
 * memos go by it.  store_stamp(): 0, or -1 (data_version -1) when it
 * cannot be read; inside a read transaction the version is read once.
 */
struct store_stamp {
	int64_t		 data_version;
	int64_t		 changes;
};
int		 store_stamp(struct store *, struct store_stamp *);
/* 1 when both were read and are the same. */
int		 store_stamp_same(const struct store_stamp *,
		    const struct store_stamp *);
/*
 * The discussion's revision and the community's (schema 5): counters
 * that move with whatever a discussion's page shows.  STORE_NOTFOUND
 * when the discussion is gone.
 */
int		 store_revisions(struct store *, int64_t thread_id,
		    int64_t *thread_rev, int64_t *rev);
int		 store_migrate(struct store *);
/*
 * 1 when the discussion (or, comment != 0, the comment) id was given
 * out and its row is gone since (deleted, rejected): ids are never used
 * twice (schema 6), so its old links answer "gone", not someone else's
 * words.  0 when it never was, or is still there.
 */
int		 store_removed(struct store *, int comment, int64_t id);
int		 store_begin(struct store *);
int		 store_commit(struct store *);
void		 store_rollback(struct store *);
/*
 * One read transaction around a request's reads (server.c): they see
 * one state of the database, and SQLite takes its file locks (and checks
 * the file) once, not for each statement.  A write ends it first
 * (store_begin(), or any statement that writes), so that no write ever
 * upgrades a read snapshot that may be out of date.  Either may be given
 * NULL (a site whose database cannot be used).
 */
void		 store_read_begin(struct store *);
void		 store_read_end(struct store *);

/*
 * The whole check of a display name, used by every path that gives a
 * member one (joining, /me/name, mootctl member rename): name_check()
 * (names.h), then the community's own name, then the other members'
 * names by their confusable skeletons (self: the member being renamed,
 * or 0).  Returns NULL when the name may be taken, else a reason fit for
 * a prompt, possibly written in buf.
 */
const char	*store_name_vet(struct store *, const char *, size_t,
		    int64_t self, char *buf, size_t bufsz);

/* Settings: the value is copied into buf; default when unset. */
/*
 * The intent tokens' key (len bytes), made on first use and kept in the
 * database so that links outlive a restart.  Never logged or exported.
 */
int		 store_intent_secret(struct store *, unsigned char *, size_t len);
/* Members not suspended: the count, or an error (< 0). */
int64_t		 store_member_count(struct store *);
const char	*store_setting(struct store *, const char *key, char *buf,
		    size_t bufsz);
int		 store_setting_set(struct store *, const char *key,
		    const char *value);
/* 1: the community is moving, actions answer 44 (router.c); 0: not. */
int		 store_read_only_set(struct store *, int on);

int		 store_spaces(struct store *, space_cb, void *);
/* The archived ones, which store_spaces() leaves out. */
int		 store_spaces_archived(struct store *, space_cb, void *);
/* STORE_OK, STORE_NOTFOUND or an error. */
int		 store_space_get(struct store *, const char *slug,
		    struct space_row *);
int		 store_threads_recent(struct store *, int limit, thread_cb,
		    void *);
int		 store_threads_in_space(struct store *, int64_t space_id,
		    int limit, int offset, thread_cb, void *);
/*
 * viewer: a member id, whose own held posts and reports show; or 0.
 * STORE_OK, STORE_NOTFOUND or an error.
 */
int		 store_thread_get(struct store *, int64_t id, int64_t viewer,
		    struct thread_row *);
/* Comments with ids from first up to (not with) end; end 0: no end. */
int		 store_comments(struct store *, int64_t thread_id,
		    int64_t viewer, int64_t first, int64_t end, comment_cb,
		    void *);
/*
 * Of the same comments, those that look different to viewer than to
 * any other member beyond their actions: their own held or hidden ones
 * (an own comment otherwise differs only in offering Edit and Delete:
 * handlers/snapshots.h) and those they reported, in order.
 */
int		 store_comments_own(struct store *, int64_t thread_id,
		    int64_t viewer, int64_t first, int64_t end, comment_cb,
		    void *);
/*
 * Each visible (not held) comment's id and weight, in order: what a
 * discussion's pages are cut by.  The weight is the comment's bytes plus
 * COMMENT_LINE_WEIGHT per line break (COMMENT_WEIGHT in store/comments.c,
 * which writes it into SQL: so a plain number).
 */
#define COMMENT_LINE_WEIGHT	32
struct weight_row {
	int64_t		 id;
	int64_t		 weight;
};
typedef int (*weight_cb)(void *, const struct weight_row *);
int		 store_comment_weights(struct store *, int64_t thread_id,
		    weight_cb, void *);

/* Add views counted in memory (views.c) to a thread. */
int		 store_add_views(struct store *, int64_t thread_id,
		    int64_t n);

/* Writers used by mootctl demo and the write paths. */
int64_t		 store_member_add(struct store *, const char *name,
		    int64_t joined, int role);
int64_t		 store_space_add(struct store *, const char *slug,
		    const char *name, const char *description, int position);
int64_t		 store_thread_add(struct store *, int64_t space_id,
		    int64_t member_id, const char *title, const char *body,
		    int64_t created);
int64_t		 store_comment_add(struct store *, int64_t thread_id,
		    int64_t member_id, const char *body, int64_t created);
int		 store_thread_set_views(struct store *, int64_t thread_id,
		    int64_t views);

/* Members and their certificates. */
int		 store_member_by_cert(struct store *, const char *fingerprint,
		    struct member *);
int		 store_member_by_id(struct store *, int64_t, struct member *);
/* invite: a code to spend (NULL: none); STORE_NOTFOUND if it is spent */
int64_t		 store_member_join(struct store *, const char *name,
		    const char *fingerprint, int approved,
		    int64_t terms_version, const char *invite, int64_t now);
int		 store_member_rename(struct store *, int64_t, const char *);
int		 store_cert_add(struct store *, const char *fingerprint,
		    int64_t member_id, int64_t now);
struct cert_row {
	const char	*fingerprint;
	int64_t		 added;
};
typedef int (*cert_cb)(void *, const struct cert_row *);
/* A member's certificates, oldest first. */
int		 store_certs(struct store *, int64_t member_id, cert_cb,
		    void *);
/*
 * Take a certificate from its member, unless it is the one in use (keep):
 * STORE_NOTFOUND when the member has no such other certificate.
 */
int		 store_cert_unlink(struct store *, int64_t member_id,
		    const char *fingerprint, const char *keep);
int		 store_link_code_add(struct store *, int64_t member_id,
		    const char *code, int64_t expires);
int64_t		 store_link_code_use(struct store *, const char *code,
		    const char *fingerprint, int64_t now);

/*
 * Moderation and administration: every change a moderator, an admin or
 * the operator makes goes through store_moderate(), which applies it and
 * writes the audit log entry in one transaction.
 */
enum mod_action {
	MOD_HIDE_COMMENT,
	MOD_RESTORE_COMMENT,
	MOD_APPROVE_COMMENT,
	MOD_REJECT_COMMENT,
	MOD_LOCK_THREAD,
	MOD_UNLOCK_THREAD,
	MOD_MOVE_THREAD,	/* arg: the space id */
	MOD_DELETE_THREAD,
	MOD_APPROVE_THREAD,
	MOD_REJECT_THREAD,
	MOD_SUSPEND_MEMBER,	/* the reason is shown to the member */
	MOD_RESTORE_MEMBER,
	MOD_SET_ROLE,		/* arg: ROLE_* */
	MOD_RENAME_MEMBER,	/* text: the new name */
	MOD_RESOLVE_REPORT,
	MOD_ADD_SPACE,		/* text: slug; text2: name; result: id */
	MOD_RENAME_SPACE,	/* text: the new name */
	MOD_DESCRIBE_SPACE,	/* text: the description */
	MOD_ARCHIVE_SPACE,
	MOD_UNARCHIVE_SPACE,
	MOD_ORDER_SPACE,	/* arg: its position */
	MOD_SET_SETTING,	/* text: key; text2: value */
	MOD_UNLINK_CERT,	/* text: the certificate's fingerprint */
	MOD_HIDE_THREAD,	/* its opening post; the reason is shown */
	MOD_RESTORE_THREAD,	/* its opening post */
	MOD_RETITLE_THREAD,	/* text: the new title */
	MOD_REVOKE_INVITE,	/* arg: its maker, or 0 for any */
	MOD_ADD_INVITE,		/* logged by store_invite_add only */
	MOD_USE_INVITE,		/* logged by store_member_join only */
	MOD__MAX
};

struct mod_request {
	enum mod_action	 action;
	int64_t		 moderator;	/* member id; 0: the operator */
	int64_t		 target;	/* comment, thread, member... id */
	int64_t		 arg;
	const char	*text;
	const char	*text2;
	const char	*reason;	/* required, never empty */
	int64_t		 now;
};

/* STORE_OK (or the new id for MOD_ADD_SPACE), NOTFOUND, CONFLICT... */
int64_t		 store_moderate(struct store *, const struct mod_request *);
const char	*mod_action_name(enum mod_action);
/* An admin's reason for a setting's change, given after it. */
int		 store_modlog_reason(struct store *, int64_t moderator_id,
		    const char *target, const char *was, const char *reason);

struct report_row {
	int64_t		 id;
	int64_t		 thread_id;
	int64_t		 comment_id;	/* 0: the thread itself */
	const char	*reporter;
	const char	*reason;
	int64_t		 created;
	const char	*title;		/* the thread's */
	const char	*excerpt;	/* the comment or opening post */
	const char	*author;	/* of what was reported */
	int64_t		 author_id;
};

struct modlog_row {
	int64_t		 id;
	const char	*moderator;	/* NULL: the operator */
	const char	*action;
	const char	*target;
	const char	*reason;
	int64_t		 created;
	/* what the target is now, for a log in words; NULL or 0: gone */
	const char	*title;		/* the discussion's */
	int64_t		 thread_id;
	int64_t		 comment_id;	/* 0: the discussion itself */
	const char	*name;		/* the space's or member's */
	const char	*slug;		/* the space's */
	const char	*dest;		/* a move's new space */
	/* the discussion's title when the action was taken (schema 11),
	 * NULL before: what the log says of one that is gone */
	const char	*was_title;
};

typedef int (*member_cb)(void *, const struct member *);
int		 store_members(struct store *, member_cb, void *);

/*
 * Member pages (store/members.c): what a member says about themselves,
 * in at most MEMBER_ABOUT_MAX characters, and whether they are listed
 * in the members' directory.  Their page is reachable either way.
 */
#define MEMBER_ABOUT_MAX	500	/* characters */
struct member_profile {
	char		 about[MEMBER_ABOUT_MAX * 4 + 1];	/* "": none */
	int		 unlisted;	/* left the directory */
};
int		 store_member_profile(struct store *, int64_t member_id,
		    struct member_profile *);
/* about NULL or "": none. */
int		 store_member_set_about(struct store *, int64_t member_id,
		    const char *about);
int		 store_member_set_listed(struct store *, int64_t member_id,
		    int listed);
/*
 * The directory: listed members, newest first (az: by name), limit
 * from offset; suspended ones too when with_suspended (moderators).
 * store_directory_count() counts the same members.
 */
int		 store_directory(struct store *, int az, int with_suspended,
		    int limit, int offset, member_cb, void *);
int		 store_directory_count(struct store *, int with_suspended,
		    int64_t *n);
/* Suspended members, most recently joined first. */
int		 store_members_suspended(struct store *, member_cb, void *);
/*
 * What anyone may read of a member's writing, newest first: discussions
 * they started (comments 0; comment_id 0) or their comments, none held,
 * hidden or deleted.
 */
struct member_post_row {
	int64_t		 thread_id;
	int64_t		 comment_id;	/* 0: the discussion itself */
	const char	*title;		/* the discussion's */
	const char	*body;		/* the comment's; NULL for a discussion */
	int64_t		 created;
};
typedef int (*member_post_cb)(void *, const struct member_post_row *);
int		 store_member_posts(struct store *, int64_t member_id,
		    int comments, int limit, member_post_cb, void *);

typedef int (*report_cb)(void *, const struct report_row *);
typedef int (*modlog_cb)(void *, const struct modlog_row *);

/* STORE_OK; STORE_REPORTED: the member's open report was there already. */
#define STORE_REPORTED		1
int		 store_report_add(struct store *, int64_t reporter,
		    int64_t thread_id, int64_t comment_id, const char *reason,
		    int64_t now);
/* 1: the member has an open report of it (comment_id 0: the thread). */
int		 store_report_open_by(struct store *, int64_t reporter,
		    int64_t thread_id, int64_t comment_id);
int		 store_reports_open(struct store *, report_cb, void *);
int		 store_modlog(struct store *, int limit, modlog_cb, void *);
/* Held posts, oldest first: comments (and threads, comment_id 0). */
int		 store_held(struct store *, report_cb, void *);
int		 store_terms_accept(struct store *, int64_t member,
		    int64_t version);
/* Invitations that are older than this are spent, used or not. */
#define INVITE_TTL		(30 * 24 * 60 * 60)	/* s */
/* The quota counts the invitations made in this long, revoked or not. */
#define INVITE_QUOTA_WINDOW	(30 * 24 * 60 * 60)	/* s */
/*
 * A new invitation, logged (by its id: never the code) with the creator
 * as actor.  open_max and month_max bound the creator's open ones and
 * those made in INVITE_QUOTA_WINDOW; -1: no bound (moderators).  The new
 * id, or STORE_CONFLICT when the quota says no.
 */
int64_t		 store_invite_add(struct store *, int64_t creator,
		    const char *code, int uses, int64_t now, int open_max,
		    int month_max);
/* A member's open invitations, and all they made in the window. */
int		 store_invite_counts(struct store *, int64_t creator,
		    int64_t now, int *open, int *month);
struct invite_row {
	int64_t		 id;
	const char	*code;
	int64_t		 creator_id;	/* 0: none (the operator) */
	const char	*creator;	/* NULL: none */
	int		 uses_left;
	int64_t		 created;
	int64_t		 revoked;	/* 0: not */
	int		 open;		/* can still be used */
};
typedef int (*invite_cb)(void *, const struct invite_row *);
/* Newest first: creator's (0: everyone's); open_only: open ones only. */
int		 store_invites(struct store *, int64_t creator, int open_only,
		    int64_t now, invite_cb, void *);
/* 1 when the invitation exists, is not revoked and has uses left. */
int		 store_invite_valid(struct store *, const char *code,
		    int64_t now);

/*
 * Search: query is FTS5 syntax (see search_query() in search.c); space_id
 * 0 searches every space.  Rows come best first, limit from offset.
 */
struct search_row {
	int64_t		 thread_id;
	int64_t		 comment_id;	/* 0: the opening post */
	const char	*title;
	const char	*snippet;	/* plain text, no markers */
	int64_t		 created;
	const char	*author;
	const char	*space_name;
	int64_t		 author_id;
};
typedef int (*search_cb)(void *, const struct search_row *);
int		 store_search(struct store *, const char *query,
		    int64_t space_id, int limit, int offset, search_cb,
		    void *);
/* Matches of query, counted up to cap (so a count costs at most that). */
int		 store_search_count(struct store *, const char *query,
		    int64_t space_id, int cap, int64_t *n);

/* Notifications: replies, mentions, moderators' actions. */
#define NOTE_REPLY	"reply"
#define NOTE_MENTION	"mention"
#define NOTE_MODERATED	"moderated"
#define NOTE_ANSWER	"answer"	/* a reply to the member's comment */
#define NOTE_STARTED	"started"	/* in a space or by a member followed */
#define NOTE_EVENT	"event"		/* an event changed, or is tomorrow */

/* One line of the notifications page: a discussion's, or a moderator's. */
struct note_row {
	int64_t		 group;		/* the thread id, or -id of a note */
	int64_t		 thread_id;	/* 0: none */
	int64_t		 count;		/* notifications in the group */
	int64_t		 unseen;	/* of them, not seen yet */
	int64_t		 unseen_opening; /* of those, the opening post's */
	int64_t		 first_unseen;	/* comment id; 0 the opening; -1 */
	int64_t		 last_comment;	/* the newest comment's id, or 0 */
	int64_t		 newest;	/* the newest notification's id */
	int64_t		 created;	/* ... and its time */
	/* of its newest unseen answer or mention, unseen one, or newest */
	const char	*kind;
	int64_t		 comment_id;
	const char	*actor;
	const char	*note;
	const char	*title;
	int64_t		 actor_id;	/* 0: none */
};
typedef int (*note_cb)(void *, const struct note_row *);
/*
 * Replies are not written as notifications when posted: a member's are
 * gathered into notifications when they read them.  Groups, the newest
 * first, from offset.
 */
int		 store_notifications_gather(struct store *, int64_t member);
int		 store_notifications(struct store *, int64_t member, int limit,
		    int offset, note_cb, void *);
/* Mark a group as seen, up to and including last_id. */
int		 store_notifications_seen(struct store *, int64_t member,
		    int64_t group, int64_t last_id);
/*
 * Unseen notifications, replies not yet gathered included, counted up to
 * NOTES_COUNT_MAX + 1 ("more than NOTES_COUNT_MAX").
 */
#define NOTES_COUNT_MAX		99
int64_t		 store_notifications_new(struct store *, int64_t member);

/*
 * Following (follows.c).  A discussion's followers are its participants:
 * a row says why (took part, follows) or that the member muted it, which
 * silences it for them, answers and mentions included.
 */
#define PARTICIPANT_TOOK_PART	0
#define PARTICIPANT_FOLLOWS	1
#define PARTICIPANT_MUTED	2
enum follow_op { FOLLOW_ON, FOLLOW_OFF, MUTE_ON, MUTE_OFF };
int		 store_thread_follow(struct store *, int64_t member,
		    int64_t thread_id, enum follow_op);
/* 1 followed, 0 not; a space's new discussions, a member's. */
int		 store_space_following(struct store *, int64_t member,
		    int64_t space_id);
int		 store_space_follow(struct store *, int64_t member,
		    int64_t space_id, int on, int64_t now);
int		 store_member_following(struct store *, int64_t member,
		    int64_t followed);
int		 store_member_follow(struct store *, int64_t member,
		    int64_t followed, int on, int64_t now);
/* What a member follows or muted, for their export. */
struct follow_row {
	const char	*what;		/* "discussion", "space", "member" */
	int		 muted;
	int64_t		 id;
	const char	*name;		/* title, space or member name */
};
typedef int (*follow_cb)(void *, const struct follow_row *);
int		 store_follows_of(struct store *, int64_t member, follow_cb,
		    void *);
/* What waits for the moderators: open reports, held posts. */
int		 store_mod_pending(struct store *, int64_t *reports,
		    int64_t *held);

/* Feeds: newest first; space_id 0 for the whole community. */
int		 store_feed_threads(struct store *, int64_t space_id,
		    int limit, thread_cb, void *);
int		 store_feed_comments(struct store *, int64_t thread_id,
		    int limit, comment_cb, void *);

/* Writing: each commits before it returns. */
/* reply_to: the comment this one answers, or 0. */
int64_t		 store_comment_post(struct store *, int64_t thread_id,
		    int64_t member_id, int64_t reply_to, const char *body,
		    int held, int64_t now, int64_t same_since);
int64_t		 store_comment_same(struct store *, int64_t thread_id,
		    int64_t member_id, const char *body, int64_t since);
/* The comment as anyone sees it: STORE_OK, STORE_NOTFOUND or an error. */
int		 store_comment_get(struct store *, int64_t id,
		    struct comment_row *);
int		 store_comment_edit(struct store *, int64_t id,
		    const char *body, int64_t now);
int		 store_comment_delete(struct store *, int64_t id);
/* An author's correction: title or body NULL is left as it is. */
int		 store_thread_edit(struct store *, int64_t id,
		    const char *title, const char *body, int64_t now);
int		 store_comments_by_member(struct store *, int64_t member_id,
		    int limit, comment_cb, void *);
int		 store_threads_by_member(struct store *, int64_t member_id,
		    int limit, thread_cb, void *);
int64_t		 store_draft_add(struct store *, int64_t member_id,
		    int64_t space_id, const char *title, int64_t now);
int		 store_draft_get(struct store *, int64_t id, int64_t member_id,
		    struct draft *);
/*
 * drafts.c: what a member typed and could not post yet.  A comment
 * refused for a reason that passes is kept (the same text once), and
 * deleted once posted (store_cdraft_posted(), by its text) or
 * discarded; of each kind of draft a member keeps the DRAFTS_MAX
 * newest, keeping one more drops the oldest.
 */
#define DRAFTS_MAX		20
struct comment_draft {
	int64_t		 id;
	int64_t		 thread_id;
	int64_t		 reply_to;	/* 0: none */
	const char	*body;
	int64_t		 created;
	const char	*title;		/* the discussion's */
};
struct title_draft {
	int64_t		 id;
	const char	*title;
	const char	*body;		/* NULL: no opening post yet */
	const char	*space_name;
	int64_t		 created;
};
typedef int (*cdraft_cb)(void *, const struct comment_draft *);
typedef int (*tdraft_cb)(void *, const struct title_draft *);
int64_t		 store_cdraft_keep(struct store *, int64_t member_id,
		    int64_t thread_id, int64_t reply_to, const char *body,
		    int64_t now);
/* The lists: the rows seen (0: none) or an error. */
int		 store_cdraft_get(struct store *, int64_t id,
		    int64_t member_id, cdraft_cb, void *);
int		 store_cdrafts(struct store *, int64_t member_id,
		    int64_t thread_id, cdraft_cb, void *);
int		 store_cdraft_delete(struct store *, int64_t id,
		    int64_t member_id);
int		 store_cdraft_posted(struct store *, int64_t member_id,
		    int64_t thread_id, const char *body);
int		 store_tdraft_get(struct store *, int64_t id,
		    int64_t member_id, tdraft_cb, void *);
int		 store_tdrafts(struct store *, int64_t member_id, tdraft_cb,
		    void *);
int		 store_tdrafts_prune(struct store *, int64_t member_id);
int		 store_tdraft_body(struct store *, int64_t id,
		    int64_t member_id, const char *body);
int		 store_tdraft_delete(struct store *, int64_t id,
		    int64_t member_id);
/* every discussion readers see, last active first (/discussions) */
int		 store_threads_all(struct store *, int limit, int64_t offset,
		    thread_cb, void *);
/* How many: a count, or a STORE_ error. */
int64_t		 store_threads_count(struct store *);
int64_t		 store_thread_post(struct store *, int64_t draft_id,
		    int64_t space_id, int64_t member_id, const char *title,
		    const char *body, int held, int64_t now,
		    int64_t same_since);

/*
 * The operator's reads: every member with counts, every space and thread
 * (archived and held ones too), statistics, consistent snapshots for
 * exports, and online backups (store/admin.c).  The pages never need
 * these; mootctl and the exports do.  Changes still go through
 * store_moderate(), which logs them.
 */
/* One member as the operator sees them. */
struct member_row {
	int64_t		 id;
	const char	*name;
	int		 role;
	int64_t		 joined;
	const char	*suspended;	/* the reason; NULL: not suspended */
	int		 approved;	/* 0: posts wait for a moderator */
	int64_t		 terms_accepted;
	int64_t		 threads;	/* started, held ones too */
	int64_t		 comments;	/* not deleted */
	int64_t		 certs;
};

struct admin_stats {
	int64_t		 members;
	int64_t		 suspended;
	int64_t		 threads;	/* discussions readers can see */
	int64_t		 comments;	/* not held, not deleted */
	int64_t		 views;
	int64_t		 reports_open;
	int64_t		 held;		/* threads and comments waiting */
};

#define STATS_DAYS	14	/* posts per day, this many UTC days */
#define DAY_SECONDS	(24 * 60 * 60)

/* Backups copy this many pages per step. */
#define BACKUP_STEP_PAGES	64

typedef int (*member_row_cb)(void *, const struct member_row *);

/*
 * Find a member by id (when the argument is all digits and such a member
 * exists) or by display name, ignoring ASCII case as the store's unique
 * key does.  STORE_OK, STORE_NOTFOUND or an error.
 */
int	admin_member_find(struct store *, const char *, struct member *);
/* Every member, by id; or one (id > 0).  Row count or an error. */
int	admin_members(struct store *, int64_t id, member_row_cb, void *);

/* Every space, archived ones too, in their order. */
int	admin_spaces(struct store *, space_cb, void *);
/*
 * Threads of a space (0: of every space), newest activity first.
 * all: held threads too; else only those readers can see.
 */
int	admin_threads(struct store *, int64_t space_id, int all, thread_cb,
	    void *);
/* The comments readers see in a thread (hidden and deleted included). */
int	admin_thread_comments(struct store *, int64_t thread_id, comment_cb,
	    void *);
/* 0: open, 1: resolved, STORE_NOTFOUND, or an error. */
int	admin_report_state(struct store *, int64_t id);

int	admin_stats(struct store *, struct admin_stats *);
/*
 * Posts (threads and comments readers can see, deleted ones too: they
 * were written) per UTC day, for STATS_DAYS days starting at the day
 * that holds since.  counts[0] is that first day.
 */
int	admin_posts_per_day(struct store *, int64_t since,
	    int64_t counts[STATS_DAYS]);

/*
 * A read transaction: every query until admin_snapshot_end() sees the
 * database as it was at the first one, while the server goes on writing
 * (WAL).  Exports use it so that counts and contents agree.
 */
int	admin_snapshot_begin(struct store *);
void	admin_snapshot_end(struct store *);

/*
 * Copy the live database into path (a new, empty file) with SQLite's
 * online backup, BACKUP_STEP_PAGES at a time, waiting out locks.  The
 * copy is a plain rollback-journal database in one file.  *pages is its
 * size in pages.  STORE_OK or an error; why is in errbuf.
 */
int	admin_backup(struct store *, const char *path, int64_t *pages,
	    char *errbuf, size_t errsz);
/*
 * Open a database file read-only and run PRAGMA integrity_check: STORE_OK
 * when it says "ok"; otherwise what it said (or why it could not open)
 * is in errbuf.
 */
int	admin_check_file(const char *path, char *errbuf, size_t errsz);

#endif

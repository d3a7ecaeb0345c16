/*
 * mootctl.c: the operator's tool.  Every command works on the same
 * database as a running mootd: SQLite's locking and a busy timeout make
 * that safe.  Every change to members, discussions, comments, spaces,
 * reports and settings goes through store_moderate(), so that it is
 * applied and written to the moderation log in one transaction, with
 * the operator (moderator 0) as its author and a reason.
 *
 * The commands are one table: the dispatcher, `mootctl --help' and
 * `mootctl COMMAND --help' are all made from it.  Exit status: 0 done,
 * 1 failed (stderr says what and why), 2 usage error.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "store/store.h"
#include "store/events.h"
#include "ops/demo.h"
#include "ops/export.h"
#include "ops/site.h"
#include "core/log.h"
#include "core/settings.h"
#include "core/names.h"
#include "core/text.h"
#include "core/slug.h"
#include "core/utc.h"
#include "core/utf8.h"

#define EXIT_FAIL	1
#define EXIT_USAGE	2

#define ARGS_MAX	3	/* positional arguments of any command */
#define REASON_MAX	MOD_REASON_MAX		/* characters */
#define SPACE_NAME_MAX	TITLE_MAX_CHARS		/* characters */
#define DESC_MAX	500			/* characters */
#define MODLOG_DEFAULT	20
#define EXCERPT_CHARS	100

/* Settings changed with mootctl are logged with this unless --reason. */
#define SETTINGS_REASON	"set with mootctl"

/* What a command takes besides its positional arguments. */
#define OPT_REASON	0x01	/* --reason TEXT, required */
#define OPT_REASON_OPT	0x02	/* --reason TEXT, optional */
#define OPT_FORCE	0x04	/* --force */
#define OPT_SPACE	0x08	/* --space SLUG */
#define OPT_CREATE	0x10	/* creates the database when missing */
#define OPT_NODB	0x20	/* opens no database itself (site ...) */

struct ctx;

struct command {
	const char	*name;
	const char	*sub;		/* NULL: the command has none */
	const char	*args;		/* usage after the names */
	int		 min, max;	/* positional arguments */
	int		 flags;		/* OPT_* */
	int		(*run)(struct ctx *);
	const char	*help;		/* one line */
};

struct ctx {
	struct store		*st;
	const char		*db;
	const char		*sites;		/* --sites DIR */
	const struct command	*cmd;
	int			 argc;
	char			*argv[ARGS_MAX];
	char			*reason_arg;	/* --reason, as given */
	const char		*reason;	/* checked, for the log */
	const char		*space;
	int			 force;
};

static int	cmd_init(struct ctx *);
static int	cmd_demo(struct ctx *);
static int	cmd_member_list(struct ctx *);
static int	cmd_member_show(struct ctx *);
static int	cmd_member_role(struct ctx *);
static int	cmd_member_suspend(struct ctx *);
static int	cmd_member_restore(struct ctx *);
static int	cmd_member_rename(struct ctx *);
static int	cmd_member_unlink(struct ctx *);
static int	cmd_member_export(struct ctx *);
static int	cmd_space_list(struct ctx *);
static int	cmd_space_add(struct ctx *);
static int	cmd_space_rename(struct ctx *);
static int	cmd_space_describe(struct ctx *);
static int	cmd_space_archive(struct ctx *);
static int	cmd_space_unarchive(struct ctx *);
static int	cmd_thread_list(struct ctx *);
static int	cmd_thread_lock(struct ctx *);
static int	cmd_thread_unlock(struct ctx *);
static int	cmd_thread_move(struct ctx *);
static int	cmd_thread_delete(struct ctx *);
static int	cmd_thread_hide(struct ctx *);
static int	cmd_thread_restore(struct ctx *);
static int	cmd_thread_retitle(struct ctx *);
static int	cmd_comment_hide(struct ctx *);
static int	cmd_comment_restore(struct ctx *);
static int	cmd_report_list(struct ctx *);
static int	cmd_invite_list(struct ctx *);
static int	cmd_invite_revoke(struct ctx *);
static int	cmd_report_resolve(struct ctx *);
static int	cmd_settings_get(struct ctx *);
static int	cmd_settings_set(struct ctx *);
static int	cmd_modlog(struct ctx *);
static int	cmd_backup(struct ctx *);
static int	cmd_export(struct ctx *);
static int	cmd_stats(struct ctx *);
static int	cmd_events_remind(struct ctx *);
static int	cmd_site_add(struct ctx *);
static int	cmd_site_list(struct ctx *);
static int	cmd_site_readonly(struct ctx *);

static const struct command commands[] = {
	{ "init", NULL, "", 0, 0, OPT_CREATE, cmd_init,
	    "create the database, or bring its schema up to this version" },
	{ "demo", NULL, "", 0, 0, OPT_CREATE, cmd_demo,
	    "create the database with the demo community (a new one only)" },

	{ "member", "list", "", 0, 0, 0, cmd_member_list,
	    "every member: id, name, role, joined, posts, status" },
	{ "member", "show", "NAME-or-ID", 1, 1, 0, cmd_member_show,
	    "one member: role, dates, suspension, certificates, posts" },
	{ "member", "role", "NAME-or-ID member|moderator|admin --reason TEXT",
	    2, 2, OPT_REASON, cmd_member_role,
	    "change a member's role (name the first admin this way)" },
	{ "member", "suspend", "NAME-or-ID --reason TEXT", 1, 1, OPT_REASON,
	    cmd_member_suspend,
	    "stop a member posting; they are shown the reason" },
	{ "member", "restore", "NAME-or-ID --reason TEXT", 1, 1, OPT_REASON,
	    cmd_member_restore, "lift a member's suspension" },
	{ "member", "rename", "NAME-or-ID NEW-NAME --reason TEXT", 2, 2,
	    OPT_REASON, cmd_member_rename, "change a member's display name" },
	{ "member", "unlink", "NAME-or-ID FINGERPRINT --reason TEXT", 2, 2,
	    OPT_REASON, cmd_member_unlink,
	    "take a certificate from a member (a stolen or lost key)" },
	{ "member", "export", "NAME-or-ID", 1, 1, 0, cmd_member_export,
	    "print everything a member wrote, as gemtext" },

	{ "space", "list", "", 0, 0, 0, cmd_space_list,
	    "every space, archived ones too" },
	{ "space", "add", "SLUG NAME --reason TEXT", 2, 2, OPT_REASON,
	    cmd_space_add, "add a space at /space/SLUG (SLUG: a-z, 0-9, -)" },
	{ "space", "rename", "SLUG NAME --reason TEXT", 2, 2, OPT_REASON,
	    cmd_space_rename, "change a space's name" },
	{ "space", "describe", "SLUG TEXT --reason TEXT", 2, 2, OPT_REASON,
	    cmd_space_describe, "change a space's description" },
	{ "space", "archive", "SLUG --reason TEXT", 1, 1, OPT_REASON,
	    cmd_space_archive,
	    "keep a space readable but closed to new discussions" },
	{ "space", "unarchive", "SLUG --reason TEXT", 1, 1, OPT_REASON,
	    cmd_space_unarchive, "open an archived space again" },

	{ "thread", "list", "[--space SLUG]", 0, 0, OPT_SPACE, cmd_thread_list,
	    "discussions, newest activity first: id, space, comments, views" },
	{ "thread", "lock", "ID --reason TEXT", 1, 1, OPT_REASON,
	    cmd_thread_lock, "stop new comments in a discussion" },
	{ "thread", "unlock", "ID --reason TEXT", 1, 1, OPT_REASON,
	    cmd_thread_unlock, "take new comments again" },
	{ "thread", "move", "ID SLUG --reason TEXT", 2, 2, OPT_REASON,
	    cmd_thread_move, "move a discussion to another space" },
	{ "thread", "delete", "ID --reason TEXT", 1, 1, OPT_REASON,
	    cmd_thread_delete, "delete a discussion and all its comments" },
	{ "thread", "hide", "ID --reason TEXT", 1, 1, OPT_REASON,
	    cmd_thread_hide, "hide a discussion's opening post (not its "
	    "title or comments)" },
	{ "thread", "restore", "ID --reason TEXT", 1, 1, OPT_REASON,
	    cmd_thread_restore, "show a hidden opening post again" },
	{ "thread", "retitle", "ID TITLE --reason TEXT", 2, 2, OPT_REASON,
	    cmd_thread_retitle, "change a discussion's title" },

	{ "comment", "hide", "ID --reason TEXT", 1, 1, OPT_REASON,
	    cmd_comment_hide,
	    "hide a comment: it shows as hidden by a moderator" },
	{ "comment", "restore", "ID --reason TEXT", 1, 1, OPT_REASON,
	    cmd_comment_restore, "show a hidden comment again" },

	{ "report", "list", "", 0, 0, 0, cmd_report_list,
	    "open reports, with what was reported" },
	{ "report", "resolve", "ID --reason TEXT", 1, 1, OPT_REASON,
	    cmd_report_resolve, "close a report" },

	{ "invite", "list", "", 0, 0, 0, cmd_invite_list,
	    "invitations, newest first: who made them, uses left, state" },
	{ "invite", "revoke", "ID --reason TEXT", 1, 1, OPT_REASON,
	    cmd_invite_revoke, "withdraw an invitation nobody has used up" },

	{ "site", "add", "HOSTNAME", 1, 1, OPT_NODB, cmd_site_add,
	    "make a community in --sites DIR (its folder and database)" },
	{ "site", "list", "", 0, 0, OPT_NODB, cmd_site_list,
	    "each community of --sites DIR: state, members, size, database" },
	{ "site", "readonly", "HOSTNAME on|off", 2, 2, OPT_NODB,
	    cmd_site_readonly, "pause (on) or resume (off) posting while a "
	    "community moves; reading goes on" },

	{ "settings", "get", "[KEY]", 0, 1, 0, cmd_settings_get,
	    "show one setting, or all of them" },
	{ "settings", "set", "KEY VALUE [--reason TEXT]", 2, 2, OPT_REASON_OPT,
	    cmd_settings_set, "change a setting (logged \"" SETTINGS_REASON
	    "\" unless --reason)" },

	{ "modlog", NULL, "[N]", 0, 1, 0, cmd_modlog,
	    "the last N moderation log entries (default 20), newest first" },
	{ "backup", NULL, "FILE [--force]", 1, 1, OPT_FORCE, cmd_backup,
	    "a checked, consistent copy of the live database" },
	{ "export", NULL, "DIR", 1, 1, 0, cmd_export,
	    "the community as gemtext and JSON, with its licence, into DIR" },
	{ "stats", NULL, "", 0, 0, 0, cmd_stats,
	    "members, discussions, comments, views, reports, posts per day" },
	{ "events", "remind", "", 0, 0, 0, cmd_events_remind,
	    "send the day-before reminders now (mootd does every 5 minutes)" },
	{ NULL, NULL, NULL, 0, 0, 0, NULL, NULL }
};

static const char *const role_names[] = {
	[ROLE_MEMBER] = "member",
	[ROLE_MODERATOR] = "moderator",
	[ROLE_ADMIN] = "admin",
};

/* ------------------------------------------------------------- helpers */

static int	fail(const char *, ...) __attribute__((format(printf, 1, 2)));

/* A failure: what and why on stderr; the exit status. */
static int
fail(const char *fmt, ...)
{
	va_list ap;

	fputs("mootctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAIL;
}

static void
command_usage(FILE *f, const struct command *cmd)
{
	fprintf(f, "%s%s%s%s%s", cmd->name, cmd->sub ? " " : "",
	    cmd->sub ? cmd->sub : "", cmd->args[0] ? " " : "", cmd->args);
}

static int	usage_error(const struct command *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static int
usage_error(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("mootctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nusage: mootctl ", stderr);
	command_usage(stderr, cmd);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

/* A store failure, in words. */
static int
store_fail(struct ctx *c, int64_t rc, const char *what)
{
	switch (rc) {
	case STORE_BUSY:
		return fail("%s: the database stayed locked by another writer "
		    "for %d s; try again", what, STORE_BUSY_TIMEOUT_MS / 1000);
	case STORE_NOTFOUND:
		return fail("%s: not found (changed meanwhile?)", what);
	case STORE_CONFLICT:
		return fail("%s: it conflicts with what is there", what);
	case STORE_INVALID:
		return fail("%s: the value is not one it takes", what);
	default:
		return fail("%s: %s", what, store_errmsg(c->st));
	}
}

/* Apply a change as the operator; it is logged with c->reason. */
static int64_t
moderate(struct ctx *c, enum mod_action action, int64_t target,
    int64_t arg, const char *text, const char *text2)
{
	struct mod_request r;

	memset(&r, 0, sizeof(r));
	r.action = action;
	r.moderator = 0;
	r.target = target;
	r.arg = arg;
	r.text = text;
	r.text2 = text2;
	r.reason = c->reason;
	r.now = time(NULL);
	return store_moderate(c->st, &r);
}


/*
 * What members wrote, made safe for the operator's terminal: one line,
 * control characters (C0, DEL, C1: escape sequences) as spaces, bytes
 * that are not UTF-8 as '?', at most max characters ("..." when cut).
 * Returns the number of characters written.
 */
static size_t
oneline(char *buf, size_t sz, const char *s, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 o = 0, chars = 0, n;

	if (s == NULL)
		s = "";
	while (*p != '\0' && o + 8 < sz) {
		if (chars == max) {
			memcpy(buf + o, "...", 3);
			o += 3;
			chars += 3;
			break;
		}
		if (*p < 0x20 || *p == 0x7f) {
			buf[o++] = ' ';
			p++;
		} else if (*p < 0x80) {
			buf[o++] = *p++;
		} else {
			n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
			if (strnlen((const char *)p, n) < n ||
			    !utf8_valid((const char *)p, n))
				n = 0;
			if (n < 2)
				buf[o++] = '?';
			else if (p[0] == 0xc2 && p[1] < 0xa0)
				buf[o++] = ' ';
			else {
				memcpy(buf + o, p, n);
				o += n;
			}
			p += n < 2 ? 1 : n;
		}
		chars++;
	}
	buf[o] = '\0';
	return chars;
}

/*
 * Terminal columns of the code point at p (valid UTF-8, n bytes): 2 for
 * East Asian wide letters, 0 for combining marks, as wcwidth() says
 * under the UTF-8 LC_CTYPE that main() sets; 1 when it cannot tell.
 */
static int
columns(const unsigned char *p, size_t n)
{
	uint32_t	cp;
	int		w;

	if (n == 1)
		return 1;
	cp = n == 2 ? (p[0] & 0x1fu) : n == 3 ? (p[0] & 0x0fu) : (p[0] & 0x07u);
	while (--n > 0)
		cp = cp << 6 | (*++p & 0x3fu);
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

/*
 * oneline, then padded with spaces to width terminal columns (not
 * characters: a CJK name is twice as wide, a combining accent adds
 * nothing), or cut to width with "..." when wider, so columns line up.
 */
static const char *
padded(char *buf, size_t sz, const char *s, size_t width)
{
	char			 line[MEMBER_NAME_MAX * 4 * 4 + 64];
	const unsigned char	*p = (const unsigned char *)line;
	size_t			 o = 0, cols = 0, total = 0, n, i;
	int			 w;

	oneline(line, sizeof(line), s, sizeof(line));
	for (i = 0; p[i] != '\0'; i += n) {
		n = p[i] >= 0xf0 ? 4 : p[i] >= 0xe0 ? 3 : p[i] >= 0xc0 ? 2 : 1;
		total += columns(p + i, n);
	}
	for (i = 0; p[i] != '\0'; i += n) {
		n = p[i] >= 0xf0 ? 4 : p[i] >= 0xe0 ? 3 : p[i] >= 0xc0 ? 2 : 1;
		w = columns(p + i, n);
		if ((total > width && cols + w + 3 > width) ||
		    cols + w > width || o + n + 4 + width >= sz)
			break;
		memcpy(buf + o, p + i, n);
		o += n;
		cols += w;
	}
	if (total > width && width >= 3) {
		memcpy(buf + o, "...", 3);
		o += 3;
		cols += 3;
	}
	while (cols++ < width && o + 1 < sz)
		buf[o++] = ' ';
	buf[o] = '\0';
	return buf;
}

/* A positive decimal id; 0 when the argument is not one. */
static int64_t
parse_id(const char *s)
{
	int64_t	id = 0;

	if (*s == '\0' || strlen(s) > 18)
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		id = id * 10 + (*s - '0');
	}
	return id;
}

/*
 * A one-line text: valid UTF-8, no control characters, 1..max
 * characters once trimmed (in place).  NULL or why not.
 */
static const char *
check_line(char *s, size_t max, int empty_ok)
{
	size_t	len = strlen(s), start = 0;

	if (!utf8_valid(s, len))
		return "it is not valid UTF-8";
	if (utf8_has_control(s, len, NULL))
		return "it must be one line, without control characters";
	while (start < len && s[start] == ' ')
		start++;
	while (len > start && s[len - 1] == ' ')
		len--;
	memmove(s, s + start, len - start);
	s[len - start] = '\0';
	if (s[0] == '\0' && !empty_ok)
		return "it is empty";
	if (utf8_count(s, strlen(s)) > max)
		return "it is too long";
	return NULL;
}

/* --reason: checked and trimmed; the exit status, 0 when fine. */
static int
check_reason(struct ctx *c)
{
	const char *why;

	if (c->reason_arg == NULL) {
		if (c->cmd->flags & OPT_REASON)
			return usage_error(c->cmd, "%s %s needs --reason TEXT: "
			    "every change is written to the moderation log "
			    "with its reason", c->cmd->name, c->cmd->sub);
		c->reason = SETTINGS_REASON;
		return 0;
	}
	/* it is shown to a suspended member, within a 1024-byte META */
	if ((why = check_line(c->reason_arg, REASON_MAX, 0)) != NULL)
		return usage_error(c->cmd, "the reason will not do: %s (one "
		    "line of at most %d characters)", why, REASON_MAX);
	c->reason = c->reason_arg;
	return 0;
}

static int
find_member(struct ctx *c, const char *arg, struct member *m)
{
	char	buf[256];
	int	rc;

	if ((rc = admin_member_find(c->st, arg, m)) == STORE_OK)
		return 0;
	oneline(buf, sizeof(buf), arg, 64);
	if (rc == STORE_NOTFOUND)
		return fail("no member %s (mootctl member list shows them)",
		    buf);
	return store_fail(c, rc, buf);
}

struct space_info {
	int		 found;
	int64_t		 id;
	int64_t		 threads;
	int		 archived;
	char		 slug[SLUG_MAX * 4 + 1];
	char		 name[512];
};

static int
find_space(struct ctx *c, const char *slug, struct space_info *si)
{
	struct space_row	s;
	char			buf[128];
	int			rc;

	memset(si, 0, sizeof(*si));
	oneline(buf, sizeof(buf), slug, SLUG_MAX);
	rc = store_space_get(c->st, slug, &s);
	if (rc == STORE_NOTFOUND)
		return fail("no space %s (mootctl space list shows them)", buf);
	if (rc < 0)
		return store_fail(c, rc, buf);
	si->found = 1;
	si->id = s.id;
	si->threads = s.threads;
	si->archived = s.archived;
	snprintf(si->slug, sizeof(si->slug), "%s", s.slug);
	oneline(si->name, sizeof(si->name), s.name, SPACE_NAME_MAX);
	return 0;
}

struct thread_info {
	int		 found;
	int64_t		 id;
	int64_t		 space_id;
	int64_t		 comments;
	int		 locked;
	int		 held;
	int		 hidden;	/* the opening post */
	char		 slug[SLUG_MAX * 4 + 1];
	char		 title[TITLE_MAX_CHARS * 4 + 8];
};

/* The thread whose id is the first argument. */
static int
find_thread(struct ctx *c, struct thread_info *ti)
{
	struct thread_row	t;
	int64_t			id = parse_id(c->argv[0]);
	int			rc;

	memset(ti, 0, sizeof(*ti));
	if (id == 0)
		return usage_error(c->cmd, "%s is not a discussion id "
		    "(mootctl thread list shows them)", c->argv[0]);
	rc = store_thread_get(c->st, id, 0, &t);
	if (rc == STORE_NOTFOUND)
		return fail("no discussion %lld", (long long)id);
	if (rc < 0)
		return store_fail(c, rc, "reading the discussion");
	ti->found = 1;
	ti->id = t.id;
	ti->space_id = t.space_id;
	ti->comments = t.comments;
	ti->locked = t.locked;
	ti->held = t.held;
	ti->hidden = t.hidden != NULL;
	snprintf(ti->slug, sizeof(ti->slug), "%s", t.space_slug);
	oneline(ti->title, sizeof(ti->title), t.title, TITLE_MAX_CHARS);
	return 0;
}

struct comment_info {
	int		 found;
	int64_t		 id;
	int64_t		 thread_id;
	int		 deleted;
	int		 hidden;
	char		 author[MEMBER_NAME_MAX * 4 + 1];
};

static int
find_comment(struct ctx *c, struct comment_info *ci)
{
	struct comment_row	r;
	int64_t			id = parse_id(c->argv[0]);
	int			rc;

	memset(ci, 0, sizeof(*ci));
	if (id == 0)
		return usage_error(c->cmd, "%s is not a comment id",
		    c->argv[0]);
	rc = store_comment_get(c->st, id, &r);
	if (rc == STORE_NOTFOUND)
		return fail("no comment %lld", (long long)id);
	if (rc < 0)
		return store_fail(c, rc, "reading the comment");
	ci->found = 1;
	ci->id = r.id;
	ci->thread_id = r.thread_id;
	ci->deleted = r.deleted;
	ci->hidden = r.hidden != NULL;
	oneline(ci->author, sizeof(ci->author), r.author, MEMBER_NAME_MAX);
	return 0;
}

/* ------------------------------------------------------ init and demo */

static int
cmd_init(struct ctx *c)
{
	printf("the database %s is ready (schema version %d)\n", c->db,
	    STORE_SCHEMA_VERSION);
	return 0;
}

static int
count_rows(void *arg, const struct space_row *s)
{
	(void)s;
	(*(int *)arg)++;
	return 0;
}

static int
cmd_demo(struct ctx *c)
{
	int n = 0;

	if (admin_spaces(c->st, count_rows, &n) < 0)
		return store_fail(c, STORE_ERROR, "reading the spaces");
	if (n > 0)
		return fail("%s already holds a community; the demo only "
		    "loads into a new database", c->db);
	if (demo_load(c->st, time(NULL)) != STORE_OK)
		return fail("the demo could not be loaded: %s",
		    store_errmsg(c->st));
	printf("loaded the demo community into %s\n", c->db);
	return 0;
}

/* ------------------------------------------------------------ members */

static const char *
role_name(int role)
{
	return role >= ROLE_MEMBER && role <= ROLE_ADMIN ? role_names[role] :
	    "?";
}

static int
member_line(void *arg, const struct member_row *m)
{
	char	name[MEMBER_NAME_MAX * 4 + 40], when[16];

	(void)arg;
	printf("%6lld  %s  %-9s  %s  %7lld  %8lld  %s%s\n", (long long)m->id,
	    padded(name, sizeof(name), m->name, MEMBER_NAME_MAX),
	    role_name(m->role), DATE(when, m->joined), (long long)m->threads,
	    (long long)m->comments, m->suspended ? "suspended" : "",
	    !m->approved ? (m->suspended ? ", held" : "held") : "");
	return 0;
}

static int
cmd_member_list(struct ctx *c)
{
	char	head[MEMBER_NAME_MAX * 4 + 40];
	int	rc;

	printf("%6s  %s  %-9s  %-10s  %7s  %8s  %s\n", "ID",
	    padded(head, sizeof(head), "NAME", MEMBER_NAME_MAX), "ROLE",
	    "JOINED", "THREADS", "COMMENTS", "STATUS");
	if ((rc = admin_members(c->st, 0, member_line, NULL)) < 0)
		return store_fail(c, rc, "reading the members");
	if (rc == 0)
		printf("(no members yet: they join over Gemini at /join)\n");
	return 0;
}

static int
member_details(void *arg, const struct member_row *m)
{
	char	buf[SUSPEND_REASON_MAX * 2], when[32];

	(void)arg;
	oneline(buf, sizeof(buf), m->name, MEMBER_NAME_MAX);
	printf("name:         %s\n", buf);
	printf("id:           %lld\n", (long long)m->id);
	printf("role:         %s\n", role_name(m->role));
	printf("joined:       %s\n", DATETIME(when, m->joined));
	if (m->suspended != NULL) {
		oneline(buf, sizeof(buf), m->suspended, REASON_MAX);
		printf("suspended:    yes: %s\n", buf);
	} else
		printf("suspended:    no\n");
	printf("posts:        %s\n", m->approved ? "published at once" :
	    "wait for a moderator");
	printf("terms:        version %lld accepted\n",
	    (long long)m->terms_accepted);
	printf("threads:      %lld\n", (long long)m->threads);
	printf("comments:     %lld\n", (long long)m->comments);
	printf("certificates: %lld\n", (long long)m->certs);
	return 0;
}

static int
member_cert(void *arg, const struct cert_row *r)
{
	char	fp[160], when[32];

	(void)arg;
	oneline(fp, sizeof(fp), r->fingerprint, 128);
	printf("  %s (added %s)\n", fp, DATE(when, r->added));
	return 0;
}

static int
cmd_member_show(struct ctx *c)
{
	struct member	m;
	int		rc;

	if ((rc = find_member(c, c->argv[0], &m)) != 0)
		return rc;
	if ((rc = admin_members(c->st, m.id, member_details, NULL)) < 0 ||
	    (rc = store_certs(c->st, m.id, member_cert, NULL)) < 0)
		return store_fail(c, rc, "reading the member");
	return 0;
}

static int
cmd_member_role(struct ctx *c)
{
	struct member	m;
	int64_t		rc;
	int		role;

	for (role = ROLE_MEMBER; role <= ROLE_ADMIN; role++)
		if (strcmp(c->argv[1], role_names[role]) == 0)
			break;
	if (role > ROLE_ADMIN)
		return usage_error(c->cmd, "no role %s: member, moderator or "
		    "admin", c->argv[1]);
	if ((rc = find_member(c, c->argv[0], &m)) != 0)
		return rc;
	if (m.role == role)
		return fail("%s is already %s %s", m.name,
		    role == ROLE_ADMIN ? "an" : "a", role_names[role]);
	if ((rc = moderate(c, MOD_SET_ROLE, m.id, role, NULL, NULL)) < 0)
		return store_fail(c, rc, "changing the role");
	printf("%s (member %lld) is now %s %s (was %s)\n", m.name,
	    (long long)m.id, role == ROLE_ADMIN ? "an" : "a", role_names[role],
	    role_name(m.role));
	return 0;
}

static int
cmd_member_suspend(struct ctx *c)
{
	struct member	m;
	char		why[SUSPEND_REASON_MAX * 2];
	int64_t		rc;

	if ((rc = find_member(c, c->argv[0], &m)) != 0)
		return rc;
	if (m.suspended) {
		oneline(why, sizeof(why), m.reason, REASON_MAX);
		return fail("%s is already suspended: %s (restore first to "
		    "change the reason)", m.name, why);
	}
	if ((rc = moderate(c, MOD_SUSPEND_MEMBER, m.id, 0, NULL, NULL)) < 0)
		return store_fail(c, rc, "suspending");
	printf("suspended %s (member %lld): %s\n", m.name, (long long)m.id,
	    c->reason);
	return 0;
}

static int
cmd_member_restore(struct ctx *c)
{
	struct member	m;
	int64_t		rc;

	if ((rc = find_member(c, c->argv[0], &m)) != 0)
		return rc;
	if (!m.suspended)
		return fail("%s is not suspended", m.name);
	if ((rc = moderate(c, MOD_RESTORE_MEMBER, m.id, 0, NULL, NULL)) < 0)
		return store_fail(c, rc, "restoring");
	printf("restored %s (member %lld): they may post again\n", m.name,
	    (long long)m.id);
	return 0;
}

#define FINGERPRINT_HEX	64	/* SHA-256 */

/*
 * A fingerprint as `member show` prints it, or as openssl does
 * (AB:CD:...): 64 hex digits, stored in lower case.
 */
static int
fingerprint_arg(const char *arg, char fp[FINGERPRINT_HEX + 1])
{
	size_t n = 0;

	for (; *arg != '\0'; arg++) {
		if (*arg == ':')
			continue;
		if (!isxdigit((unsigned char)*arg) || n == FINGERPRINT_HEX)
			return -1;
		fp[n++] = tolower((unsigned char)*arg);
	}
	fp[n] = '\0';
	return n == FINGERPRINT_HEX ? 0 : -1;
}

static int
cmd_member_unlink(struct ctx *c)
{
	struct member	 m;
	char		 fp[FINGERPRINT_HEX + 1];
	int64_t		 rc;

	if ((rc = find_member(c, c->argv[0], &m)) != 0)
		return rc;
	if (fingerprint_arg(c->argv[1], fp) == -1)
		return fail("%s is not a SHA-256 fingerprint (64 hex digits, "
		    "as mootctl member show prints them)", c->argv[1]);
	rc = moderate(c, MOD_UNLINK_CERT, m.id, 0, fp, NULL);
	if (rc == STORE_NOTFOUND)
		return fail("%s has no certificate %s", m.name, fp);
	if (rc < 0)
		return store_fail(c, rc, "unlinking");
	printf("unlinked certificate %s from %s (member %lld): whoever holds "
	    "it is a stranger now\n", fp, m.name, (long long)m.id);
	return 0;
}

static int
cmd_member_rename(struct ctx *c)
{
	struct member	 m;
	const char	*name = c->argv[1], *why;
	char		 buf[256];
	int64_t		 rc;

	if ((rc = find_member(c, c->argv[0], &m)) != 0)
		return rc;
	if ((why = store_name_vet(c->st, name, strlen(name), m.id, buf,
	    sizeof(buf))) != NULL)
		return fail("the name will not do: %s", why);
	if (strcmp(name, m.name) == 0)
		return fail("%s already has that name", m.name);
	rc = moderate(c, MOD_RENAME_MEMBER, m.id, 0, name, NULL);
	if (rc == STORE_CONFLICT)
		return fail("the name %s, or one that looks like it, is taken "
		    "by another member", name);
	if (rc < 0)
		return store_fail(c, rc, "renaming");
	printf("renamed member %lld from %s to %s\n", (long long)m.id, m.name,
	    name);
	return 0;
}

static int
cmd_member_export(struct ctx *c)
{
	struct member	m;
	int		rc;

	if ((rc = find_member(c, c->argv[0], &m)) != 0)
		return rc;
	if ((rc = export_member_gemtext(c->st, m.id, stdout)) != STORE_OK)
		return store_fail(c, rc, "exporting");
	if (fflush(stdout) != 0 || ferror(stdout))
		return fail("writing the export: %s", strerror(errno));
	return 0;
}

/* ------------------------------------------------------------- spaces */

static int
space_line(void *arg, const struct space_row *s)
{
	char	slug[SLUG_MAX * 4 + 8], name[SPACE_NAME_MAX * 4 + 8];

	(void)arg;
	oneline(name, sizeof(name), s->name, SPACE_NAME_MAX);
	printf("%5lld  %s  %7lld  %-8s  %s\n", (long long)s->id,
	    padded(slug, sizeof(slug), s->slug, 20), (long long)s->threads,
	    s->archived ? "archived" : "open", name);
	return 0;
}

static int
cmd_space_list(struct ctx *c)
{
	char	head[SLUG_MAX * 4 + 8];
	int	rc;

	printf("%5s  %s  %7s  %-8s  %s\n", "ID", padded(head, sizeof(head),
	    "SLUG", 20), "THREADS", "STATE", "NAME");
	if ((rc = admin_spaces(c->st, space_line, NULL)) < 0)
		return store_fail(c, rc, "reading the spaces");
	return 0;
}

static int
cmd_space_add(struct ctx *c)
{
	const char	*why;
	int64_t		 id;

	if (!slug_ok(c->argv[0], strlen(c->argv[0])))
		return fail("the slug %s will not do: 1 to %d of " SLUG_RULE,
		    c->argv[0], SLUG_MAX);
	if ((why = check_line(c->argv[1], SPACE_NAME_MAX, 0)) != NULL)
		return fail("the name will not do: %s", why);
	id = moderate(c, MOD_ADD_SPACE, 0, 0, c->argv[0], c->argv[1]);
	if (id == STORE_CONFLICT)
		return fail("there is a space %s already", c->argv[0]);
	if (id < 0)
		return store_fail(c, id, "adding the space");
	printf("added space %s (id %lld): /space/%s\n", c->argv[1],
	    (long long)id, c->argv[0]);
	return 0;
}

static int
cmd_space_rename(struct ctx *c)
{
	struct space_info	 si;
	const char		*why;
	int64_t			 rc;

	if ((rc = find_space(c, c->argv[0], &si)) != 0)
		return rc;
	if ((why = check_line(c->argv[1], SPACE_NAME_MAX, 0)) != NULL)
		return fail("the name will not do: %s", why);
	if ((rc = moderate(c, MOD_RENAME_SPACE, si.id, 0, c->argv[1],
	    NULL)) < 0)
		return store_fail(c, rc, "renaming the space");
	printf("renamed space %s from %s to %s\n", si.slug, si.name,
	    c->argv[1]);
	return 0;
}

static int
cmd_space_describe(struct ctx *c)
{
	struct space_info	 si;
	const char		*why;
	int64_t			 rc;

	if ((rc = find_space(c, c->argv[0], &si)) != 0)
		return rc;
	if ((why = check_line(c->argv[1], DESC_MAX, 1)) != NULL)
		return fail("the description will not do: %s", why);
	if ((rc = moderate(c, MOD_DESCRIBE_SPACE, si.id, 0, c->argv[1],
	    NULL)) < 0)
		return store_fail(c, rc, "describing the space");
	printf("described space %s\n", si.slug);
	return 0;
}

static int
space_archive(struct ctx *c, int archive)
{
	struct space_info	si;
	int64_t			rc;

	if ((rc = find_space(c, c->argv[0], &si)) != 0)
		return rc;
	if (si.archived == archive)
		return fail("space %s is %s archived", si.slug,
		    archive ? "already" : "not");
	if ((rc = moderate(c, archive ? MOD_ARCHIVE_SPACE :
	    MOD_UNARCHIVE_SPACE, si.id, 0, NULL, NULL)) < 0)
		return store_fail(c, rc, "archiving the space");
	printf("%s space %s (%s)\n", archive ? "archived" : "unarchived",
	    si.slug, si.name);
	return 0;
}

static int
cmd_space_archive(struct ctx *c)
{
	return space_archive(c, 1);
}

static int
cmd_space_unarchive(struct ctx *c)
{
	return space_archive(c, 0);
}

/* ------------------------------------------------------------ threads */

static int
thread_line(void *arg, const struct thread_row *t)
{
	char	slug[SLUG_MAX * 4 + 8], title[TITLE_MAX_CHARS * 4 + 8];
	char	when[32];

	(void)arg;
	oneline(title, sizeof(title), t->title, TITLE_MAX_CHARS);
	printf("%6lld  %s  %8lld  %7lld  %s  %s%s%s%s\n", (long long)t->id,
	    padded(slug, sizeof(slug), t->space_slug, 16),
	    (long long)t->comments, (long long)t->views,
	    utc_format(when, sizeof(when), t->last_activity, UTC_MINUTE),
	    title,
	    t->locked ? " [locked]" : "", t->held ? " [held]" : "",
	    t->archived ? " [archived]" : "");
	return 0;
}

static int
cmd_thread_list(struct ctx *c)
{
	struct space_info	si = { 0 };
	char			head[SLUG_MAX * 4 + 8];
	int			rc;

	if (c->space != NULL && (rc = find_space(c, c->space, &si)) != 0)
		return rc;
	printf("%6s  %s  %8s  %7s  %-16s  %s\n", "ID", padded(head,
	    sizeof(head), "SPACE", 16), "COMMENTS", "VIEWS", "LAST ACTIVITY",
	    "TITLE");
	if ((rc = admin_threads(c->st, si.id, 1, thread_line, NULL)) < 0)
		return store_fail(c, rc, "reading the discussions");
	return 0;
}

static int
thread_lock(struct ctx *c, int lock)
{
	struct thread_info	ti;
	int64_t			rc;

	if ((rc = find_thread(c, &ti)) != 0)
		return rc;
	if (ti.locked == lock)
		return fail("discussion %lld is %s locked", (long long)ti.id,
		    lock ? "already" : "not");
	if ((rc = moderate(c, lock ? MOD_LOCK_THREAD : MOD_UNLOCK_THREAD,
	    ti.id, 0, NULL, NULL)) < 0)
		return store_fail(c, rc, lock ? "locking" : "unlocking");
	printf("%s discussion %lld: %s\n", lock ? "locked" : "unlocked",
	    (long long)ti.id, ti.title);
	return 0;
}

static int
thread_hide(struct ctx *c, int hide)
{
	struct thread_info	ti;
	int64_t			rc;

	if ((rc = find_thread(c, &ti)) != 0)
		return rc;
	if (ti.hidden == hide)
		return fail("the opening post of discussion %lld is %s hidden",
		    (long long)ti.id, hide ? "already" : "not");
	if ((rc = moderate(c, hide ? MOD_HIDE_THREAD : MOD_RESTORE_THREAD,
	    ti.id, 0, NULL, NULL)) < 0)
		return store_fail(c, rc, hide ? "hiding" : "restoring");
	printf("%s the opening post of discussion %lld: %s\n", hide ? "hid" :
	    "restored", (long long)ti.id, ti.title);
	return 0;
}

static int
cmd_thread_hide(struct ctx *c)
{
	return thread_hide(c, 1);
}

static int
cmd_thread_restore(struct ctx *c)
{
	return thread_hide(c, 0);
}

static int
cmd_thread_retitle(struct ctx *c)
{
	struct thread_info	 ti;
	char			*title = c->argv[1], shown[TITLE_MAX_CHARS * 4 + 8];
	size_t			 len = strlen(title);
	const char		*why;
	int64_t			 rc;

	if ((rc = find_thread(c, &ti)) != 0)
		return rc;
	if (!utf8_valid(title, len))
		return fail("not a title: it is not valid UTF-8");
	if ((why = text_clean_title(title, &len)) != NULL)
		return fail("not a title: %s", why);
	if ((rc = moderate(c, MOD_RETITLE_THREAD, ti.id, 0, title,
	    NULL)) == STORE_NOTFOUND)
		return fail("discussion %lld already has that title",
		    (long long)ti.id);
	if (rc < 0)
		return store_fail(c, rc, "changing the title");
	oneline(shown, sizeof(shown), title, TITLE_MAX_CHARS);
	printf("discussion %lld was: %s\nnow: %s\n", (long long)ti.id,
	    ti.title, shown);
	return 0;
}

static int
cmd_thread_lock(struct ctx *c)
{
	return thread_lock(c, 1);
}

static int
cmd_thread_unlock(struct ctx *c)
{
	return thread_lock(c, 0);
}

static int
cmd_thread_move(struct ctx *c)
{
	struct thread_info	ti;
	struct space_info	si;
	int64_t			rc;

	if ((rc = find_thread(c, &ti)) != 0 ||
	    (rc = find_space(c, c->argv[1], &si)) != 0)
		return rc;
	if (ti.space_id == si.id)
		return fail("discussion %lld is already in %s",
		    (long long)ti.id, si.slug);
	if ((rc = moderate(c, MOD_MOVE_THREAD, ti.id, si.id, NULL, NULL)) < 0)
		return store_fail(c, rc, "moving");
	printf("moved discussion %lld from %s to %s%s: %s\n", (long long)ti.id,
	    ti.slug, si.slug, si.archived ? " (an archived space)" : "",
	    ti.title);
	return 0;
}

static int
cmd_thread_delete(struct ctx *c)
{
	struct thread_info	ti;
	int64_t			rc;

	if ((rc = find_thread(c, &ti)) != 0)
		return rc;
	if ((rc = moderate(c, MOD_DELETE_THREAD, ti.id, 0, NULL, NULL)) < 0)
		return store_fail(c, rc, "deleting");
	printf("deleted discussion %lld and its %lld comments: %s\n",
	    (long long)ti.id, (long long)ti.comments, ti.title);
	return 0;
}

/* ----------------------------------------------------------- comments */

static int
cmd_comment_hide(struct ctx *c)
{
	struct comment_info	ci;
	int64_t			rc;

	if ((rc = find_comment(c, &ci)) != 0)
		return rc;
	if (ci.deleted)
		return fail("comment %lld was deleted by its author: there is "
		    "nothing to hide", (long long)ci.id);
	if (ci.hidden)
		return fail("comment %lld is already hidden", (long long)ci.id);
	if ((rc = moderate(c, MOD_HIDE_COMMENT, ci.id, 0, NULL, NULL)) < 0)
		return store_fail(c, rc, "hiding");
	printf("hid comment %lld by %s in discussion %lld\n", (long long)ci.id,
	    ci.author, (long long)ci.thread_id);
	return 0;
}

static int
cmd_comment_restore(struct ctx *c)
{
	struct comment_info	ci;
	int64_t			rc;

	if ((rc = find_comment(c, &ci)) != 0)
		return rc;
	if (!ci.hidden)
		return fail("comment %lld is not hidden", (long long)ci.id);
	if ((rc = moderate(c, MOD_RESTORE_COMMENT, ci.id, 0, NULL, NULL)) < 0)
		return store_fail(c, rc, "restoring");
	printf("restored comment %lld by %s in discussion %lld\n",
	    (long long)ci.id, ci.author, (long long)ci.thread_id);
	return 0;
}

/* ------------------------------------------------------------ reports */

static int
report_lines(void *arg, const struct report_row *r)
{
	char	buf[TITLE_MAX_CHARS * 4 + 8], when[32];

	(void)arg;
	oneline(buf, sizeof(buf), r->reporter, MEMBER_NAME_MAX);
	printf("report %lld, %s, by %s\n", (long long)r->id,
	    DATETIME(when, r->created), buf);
	oneline(buf, sizeof(buf), r->reason, EXCERPT_CHARS);
	printf("  reason:  %s\n", buf);
	if (r->comment_id != 0)
		printf("  about:   comment %lld by ", (long long)r->comment_id);
	else
		printf("  about:   the opening post by ");
	oneline(buf, sizeof(buf), r->author, MEMBER_NAME_MAX);
	printf("%s (member %lld)", buf, (long long)r->author_id);
	oneline(buf, sizeof(buf), r->title, TITLE_MAX_CHARS);
	printf(" in discussion %lld: %s\n", (long long)r->thread_id, buf);
	oneline(buf, sizeof(buf), r->excerpt, EXCERPT_CHARS);
	printf("  text:    %s\n\n", buf);
	return 0;
}

static int
cmd_report_list(struct ctx *c)
{
	int rc;

	if ((rc = store_reports_open(c->st, report_lines, NULL)) < 0)
		return store_fail(c, rc, "reading the reports");
	if (rc == 0)
		printf("no open reports\n");
	return 0;
}

static int
cmd_report_resolve(struct ctx *c)
{
	int64_t	id = parse_id(c->argv[0]), rc;

	if (id == 0)
		return usage_error(c->cmd, "%s is not a report id", c->argv[0]);
	if ((rc = admin_report_state(c->st, id)) == STORE_NOTFOUND)
		return fail("no report %lld", (long long)id);
	if (rc < 0)
		return store_fail(c, rc, "reading the report");
	if (rc == 1)
		return fail("report %lld is already resolved", (long long)id);
	if ((rc = moderate(c, MOD_RESOLVE_REPORT, id, 0, NULL, NULL)) < 0)
		return store_fail(c, rc, "resolving");
	printf("resolved report %lld\n", (long long)id);
	return 0;
}

/* -------------------------------------------------------- invitations */

/* Shown of an invitation's code: enough to tell two apart, not to use. */
#define INVITE_CODE_SHOWN	3

static int
invite_line(void *arg, const struct invite_row *r)
{
	char	name[MEMBER_NAME_MAX * 4 + 8], when[32];
	time_t	now = *(time_t *)arg;

	if (r->creator != NULL)
		oneline(name, sizeof(name), r->creator, MEMBER_NAME_MAX);
	printf("invitation %lld  %s  %.*s...  by %s  %d %s left  %s\n",
	    (long long)r->id, DATE(when, r->created), INVITE_CODE_SHOWN,
	    r->code, r->creator != NULL ? name : "the operator", r->uses_left,
	    r->uses_left == 1 ? "use" : "uses", r->open ? "open" :
	    r->revoked ? "revoked" : r->uses_left == 0 ? "used" :
	    r->created < now - INVITE_TTL ? "expired" : "closed");
	return 0;
}

static int
cmd_invite_list(struct ctx *c)
{
	time_t	now = time(NULL);
	int	rc;

	if ((rc = store_invites(c->st, 0, 0, now, invite_line, &now)) < 0)
		return store_fail(c, rc, "reading the invitations");
	if (rc == 0)
		printf("no invitations\n");
	return 0;
}

static int
cmd_invite_revoke(struct ctx *c)
{
	int64_t	id = parse_id(c->argv[0]), rc;

	if (id == 0)
		return usage_error(c->cmd, "%s is not an invitation id",
		    c->argv[0]);
	rc = moderate(c, MOD_REVOKE_INVITE, id, 0, NULL, NULL);
	if (rc == STORE_NOTFOUND)
		return fail("no invitation %lld that could still be used",
		    (long long)id);
	if (rc < 0)
		return store_fail(c, rc, "revoking");
	printf("revoked invitation %lld\n", (long long)id);
	return 0;
}

/* ----------------------------------------------------------- settings */

static int
no_setting(const char *key)
{
	char buf[128];

	oneline(buf, sizeof(buf), key, SETTING_MAX);
	return fail("no setting %s (mootctl settings --help lists them)",
	    buf);
}

static int
cmd_settings_get(struct ctx *c)
{
	static char	buf[SETTING_TEXT_MAX + 1];
	size_t		i;

	if (c->argc == 1) {
		if (setting_find(c->argv[0]) == NULL)
			return no_setting(c->argv[0]);
		printf("%s\n", store_setting(c->st, c->argv[0], buf,
		    sizeof(buf)));
		return 0;
	}
	for (i = 0; i < settings_count; i++)
		printf("%s = %s\n", settings_table[i].key,
		    store_setting(c->st, settings_table[i].key, buf,
		    sizeof(buf)));
	return 0;
}

static int
cmd_settings_set(struct ctx *c)
{
	const struct setting	*s;
	char			 buf[32];
	const char		*why;
	int64_t			 rc;

	if ((s = setting_find(c->argv[0])) == NULL)
		return no_setting(c->argv[0]);
	if ((why = setting_check(s, c->argv[1])) != NULL)
		return fail("%s cannot be set to that: %s", s->key, why);
	if ((rc = moderate(c, MOD_SET_SETTING, 0, 0, s->key,
	    c->argv[1])) < 0)
		return store_fail(c, rc, "changing the setting");
	if (s->kind == SET_TEXT)
		printf("%s changed (%zu bytes)\n", s->key, strlen(c->argv[1]));
	else
		printf("%s = %s\n", s->key, c->argv[1]);
	if (strcmp(s->key, SETTING_TERMS) == 0)
		printf("the terms are now version %s: every member accepts "
		    "them again before posting\n", store_setting(c->st,
		    SETTING_TERMS_VERSION, buf, sizeof(buf)));
	return 0;
}

/* ------------------------------------------------------ moderation log */

static int
modlog_line(void *arg, const struct modlog_row *m)
{
	char	who[MEMBER_NAME_MAX * 4 + 8], what[200];
	char	why[SUSPEND_REASON_MAX * 2];
	char	when[32];

	(void)arg;
	oneline(who, sizeof(who), m->moderator ? m->moderator :
	    "(operator)", MEMBER_NAME_MAX);
	oneline(what, sizeof(what), m->target, 60);
	oneline(why, sizeof(why), m->reason, REASON_MAX);
	printf("%s  %s  %s %s: %s\n",
	    utc_format(when, sizeof(when), m->created, UTC_MINUTE), who,
	    m->action, what, why);
	return 0;
}

static int
cmd_modlog(struct ctx *c)
{
	int64_t	n = MODLOG_DEFAULT;
	int	rc;

	if (c->argc == 1 && (n = parse_id(c->argv[0])) == 0)
		return usage_error(c->cmd, "N is a number of entries");
	if (n > INT32_MAX)
		n = INT32_MAX;
	if ((rc = store_modlog(c->st, (int)n, modlog_line, NULL)) < 0)
		return store_fail(c, rc, "reading the moderation log");
	if (rc == 0)
		printf("the moderation log is empty\n");
	return 0;
}

/* ------------------------------------------------------- backup, export */

static void
unlink_db(const char *path)
{
	char	p[4096];

	unlink(path);
	snprintf(p, sizeof(p), "%s-journal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static int
cmd_backup(struct ctx *c)
{
	const char	*file = c->argv[0];
	char		 tmp[4096], err[512], side[4096];
	struct stat	 sb, live;
	int64_t		 pages;
	size_t		 len = strlen(file);
	int		 fd, rc;

	/* a folder, existing or not: say what is wanted, not "exists" */
	if (len == 0)
		return fail("an empty name: backup wants the path of the "
		    "file to write");
	if (file[len - 1] == '/' ||
	    (stat(file, &sb) == 0 && S_ISDIR(sb.st_mode)))
		return fail("%s names a directory: backup wants the path of "
		    "the file to write, such as %s%smoot-backup.db", file, file,
		    file[len - 1] == '/' ? "" : "/");
	if (stat(file, &sb) == 0) {
		if (!c->force)
			return fail("%s exists; --force replaces it", file);
		if (stat(c->db, &live) == 0 && live.st_dev == sb.st_dev &&
		    live.st_ino == sb.st_ino)
			return fail("%s is the live database itself", file);
	}
	/*
	 * Copy into a new file beside FILE and rename it into place once it
	 * passed the check: FILE is never a half-written backup.
	 */
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", file) >=
	    sizeof(tmp))
		return fail("%s: the name is too long", file);
	if ((fd = mkstemp(tmp)) == -1)
		return fail("cannot create a file beside %s: %s", file,
		    strerror(errno));
	close(fd);
	if ((rc = admin_backup(c->st, tmp, &pages, err, sizeof(err))) !=
	    STORE_OK) {
		unlink_db(tmp);
		return fail("the backup failed: %s", err);
	}
	if (admin_check_file(tmp, err, sizeof(err)) != STORE_OK) {
		unlink_db(tmp);
		return fail("the copy failed its integrity check: %s", err);
	}
	/* a WAL left by a file once at that name would be replayed */
	snprintf(side, sizeof(side), "%s-wal", file);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", file);
	unlink(side);
	if (rename(tmp, file) == -1) {
		rc = errno;
		unlink_db(tmp);
		return fail("%s: %s", file, strerror(rc));
	}
	if (stat(file, &sb) == -1)
		return fail("%s: %s", file, strerror(errno));
	printf("ok: %s, %lld bytes (%lld pages), integrity check passed\n",
	    file, (long long)sb.st_size, (long long)pages);
	return 0;
}

static int
cmd_export(struct ctx *c)
{
	struct export_counts	ec;
	char			err[1024], licence[256];

	if (export_community(c->st, c->argv[0], &ec, err, sizeof(err)) != 0)
		return fail("the export to %s failed: %s", c->argv[0], err);
	printf("exported %lld spaces, %lld discussions and %lld comments "
	    "(%lld hidden; %lld deleted kept as places) to %s, under %s\n",
	    (long long)ec.spaces, (long long)ec.threads,
	    (long long)ec.comments, (long long)ec.hidden,
	    (long long)ec.deleted, c->argv[0], store_setting(c->st,
	    SETTING_LICENCE, licence, sizeof(licence)));
	return 0;
}

/* -------------------------------------------------------------- stats */

/*
 * The pass mootd's writer makes every EVENT_REMIND_INTERVAL, at once:
 * each event's reminder goes out once, so running it again is harmless.
 */
static int
cmd_events_remind(struct ctx *c)
{
	int n;

	if ((n = store_events_remind(c->st, time(NULL))) < 0) {
		fprintf(stderr, "mootctl: events remind: %s\n",
		    store_errmsg(c->st));
		return 1;
	}
	printf("%d %s reminded of\n", n, n == 1 ? "event" : "events");
	return 0;
}

static int
cmd_stats(struct ctx *c)
{
	struct admin_stats	as;
	int64_t			counts[STATS_DAYS], now = time(NULL);
	int64_t			first = now - (STATS_DAYS - 1) * DAY_SECONDS;
	int64_t			max = 0;
	char			when[16];
	int			rc, i, bar;

	if ((rc = admin_stats(c->st, &as)) < 0 ||
	    (rc = admin_posts_per_day(c->st, first, counts)) < 0)
		return store_fail(c, rc, "counting");
	printf("members       %lld\n", (long long)as.members);
	printf("suspended     %lld\n", (long long)as.suspended);
	printf("discussions   %lld\n", (long long)as.threads);
	printf("comments      %lld\n", (long long)as.comments);
	printf("views         %lld\n", (long long)as.views);
	printf("reports       %lld\n", (long long)as.reports_open);
	printf("held          %lld\n", (long long)as.held);
	printf("\nposts per day (discussions and comments, UTC):\n");
	for (i = 0; i < STATS_DAYS; i++)
		if (counts[i] > max)
			max = counts[i];
	first -= first % DAY_SECONDS;
	for (i = 0; i < STATS_DAYS; i++) {
		printf("%s  %5lld  ", DATE(when, first + (int64_t)i *
		    DAY_SECONDS), (long long)counts[i]);
		/* a bar of at most 40 '#', at least one for any posts */
		bar = max > 0 ? (int)((counts[i] * 40 + max - 1) / max) : 0;
		while (bar-- > 0)
			putchar('#');
		putchar('\n');
	}
	return 0;
}

/* -------------------------------------------------------------- sites */

static int
cmd_site_add(struct ctx *c)
{
	char why[512], db[4096];

	if (site_add(c->sites, c->argv[0], why, sizeof(why)) == -1)
		return fail("%s", why);
	site_db_path(c->sites, c->argv[0], db, sizeof(db));
	printf("ok: %s is ready in %s (mootd --sites %s serves it; send it "
	    "SIGHUP if it runs)\n", c->argv[0], db, c->sites);
	return 0;
}

static int
cmd_site_list(struct ctx *c)
{
	if (site_list(c->sites, stdout) == -1)
		return fail("%s: %s", c->sites, strerror(errno));
	return 0;
}

static int
cmd_site_readonly(struct ctx *c)
{
	char		 why[512], db[4096];
	int		 on;
	struct stat	 sb;

	if (strcmp(c->argv[1], "on") != 0 && strcmp(c->argv[1], "off") != 0)
		return usage_error(c->cmd, "say on or off, not %s",
		    c->argv[1]);
	on = strcmp(c->argv[1], "on") == 0;
	if (site_db_path(c->sites, c->argv[0], db, sizeof(db)) == -1)
		return fail("%s is not a site's name", c->argv[0]);
	if (stat(db, &sb) == -1)
		return fail("no site %s in %s", c->argv[0], c->sites);
	if (site_set_read_only(db, on, why, sizeof(why)) == -1)
		return fail("%s", why);
	printf("ok: %s %s\n", c->argv[0], on ? "is read-only: posting "
	    "answers 44 until 'mootctl site readonly HOSTNAME off'" :
	    "takes posts again");
	return 0;
}

/* ------------------------------------------------------------ the tool */

static const char usage_head[] =
"usage: mootctl [--db FILE | --sites DIR --site HOSTNAME] COMMAND [ARGS]\n"
"\n"
"The operator's tool for a moot community.  Every command works on the\n"
"database while mootd is running.  Exit status: 0 done, 1 failed (the\n"
"reason is on stderr), 2 usage error.\n"
"\n"
"  --db FILE   the community's database (default var/moot.db)\n"
"  --sites DIR the folder of communities of mootd --sites (default\n"
"              var/sites): what site add, list and readonly work on\n"
"  --site HOSTNAME\n"
"              work on DIR/HOSTNAME/moot.db: every command, per site\n"
"  --help      this text; mootctl COMMAND --help for one command\n";

static const char usage_tail[] =
"\n"
"Changes to members, spaces, discussions, comments and reports need\n"
"--reason TEXT: the change and its reason go to the moderation log, and\n"
"a suspended member is shown the reason.  NAME-or-ID is a member's id or\n"
"display name (mootctl member list).\n"
"\n"
"The first admin: make a client certificate, join over Gemini at /join,\n"
"then: mootctl member role NAME admin --reason \"the first admin\"\n";

static void
command_help(FILE *f, const struct command *cmd)
{
	fputs("  ", f);
	command_usage(f, cmd);
	fprintf(f, "\n      %s\n", cmd->help);
}

static void
settings_help(FILE *f)
{
	const struct setting	*s;
	size_t			 i;

	fputs("\nSettings:\n", f);
	for (i = 0; i < settings_count; i++) {
		s = &settings_table[i];
		if (s->kind == SET_NUMBER)
			fprintf(f, "  %-14s %s (%ld to %ld)\n", s->key,
			    s->help, s->min, s->max);
		else
			fprintf(f, "  %-14s %s\n", s->key, s->help);
	}
}

/* Every command, or those named name (NULL: all). */
static void
usage(FILE *f, const char *name)
{
	const struct command *cmd;

	if (name == NULL)
		fputs(usage_head, f);
	fputs(name == NULL ? "\nCommands:\n" : "Commands:\n", f);
	for (cmd = commands; cmd->name != NULL; cmd++)
		if (name == NULL || strcmp(cmd->name, name) == 0)
			command_help(f, cmd);
	if (name != NULL && strcmp(name, "settings") == 0)
		settings_help(f);
	if (name == NULL)
		fputs(usage_tail, f);
}

/*
 * value of --OPT VALUE or --OPT=VALUE at argv[*i] (moving *i past it);
 * 0: not this option, -1: its value is missing.
 */
static int
option_value(const char *opt, int argc, char **argv, int *i, char **value)
{
	size_t n = strlen(opt);

	if (strncmp(argv[*i], opt, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*value = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[++*i];
	return 1;
}

/* The command's options and arguments: -1 for --help, else an exit status. */
static int
parse_args(struct ctx *c, int argc, char **argv)
{
	const struct command	*cmd = c->cmd;
	char			*v;
	int			 i, r, options = 1;

	for (i = 0; i < argc; i++) {
		if (options && strcmp(argv[i], "--") == 0) {
			options = 0;
			continue;
		}
		if (!options || strncmp(argv[i], "--", 2) != 0) {
			if (c->argc >= cmd->max)
				return usage_error(cmd, "too many arguments");
			c->argv[c->argc++] = argv[i];
			continue;
		}
		if (strcmp(argv[i], "--help") == 0)
			return -1;
		if (strcmp(argv[i], "--force") == 0 &&
		    (cmd->flags & OPT_FORCE)) {
			c->force = 1;
			continue;
		}
		if ((r = option_value("--reason", argc, argv, &i, &v)) != 0 &&
		    (cmd->flags & (OPT_REASON | OPT_REASON_OPT))) {
			if (r < 0)
				return usage_error(cmd, "--reason needs a "
				    "text");
			c->reason_arg = v;
			continue;
		}
		if (r == 0 && (r = option_value("--space", argc, argv, &i,
		    &v)) != 0 && (cmd->flags & OPT_SPACE)) {
			if (r < 0)
				return usage_error(cmd, "--space needs a slug");
			c->space = v;
			continue;
		}
		return usage_error(cmd, "%s %s%stakes no option %s", cmd->name,
		    cmd->sub ? cmd->sub : "", cmd->sub ? " " : "", argv[i]);
	}
	if (c->argc < cmd->min)
		return usage_error(cmd, "missing arguments");
	if (cmd->flags & (OPT_REASON | OPT_REASON_OPT))
		return check_reason(c);
	return 0;
}

/* The entry for argv (a command, perhaps a subcommand); NULL: none. */
static const struct command *
find_command(int argc, char **argv, int *used)
{
	const struct command	*cmd;
	int			 known = 0;

	for (cmd = commands; cmd->name != NULL; cmd++) {
		if (strcmp(cmd->name, argv[0]) != 0)
			continue;
		known = 1;
		if (cmd->sub == NULL) {
			*used = 1;
			return cmd;
		}
		if (argc > 1 && strcmp(cmd->sub, argv[1]) == 0) {
			*used = 2;
			return cmd;
		}
	}
	*used = known;
	return NULL;
}

static int
run(struct ctx *c)
{
	struct stat	sb;
	int		create = c->cmd->flags & OPT_CREATE, rc;

	if (c->cmd->flags & OPT_NODB)
		return c->cmd->run(c);
	if (!create && stat(c->db, &sb) == -1) {
		if (errno == ENOENT)
			return fail("no database at %s (run mootctl init)",
			    c->db);
		return fail("%s: %s", c->db, strerror(errno));
	}
	if ((c->st = store_open(c->db, create ? STORE_CREATE : 0)) == NULL)
		return fail("cannot open the database %s", c->db);
	if (store_migrate(c->st) != STORE_OK) {
		rc = fail("cannot use the database %s: %s", c->db,
		    store_errmsg(c->st));
		store_close(c->st);
		return rc;
	}
	rc = c->cmd->run(c);
	store_close(c->st);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "db",		required_argument, NULL, 'd' },
		{ "sites",	required_argument, NULL, 'S' },
		{ "site",	required_argument, NULL, 's' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx	 c;
	int		 ch, used, rc;
	const char	*site = NULL;
	static char	 site_db[4096];

	/* names are UTF-8 whatever the terminal: widths as UTF-8 */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	memset(&c, 0, sizeof(c));
	c.db = "var/moot.db";
	log_init("mootctl", 0, LOG_LEVEL_WARN);
	while ((ch = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			c.db = optarg;
			break;
		case 'S':
			c.sites = optarg;
			break;
		case 's':
			site = optarg;
			break;
		case 'h':
			usage(stdout, NULL);
			return 0;
		default:
			fputs("mootctl --help lists the commands\n", stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (c.sites == NULL)
		c.sites = SITES_DEFAULT_DIR;
	/* --site HOSTNAME: every command on that community's database */
	if (site != NULL) {
		if (site_db_path(c.sites, site, site_db,
		    sizeof(site_db)) == -1) {
			fprintf(stderr, "mootctl: --site %s: not a hostname "
			    "(a-z, 0-9, dots, dashes)\n", site);
			return EXIT_USAGE;
		}
		c.db = site_db;
	}
	if (argc == 0) {
		usage(stderr, NULL);
		return EXIT_USAGE;
	}
	if ((c.cmd = find_command(argc, argv, &used)) == NULL) {
		if (!used) {
			fprintf(stderr, "mootctl: unknown command %s (mootctl "
			    "--help lists them)\n", argv[0]);
			return EXIT_USAGE;
		}
		if (argc > 1 && strcmp(argv[1], "--help") == 0) {
			usage(stdout, argv[0]);
			return 0;
		}
		if (argc > 1)
			fprintf(stderr, "mootctl: %s has no subcommand %s\n",
			    argv[0], argv[1]);
		else
			fprintf(stderr, "mootctl: %s needs a subcommand\n",
			    argv[0]);
		usage(stderr, argv[0]);
		return EXIT_USAGE;
	}
	if ((rc = parse_args(&c, argc - used, argv + used)) != 0) {
		if (rc > 0)
			return rc;
		fputs("usage: mootctl ", stdout);
		command_usage(stdout, c.cmd);
		printf("\n%s\n", c.cmd->help);
		if (strcmp(c.cmd->name, "settings") == 0)
			settings_help(stdout);
		return 0;
	}
	return run(&c);
}

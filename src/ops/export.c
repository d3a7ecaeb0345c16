/*
 * export.c: the community's words in open formats (see export.h).
 *
 * The gemtext files are built with the server's own page model and
 * renderer, so that members' words are treated exactly as on the
 * capsule: their headings and relative links stay text, and nothing they
 * write can turn into markup.  The JSON document carries the same
 * content raw, through one small string escaper.  Both are written in
 * one pass over one read snapshot, so they always agree.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/buffer.h>

#include "store/store.h"
#include "store/events.h"
#include "ops/export.h"
#include "render/page.h"
#include "render/render.h"
#include "core/utf8.h"
#include "core/slug.h"
#include "core/utc.h"
#include "core/ical.h"

#define JSON_DEPTH	16
#define SETTING_BUF	65536	/* about and terms can be long */
#define LICENCE_WIDTH	72

/* A JSON writer: indentation and commas, nothing more. */
struct json {
	FILE	*f;
	int	 depth;
	int	 items[JSON_DEPTH];	/* written so far at each level */
};

struct export {
	struct store		*st;
	const char		*dir;
	struct export_counts	*counts;
	struct json		 js;
	struct evbuffer		*buf;
	struct page		 index;		/* index.gmi */
	struct page		 space;		/* the current spaces/SLUG.gmi */
	struct page		 thread;	/* the current threads/ID.gmi */
	char			 space_file[SLUG_MAX + 8];
	char			 name[1024];
	char			 licence[256];
	int			 modlog_names;
	char			*err;
	size_t			 errsz;
	int			 failed;
};

static const struct {
	const char	*name;
	const char	*url;
} licences[] = {
	{ "CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/" },
	{ "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/" },
	{ "CC BY-NC-SA 4.0",
	    "https://creativecommons.org/licenses/by-nc-sa/4.0/" },
	{ "CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/" },
	{ "CC BY-ND 4.0", "https://creativecommons.org/licenses/by-nd/4.0/" },
	{ "CC BY-NC-ND 4.0",
	    "https://creativecommons.org/licenses/by-nc-nd/4.0/" },
	{ "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/" },
};

const char *
export_licence_url(const char *licence)
{
	size_t i;

	for (i = 0; i < sizeof(licences) / sizeof(licences[0]); i++)
		if (strcasecmp(licences[i].name, licence) == 0)
			return licences[i].url;
	return NULL;
}

void
export_json_string(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n;

	putc('"', f);
	while (*p != '\0') {
		if (*p == '"' || *p == '\\') {
			putc('\\', f);
			putc(*p++, f);
		} else if (*p == '\n') {
			fputs("\\n", f);
			p++;
		} else if (*p == '\r') {
			fputs("\\r", f);
			p++;
		} else if (*p == '\t') {
			fputs("\\t", f);
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\u%04x", *p++);
		} else if (*p < 0x80) {
			putc(*p++, f);
		} else {
			/* the sequence its first byte announces, if valid */
			n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
			if (strnlen((const char *)p, n) == n &&
			    utf8_valid((const char *)p, n)) {
				fwrite(p, 1, n, f);
				p += n;
			} else {
				fputs("\\ufffd", f);
				p++;
			}
		}
	}
	putc('"', f);
}

/* The separator and indentation before a value; key is NULL in arrays. */
static void
json_next(struct json *j, const char *key)
{
	int i;

	if (j->items[j->depth]++ > 0)
		putc(',', j->f);
	if (j->depth > 0) {
		putc('\n', j->f);
		for (i = 0; i < j->depth; i++)
			fputs("  ", j->f);
	}
	if (key != NULL) {
		export_json_string(j->f, key);
		fputs(": ", j->f);
	}
}

static void
json_open(struct json *j, const char *key, int c)
{
	json_next(j, key);
	putc(c, j->f);
	if (j->depth < JSON_DEPTH - 1)
		j->items[++j->depth] = 0;
}

static void
json_close(struct json *j, int c)
{
	int i, had = j->items[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (had > 0) {
		putc('\n', j->f);
		for (i = 0; i < j->depth; i++)
			fputs("  ", j->f);
	}
	putc(c, j->f);
}

static void
json_str(struct json *j, const char *key, const char *v)
{
	json_next(j, key);
	if (v == NULL)
		fputs("null", j->f);
	else
		export_json_string(j->f, v);
}

static void
json_int(struct json *j, const char *key, int64_t v)
{
	json_next(j, key);
	fprintf(j->f, "%lld", (long long)v);
}

static void
json_bool(struct json *j, const char *key, int v)
{
	json_next(j, key);
	fputs(v ? "true" : "false", j->f);
}

/* Times as RFC 3339 UTC; 0 (never) as null. */
static void
json_time(struct json *j, const char *key, int64_t t)
{
	char		 buf[32];

	if (t == 0) {
		json_str(j, key, NULL);
		return;
	}
	json_str(j, key, utc_format(buf, sizeof(buf), t, UTC_RFC3339));
}


static int
export_fail(struct export *ex, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Remember the first failure; the callbacks then stop the iteration. */
static int
export_fail(struct export *ex, const char *fmt, ...)
{
	va_list ap;

	if (!ex->failed) {
		va_start(ap, fmt);
		vsnprintf(ex->err, ex->errsz, fmt, ap);
		va_end(ap);
		ex->failed = 1;
	}
	return 1;
}

/* Render a page as gemtext onto f; the page is then reset. */
static int
page_to_file(struct page *p, struct evbuffer *buf, FILE *f)
{
	size_t		 len;
	unsigned char	*data;
	int		 rc = 0;

	if (gemtext_render(p, NULL, buf) == -1) {
		errno = ENOMEM;
		rc = -1;
	} else if ((len = evbuffer_get_length(buf)) > 0) {
		if ((data = evbuffer_pullup(buf, -1)) == NULL ||
		    fwrite(data, 1, len, f) != len)
			rc = -1;
		evbuffer_drain(buf, len);
	}
	page_reset(p);
	return rc;
}

/* A new file in the export; never replaces one ("x"). */
static FILE *
export_open(struct export *ex, const char *rel)
{
	char	 path[4096];
	FILE	*f;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", ex->dir, rel) >=
	    sizeof(path)) {
		export_fail(ex, "%s/%s: path too long", ex->dir, rel);
		return NULL;
	}
	if ((f = fopen(path, "wx")) == NULL)
		export_fail(ex, "%s: %s", path, strerror(errno));
	return f;
}

static int
export_close(struct export *ex, FILE *f, const char *rel)
{
	int bad = ferror(f);

	if (fclose(f) != 0 || bad)
		return export_fail(ex, "%s/%s: write failed: %s", ex->dir, rel,
		    strerror(errno));
	return 0;
}

static void
export_page_file(struct export *ex, struct page *p, const char *rel)
{
	FILE *f;

	if (ex->failed || (f = export_open(ex, rel)) == NULL) {
		page_reset(p);
		return;
	}
	if (page_to_file(p, ex->buf, f) != 0)
		export_fail(ex, "%s/%s: %s", ex->dir, rel, strerror(errno));
	export_close(ex, f, rel);
}

static int
export_comment(void *arg, const struct comment_row *c)
{
	struct export	*ex = arg;
	struct page	*p = &ex->thread;
	struct json	*j = &ex->js;
	char		 when[32];

	json_open(j, NULL, '{');
	json_int(j, "id", c->id);
	json_str(j, "author", c->author);
	json_time(j, "created", c->created);
	json_time(j, "edited", c->deleted ? 0 : c->edited);
	if (c->reply_to != 0)
		json_int(j, "reply_to", c->reply_to);
	else
		json_str(j, "reply_to", NULL);
	page_blank(p);
	page_heading(p, 3, "%s, %s", c->author, DATETIME(when, c->created));
	/* the comment answered, by its id (the "id" of the JSON) */
	if (c->reply_to != 0 && !c->deleted)
		page_text(p, "(In reply to %s, comment %lld.)",
		    c->reply_author != NULL ? c->reply_author : "a member",
		    (long long)c->reply_to);
	if (c->deleted) {
		json_str(j, "state", "deleted");
		page_text(p, "(This comment was deleted by its author.)");
		ex->counts->deleted++;
	} else if (c->hidden != NULL) {
		/* as on the capsule: the reason shows, the words do not */
		json_str(j, "state", "hidden");
		json_str(j, "hidden_reason", c->hidden);
		page_text(p, "(Hidden by a moderator: %s)", c->hidden);
		ex->counts->comments++;
		ex->counts->hidden++;
	} else {
		json_str(j, "state", "visible");
		json_str(j, "body", c->body);
		page_gemtext(p, c->body, strlen(c->body), GEMTEXT_USER, NULL);
		if (c->edited)
			page_text(p, "(edited %s)", DATETIME(when, c->edited));
		ex->counts->comments++;
	}
	json_close(j, '}');
	return ferror(j->f) ? export_fail(ex, "community.json: write failed") :
	    0;
}

/* Of an event's attendance, the names of those listed (no one else's). */
static int
export_attendee(void *arg, const struct attendee_row *a)
{
	struct export *ex = arg;

	json_str(&ex->js, NULL, a->name);
	return 0;
}

/*
 * A discussion that is an event: its "event" object (times in UTC and
 * its zone, place, state, how many said they would come and the names
 * of those who chose to be listed) and its lines on the gemtext page.
 */
static int
export_event(void *arg, const struct event_row *e)
{
	struct export	*ex = arg;
	struct json	*j = &ex->js;
	struct page	*p = &ex->thread;
	char		 when[ICAL_WHEN_MAX];

	json_open(j, "event", '{');
	json_time(j, "starts", e->starts_at);
	json_time(j, "ends", e->ends_at);
	json_str(j, "timezone", e->tzid);
	json_str(j, "place", e->place);
	json_str(j, "online_url", e->online_url);
	json_bool(j, "cancelled", e->cancelled);
	json_int(j, "sequence", e->sequence);
	json_int(j, "coming", e->coming);
	json_open(j, "listed", '[');
	if (store_attendees(ex->st, e->thread_id, 0, export_attendee, ex) < 0)
		export_fail(ex, "reading who comes to event %lld failed",
		    (long long)e->thread_id);
	json_close(j, ']');
	json_close(j, '}');
	if (e->cancelled)
		page_text(p, "This event was cancelled.");
	page_text(p, "When: %s", ical_when(when, sizeof(when), e->starts_at,
	    e->ends_at, e->tzid));
	page_text(p, "Where: %s%s%s", e->place, e->online_url != NULL ? " " :
	    "", e->online_url != NULL ? e->online_url : "");
	page_text(p, "Coming: %lld", (long long)e->coming);
	return 1;
}

static int
export_thread(void *arg, const struct thread_row *t)
{
	struct export	*ex = arg;
	struct page	*p = &ex->thread;
	struct json	*j = &ex->js;
	char		 when[32], rel[64], up[64];
	int		 rc;

	ex->counts->threads++;
	snprintf(rel, sizeof(rel), "threads/%lld.gmi", (long long)t->id);
	snprintf(up, sizeof(up), "../threads/%lld.gmi", (long long)t->id);

	page_link(&ex->space, LINK_PAGE, up, "%s", t->title);
	page_text(&ex->space, "%lld %s, last activity %s, started by %s",
	    (long long)t->comments, t->comments == 1 ? "comment" : "comments",
	    DATE(when, t->last_activity), t->author);

	json_open(j, NULL, '{');
	json_int(j, "id", t->id);
	json_str(j, "title", t->title);
	json_str(j, "author", t->author);
	json_time(j, "created", t->created);
	json_time(j, "last_activity", t->last_activity);
	json_int(j, "views", t->views);
	json_bool(j, "locked", t->locked);
	/* a hidden opening post is left out, as hidden comments are */
	json_str(j, "body", t->hidden == NULL ? t->body : "");
	if (t->hidden != NULL)
		json_str(j, "hidden_reason", t->hidden);
	if (t->edited)
		json_time(j, "edited", t->edited);

	page_heading(p, 1, "%s", t->title);
	page_text(p, "Started by %s on %s in %s.", t->author,
	    DATE(when, t->created), t->space_name);
	if (t->locked)
		page_text(p, "This discussion was locked: it took no new "
		    "comments.");
	/* an event: its "event" object, and its lines here */
	if (store_event_one(ex->st, t->id, export_event, ex) < 0)
		return export_fail(ex, "reading event %lld failed",
		    (long long)t->id);
	json_open(j, "comments", '[');
	page_blank(p);
	if (t->hidden != NULL)
		page_text(p, "(The opening post was hidden by a moderator: %s)",
		    t->hidden);
	else
		page_gemtext(p, t->body, strlen(t->body), GEMTEXT_USER, NULL);
	if (t->edited)
		page_text(p, "(edited %s)", DATE(when, t->edited));
	page_blank(p);
	page_heading(p, 2, "Comments");
	rc = admin_thread_comments(ex->st, t->id, export_comment, ex);
	if (rc < 0)
		return export_fail(ex, "reading the comments of thread %lld "
		    "failed", (long long)t->id);
	if (rc == 0)
		page_text(p, "No comments.");
	page_blank(p);
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "../%s",
	    ex->space_file), "Back to %s", t->space_name);
	page_link(p, LINK_PAGE, "../index.gmi", "%s", ex->name);
	page_text(p, "Published under %s by its authors: see LICENCE.txt.",
	    ex->licence);
	export_page_file(ex, p, rel);

	json_close(j, ']');
	json_close(j, '}');
	return ex->failed;
}

static int
export_space(void *arg, const struct space_row *s)
{
	struct export	*ex = arg;
	struct page	*p = &ex->space;
	struct json	*j = &ex->js;
	int		 rc;

	if (!slug_ok(s->slug, strlen(s->slug)))
		/* not from mootctl or the admin pages: name it by id */
		snprintf(ex->space_file, sizeof(ex->space_file),
		    "spaces/%lld.gmi", (long long)s->id);
	else
		snprintf(ex->space_file, sizeof(ex->space_file),
		    "spaces/%s.gmi", s->slug);
	ex->counts->spaces++;

	page_link(&ex->index, LINK_PAGE, ex->space_file, "%s%s", s->name,
	    s->archived ? " (archived)" : "");
	if (s->description[0] != '\0')
		page_text(&ex->index, "%s", s->description);

	json_open(j, NULL, '{');
	json_str(j, "slug", s->slug);
	json_str(j, "name", s->name);
	json_str(j, "description", s->description);
	json_bool(j, "archived", s->archived);
	json_open(j, "threads", '[');

	page_heading(p, 1, "%s", s->name);
	if (s->description[0] != '\0')
		page_text(p, "%s", s->description);
	if (s->archived)
		page_text(p, "This space was archived: it took no new "
		    "discussions.");
	page_blank(p);
	rc = admin_threads(ex->st, s->id, 0, export_thread, ex);
	if (rc < 0)
		return export_fail(ex, "reading the threads of space %s failed",
		    s->slug);
	if (rc == 0)
		page_text(p, "No discussions.");
	page_blank(p);
	page_link(p, LINK_PAGE, "../index.gmi", "Back to %s", ex->name);
	export_page_file(ex, p, ex->space_file);

	json_close(j, ']');
	json_close(j, '}');
	return ex->failed;
}

static int
export_modlog(void *arg, const struct modlog_row *m)
{
	struct export	*ex = arg;
	struct json	*j = &ex->js;

	json_open(j, NULL, '{');
	json_time(j, "created", m->created);
	if (ex->modlog_names)
		json_str(j, "moderator", m->moderator ? m->moderator :
		    "the operator");
	json_str(j, "action", m->action);
	json_str(j, "target", m->target);
	json_str(j, "reason", m->reason);
	json_close(j, '}');
	return 0;
}

/* dir must not exist (then it is made) or be an empty directory. */
static int
export_dir(struct export *ex, const char *dir)
{
	char		 path[4096];
	struct stat	 sb;
	struct dirent	*de;
	DIR		*d;

	if (stat(dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode))
			return export_fail(ex, "%s exists and is not a "
			    "directory", dir);
		if ((d = opendir(dir)) == NULL)
			return export_fail(ex, "%s: %s", dir, strerror(errno));
		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") != 0 &&
			    strcmp(de->d_name, "..") != 0)
				break;
		closedir(d);
		if (de != NULL)
			return export_fail(ex, "%s is not empty: an export "
			    "goes into a new or empty directory", dir);
	} else if (errno != ENOENT || mkdir(dir, 0777) == -1)
		return export_fail(ex, "%s: %s", dir, strerror(errno));
	snprintf(path, sizeof(path), "%s/spaces", dir);
	if (mkdir(path, 0777) == -1)
		return export_fail(ex, "%s: %s", path, strerror(errno));
	snprintf(path, sizeof(path), "%s/threads", dir);
	if (mkdir(path, 0777) == -1)
		return export_fail(ex, "%s: %s", path, strerror(errno));
	return 0;
}

static void	paragraph(FILE *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* A paragraph of plain text, wrapped at LICENCE_WIDTH bytes. */
static void
paragraph(FILE *f, const char *fmt, ...)
{
	char		 text[4096];
	const char	*s = text, *end, *brk;
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	while (strlen(s) > LICENCE_WIDTH) {
		end = s + LICENCE_WIDTH;
		for (brk = end; brk > s && *brk != ' '; brk--)
			;
		if (brk == s)	/* one long word: let it run over */
			brk = strchr(end, ' ');
		if (brk == NULL)
			break;
		fprintf(f, "%.*s\n", (int)(brk - s), s);
		s = brk + 1;
	}
	fprintf(f, "%s\n\n", s);
}

/* The licence, and what reusing the words asks for. */
static void
export_licence_file(struct export *ex, int64_t now)
{
	const char	*url = export_licence_url(ex->licence);
	char		 when[32];
	FILE		*f;

	if (ex->failed || (f = export_open(ex, "LICENCE.txt")) == NULL)
		return;
	paragraph(f, "%s: licence and attribution", ex->name);
	paragraph(f, "Everything the members of %s wrote here (discussions "
	    "and comments) is published under %s by its authors.%s%s",
	    ex->name, ex->licence, url != NULL ? " " : "",
	    url != NULL ? url : "");
	paragraph(f, "Attribution: every discussion and comment in this "
	    "export names its author (their display name in the community) "
	    "and its date. When you share or adapt them, credit the authors "
	    "by those names and %s as the source, name the licence%s, and "
	    "say whether you changed anything.", ex->name,
	    url != NULL ? " with its link" : "");
	paragraph(f, "Not included: the words of comments hidden by a "
	    "moderator or deleted by their authors (their place is kept), "
	    "posts still waiting for a moderator, and anything private to "
	    "members or moderators.");
	fprintf(f, "Exported on %s.\n", DATETIME(when, now));
	export_close(ex, f, "LICENCE.txt");
}

static void
export_setting_page(struct export *ex, const char *rel, const char *title,
    const char *text)
{
	page_heading(&ex->thread, 1, "%s", title);
	page_blank(&ex->thread);
	page_gemtext(&ex->thread, text, strlen(text), 0, NULL);
	page_blank(&ex->thread);
	page_link(&ex->thread, LINK_PAGE, "index.gmi", "%s", ex->name);
	export_page_file(ex, &ex->thread, rel);
}

static void
export_all(struct export *ex, int64_t now)
{
	struct json	*j = &ex->js;
	char		*intro, *about, *terms, flag[16], lang[64], when[32];
	const char	*url;
	int		 modlog;

	store_setting(ex->st, SETTING_NAME, ex->name, sizeof(ex->name));
	store_setting(ex->st, SETTING_LICENCE, ex->licence,
	    sizeof(ex->licence));
	modlog = atoi(store_setting(ex->st, SETTING_MODLOG_PUBLIC, flag,
	    sizeof(flag))) == 1;
	ex->modlog_names = atoi(store_setting(ex->st, SETTING_MODLOG_NAMES,
	    flag, sizeof(flag))) == 1;
	intro = malloc(SETTING_BUF);
	about = malloc(SETTING_BUF);
	terms = malloc(SETTING_BUF);
	if (intro == NULL || about == NULL || terms == NULL) {
		export_fail(ex, "out of memory");
		goto done;
	}
	store_setting(ex->st, SETTING_INTRO, intro, SETTING_BUF);
	store_setting(ex->st, SETTING_ABOUT, about, SETTING_BUF);
	store_setting(ex->st, SETTING_TERMS, terms, SETTING_BUF);
	url = export_licence_url(ex->licence);

	json_open(j, NULL, '{');
	json_str(j, "format", "moot community export");
	json_int(j, "version", 1);
	json_time(j, "exported", now);
	json_open(j, "community", '{');
	json_str(j, "name", ex->name);
	json_str(j, "introduction", intro);
	json_str(j, "about", about);
	json_str(j, "terms", terms);
	json_str(j, "licence", ex->licence);
	json_str(j, "licence_url", url);
	json_str(j, "lang", store_setting(ex->st, SETTING_LANG, lang,
	    sizeof(lang)));
	json_close(j, '}');
	json_open(j, "spaces", '[');

	page_heading(&ex->index, 1, "%s", ex->name);
	page_blank(&ex->index);
	page_gemtext(&ex->index, intro, strlen(intro), 0, NULL);
	page_blank(&ex->index);
	page_link(&ex->index, LINK_PAGE, "about.gmi", "About %s", ex->name);
	page_link(&ex->index, LINK_PAGE, "terms.gmi", "Terms of use");
	page_blank(&ex->index);
	page_heading(&ex->index, 2, "Spaces");
	if (admin_spaces(ex->st, export_space, ex) < 0)
		export_fail(ex, "reading the spaces failed");
	json_close(j, ']');
	if (modlog && !ex->failed) {
		json_open(j, "moderation_log", '[');
		if (store_modlog(ex->st, -1, export_modlog, ex) < 0)
			export_fail(ex, "reading the moderation log failed");
		json_close(j, ']');
	}
	json_close(j, '}');
	putc('\n', j->f);

	page_blank(&ex->index);
	page_heading(&ex->index, 2, "Licence");
	page_text(&ex->index, "The words in %s are published under %s by "
	    "their authors.", ex->name, ex->licence);
	if (url != NULL)
		page_link(&ex->index, LINK_URL, url, "%s", ex->licence);
	page_link(&ex->index, LINK_FILE, "LICENCE.txt",
	    "Licence and attribution");
	page_link(&ex->index, LINK_FILE, "community.json",
	    "The whole community as one JSON document");
	page_blank(&ex->index);
	page_text(&ex->index, "Exported from moot on %s.",
	    DATETIME(when, now));
	export_page_file(ex, &ex->index, "index.gmi");

	export_setting_page(ex, "about.gmi", ex->name, about);
	export_setting_page(ex, "terms.gmi", "Terms of use", terms);
	export_licence_file(ex, now);
done:
	free(intro);
	free(about);
	free(terms);
}

int
export_community(struct store *st, const char *dir,
    struct export_counts *counts, char *err, size_t errsz)
{
	struct export	 ex;
	FILE		*json;

	memset(counts, 0, sizeof(*counts));
	memset(&ex, 0, sizeof(ex));
	ex.st = st;
	ex.dir = dir;
	ex.counts = counts;
	ex.err = err;
	ex.errsz = errsz;
	if (export_dir(&ex, dir) != 0)
		return -1;
	if ((ex.buf = evbuffer_new()) == NULL) {
		export_fail(&ex, "out of memory");
		return -1;
	}
	page_init(&ex.index);
	page_init(&ex.space);
	page_init(&ex.thread);
	if ((json = export_open(&ex, "community.json")) != NULL) {
		ex.js.f = json;
		if (admin_snapshot_begin(st) != STORE_OK)
			export_fail(&ex, "cannot read the database: %s",
			    store_errmsg(st));
		else {
			export_all(&ex, time(NULL));
			admin_snapshot_end(st);
		}
		export_close(&ex, json, "community.json");
	}
	page_free(&ex.index);
	page_free(&ex.space);
	page_free(&ex.thread);
	evbuffer_free(ex.buf);
	return ex.failed ? -1 : 0;
}

/* ---------------------------------------------- one member's own words */

struct member_export {
	struct store	*st;
	struct page	*p;
	int64_t		 member;
};

static int
member_thread(void *arg, const struct thread_row *t)
{
	struct member_export	*me = arg;
	struct page		*p = me->p;
	char			 when[32];

	page_heading(p, 3, "%s", t->title);
	page_text(p, "Started on %s in %s%s%s.", DATE(when, t->created),
	    t->space_name, t->held ? " (waiting for a moderator)" : "",
	    t->locked ? " (locked)" : "");
	if (t->hidden != NULL)
		page_text(p, "(Hidden by a moderator: %s)", t->hidden);
	page_gemtext(p, t->body, strlen(t->body), GEMTEXT_USER, NULL);
	page_blank(p);
	return 0;
}

/* An event the member said they'd come to: its title, when, and how. */
static int
member_event(void *arg, const struct event_row *e)
{
	struct member_export	*me = arg;
	char			 when[ICAL_WHEN_MAX];

	page_item(me->p, "\"%s\", %s%s", e->title, ical_when(when,
	    sizeof(when), e->starts_at, e->ends_at, e->tzid),
	    e->cancelled ? " (cancelled)" : "");
	return 1;
}

static int
member_attending(void *arg, const struct attendee_row *a)
{
	struct member_export	*me = arg;
	char			 when[32];

	if (store_event_one(me->st, a->thread_id, member_event, me) < 0)
		return -1;
	page_text(me->p, "You said so on %s, %s.", DATE(when, a->created),
	    a->listed ? "with your name shown" : "without your name");
	return 0;
}

static int
member_comment(void *arg, const struct comment_row *c)
{
	struct member_export	*me = arg;
	struct page		*p = me->p;
	struct thread_row	 t;
	char			 when[32];

	page_heading(p, 3, "On \"%s\", %s", store_thread_get(me->st,
	    c->thread_id, me->member, &t) == STORE_OK ? t.title :
	    "a discussion since deleted", DATETIME(when, c->created));
	if (c->hidden != NULL)
		page_text(p, "(Hidden by a moderator: %s)", c->hidden);
	if (c->held)
		page_text(p, "(Waiting for a moderator.)");
	page_gemtext(p, c->body, strlen(c->body), GEMTEXT_USER, NULL);
	if (c->edited)
		page_text(p, "(edited %s)", DATETIME(when, c->edited));
	page_blank(p);
	return 0;
}

/* Drafts: what the member typed and could not post yet (drafts.c). */
static int
member_cdraft(void *arg, const struct comment_draft *d)
{
	struct member_export	*me = arg;
	struct page		*p = me->p;
	char			 when[32];

	page_heading(p, 3, "A comment for \"%s\", saved %s", d->title,
	    DATETIME(when, d->created));
	page_gemtext(p, d->body, strlen(d->body), GEMTEXT_USER, NULL);
	page_blank(p);
	return 0;
}

static int
member_tdraft(void *arg, const struct title_draft *d)
{
	struct member_export	*me = arg;
	struct page		*p = me->p;
	char			 when[32];

	page_heading(p, 3, "A new discussion in %s, \"%s\", started %s",
	    d->space_name, d->title, DATETIME(when, d->created));
	if (d->body != NULL)
		page_gemtext(p, d->body, strlen(d->body), GEMTEXT_USER, NULL);
	else
		page_text(p, "(No opening post yet.)");
	page_blank(p);
	return 0;
}

static int
member_drafts(struct member_export *me)
{
	int rc, n;

	page_blank(me->p);
	page_heading(me->p, 2, "Drafts");
	if ((rc = store_cdrafts(me->st, me->member, 0, member_cdraft,
	    me)) < 0)
		return rc;
	n = rc;
	if ((rc = store_tdrafts(me->st, me->member, member_tdraft, me)) < 0)
		return rc;
	if (n + rc == 0)
		page_text(me->p, "None.");
	return 0;
}

/* What they follow and muted: theirs, so in their own export only. */
static int
member_follow(void *arg, const struct follow_row *f)
{
	struct member_export	*me = arg;

	page_item(me->p, "%s %s %lld: %s", f->muted ? "Muted:" :
	    "Following:", f->what, (long long)f->id, f->name);
	return 0;
}

int
export_member_gemtext(struct store *st, int64_t member_id, FILE *out)
{
	struct member_export	 me = { .st = st, .member = member_id };
	struct member		 m;
	struct member_profile	 mp;
	struct page		 p;
	struct evbuffer		*buf;
	char			 name[1024], licence[256], when[32];
	char			 joined[32];
	int			 rc;

	if ((rc = store_member_by_id(st, member_id, &m)) != STORE_OK)
		return rc;
	if ((buf = evbuffer_new()) == NULL)
		return STORE_ERROR;
	page_init(&p);
	me.p = &p;
	store_setting(st, SETTING_NAME, name, sizeof(name));
	store_setting(st, SETTING_LICENCE, licence, sizeof(licence));
	page_heading(&p, 1, "%s in %s", m.name, name);
	page_text(&p, "Everything %s wrote in %s, as it stood on %s. Member "
	    "since %s.", m.name, name, DATETIME(when, time(NULL)),
	    DATE(joined, m.joined));
	page_text(&p, "Published in the community under %s.", licence);
	if ((rc = store_member_profile(st, member_id, &mp)) != STORE_OK) {
		page_free(&p);
		evbuffer_free(buf);
		return rc;
	}
	if (mp.about[0] != '\0') {
		page_blank(&p);
		page_heading(&p, 2, "About %s", m.name);
		page_gemtext(&p, mp.about, strlen(mp.about), GEMTEXT_USER,
		    NULL);
	}
	page_blank(&p);
	page_heading(&p, 2, "Discussions started");
	if ((rc = store_threads_by_member(st, member_id, -1, member_thread,
	    &me)) == 0)
		page_text(&p, "None.");
	if (rc >= 0) {
		page_blank(&p);
		page_heading(&p, 2, "Comments");
		if ((rc = store_comments_by_member(st, member_id, -1,
		    member_comment, &me)) == 0)
			page_text(&p, "None.");
	}
	if (rc >= 0)
		rc = member_drafts(&me);
	if (rc >= 0) {
		page_blank(&p);
		page_heading(&p, 2, "Following and muting");
		if ((rc = store_follows_of(st, member_id, member_follow,
		    &me)) == 0)
			page_text(&p, "Nothing.");
	}
	if (rc >= 0) {
		page_blank(&p);
		page_heading(&p, 2, "Events you said you would come to");
		if ((rc = store_attendance_of(st, member_id, member_attending,
		    &me)) == 0)
			page_text(&p, "None.");
	}
	if (rc >= 0 && page_to_file(&p, buf, out) != 0)
		rc = STORE_ERROR;
	page_free(&p);
	evbuffer_free(buf);
	return rc < 0 ? rc : STORE_OK;
}

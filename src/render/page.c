/*
 * page.c: building pages, and parsing gemtext into them.
 *
 * All text passes through page_line_owned() and page_clean(), which
 * enforce the invariants stated in page.h; the renderers trust them.
 *
 * Out of memory: what a page allocates fails soft.  The page is marked
 * failed (page_failed()), and from then on adding to it does nothing, so
 * the request is answered 40 (reply_page() in router.c) and the worker
 * lives on.  The page's own allocations below go through page_try_*();
 * arena_alloc() for handlers' small strings still stops the process.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "render/page.h"
#include "core/url.h"
#include "core/utf8.h"

#define PAGE_ELS_MIN	64

void *
arena_try_alloc(struct arena *a, size_t len)
{
	struct arena_chunk	*c = a->head;
	size_t			 size;

	len = (len + 7) & ~(size_t)7;
	if (c == NULL || c->size - c->used < len) {
		size = len > ARENA_CHUNK ? len : ARENA_CHUNK;
		if (len > SIZE_MAX - sizeof(*c) ||
		    (c = malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	c->used += len;
	return c->data + c->used - len;
}

void *
arena_alloc(struct arena *a, size_t len)
{
	void *p;

	if ((p = arena_try_alloc(a, len)) == NULL)
		fatal("arena");
	return p;
}

/* arena_strndup(), or NULL when memory runs out. */
static char *
arena_try_strndup(struct arena *a, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX || (p = arena_try_alloc(a, len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Put one byte at out[at], if it is within cap (ch: no side effects). */
#define FMT_PUT(out, cap, at, ch) do {					\
	if ((at) < (cap))						\
		(out)[at] = (ch);					\
	(at)++;								\
} while (0)

/*
 * What printf does for the few conversions pages are made of: %s, %d,
 * %ld, %lld, %u, %lu, %llu, %zu and %%, without flags, width or
 * precision.  Writes at most cap bytes (a NUL among them when it fits)
 * and returns the length of the whole, as vsnprintf() does; or -1 when
 * fmt asks for more than that, having written nothing that counts.  A
 * page makes a dozen strings for each comment (its links, their
 * labels), and vsnprintf()'s generality was a fifth of a discussion
 * page's cost.
 */
static long
fmt_simple(char *out, size_t cap, const char *fmt, va_list ap)
{
	char			 digits[24];
	const char		*s;
	size_t			 at = 0, n;
	unsigned long long	 u;
	long long		 v;
	int			 longs, neg, nd;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			/* the words up to the next conversion, at once */
			s = fmt;
			n = strcspn(fmt, "%");
			fmt += n;
			if (at < cap)
				memcpy(out + at, s, cap - at < n ? cap - at : n);
			at += n;
			if (*fmt == '\0')
				break;
		}
		fmt++;
		if (*fmt == '%') {
			FMT_PUT(out, cap, at, '%');
			continue;
		}
		if (*fmt == 's') {
			if ((s = va_arg(ap, const char *)) == NULL)
				s = "(null)";	/* as glibc prints it */
			n = strlen(s);
			if (at < cap)
				memcpy(out + at, s, cap - at < n ? cap - at : n);
			at += n;
			continue;
		}
		longs = 0;
		if (*fmt == 'z') {
			longs = -1;
			fmt++;
		} else
			while (*fmt == 'l' && longs < 2) {
				longs++;
				fmt++;
			}
		neg = 0;
		if (*fmt == 'd' && longs >= 0) {
			v = longs == 0 ? va_arg(ap, int) : longs == 1 ?
			    va_arg(ap, long) : va_arg(ap, long long);
			neg = v < 0;
			u = neg ? 0 - (unsigned long long)v :
			    (unsigned long long)v;
		} else if (*fmt == 'u')
			u = longs < 0 ? va_arg(ap, size_t) : longs == 0 ?
			    va_arg(ap, unsigned) : longs == 1 ?
			    va_arg(ap, unsigned long) :
			    va_arg(ap, unsigned long long);
		else
			return -1;
		nd = 0;
		do {
			digits[nd++] = (char)('0' + u % 10);
			u /= 10;
		} while (u != 0);
		if (neg)
			FMT_PUT(out, cap, at, '-');
		while (nd > 0) {
			nd--;
			FMT_PUT(out, cap, at, digits[nd]);
		}
	}
	if (cap > 0)
		out[at < cap ? at : cap - 1] = '\0';
	return at > INT32_MAX ? -1 : (long)at;
}

/* vsnprintf(), by fmt_simple() when it can. */
static int
fmt_vsnprintf(char *out, size_t cap, const char *fmt, va_list ap)
{
	va_list	ap2;
	long	n;

	va_copy(ap2, ap);
	n = fmt_simple(out, cap, fmt, ap2);
	va_end(ap2);
	return n >= 0 ? (int)n : vsnprintf(out, cap, fmt, ap);
}

/* arena_printf() with a va_list, or NULL when memory runs out. */
static char *
arena_try_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	struct arena_chunk	*c = a->head;
	va_list			 ap2;
	char			 small[256], *p;
	int			 n;
	size_t			 room;

	/* straight into the arena when it fits there, as it nearly always
	 * does (a chunk's free room is a multiple of 8, as allocations are) */
	if (c != NULL && (room = c->size - c->used) > 0) {
		p = c->data + c->used;
		va_copy(ap2, ap);
		n = fmt_vsnprintf(p, room, fmt, ap2);
		va_end(ap2);
		if (n >= 0 && (size_t)n < room) {
			c->used += ((size_t)n + 1 + 7) & ~(size_t)7;
			return p;
		}
	}
	va_copy(ap2, ap);
	n = fmt_vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	if ((p = arena_try_alloc(a, (size_t)n + 1)) == NULL)
		return NULL;
	if ((size_t)n < sizeof(small))
		memcpy(p, small, n + 1);
	else
		fmt_vsnprintf(p, n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_try_vprintf(a, fmt, ap);
	va_end(ap);
	if (p == NULL)
		fatal("arena");
	return p;
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk *c, *next;

	if (a->head == NULL)
		return;
	/* keep the oldest chunk (the last in the list) */
	for (c = a->head; c->next != NULL; c = next) {
		next = c->next;
		free(c);
	}
	c->used = 0;
	a->head = c;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}

void
page_init(struct page *p)
{
	memset(p, 0, sizeof(*p));
}

void
page_reset(struct page *p)
{
	arena_reset(&p->arena);
	p->n = 0;
	p->tail = 0;
	p->lang = NULL;
	p->failed = 0;
}

int
page_failed(const struct page *p)
{
	return p->failed;
}

/* s, or NULL and the page failed when memory ran out getting it. */
static void *
page_got(struct page *p, void *s)
{
	if (s == NULL)
		p->failed = 1;
	return s;
}

/* The page's own allocations: NULL (page_got()) once it has failed. */
static char *
page_try_alloc(struct page *p, size_t len)
{
	return p->failed ? NULL : page_got(p, arena_try_alloc(&p->arena, len));
}

static char *
page_try_strndup(struct page *p, const char *s, size_t len)
{
	return p->failed ? NULL : page_got(p, arena_try_strndup(&p->arena, s,
	    len));
}

static char *
page_try_vprintf(struct page *p, const char *fmt, va_list ap)
{
	return p->failed ? NULL : page_got(p, arena_try_vprintf(&p->arena,
	    fmt, ap));
}

void
page_free(struct page *p)
{
	arena_free(&p->arena);
	free(p->els);
	memset(p, 0, sizeof(*p));
}

static struct element *
page_push(struct page *p, enum el_type type)
{
	struct element	*e;
	size_t		 cap;

	if (p->n == p->cap && !p->failed) {
		cap = p->cap ? p->cap * 2 : PAGE_ELS_MIN;
		if ((e = reallocarray(p->els, cap, sizeof(*e))) == NULL)
			p->failed = 1;
		else {
			p->els = e;
			p->cap = cap;
		}
	}
	/* a failed page is not shown: what is added goes to the sink */
	e = p->failed ? &p->sink : &p->els[p->n++];
	memset(e, 0, sizeof(*e));
	e->type = type;
	e->member = p->member;
	return e;
}

/*
 * 1 when s holds a C0 control or DEL; *high says whether any byte is
 * non-ASCII.  Eight bytes at a time (the classic "has a byte less than n"
 * word trick), since every line of every page passes through here.
 */
static int
has_control(const char *s, size_t len, int *high)
{
	uint64_t	w, x, hi = 0;
	size_t		i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		x = w ^ (BYTES_01 * 0x7f);
		if ((((w - BYTES_01 * 0x20) & ~w) | ((x - BYTES_01) & ~x)) &
		    BYTES_80)
			return 1;
		hi |= w;
	}
	for (; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 1;
		hi |= (unsigned char)s[i];
	}
	*high = (hi & BYTES_80) != 0;
	return 0;
}

/* 1 when a line needs no change: what the store holds, nearly always. */
static int
line_is_clean(const char *s, size_t len)
{
	int high = 0;

	return !has_control(s, len, &high) && (!high || (utf8_valid(s, len) &&
	    !utf8_has_control(s, len, NULL)));
}

/*
 * Copy one line into the arena, tabs turned into spaces and other control
 * characters dropped; invalid UTF-8 (which the store never holds, but a
 * static .gmi file might) becomes U+FFFD byte by byte.
 */
static const char *
page_clean(struct page *p, const char *s, size_t len)
{
	char	*out, *o;
	size_t	 ok;

	if (line_is_clean(s, len))
		return (out = page_try_strndup(p, s, len)) ? out : "";
	if (len > (SIZE_MAX - 1) / 3 ||
	    (o = out = page_try_alloc(p, len * 3 + 1)) == NULL)
		return "";
	while (len > 0) {
		unsigned char ch = *s;

		if (ch == '\t') {
			*o++ = ' ';
			s++, len--;
		} else if (ch < 0x20 || ch == 0x7f) {
			s++, len--;
		} else if (ch < 0x80) {
			*o++ = *s++;
			len--;
		} else {
			/* one sequence, its length told by its lead byte */
			ok = ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : 2;
			if (ch == 0xc2 && len >= 2 &&
			    (unsigned char)s[1] < 0xa0) {
				/* a C1 control: terminals may obey it */
				s += 2, len -= 2;
			} else if (ok <= len && utf8_valid(s, ok)) {
				memcpy(o, s, ok);
				o += ok;
				s += ok, len -= ok;
			} else {
				memcpy(o, "\xef\xbf\xbd", 3);
				o += 3;
				s++, len--;
			}
		}
	}
	*o = '\0';
	return out;
}

/*
 * Add one line that already lies in the page's arena, where s[n] (its
 * '\r', '\n' or NUL) may be overwritten.  A clean line becomes the
 * element's text where it lies, ended in place: text is copied once, into
 * the arena, however many steps it goes through.
 */
static void
page_line_owned(struct page *p, enum el_type type, char *s, size_t n)
{
	struct element *e = page_push(p, type);

	if (line_is_clean(s, n)) {
		s[n] = '\0';
		e->text = s;
	} else
		e->text = page_clean(p, s, n);
}

/* page_textn() on text the arena holds (see page_line_owned). */
static void
page_lines_owned(struct page *p, enum el_type type, char *s, size_t len)
{
	char	*nl;
	size_t	 n, skip;

	if (s == NULL)
		return;		/* out of memory: the page failed */
	do {
		nl = memchr(s, '\n', len);
		n = nl ? (size_t)(nl - s) : len;
		skip = n + (nl != NULL);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		page_line_owned(p, type, s, n);
		if (nl == NULL)
			break;
		len -= skip;
		s += skip;
	} while (1);
}

/* Add text of a type, one element per line. */
void
page_textn(struct page *p, enum el_type type, const char *s, size_t len)
{
	page_lines_owned(p, type, page_try_strndup(p, s, len), len);
}

static void
page_vadd(struct page *p, enum el_type type, const char *fmt, va_list ap)
{
	char *s = page_try_vprintf(p, fmt, ap);

	page_lines_owned(p, type, s, s ? strlen(s) : 0);
}

void
page_join(struct page *p, enum el_type type, const char *const *parts,
    size_t nparts)
{
	size_t	 len = 0, i, n;
	char	*s, *o;

	for (i = 0; i < nparts; i++)
		len += strlen(parts[i]);
	if ((o = s = page_try_alloc(p, len + 1)) == NULL)
		return;
	for (i = 0; i < nparts; i++) {
		n = strlen(parts[i]);
		memcpy(o, parts[i], n);
		o += n;
	}
	*o = '\0';
	page_lines_owned(p, type, s, len);
}

/*
 * A heading or a list item is one line: a line break in what it echoes
 * (a search, a name) becomes a space, each run of them one, or
 * "Search: \r\n20 x" would make "# 20 x" a heading of its own (and an
 * info line on Gopher).  page_clean() then drops any other control.
 */
static void
page_vadd_line(struct page *p, enum el_type type, const char *fmt,
    va_list ap)
{
	char	*s = page_try_vprintf(p, fmt, ap), *i, *o;

	if (s == NULL)
		return;
	for (i = o = s; *i != '\0'; i++) {
		if (*i != '\r' && *i != '\n')
			*o++ = *i;
		else if (i[1] != '\r' && i[1] != '\n')
			*o++ = ' ';
	}
	*o = '\0';
	page_line_owned(p, type, s, (size_t)(o - s));
}

void
page_heading(struct page *p, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	page_vadd_line(p, level <= 1 ? EL_H1 : level == 2 ? EL_H2 : EL_H3, fmt,
	    ap);
	va_end(ap);
}

void
page_text(struct page *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	page_vadd(p, EL_TEXT, fmt, ap);
	va_end(ap);
}

void
page_item(struct page *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	page_vadd_line(p, EL_ITEM, fmt, ap);
	va_end(ap);
}

/* page_link() once its label is made; label is the arena's to change. */
static void
page_link_owned(struct page *p, enum link_kind kind, const char *target,
    char *label)
{
	struct element	*e;
	char		*nl;
	size_t		 len;

	if ((nl = strchr(label, '\n')) != NULL)
		*nl = '\0';
	e = page_push(p, EL_LINK);
	e->kind = kind;
	/* the label is the arena's already: a clean one needs no copy */
	len = strlen(label);
	e->text = line_is_clean(label, len) ? label :
	    page_clean(p, label, len);
	e->target = page_clean(p, target, strlen(target));
}

void
page_link(struct page *p, enum link_kind kind, const char *target,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*label;

	va_start(ap, fmt);
	label = page_try_vprintf(p, fmt, ap);
	va_end(ap);
	if (label != NULL)
		page_link_owned(p, kind, target, label);
}

void
page_pre(struct page *p, const char *alt, const char *s, size_t len)
{
	struct element	*e;
	const char	*nl;
	char		*body, *o;
	size_t		 n;

	/* clean each line, keeping the newlines between them */
	if (len > (SIZE_MAX - 1) / 3 ||
	    (o = body = page_try_alloc(p, len * 3 + 1)) == NULL)
		return;
	while (len > 0) {
		nl = memchr(s, '\n', len);
		n = nl ? (size_t)(nl - s) : len;
		o = stpcpy(o, page_clean(p, s, n));
		if (nl == NULL)
			break;
		*o++ = '\n';
		len -= n + 1;
		s = nl + 1;
	}
	*o = '\0';
	e = page_push(p, EL_PRE);
	e->text = page_clean(p, alt ? alt : "", alt ? strlen(alt) : 0);
	e->target = body;
}

void
page_quote_line(struct page *p, const char *s)
{
	page_textn(p, EL_QUOTE, s, strlen(s));
}

void
page_tail(struct page *p)
{
	p->tail = p->n;
}

void
page_article_begin(struct page *p, const char *id)
{
	struct element *e = page_push(p, EL_ARTICLE);

	e->text = "";
	e->target = id != NULL ? page_clean(p, id, strlen(id)) : "";
}

void
page_article_end(struct page *p)
{
	struct element *e = page_push(p, EL_ARTICLE_END);

	e->text = e->target = "";
}

void
page_blank(struct page *p)
{
	page_push(p, EL_BLANK)->text = "";
}

static int
has_scheme(const char *s)
{
	const char *c;

	for (c = s; *c; c++) {
		if (*c == ':')
			return c > s;
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (c > s && ((*c >= '0' && *c <= '9') || *c == '+' ||
		    *c == '-' || *c == '.'))))
			return 0;
	}
	return 0;
}

enum link_kind
page_link_kind(const char *target)
{
	const char *slash, *dot;

	if (has_scheme(target) || strncmp(target, "//", 2) == 0)
		return LINK_URL;
	slash = strrchr(target, '/');
	dot = strrchr(target, '.');
	if (dot != NULL && (slash == NULL || dot > slash))
		return LINK_FILE;
	return LINK_PAGE;
}

/* Schemes a member's link may use. */
static int
user_scheme_allowed(const char *t)
{
	static const char *const ok[] = {
		"gemini://", "gopher://", "http://", "https://", "titan://",
		"spartan://", "mailto:", NULL
	};
	size_t i;

	for (i = 0; ok[i] != NULL; i++)
		if (strncasecmp(t, ok[i], strlen(ok[i])) == 0)
			return 1;
	return 0;
}

/* One gemtext link line, "=>" already skipped. */
static void
page_gemtext_link(struct page *p, char *s, size_t len, int flags,
    const char *base)
{
	size_t		 i = 0, tstart, tlen;
	const char	*slash;
	char		*target, *label, *resolved;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	tstart = i;
	while (i < len && s[i] != ' ' && s[i] != '\t')
		i++;
	tlen = i - tstart;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (tlen == 0) {
		/* "=>" alone: keep it, as text */
		page_line_owned(p, EL_TEXT, s - 2, len + 2);
		return;
	}
	target = page_try_strndup(p, s + tstart, tlen);
	label = i < len ? page_try_strndup(p, s + i, len - i) : target;
	if (target == NULL || label == NULL)
		return;

	if (has_scheme(target)) {
		if ((flags & GEMTEXT_USER) && !user_scheme_allowed(target)) {
			page_line_owned(p, EL_TEXT, s - 2, len + 2);
			return;
		}
		page_link_owned(p, LINK_URL, target, label);
		return;
	}
	if (flags & GEMTEXT_USER) {
		/* members' relative links would point into moot itself */
		page_line_owned(p, EL_TEXT, s - 2, len + 2);
		return;
	}
	if (target[0] != '/' && base != NULL) {
		slash = strrchr(base, '/');
		resolved = arena_printf(&p->arena, "%.*s%s",
		    slash ? (int)(slash - base + 1) : 1, slash ? base : "/",
		    target);
		/* the operator's "../x" from the root: the root's x */
		(void)url_normalise_path(resolved);
		target = resolved;
	}
	page_link_owned(p, page_link_kind(target), target, label);
}

/*
 * Where the words of a member's heading line start ("## A section"),
 * or 0 when it is none ("#tag", "##").  Gemtext has three heading
 * levels and a discussion uses them all (its title, "Comments", each
 * comment's author): a member's heading at any level would pass for a
 * comment or a section of the page, and one level below a comment's
 * does not exist.  So it is shown as its words alone on their line,
 * where a reader sees a heading as in a plain-text letter, rather than
 * as " ## A section", hash marks and all.
 */
static size_t
user_heading(const char *line, size_t n)
{
	size_t i = 0;

	while (i < n && i < 3 && line[i] == '#')
		i++;
	if (i == n || (line[i] != ' ' && line[i] != '\t'))
		return 0;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i < n ? i : 0;
}

/*
 * The text is copied into the arena once, and parsed there: each line
 * becomes its element's text in place (page_line_owned).
 */
void
page_gemtext(struct page *p, const char *text, size_t len, int flags,
    const char *base)
{
	char		*s = page_try_strndup(p, text, len), *line, *nl;
	const char	*pre = NULL, *alt = NULL;
	size_t		 n, altlen = 0, words;

	if (s == NULL)
		return;		/* out of memory: the page failed */
	p->member = (flags & GEMTEXT_USER) != 0;
	while (len > 0) {
		line = s;
		nl = memchr(s, '\n', len);
		n = nl ? (size_t)(nl - s) : len;
		s += nl ? n + 1 : n;
		len -= nl ? n + 1 : n;
		if (n > 0 && line[n - 1] == '\r')
			n--;

		if (n >= 3 && memcmp(line, "```", 3) == 0) {
			if (pre == NULL) {
				pre = s;
				alt = line + 3;
				altlen = n - 3;
				continue;
			}
			page_pre(p, page_try_strndup(p, alt, altlen), pre,
			    line - pre > 0 ? (size_t)(line - pre - 1) : 0);
			pre = NULL;
			continue;
		}
		if (pre != NULL)
			continue;
		if (n >= 2 && memcmp(line, "=>", 2) == 0)
			page_gemtext_link(p, line + 2, n - 2, flags, base);
		else if (n >= 1 && line[0] == '#' && !(flags & GEMTEXT_USER)) {
			int lvl = n >= 3 && line[1] == '#' && line[2] == '#' ?
			    3 : n >= 2 && line[1] == '#' ? 2 : 1;
			size_t skip = lvl;

			while (skip < n && line[skip] == ' ')
				skip++;
			page_line_owned(p, lvl == 1 ? EL_H1 : lvl == 2 ?
			    EL_H2 : EL_H3, line + skip, n - skip);
		} else if (n >= 1 && line[0] == '#' &&
		    (words = user_heading(line, n)) > 0)
			page_line_owned(p, EL_TEXT, line + words, n - words);
		else if (n >= 2 && line[0] == '*' && line[1] == ' ')
			page_line_owned(p, EL_ITEM, line + 2, n - 2);
		else if (n >= 1 && line[0] == '>') {
			size_t skip = 1;

			if (n > 1 && line[1] == ' ')
				skip = 2;
			page_line_owned(p, EL_QUOTE, line + skip, n - skip);
		} else if (n == 0)
			page_blank(p);
		else
			page_line_owned(p, EL_TEXT, line, n);
	}
	/* an unclosed preformatted block runs to the end */
	if (pre != NULL)
		page_pre(p, page_try_strndup(p, alt, altlen), pre,
		    (size_t)(s - pre));
	p->member = 0;
}

/*
 * Elements that outlive the page (handlers/snapshots.c keeps a
 * discussion's comments between requests): copies of src's n elements
 * into dst, their strings into a.  0, or -1 when memory ran out.
 */
int
page_els_keep(struct arena *a, struct element *dst, const struct element *src,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		dst[i] = src[i];
		dst[i].gem = NULL;	/* a memo is its keeper's (gemtext_keep) */
		if (src[i].text != NULL && (dst[i].text = arena_try_strndup(a,
		    src[i].text, strlen(src[i].text))) == NULL)
			return -1;
		if (src[i].target != NULL && (dst[i].target =
		    arena_try_strndup(a, src[i].target,
		    strlen(src[i].target))) == NULL)
			return -1;
	}
	return 0;
}

void
page_els_add(struct page *p, const struct element *src, size_t n)
{
	struct element	*e;
	size_t		 cap;

	/* nothing to add: an empty page may have no array yet */
	if (p->failed || n == 0)
		return;
	if (p->n + n > p->cap) {
		for (cap = p->cap ? p->cap : PAGE_ELS_MIN; cap < p->n + n;)
			cap *= 2;
		if ((e = reallocarray(p->els, cap, sizeof(*e))) == NULL) {
			p->failed = 1;
			return;
		}
		p->els = e;
		p->cap = cap;
	}
	memcpy(p->els + p->n, src, n * sizeof(*src));
	p->n += n;
}

size_t
page_count(const struct page *p)
{
	return p->n;
}

void
page_truncate(struct page *p, size_t n)
{
	if (n < p->n)
		p->n = n;
}

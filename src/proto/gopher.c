/*
 * gopher.c: Gopher selectors in, menus and documents out.
 *
 * Selectors mirror Gemini paths (/thread/7 is gemini://host/thread/7), so
 * both protocols go through the same router and handlers.  A search is
 * "selector<TAB>words"; clients that cannot send a TAB send "selector?words"
 * or a literal "%09", and both are accepted.  Anything after a second TAB
 * is Gopher+ and ignored.
 *
 * The front-end of gopher_ops (protocols.c): a selector line to a struct
 * request, a struct reply to a menu, a document or an error item.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "core/request.h"
#include "core/site.h"
#include "handlers/router.h"
#include "proto/proto.h"
#include "render/page.h"
#include "render/render.h"
#include "render/markup.h"
#include "core/request.h"
#include "core/site.h"
#include "handlers/router.h"
#include "proto/proto.h"
#include "render/page.h"
#include "render/render.h"
#include "core/url.h"
#include "core/utf8.h"

#define GOPHER_URL_PREFIX	"URL:"

/*
 * Clients without "h" support ask the server for "URL:..." selectors; they
 * get a small HTML page that links there.  Only schemes a reader can
 * follow safely are linked.  The page is written into out.
 */
static int
gopher_url_html(struct evbuffer *out, const char *url)
{
	static const char *const ok[] = {
		"http://", "https://", "gemini://", "gopher://", NULL
	};
	size_t i;

	for (i = 0; ok[i] != NULL; i++)
		if (strncasecmp(url, ok[i], strlen(ok[i])) == 0)
			break;
	if (ok[i] == NULL || url[strlen(ok[i])] == '\0' ||
	    utf8_has_control(url, strlen(url), NULL) ||
	    strchr(url, ' ') != NULL)
		return -1;
	evbuffer_add_printf(out, "<!DOCTYPE html>\n<html><head>"
	    "<meta charset=\"utf-8\"><title>Link</title>"
	    "<meta http-equiv=\"refresh\" content=\"0;url=");
	markup_escape(out, url);
	evbuffer_add_printf(out, "\"></head>\n<body><p>This link leads to "
	    "<a href=\"");
	markup_escape(out, url);
	evbuffer_add_printf(out, "\">");
	markup_escape(out, url);
	evbuffer_add_printf(out, "</a>.</p></body></html>\n");
	return 0;
}

/*
 * Split a selector line into path and search words, in place: "sel\tq",
 * "sel%09q" and "sel?q" are searches; a further TAB starts Gopher+ and is
 * ignored; the path is percent-decoded when it can be, made absolute and
 * normalised.  Returns 0, or -1 with *why set.  Pure, for the fuzzer.
 */
int
gopher_selector_parse(char *line, size_t len, size_t bufsz, char **path,
    char **query, const char **why)
{
	char	 dec[GOPHER_LINE_MAX + 2];
	char	*tab, *q = NULL;
	size_t	 dlen;

	*path = *query = NULL;
	if (len > GOPHER_LINE_MAX || bufsz < len + 2) {
		*why = "Selector too long";
		return -1;
	}
	if (memchr(line, '\0', len) != NULL || !utf8_valid(line, len)) {
		*why = "Selector is not valid UTF-8";
		return -1;
	}
	line[len] = '\0';
	if ((tab = strchr(line, '\t')) == NULL &&
	    (tab = strstr(line, "%09")) != NULL) {
		memmove(tab + 1, tab + 3, strlen(tab + 3) + 1);
		*tab = '\t';
	}
	if (tab != NULL) {
		*tab = '\0';
		q = tab + 1;
		if ((tab = strchr(q, '\t')) != NULL)
			*tab = '\0';		/* Gopher+ from here on */
		if (q[0] == '+' || q[0] == '$' || q[0] == '!')
			q = NULL;		/* Gopher+ without a search */
	}
	/* "/URL:...": what is left of "/HOSTNAME/URL:..." with several
	 * sites, once the listener has picked the site */
	if (line[0] == '/' && strncmp(line + 1, GOPHER_URL_PREFIX,
	    strlen(GOPHER_URL_PREFIX)) == 0)
		line++;
	if (strncmp(line, GOPHER_URL_PREFIX, strlen(GOPHER_URL_PREFIX)) == 0) {
		*path = line;
		return 0;
	}
	if (q == NULL && (q = strchr(line, '?')) != NULL) {
		*q++ = '\0';
		/* decoding only shortens, so it can be done in place */
		if (url_decode(q, strlen(q), dec, sizeof(dec), &dlen) == 0)
			memcpy(q, dec, dlen + 1);
	}
	/* clients may percent-encode a selector taken from a URL */
	if (strchr(line, '%') != NULL &&
	    url_decode(line, strlen(line), dec, sizeof(dec), &dlen) == 0)
		memcpy(line, dec, dlen + 1);
	/* "" and "/" are the root; everything else is a path from it */
	if (line[0] != '/') {
		memmove(line + 1, line, strlen(line) + 1);
		line[0] = '/';
	}
	if (url_normalise_path(line) == -1) {
		*why = "Bad selector: it climbs above the root";
		return -1;
	}
	*path = line;
	*query = q;
	return 0;
}

/* The URL: page as the reply's body, from the request's arena. */
static void
gopher_url_page(struct request *req, struct reply *rep, const char *url)
{
	struct evbuffer	*html;
	size_t		 len;

	if ((html = evbuffer_new()) == NULL) {
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
		return;
	}
	if (gopher_url_html(html, url) == -1) {
		reply_status(rep, GEMINI_BAD_REQUEST,
		    "Not a link this server will follow");
		evbuffer_free(html);
		return;
	}
	len = evbuffer_get_length(html);
	rep->body = arena_strndup(&req->page->arena,
	    (const char *)evbuffer_pullup(html, -1), len);
	rep->body_len = len;
	evbuffer_free(html);
	if (rep->body == NULL)
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
	else
		reply_status(rep, GEMINI_SUCCESS, MIME_HTML);
}

static enum proto_next
gopher_parse(struct proto_input *in, struct request *req, struct reply *rep)
{
	char		*path, *query;
	const char	*why;

	if (in->len > GOPHER_LINE_MAX) {
		reply_status(rep, GEMINI_BAD_REQUEST, "Selector too long");
		return PROTO_REPLY;
	}
	if (gopher_selector_parse(in->line, in->len, in->line_size, &path,
	    &query, &why) == -1) {
		reply_status(rep, GEMINI_BAD_REQUEST, "%s", why);
		return PROTO_REPLY;
	}
	req->path = path;
	if (strncmp(path, GOPHER_URL_PREFIX, strlen(GOPHER_URL_PREFIX)) == 0) {
		gopher_url_page(req, rep, path + strlen(GOPHER_URL_PREFIX));
		return PROTO_REPLY;
	}
	if (query != NULL) {
		req->query = query;
		req->query_len = strlen(query);
	}
	return PROTO_SERVE;
}

/* A Gopher text document from a file: read, then dot-stuffed. */
static void
gopher_send_text_file(struct evbuffer *out, int fd, off_t size)
{
	char	*buf;
	ssize_t	 n;
	off_t	 got = 0;

	if ((buf = malloc(size + 1)) == NULL) {
		gophermap_error(out, "Out of memory");
		return;
	}
	while (got < size && (n = read(fd, buf + got, size - got)) > 0)
		got += n;
	gopher_text_render(buf, got, out);
	free(buf);
}

static void
gopher_send(struct request *req, struct reply *rep, struct evbuffer *out)
{
	const struct site *site = req->site;
	struct page	*p = req->page;

	switch (rep->status / 10) {
	case 2:
		if (rep->has_page) {
			if (gophermap_render(p, &site->gopher, out) == -1) {
				/* not cached: the status says it failed */
				reply_status(rep, GEMINI_TEMPORARY_FAILURE,
				    "Out of memory");
				gophermap_error(out, rep->meta);
			}
		/* an HTML page (type h) or a file of any type but text
		 * goes as it is; text is dot-stuffed */
		} else if (rep->body != NULL &&
		    (strcmp(rep->meta, MIME_HTML) == 0 || (rep->file &&
		    gopher_type_for(req->path) != GOPHER_TEXT)))
			evbuffer_add(out, rep->body, rep->body_len);
		else if (rep->body != NULL)
			gopher_text_render(rep->body, rep->body_len, out);
		else if (rep->fd != -1) {
			if (gopher_type_for(req->path) == GOPHER_TEXT)
				gopher_send_text_file(out, rep->fd, rep->size);
			/* as in gemini_send(): an empty file adds nothing */
			else if (rep->size > 0 && evbuffer_add_file(out,
			    rep->fd, 0, rep->size) == 0)
				rep->fd = -1;
		}
		return;
	case 1:
	case 6:
		/* prompts and certificates: only a Gemini client can answer */
		page_reset(p);
		page_text(p, "%s", rep->meta);
		page_text(p, "Gopher cannot send this; open it in a Gemini "
		    "client:");
		page_link(p, LINK_ACTION, req->path ? req->path : "/",
		    "%s%s", site->gemini_base, req->path ? req->path : "/");
		gophermap_render(p, &site->gopher, out);
		return;
	case 3:
		page_reset(p);
		page_text(p, "This has moved:");
		page_link(p, page_link_kind(rep->meta), rep->meta, "%s",
		    rep->meta);
		gophermap_render(p, &site->gopher, out);
		return;
	default:
		if (rep->status == GEMINI_SLOW_DOWN)
			gophermap_error(out, "Too busy: please try again in a "
			    "few seconds");
		else
			gophermap_error(out, rep->meta);
		return;
	}
}

/* Gopher clients end a line with CRLF or a bare LF: both are taken. */
const struct proto_ops gopher_ops = {
	.name		= "gopher",
	.proto		= PROTO_GOPHER,
	.tls		= 0,
	.line_max	= GOPHER_LINE_MAX,
	.eol		= EVBUFFER_EOL_CRLF,
	.cache_key	= 'g',
	.parse		= gopher_parse,
	.send		= gopher_send,
};

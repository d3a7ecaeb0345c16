/*
 * http.c: the read-only web view (issue 14): HTTP/1.1 through libevent's
 * evhttp, the same pages as HTML.
 *
 * HTTP is the one protocol that brings its own connection handling:
 * evhttp parses requests (a well-kept parser, already linked), keeps
 * connections alive and enforces the size and time limits; attach()
 * gives it a worker's listening socket.  What every protocol shares
 * (the limits, the serve path with its page cache, the log line) it
 * reaches through struct proto_host, so a request goes the same way as
 * a Gemini one: a struct request, the router, a struct reply, send().
 *
 * send() writes what Gemini would (a status line, then the body: the
 * page rendered as HTML), so the page cache keeps HTTP's pages as it
 * keeps the others', keyed on the protocol; the request callback then
 * turns that line into the HTTP status and headers.  Read-only: no
 * body is ever read, nothing is ever set in a cookie, and what needs a
 * member is a gemini:// link with a line saying how.
 */
#include <sys/queue.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "core/cidr.h"
#include "core/hash.h"
#include "core/request.h"
#include "core/settings.h"
#include "core/site.h"
#include "core/url.h"
#include "proto/proto.h"
#include "render/page.h"
#include "render/render.h"
#include "store/store.h"

/* The request line and all the headers together, in bytes. */
#define HTTP_HEADERS_SIZE_MAX	8192
/* Header lines: evhttp bounds their size, this their count. */
#define HTTP_HEADERS_MAX	50
/* X-Forwarded-For entries looked at, right to left. */
#define HTTP_FORWARDED_MAX	16
/* Static files may be kept by browsers and proxies this long (s). */
#define HTTP_STATIC_MAX_AGE	3600
#define HTTP_STR(x)		HTTP_STR_(x)
#define HTTP_STR_(x)		#x
/* their Cache-Control, made once by the compiler, not per request */
#define HTTP_STATIC_CACHE	"public, max-age=" HTTP_STR(HTTP_STATIC_MAX_AGE)
#define HTTP_DATE_MAX		40
#define HTTP_ETAG_MAX		24

#define HTTP_CACHE_KEY		'H'
#define MIME_HTML_UTF8		"text/html; charset=utf-8"
#define MIME_TEXT_UTF8		"text/plain; charset=utf-8"

/* Where the web view's own files are (capsule/). */
#define HTTP_STYLESHEET		"/moot.css"
#define HTTP_HELP_PATH		"/web-help.gmi"	/* a page, on Gemini too */
#define HTTP_FEED_PATH		"/feed.xml"
#define HTTP_FEED_MAX		(GEMINI_URL_MAX + 16)

/*
 * Only the stylesheet (and images of the capsule) may load; nothing
 * may frame the page, post a form elsewhere or run a script.
 */
#define HTTP_CSP	"default-src 'none'; style-src 'self'; " \
			"img-src 'self'; form-action 'self'; " \
			"base-uri 'none'; frame-ancestors 'none'"

/* The bytes of the last reply's body on this thread, for the log line. */
static _Thread_local size_t	http_sent;

struct http_listener {
	const struct proto_host	*host;
	struct evhttp		*http;
};

/*
 * One connection, from its first request to its close.  evhttp 2.1 says
 * nothing when it accepts a connection, so a connection is counted
 * against the limits at its first request, and found again by its
 * descriptor (conns[]); one that sends none is closed by the timeout.
 */
struct http_conn {
	struct http_listener		*hl;
	struct evhttp_connection	*evcon;
	char				 addr[PROTO_ADDR_MAX];
	char				 logaddr[PROTO_ADDR_MAX];
	int				 per_address;	/* not a proxy's */
	int				 counted;
	const char			*refused;	/* why, or NULL */
};

/* By descriptor: each is one worker's at a time, so no lock is needed. */
static struct http_conn	**conns;
static size_t		  nconns;

/* The community's settings an HTML page shows, read per render. */
struct http_site_text {
	char	feed[HTTP_FEED_MAX];
	char	name[SETTING_LINE_MAX * 4 + 1];
	char	lang[SETTING_LANG_MAX + 1];
	char	licence[SETTING_LINE_MAX * 4 + 1];
	char	licence_url[128];
};

/*
 * The licence's deed for the Creative Commons ones ("CC BY-SA 4.0",
 * "CC0 1.0"); others have none.
 */
static void
http_licence_url(const char *licence, char *url, size_t size)
{
	char	code[32], version[8];
	size_t	i;

	url[0] = '\0';
	if (strncmp(licence, "CC0", 3) == 0) {
		snprintf(url, size,
		    "https://creativecommons.org/publicdomain/zero/1.0/");
		return;
	}
	if (sscanf(licence, "CC %31s %7s", code, version) != 2 ||
	    strspn(code, "BYSANCD-") != strlen(code) ||
	    strspn(version, "0123456789.") != strlen(version))
		return;
	for (i = 0; code[i] != '\0'; i++)
		code[i] = tolower((unsigned char)code[i]);
	snprintf(url, size, "https://creativecommons.org/licenses/%s/%s/",
	    code, version);
}

/*
 * The Atom feed a page has: a discussion's or a space's (their pages
 * too), else the community's.
 */
static const char *
http_feed(const char *path, char *feed, size_t size)
{
	const char	*rest;
	size_t		 len;

	if (strncmp(path, "/thread/", 8) == 0)
		rest = path + 8 + strspn(path + 8, "0123456789");
	else if (strncmp(path, "/space/", 7) == 0)
		rest = path + 7 + strcspn(path + 7, "/");
	else
		return HTTP_FEED_PATH;
	len = rest - path;
	if (path[len - 1] == '/' || (rest[0] != '\0' &&
	    strncmp(rest, "/page/", 6) != 0))
		return HTTP_FEED_PATH;
	snprintf(feed, size, "%.*s/feed.xml", (int)len, path);
	return feed;
}

static void
http_site(struct request *req, struct html_site *hs,
    struct http_site_text *t)
{
	const struct site *site = req->site;

	store_setting(req->store, SETTING_NAME, t->name, sizeof(t->name));
	store_setting(req->store, SETTING_LANG, t->lang, sizeof(t->lang));
	store_setting(req->store, SETTING_LICENCE, t->licence,
	    sizeof(t->licence));
	http_licence_url(t->licence, t->licence_url, sizeof(t->licence_url));
	memset(hs, 0, sizeof(*hs));
	hs->name = t->name;
	hs->lang = req->page->lang != NULL ? req->page->lang : t->lang;
	hs->http_base = site->http_base;
	hs->gemini_base = site->gemini_base;
	hs->path = req->path != NULL ? req->path : "/";
	hs->licence_name = t->licence;
	hs->licence_url = t->licence_url[0] != '\0' ? t->licence_url : NULL;
	hs->feed_path = http_feed(hs->path, t->feed, sizeof(t->feed));
	hs->stylesheet = HTTP_STYLESHEET;
	hs->help_path = HTTP_HELP_PATH;
}

/*
 * The reply as Gemini's status line and body, the body as the web
 * wants it: a page as HTML, gemtext as plain text (a browser would
 * only offer to save text/gemini).  The request callback makes HTTP of
 * the line; what is cached is this.
 */
static void
http_send(struct request *req, struct reply *rep, struct evbuffer *out)
{
	struct html_site	hs;
	struct http_site_text	t;

	if (rep->status == GEMINI_SUCCESS && rep->has_page) {
		http_site(req, &hs, &t);
		if (html_render(req->page, &hs, out) == 0) {
			evbuffer_prepend(out, "20 " MIME_HTML_UTF8 "\r\n",
			    strlen("20 " MIME_HTML_UTF8 "\r\n"));
			return;
		}
		evbuffer_drain(out, evbuffer_get_length(out));
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
	}
	if (rep->status == GEMINI_SUCCESS &&
	    strncmp(rep->meta, "text/gemini", 11) == 0)
		evbuffer_add_printf(out, "20 %s\r\n", MIME_TEXT_UTF8);
	else
		evbuffer_add_printf(out, "%d %s\r\n", rep->status, rep->meta);
	if (rep->status != GEMINI_SUCCESS)
		return;
	if (rep->body != NULL)
		evbuffer_add(out, rep->body, rep->body_len);
	else if (rep->fd != -1 && rep->size > 0 &&
	    evbuffer_add_file(out, rep->fd, 0, rep->size) == 0)
		rep->fd = -1;	/* libevent's now */
}

/* Gemini's statuses as HTTP's. */
static int
http_status(int status)
{
	switch (status) {
	case GEMINI_INPUT:
	case GEMINI_SUCCESS:
		return 200;
	case GEMINI_REDIRECT_TEMPORARY:
		return 302;
	case GEMINI_REDIRECT_PERMANENT:
		return 301;
	case GEMINI_SLOW_DOWN:
		return 429;
	case GEMINI_PROXY_ERROR:
		return 502;
	case GEMINI_NOT_FOUND:
		return 404;
	case GEMINI_GONE:
		return 410;
	case GEMINI_PROXY_REFUSED:
		return 421;
	case GEMINI_BAD_REQUEST:
		return 400;
	case GEMINI_SENSITIVE_INPUT:
	case GEMINI_PERMANENT_FAILURE:
	case GEMINI_CERT_REQUIRED:
	case GEMINI_CERT_NOT_AUTHORISED:
	case GEMINI_CERT_NOT_VALID:
		return 403;
	default:		/* 40, 41, 42 */
		return 503;
	}
}

static const char *
http_reason(int code)
{
	switch (code) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 410: return "Gone";
	case 414: return "URI Too Long";
	case 421: return "Misdirected Request";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 502: return "Bad Gateway";
	default: return "Service Unavailable";
	}
}

/*
 * Every answer leaves here.  evhttp leaves a HEAD reply's length out:
 * it is said, so that HEAD tells what GET would.
 */
static void
http_reply(struct evhttp_request *hr, int code)
{
	struct evbuffer	*out = evhttp_request_get_output_buffer(hr);
	char		 len[24];

	http_sent = evbuffer_get_length(out);
	if (evhttp_request_get_command(hr) == EVHTTP_REQ_HEAD && code != 304) {
		snprintf(len, sizeof(len), "%zu", http_sent);
		evhttp_add_header(evhttp_request_get_output_headers(hr),
		    "Content-Length", len);
		http_sent = 0;
	}
	evhttp_send_reply(hr, code, http_reason(code), NULL);
}

/* The headers every answer carries. */
static void
http_headers_common(struct evkeyvalq *h)
{
	evhttp_add_header(h, "Content-Security-Policy", HTTP_CSP);
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Referrer-Policy", "no-referrer");
}

/* An answer of our own making, as HTML (html_error()). */
static void
http_error(struct evhttp_request *hr, struct request *req, int code,
    const char *message)
{
	struct evbuffer		*out = evhttp_request_get_output_buffer(hr);
	struct evkeyvalq	*h = evhttp_request_get_output_headers(hr);
	struct html_site	 hs;
	struct http_site_text	 t;

	evbuffer_drain(out, evbuffer_get_length(out));
	if (req != NULL) {
		http_site(req, &hs, &t);
		html_error(code, message, &hs, out);
	} else
		evbuffer_add_printf(out, "%s\n", message);
	evhttp_add_header(h, "Content-Type", req != NULL ? MIME_HTML_UTF8 :
	    MIME_TEXT_UTF8);
	evhttp_add_header(h, "Cache-Control", "no-store");
	http_reply(hr, code);
}

/*
 * What needs Gemini (a certificate, a sensitive prompt; a prompt other
 * than a search's): the page says so, with the gemini:// link and the
 * web help's.  A search prompt is a form that asks again with ?q=.
 */
static void
http_gemini_page(struct evhttp_request *hr, struct request *req,
    struct reply *rep, int code)
{
	struct evbuffer		*out = evhttp_request_get_output_buffer(hr);
	struct evkeyvalq	*h = evhttp_request_get_output_headers(hr);
	struct page		*p = req->page;
	const char		*path = req->path != NULL ? req->path : "/";
	struct html_site	 hs;
	struct http_site_text	 t;

	page_reset(p);
	if (rep->status == GEMINI_INPUT) {
		page_heading(p, 1, "%s", rep->meta);
		page_link(p, LINK_SEARCH, path, "%s", rep->meta);
	} else {
		page_heading(p, 1, "This needs a Gemini app");
		page_text(p, "%s.", rep->meta);
		page_text(p, "To do this, open it in a Gemini app:");
		/* html.c links an action to gemini_base + its path */
		page_link(p, LINK_ACTION, path, "%s%s", req->site->gemini_base,
		    path);
	}
	page_link(p, LINK_PAGE, HTTP_HELP_PATH,
	    "How to get a Gemini app, and what it is");
	evbuffer_drain(out, evbuffer_get_length(out));
	http_site(req, &hs, &t);
	if (page_failed(p) || html_render(p, &hs, out) == -1) {
		http_error(hr, NULL, 503, "Out of memory");
		return;
	}
	evhttp_add_header(h, "Content-Type", MIME_HTML_UTF8);
	evhttp_add_header(h, "Cache-Control", "no-store");
	http_reply(hr, code);
}

/*
 * A redirect's target as the Location: paths and our own gemini://
 * URLs under --http-base; other URLs as they are.
 */
static void
http_location(struct request *req, const char *meta, char *loc, size_t size)
{
	const struct site	*site = req->site;
	size_t			 glen = strlen(site->gemini_base);
	const char		*slash;

	if (strncmp(meta, site->gemini_base, glen) == 0 &&
	    (meta[glen] == '/' || meta[glen] == '\0'))
		snprintf(loc, size, "%s%s", site->http_base,
		    meta[glen] ? meta + glen : "/");
	else if (meta[0] == '/')
		snprintf(loc, size, "%s%s", site->http_base, meta);
	else if (strstr(meta, "://") != NULL)
		snprintf(loc, size, "%s", meta);
	else {
		/* relative to the request's folder */
		slash = strrchr(req->path, '/');
		snprintf(loc, size, "%s%.*s/%s", site->http_base,
		    (int)(slash - req->path), req->path, meta);
	}
}

/* A page the cache did not keep: its ETag hashed as cache.c hashes. */
static uint64_t
http_hash(struct evbuffer *out)
{
	struct evbuffer_iovec	 v[16];
	struct evbuffer_ptr	 at;
	uint64_t		 h = FNV1A_INIT;
	int			 n, i;

	evbuffer_ptr_set(out, &at, 0, EVBUFFER_PTR_SET);
	while ((n = evbuffer_peek(out, -1, &at, v, 16)) > 0) {
		size_t took = 0;

		for (i = 0; i < n && i < 16; i++) {
			h = fnv1a(h, v[i].iov_base, v[i].iov_len);
			took += v[i].iov_len;
		}
		if (n <= 16 || evbuffer_ptr_set(out, &at, took,
		    EVBUFFER_PTR_ADD) == -1)
			break;
	}
	return h;
}

static void
http_date(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* If-None-Match holds the tag (or "*"); a weak W/ compares as strong. */
static int
http_etag_matches(const char *header, const char *etag)
{
	const char	*p = header;
	size_t		 len = strlen(etag);

	while (*p != '\0') {
		p += strspn(p, " \t,");
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, len) == 0 &&
		    (p[len] == '\0' || p[len] == ',' || p[len] == ' ' ||
		    p[len] == '\t'))
			return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

/* If-Modified-Since at or after made: the reader's copy is this one. */
static int
http_not_modified_since(const char *header, time_t made)
{
	struct tm	 tm;
	const char	*end;

	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(header, "%a, %d %b %Y %H:%M:%S GMT", &tm)) ==
	    NULL || *end != '\0')
		return 0;
	return made <= timegm(&tm);
}

/*
 * A 200: the type from the status line, the validators, and a 304
 * when the reader already has it.
 */
static void
http_ok(struct evhttp_request *hr, const char *type,
    const struct proto_served *sv)
{
	struct evbuffer		*out = evhttp_request_get_output_buffer(hr);
	struct evkeyvalq	*in = evhttp_request_get_input_headers(hr);
	struct evkeyvalq	*h = evhttp_request_get_output_headers(hr);
	const char		*inm, *ims;
	char			 etag[HTTP_ETAG_MAX], date[HTTP_DATE_MAX];
	uint64_t		 hash = sv->hash;
	int			 fresh = 0;

	evhttp_add_header(h, "Content-Type", type);
	if (sv->file) {
		evhttp_add_header(h, "Cache-Control", HTTP_STATIC_CACHE);
		http_reply(hr, 200);
		return;
	}
	/* a page renders anew when anything it shows changes: ask again */
	evhttp_add_header(h, "Cache-Control", "no-cache");
	if (hash == 0)
		hash = http_hash(out);
	snprintf(etag, sizeof(etag), "\"%016llx\"", (unsigned long long)hash);
	evhttp_add_header(h, "ETag", etag);
	if (sv->made != 0) {
		http_date(sv->made, date, sizeof(date));
		evhttp_add_header(h, "Last-Modified", date);
	}
	if ((inm = evhttp_find_header(in, "If-None-Match")) != NULL)
		fresh = http_etag_matches(inm, etag);
	else if (sv->made != 0 &&
	    (ims = evhttp_find_header(in, "If-Modified-Since")) != NULL)
		fresh = http_not_modified_since(ims, sv->made);
	if (fresh) {
		evbuffer_drain(out, evbuffer_get_length(out));
		http_reply(hr, 304);
		return;
	}
	http_reply(hr, 200);
}

/* The reply server.c's serve path left in out, as HTTP. */
static int
http_answer(struct evhttp_request *hr, struct request *req,
    struct reply *rep, const struct proto_served *sv)
{
	struct evbuffer		*out = evhttp_request_get_output_buffer(hr);
	struct evkeyvalq	*h = evhttp_request_get_output_headers(hr);
	char			*line, *meta, loc[GEMINI_META_MAX * 2];
	size_t			 n;
	int			 status, code;

	if ((line = evbuffer_readln(out, &n, EVBUFFER_EOL_CRLF_STRICT)) ==
	    NULL || n < 3 || (status = atoi(line)) < 10 || status > 69) {
		free(line);
		http_error(hr, req, 503, "Internal error");
		return 503;
	}
	meta = line + 3;
	reply_status(rep, status, "%s", meta);
	code = http_status(status);
	switch (status / 10) {
	case 2:
		http_ok(hr, meta, sv);
		code = evhttp_request_get_response_code(hr);
		break;
	case 1:
	case 6:
		http_gemini_page(hr, req, rep, code);
		break;
	case 3:
		http_location(req, meta, loc, sizeof(loc));
		evhttp_add_header(h, "Location", loc);
		evhttp_add_header(h, "Cache-Control", "no-store");
		evbuffer_drain(out, evbuffer_get_length(out));
		http_reply(hr, code);
		break;
	default:
		if (status == GEMINI_SLOW_DOWN)
			evhttp_add_header(h, "Retry-After", meta);
		else if (status / 10 == 4)
			evhttp_add_header(h, "Retry-After", "5");
		http_error(hr, req, code, status == GEMINI_SLOW_DOWN ?
		    "Too many requests: please try again in a few seconds." :
		    meta);
		break;
	}
	free(line);
	return code;
}

static void
http_conn_closed(struct evhttp_connection *evcon, void *arg)
{
	struct http_conn	*hc = arg;
	const struct proto_host	*host = hc->hl->host;
	evutil_socket_t		 fd;

	(void)evcon;
	fd = bufferevent_getfd(evhttp_connection_get_bufferevent(hc->evcon));
	if (fd >= 0 && (size_t)fd < nconns && conns[fd] == hc)
		conns[fd] = NULL;
	if (hc->counted)
		host->leave(host->worker, hc->addr, hc->per_address);
	free(hc);
}

/*
 * The connection a request came on, counted against the limits at its
 * first request.  A trusted proxy's connections carry many readers, so
 * only the worker's total counts them.  NULL: no room to keep it.
 */
static struct http_conn *
http_conn_get(struct http_listener *hl, struct evhttp_request *hr)
{
	const struct proto_host		*host = hl->host;
	struct evhttp_connection	*evcon;
	const struct sockaddr		*sa;
	struct http_conn		*hc;
	evutil_socket_t			 fd;
	int				 one = 1;

	evcon = evhttp_request_get_connection(hr);
	fd = bufferevent_getfd(evhttp_connection_get_bufferevent(evcon));
	if (fd < 0 || (size_t)fd >= nconns ||
	    (sa = evhttp_connection_get_addr(evcon)) == NULL)
		return NULL;
	if ((hc = conns[fd]) != NULL && hc->evcon == evcon)
		return hc;
	if ((hc = calloc(1, sizeof(*hc))) == NULL)
		return NULL;
	/*
	 * A reply's last segment must not wait for the reader's delayed
	 * ACK of the one before (Nagle): 40 ms a page over keep-alive.
	 */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	hc->hl = hl;
	hc->evcon = evcon;
	host->address(host->worker, sa, hc->addr, hc->logaddr);
	hc->per_address = !cidr_match(host->trust, host->ntrust, sa);
	if (host->enter(host->worker, hc->addr, hc->per_address,
	    &hc->refused) == 0)
		hc->counted = 1;
	conns[fd] = hc;
	evhttp_connection_set_closecb(evcon, http_conn_closed, hc);
	return hc;
}

/*
 * The reader's address: the peer's, or, when the peer is a trusted
 * proxy, the right-most X-Forwarded-For entry that is not one (the
 * entries left of it are the reader's to forge).
 */
static void
http_client(struct http_listener *hl, struct evhttp_request *hr,
    struct http_conn *hc, char *addr, char *logaddr)
{
	const struct proto_host	*host = hl->host;
	const char		*xff;
	char			 list[1024], *entries[HTTP_FORWARDED_MAX];
	char			*e, *save = NULL;
	struct sockaddr_storage	 ss;
	int			 n = 0;

	memcpy(addr, hc->addr, PROTO_ADDR_MAX);
	memcpy(logaddr, hc->logaddr, PROTO_ADDR_MAX);
	if (hc->per_address || (xff = evhttp_find_header(
	    evhttp_request_get_input_headers(hr), "X-Forwarded-For")) == NULL ||
	    strlen(xff) >= sizeof(list))
		return;
	memcpy(list, xff, strlen(xff) + 1);
	for (e = strtok_r(list, ",", &save); e != NULL;
	    e = strtok_r(NULL, ",", &save)) {
		if (n == HTTP_FORWARDED_MAX)
			memmove(entries, entries + 1, --n * sizeof(*entries));
		entries[n++] = e;
	}
	while (n-- > 0) {
		e = entries[n] + strspn(entries[n], " \t");
		e[strcspn(e, " \t")] = '\0';
		if (cidr_addr(e, &ss) == -1)
			return;		/* not an address: the last good one */
		host->address(host->worker, (struct sockaddr *)&ss, addr,
		    logaddr);
		if (!cidr_match(host->trust, host->ntrust,
		    (struct sockaddr *)&ss))
			return;
	}
}

/*
 * The path and ?q= of the request target, decoded and normalised as a
 * Gemini URL's path is.  Only q means anything (a search form's); other
 * parameters are ignored, so that a link with tracking parameters reads
 * (and is cached) as the page it is.  0, or the HTTP status refusing it.
 */
static int
http_target(const char *uri, struct request *req, char *room, size_t size,
    const char **why)
{
	char		*path = room, *query = room + size / 2;
	const char	*qm, *p, *end;
	size_t		 plen, len, i;

	*why = "Bad request target";
	if (uri[0] != '/')
		return 400;
	if (strlen(uri) > GEMINI_URL_MAX) {
		*why = "Request target too long";
		return 414;
	}
	qm = strchr(uri, '?');
	plen = qm != NULL ? (size_t)(qm - uri) : strlen(uri);
	if (memchr(uri, '#', plen) != NULL ||
	    url_decode(uri, plen, path, size / 2, &len) == -1)
		return 400;
	for (i = 0; i < len; i++)
		if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f)
			return 400;
	if (url_normalise_path(path) == -1) {
		*why = "Bad path: it climbs above the root";
		return 400;
	}
	req->path = path;
	for (p = qm; p != NULL; p = strchr(p + 1, '&')) {
		if (strncmp(p + 1, "q=", 2) != 0)
			continue;
		p += 3;
		end = p + strcspn(p, "&#");
		/* a form's encoding: '+' is a space */
		for (i = 0; p + i < end && i + 1 < size / 2; i++)
			room[size / 2 + i] = p[i] == '+' ? ' ' : p[i];
		if (p + i < end || url_decode(room + size / 2, i, query,
		    size / 2, &len) == -1) {
			*why = "Bad search words";
			return 400;
		}
		if (len > 0) {
			req->query = query;
			req->query_len = len;
		}
		break;
	}
	return 0;
}

/*
 * The host name a request's Host header gives, without its port, in
 * buf; NULL when there is none (or one too long to be a site's name).
 */
static const char *
http_host_name(struct evkeyvalq *in, char *buf, size_t size)
{
	const char	*h = evhttp_find_header(in, "Host"), *end;
	size_t		 len;

	if (h == NULL)
		return NULL;
	if (h[0] == '[')			/* [v6]:port */
		end = strchr(h, ']') != NULL ? strchr(h, ']') + 1 : NULL;
	else
		end = strchr(h, ':');
	len = end != NULL ? (size_t)(end - h) : strlen(h);
	if (len == 0 || len >= size)
		return NULL;
	memcpy(buf, h, len);
	buf[len] = '\0';
	return buf;
}

static void
http_request(struct evhttp_request *hr, void *arg)
{
	struct http_listener	*hl = arg;
	const struct proto_host	*host = hl->host;
	struct evkeyvalq	*in = evhttp_request_get_input_headers(hr);
	struct evkeyvalq	*h = evhttp_request_get_output_headers(hr);
	struct evbuffer		*out = evhttp_request_get_output_buffer(hr);
	enum evhttp_cmd_type	 cmd = evhttp_request_get_command(hr);
	struct http_conn	*hc;
	struct request		 req;
	struct reply		 rep;
	struct proto_served	 sv;
	struct evkeyval		*kv;
	struct timespec		 start;
	char			 addr[PROTO_ADDR_MAX], logaddr[PROTO_ADDR_MAX];
	char			 room[PROTO_ROOM_MAX];
	char			 hostname[HOSTNAME_MAX + 1];
	const char		*why;
	int			 code, n = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	http_headers_common(h);
	if ((hc = http_conn_get(hl, hr)) == NULL) {
		evhttp_add_header(h, "Connection", "close");
		http_error(hr, NULL, 503, "Too busy");
		return;
	}
	http_client(hl, hr, hc, addr, logaddr);
	if (host->init(host->worker, &http_ops, &req, &rep,
	    http_host_name(in, hostname, sizeof(hostname)), addr,
	    logaddr) == -1) {
		http_error(hr, NULL, code = 421, "This server has no "
		    "community of that name.");
		host->log(&http_ops, NULL, logaddr, code, http_sent, &start);
		return;
	}
	if (hc->refused != NULL) {
		/* over a limit: said once, then the connection goes */
		evhttp_add_header(h, "Connection", "close");
		evhttp_add_header(h, "Retry-After", "5");
		code = hc->per_address ? 429 : 503;
		http_error(hr, NULL, code, "Too many connections: please try "
		    "again in a few seconds.");
		host->log(&http_ops, &req, logaddr, code, http_sent, &start);
		return;
	}
	TAILQ_FOREACH(kv, in, next)
		n++;
	if (n > HTTP_HEADERS_MAX) {
		evhttp_add_header(h, "Connection", "close");
		http_error(hr, NULL, code = 431, "Too many header lines");
	} else if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD) {
		evhttp_add_header(h, "Allow", "GET, HEAD");
		http_error(hr, &req, code = 405, "This site is read-only: "
		    "only GET and HEAD are answered.");
	} else if ((code = http_target(evhttp_request_get_uri(hr), &req,
	    room, sizeof(room), &why)) != 0) {
		req.path = NULL;
		http_error(hr, &req, code, why);
	} else {
		host->serve(host->worker, &http_ops, &req, &rep, out, &sv);
		code = http_answer(hr, &req, &rep, &sv);
	}
	host->log(&http_ops, &req, logaddr, code, http_sent, &start);
}

/* One descriptor table for all workers, as large as the limit on them. */
static int
http_conns_init(void)
{
	struct rlimit rl;

	if (conns != NULL)
		return 0;
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur == RLIM_INFINITY)
		rl.rlim_cur = 65536;
	nconns = rl.rlim_cur;
	return (conns = calloc(nconns, sizeof(*conns))) != NULL ? 0 : -1;
}

/* The worker's listening socket, served by an evhttp of its own. */
static void *
http_attach(const struct proto_host *host, int fd)
{
	struct http_listener	*hl;
	struct timeval		 tv = { host->request_timeout, 0 };

	if (http_conns_init() == -1 || (hl = calloc(1, sizeof(*hl))) == NULL)
		return NULL;
	hl->host = host;
	if ((hl->http = evhttp_new(host->base)) == NULL) {
		free(hl);
		return NULL;
	}
	/* the request line and headers; a body is never read */
	evhttp_set_max_headers_size(hl->http, HTTP_HEADERS_SIZE_MAX);
	evhttp_set_max_body_size(hl->http, 0);
	/* idle between requests, or slow to send one or to read a reply */
	evhttp_set_timeout_tv(hl->http, &tv);
	/* every method reaches http_request(), which answers 405 itself */
	evhttp_set_allowed_methods(hl->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD |
	    EVHTTP_REQ_POST | EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
	    EVHTTP_REQ_OPTIONS | EVHTTP_REQ_TRACE | EVHTTP_REQ_CONNECT |
	    EVHTTP_REQ_PATCH);
	evhttp_set_default_content_type(hl->http, MIME_HTML_UTF8);
	evhttp_set_gencb(hl->http, http_request, hl);
	if (evhttp_accept_socket_with_handle(hl->http, fd) == NULL) {
		evhttp_free(hl->http);
		free(hl);
		return NULL;
	}
	return hl;
}

static void
http_detach(void *arg)
{
	struct http_listener *hl = arg;

	evhttp_free(hl->http);	/* its connections, and their closecbs */
	free(hl);
}

const struct proto_ops http_ops = {
	.name		= "http",
	.proto		= PROTO_HTTP,
	.tls		= 0,
	.line_max	= 0,		/* evhttp reads the request */
	.cache_key	= HTTP_CACHE_KEY,
	.send		= http_send,
	.attach		= http_attach,
	.detach		= http_detach,
};

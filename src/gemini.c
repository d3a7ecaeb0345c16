/*
 * gemini.c: Gemini and Titan requests and replies.
 *
 * server.c hands over one request line (CRLF removed, at most
 * GEMINI_URL_MAX + 1 bytes so that an over-long one can be refused).
 * Everything a client can get wrong is answered here with 59 or 53 before
 * the router sees the request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "log.h"
#include "server.h"
#include "url.h"

/* A Titan upload waiting for its bytes. */
struct titan_upload {
	char			path[GEMINI_URL_MAX + 1];
	char			mime[TITAN_MIME_MAX + 1];
	size_t			size;
	char			token[INTENT_TOKEN_LEN + 1];	/* or "" */
	int			has_ident;
	struct identity		ident;
};

/* 53 unless the URL names this server: host, SNI and port. */
static int
gemini_check_host(struct client *c, struct worker *w, const struct url *u,
    struct reply *rep)
{
	struct server	*srv = w->srv;
	const char	*sni;

	if (strcmp(u->scheme, "gemini") != 0 &&
	    strcmp(u->scheme, "titan") != 0) {
		reply_status(rep, GEMINI_PROXY_REFUSED,
		    "This server does not proxy %s: URLs", u->scheme);
		return -1;
	}
	if (strcasecmp(u->host, srv->site.hostname) != 0) {
		reply_status(rep, GEMINI_PROXY_REFUSED,
		    "This server does not proxy other hosts");
		return -1;
	}
	sni = SSL_get_servername(c->ssl, TLSEXT_NAMETYPE_host_name);
	if (sni != NULL && strcasecmp(sni, u->host) != 0) {
		reply_status(rep, GEMINI_PROXY_REFUSED,
		    "The URL's host is not the one the connection asked for");
		return -1;
	}
	if (u->port != -1 && u->port != srv->site.gemini_port) {
		reply_status(rep, GEMINI_PROXY_REFUSED,
		    "This server does not proxy other ports");
		return -1;
	}
	return 0;
}

static void
gemini_dispatch(struct client *c, struct request *req, struct reply *rep)
{
	client_serve(c, req, rep);
}

static void
request_init(struct request *req, struct reply *rep, struct client *c,
    struct worker *w)
{
	memset(req, 0, sizeof(*req));
	memset(rep, 0, sizeof(*rep));
	rep->fd = -1;
	req->proto = c->proto;
	req->site = &w->srv->site;
	req->store = w->store;
	req->page = &w->page;
	page_reset(req->page);
	req->addr = c->addr;
	req->logaddr = c->logaddr;
	req->now = time(NULL);
}

void
gemini_request(struct client *c, struct worker *w, const char *line,
    size_t len)
{
	struct request		 req;
	struct reply		 rep;
	struct url		 u;
	struct identity		 ident;
	struct titan_params	 tp;
	struct titan_upload	*up;
	char			 query[GEMINI_URL_MAX + 1];
	size_t			 qlen;
	int			 err;

	request_init(&req, &rep, c, w);
	if ((err = url_parse(line, len, &u)) != URL_OK) {
		reply_status(&rep, GEMINI_BAD_REQUEST, "Bad request: %s",
		    url_strerror(err));
		goto reply;
	}
	route_set_path(&req, u.path);
	if (gemini_check_host(c, w, &u, &rep) == -1)
		goto reply;
	if (tls_identity(c->ssl, &ident))
		req.ident = &ident;
	if (u.has_query) {
		if (url_decode(u.query, strlen(u.query), query, sizeof(query),
		    &qlen) == -1) {
			reply_status(&rep, GEMINI_BAD_REQUEST,
			    "Bad request: the answer is not valid "
			    "percent-encoded UTF-8");
			goto reply;
		}
		req.query = query;
		req.query_len = qlen;
	}
	if (strcmp(u.scheme, "titan") != 0) {
		gemini_dispatch(c, &req, &rep);
		return;
	}

	/* Titan: check everything we can before reading the upload */
	c->proto = req.proto = PROTO_TITAN;
	c->linger = 1;		/* a refused upload may still be arriving */
	if (titan_params_parse(u.params, &tp) == -1) {
		reply_status(&rep, GEMINI_BAD_REQUEST, "Bad request: a Titan "
		    "upload needs ;size=N (and may give ;mime=TYPE)");
		goto reply;
	}
	if ((unsigned long long)tp.size > w->srv->site.titan_max) {
		reply_status(&rep, GEMINI_BAD_REQUEST, "Too large: uploads "
		    "are at most %zu bytes", w->srv->site.titan_max);
		goto reply;
	}
	if ((up = calloc(1, sizeof(*up))) == NULL) {
		reply_status(&rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
		goto reply;
	}
	snprintf(up->path, sizeof(up->path), "%s", u.path);
	snprintf(up->mime, sizeof(up->mime), "%s", tp.mime);
	snprintf(up->token, sizeof(up->token), "%s",
	    req.token != NULL ? req.token : "");
	up->size = tp.size;
	if (req.ident != NULL) {
		up->ident = ident;
		up->has_ident = 1;
	}
	client_expect_body(c, up);
	return;
reply:
	client_reply(c, &req, &rep);
}

size_t
gemini_body_needed(struct titan_upload *up)
{
	return up->size;
}

void
gemini_body(struct client *c, struct worker *w, const char *body)
{
	struct titan_upload	*up = c->upload;
	struct request		 req;
	struct reply		 rep;

	request_init(&req, &rep, c, w);
	req.path = up->path;
	req.token = up->token[0] != '\0' ? up->token : NULL;
	req.ident = up->has_ident ? &up->ident : NULL;
	req.body = body;
	req.body_len = up->size;
	req.body_mime = up->mime;
	gemini_dispatch(c, &req, &rep);
}

void
gemini_send(struct client *c, struct request *req, struct reply *rep)
{
	struct evbuffer *out = bufferevent_get_output(c->bev), *page = NULL;

	/* the page first: when memory runs out rendering it, the header
	 * says so (40) instead of a part of a page */
	if (rep->status == GEMINI_SUCCESS && rep->has_page &&
	    ((page = evbuffer_new()) == NULL ||
	    gemtext_render(req->page, page) == -1))
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
	evbuffer_add_printf(out, "%d %s\r\n", rep->status, rep->meta);
	if (rep->status == GEMINI_SUCCESS && rep->has_page)
		evbuffer_add_buffer(out, page);
	if (page != NULL)
		evbuffer_free(page);
	if (rep->status != GEMINI_SUCCESS || rep->has_page)
		return;		/* only 2x replies have a body */
	if (rep->body != NULL)
		evbuffer_add(out, rep->body, rep->body_len);
	else if (rep->fd != -1 && rep->size > 0) {
		/*
		 * libevent owns the descriptor from here on.  Not for an
		 * empty file: libevent 2.1 leaks the segment of an empty
		 * chain (client_reply() closes the descriptor instead).
		 */
		if (evbuffer_add_file(out, rep->fd, 0, rep->size) == 0)
			rep->fd = -1;
	}
}

/*
 * gemini.c: the Gemini and Titan front-end (gemini_ops and titan_ops in
 * protocols.c): a request line to a struct request, a struct reply to
 * bytes.
 *
 * server.c hands over one request line (CRLF removed, at most
 * GEMINI_URL_MAX + 1 bytes so that an over-long one can be refused).
 * Everything a client can get wrong is answered here with 59 or 53 before
 * the router sees the request.  Nothing here sees the connection: the
 * TLS name and certificate come in struct proto_conn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "core/request.h"
#include "core/site.h"
#include "handlers/router.h"
#include "proto/proto.h"
#include "render/page.h"
#include "render/render.h"
#include "core/request.h"
#include "core/site.h"
#include "handlers/router.h"
#include "proto/proto.h"
#include "render/page.h"
#include "render/render.h"
#include "core/url.h"

/* A Titan upload waiting for its bytes: what its request will need. */
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
gemini_check_host(const struct site *site, const struct proto_conn *conn,
    const struct url *u, struct reply *rep)
{
	if (strcmp(u->scheme, "gemini") != 0 &&
	    strcmp(u->scheme, "titan") != 0) {
		reply_status(rep, GEMINI_PROXY_REFUSED,
		    "This server does not proxy %s: URLs", u->scheme);
		return -1;
	}
	if (strcasecmp(u->host, site->hostname) != 0) {
		reply_status(rep, GEMINI_PROXY_REFUSED,
		    "This server does not proxy other hosts");
		return -1;
	}
	if (conn->servername != NULL &&
	    strcasecmp(conn->servername, u->host) != 0) {
		reply_status(rep, GEMINI_PROXY_REFUSED,
		    "The URL's host is not the one the connection asked for");
		return -1;
	}
	if (u->port != -1 && u->port != site->gemini_port) {
		reply_status(rep, GEMINI_PROXY_REFUSED,
		    "This server does not proxy other ports");
		return -1;
	}
	return 0;
}

/*
 * Titan: check everything we can before the upload is read, so that a
 * refusal costs no more than the request line.
 */
static enum proto_next
titan_parse(struct proto_input *in, const struct url *u,
    struct request *req, struct reply *rep)
{
	struct titan_params	 tp;
	struct titan_upload	*up;

	if (titan_params_parse(u->params, &tp) == -1) {
		reply_status(rep, GEMINI_BAD_REQUEST, "Bad request: a Titan "
		    "upload needs ;size=N (and may give ;mime=TYPE)");
		return PROTO_REPLY;
	}
	if ((unsigned long long)tp.size > req->site->titan_max) {
		reply_status(rep, GEMINI_BAD_REQUEST, "Too large: uploads "
		    "are at most %zu bytes", req->site->titan_max);
		return PROTO_REPLY;
	}
	if ((up = calloc(1, sizeof(*up))) == NULL) {
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
		return PROTO_REPLY;
	}
	snprintf(up->path, sizeof(up->path), "%s", req->path);
	snprintf(up->mime, sizeof(up->mime), "%s", tp.mime);
	snprintf(up->token, sizeof(up->token), "%s",
	    req->token != NULL ? req->token : "");
	up->size = tp.size;
	if (req->ident != NULL) {
		up->ident = *req->ident;
		up->has_ident = 1;
	}
	in->upload = up;
	in->body_len = up->size;
	return PROTO_BODY;
}

static enum proto_next
gemini_parse(struct proto_input *in, struct request *req, struct reply *rep)
{
	struct url	 u;
	char		*path = in->room, *query;
	size_t		 plen, qlen;
	int		 err;

	if ((err = url_parse(in->line, in->len, &u)) != URL_OK) {
		reply_status(rep, GEMINI_BAD_REQUEST, "Bad request: %s",
		    url_strerror(err));
		return PROTO_REPLY;
	}
	/* the request keeps its path (and query) in the room it was given */
	plen = strlen(u.path);
	memcpy(path, u.path, plen + 1);
	query = path + plen + 1;
	route_set_path(req, path);
	if (gemini_check_host(req->site, in->conn, &u, rep) == -1)
		return PROTO_REPLY;
	req->ident = in->conn->ident;
	if (u.has_query) {
		if (url_decode(u.query, strlen(u.query), query,
		    GEMINI_URL_MAX + 1, &qlen) == -1) {
			reply_status(rep, GEMINI_BAD_REQUEST,
			    "Bad request: the answer is not valid "
			    "percent-encoded UTF-8");
			return PROTO_REPLY;
		}
		req->query = query;
		req->query_len = qlen;
	}
	if (strcmp(u.scheme, "titan") != 0)
		return PROTO_SERVE;
	/* from here on the connection speaks Titan (and says so in the log) */
	req->proto = PROTO_TITAN;
	return titan_parse(in, &u, req, rep);
}

static enum proto_next
titan_body(void *upload, const char *bytes, struct request *req,
    struct reply *rep)
{
	struct titan_upload *up = upload;

	(void)rep;
	req->path = up->path;
	req->token = up->token[0] != '\0' ? up->token : NULL;
	req->ident = up->has_ident ? &up->ident : NULL;
	req->body = bytes;
	req->body_len = up->size;
	req->body_mime = up->mime;
	return PROTO_SERVE;
}

static void
gemini_send(struct request *req, struct reply *rep, struct evbuffer *out)
{
	char	head[GEMINI_META_MAX + 8];

	if (rep->status == GEMINI_SUCCESS && rep->has_page) {
		/*
		 * the header and the page in one piece (render.h); running
		 * out of memory adds nothing, and sends a 40, never part of
		 * a page
		 */
		snprintf(head, sizeof(head), "%d %s\r\n", rep->status,
		    rep->meta);
		if (gemtext_render(req->page, head, out) == 0)
			return;
		evbuffer_drain(out, evbuffer_get_length(out));
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
	}
	/* a body in memory goes in one piece with its header, as a page */
	if (rep->status == GEMINI_SUCCESS && rep->body != NULL)
		(void)evbuffer_expand(out, sizeof(head) + rep->body_len);
	evbuffer_add_printf(out, "%d %s\r\n", rep->status, rep->meta);
	if (rep->status != GEMINI_SUCCESS)
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

const struct proto_ops gemini_ops = {
	.name		= "gemini",
	.proto		= PROTO_GEMINI,
	.tls		= 1,
	.line_max	= GEMINI_URL_MAX,
	.eol		= EVBUFFER_EOL_CRLF_STRICT,
	.cache_key	= 'G',
	.parse		= gemini_parse,
	.body		= titan_body,
	.send		= gemini_send,
};

/*
 * Titan is Gemini's connection with an upload: a request line begins as
 * Gemini and becomes Titan when its scheme says so.  A refused upload
 * may still be arriving, so the close lingers; an upload is never cached.
 */
const struct proto_ops titan_ops = {
	.name		= "titan",
	.proto		= PROTO_TITAN,
	.tls		= 1,
	.line_max	= GEMINI_URL_MAX,
	.eol		= EVBUFFER_EOL_CRLF_STRICT,
	.cache_key	= 0,
	.linger		= 1,
	.parse		= gemini_parse,
	.body		= titan_body,
	.send		= gemini_send,
};

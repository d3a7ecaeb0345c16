/*
 * server.c: listeners, workers and the life of a connection.
 *
 * Each worker is a thread with its own libevent loop, its own SQLite
 * handle and its own listening sockets (SO_REUSEPORT lets the kernel share
 * connections out between them).  A connection is a struct client with an
 * explicit state; client_close() is its only way out.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/thread.h>

#include <openssl/err.h>

#include "net/connlimit.h"
#include "store/store.h"
#include "core/intent.h"
#include "core/log.h"
#include "handlers/reply.h"
#include "net/server.h"
#include "net/sites.h"
#include "net/proxy.h"

_Static_assert(ADDR_STR_MAX == PROTO_ADDR_MAX, "one address size");

/* Read no more than this much ahead of what we have parsed. */
#define READ_HIGH_WATERMARK	(16 * 1024)
#define WRITE_MAX_SINGLE	(256 * 1024)	/* bytes per write call */
#define LISTEN_BACKLOG		1024

static void	client_read(struct bufferevent *, void *);
static void	client_write(struct bufferevent *, void *);
static void	client_event(struct bufferevent *, short, void *);
static void	client_timeout(evutil_socket_t, short, void *);
static void	client_close(struct client *);
static void	client_expect_body(struct client *, void *, size_t);
static void	client_serve(struct client *, struct request *,
		    struct reply *);
static int	client_dispatch(struct client *, struct request *,
		    struct reply *);
static int	client_reply(struct client *, struct request *,
		    struct reply *);
static int	client_sent(struct client *, struct request *, int);
static void	worker_job_back(struct write_job *);

/* How long a closed connection may keep sending what we did not read. */
#define LINGER_SECONDS		2
#define LINGER_CHUNK		4096

struct lingerer {
	LIST_ENTRY(lingerer)	 entry;
	struct worker		*w;
	struct event		*ev;
	int			 fd;
	time_t			 until;	/* however much keeps coming */
};

static void
linger_free(struct lingerer *l)
{
	LIST_REMOVE(l, entry);
	event_free(l->ev);
	close(l->fd);
	free(l);
}

static void
linger_read(evutil_socket_t fd, short what, void *arg)
{
	struct lingerer	*l = arg;
	char		 buf[LINGER_CHUNK];

	if ((what & EV_READ) && read(fd, buf, sizeof(buf)) > 0 &&
	    time(NULL) < l->until)
		return;		/* more may come; EV_PERSIST keeps us here */
	linger_free(l);
}

/*
 * Close a socket that may still have unread input (a refused Titan
 * upload, bytes after the request).  Closing it at once would make the
 * kernel answer with a reset, which can destroy the reply and its
 * close_notify before the client reads them; so we send our FIN and
 * read what still comes, for a little while.
 */
static void
linger_close(struct worker *w, int fd)
{
	struct lingerer	*l;
	struct timeval	 tv = { LINGER_SECONDS, 0 };

	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (l->ev = event_new(w->base, fd, EV_READ | EV_PERSIST, linger_read,
	    l)) == NULL) {
		free(l);
		close(fd);
		return;
	}
	LIST_INSERT_HEAD(&w->lingering, l, entry);
	l->w = w;
	l->fd = fd;
	l->until = time(NULL) + LINGER_SECONDS;
	shutdown(fd, SHUT_WR);
	event_add(l->ev, &tv);
}

/*
 * The life of a connection.  client_state_set() is the one way from one
 * state to the next, and this table says which moves there are:
 *
 *   HANDSHAKE --TLS done--> REQUEST            (a TLS protocol's start)
 *   REQUEST --line parsed--> REPLYING          (an answer at once)
 *                        \-> BODY              (Titan: an upload to read)
 *                        \-> WRITING           (a write job goes first)
 *   BODY --upload read--> REPLYING | WRITING
 *   WRITING --the writer hands the job back--> REPLYING
 *   REPLYING --output drained--> CLOSED
 *   any --EOF, error, timeout, shutdown--> CLOSED   (client_close())
 *
 * What a state needs on entry (its timer, input read or not) is in the
 * table too, so that no caller can forget it.  A move the table does
 * not allow is a bug in moot: it is logged and that connection closed,
 * and the server goes on.  client_new() picks the first state (the
 * protocol's: HANDSHAKE or REQUEST) and starts the request timer, which
 * runs from connect to request line.
 */
#define TO(s)		(1u << (s))

enum state_timer {
	TIMER_KEEP,		/* the one running goes on */
	TIMER_REQUEST,		/* --request-timeout from now */
	TIMER_REPLY,		/* --reply-timeout from now */
};

static const struct client_state_rule {
	const char		*name;
	unsigned		 next;		/* TO() the states allowed */
	enum state_timer	 timer;
	short			 stop;		/* EV_READ, EV_WRITE to disable */
	short			 start;		/* and to enable */
} client_states[CLIENT_STATES] = {
	[CLIENT_HANDSHAKE] = { "handshake",
	    TO(CLIENT_REQUEST) | TO(CLIENT_CLOSED), TIMER_KEEP, 0, 0 },
	[CLIENT_REQUEST] = { "request",
	    TO(CLIENT_BODY) | TO(CLIENT_WRITING) | TO(CLIENT_REPLYING) |
	    TO(CLIENT_CLOSED), TIMER_KEEP, 0, 0 },
	/* the upload gets a request timeout of its own */
	[CLIENT_BODY] = { "body",
	    TO(CLIENT_WRITING) | TO(CLIENT_REPLYING) | TO(CLIENT_CLOSED),
	    TIMER_REQUEST, 0, 0 },
	/* nothing more is read: what follows a request is not ours */
	[CLIENT_WRITING] = { "writing",
	    TO(CLIENT_REPLYING) | TO(CLIENT_CLOSED), TIMER_REPLY, EV_READ, 0 },
	[CLIENT_REPLYING] = { "replying",
	    TO(CLIENT_CLOSED), TIMER_REPLY, EV_READ, EV_WRITE },
	[CLIENT_CLOSED] = { "closed", 0, TIMER_KEEP, 0, 0 },
};

static void
client_set_timer(struct client *c, int seconds)
{
	struct timeval tv = { seconds, 0 };

	evtimer_add(c->timer, &tv);
}

/*
 * Move c to state next.  Returns 0, or -1 when the move is not one the
 * table allows: then c has been closed (and freed) and the caller must
 * not touch it again.
 */
static int
client_state_set(struct client *c, enum client_state next)
{
	const struct client_state_rule	*r = &client_states[next];
	const struct config		*conf = c->w->srv->conf;

	if (!(client_states[c->state].next & TO(next))) {
		log_warnx("bug: %s: a connection cannot go from %s to %s",
		    c->addr, client_states[c->state].name, r->name);
		if (c->state != CLIENT_CLOSED)
			client_close(c);
		return -1;
	}
	c->state = next;
	if (r->stop)
		bufferevent_disable(c->bev, r->stop);
	if (r->start)
		bufferevent_enable(c->bev, r->start);
	if (r->timer == TIMER_REQUEST)
		client_set_timer(c, conf->request_timeout);
	else if (r->timer == TIMER_REPLY)
		client_set_timer(c, conf->reply_timeout);
	return 0;
}

/*
 * The address the limits count (connlimit_key: an IPv6 /64 is one), and
 * the address as the log shows it: whole, or with the host part cleared
 * (IPv4 /24, IPv6 /48) when the operator asked for anonymised logs.
 */
static void
peer_addresses(const struct sockaddr *sa, int anonymise,
    char addr[ADDR_STR_MAX], char logaddr[ADDR_STR_MAX])
{
	struct sockaddr_in6	 sin6;
	struct sockaddr_in	 sin;

	/* what the per-address limits count: an IPv6 /64 as one */
	connlimit_key(sa, addr, ADDR_STR_MAX);
	if (sa->sa_family == AF_INET6) {
		sin6 = *(struct sockaddr_in6 *)sa;
		if (anonymise)
			memset(sin6.sin6_addr.s6_addr + 6, 0, 10);
		inet_ntop(AF_INET6, &sin6.sin6_addr, logaddr, ADDR_STR_MAX);
	} else {
		sin = *(struct sockaddr_in *)sa;
		if (anonymise)
			sin.sin_addr.s_addr &= htonl(0xffffff00);
		inet_ntop(AF_INET, &sin.sin_addr, logaddr, ADDR_STR_MAX);
	}
}

static SSL *
server_ssl_new(struct server *srv)
{
	SSL *ssl;

	pthread_mutex_lock(&srv->ssl_lock);
	ssl = SSL_new(srv->ssl_ctx);
	pthread_mutex_unlock(&srv->ssl_lock);
	return ssl;
}

/*
 * Over a limit, a connection is still answered where the protocol allows
 * (Gemini 44 after the handshake, a Gopher error line), as long as not too
 * many such answers are under way; past that it is simply closed.
 */
static int
client_limits(struct worker *w, struct client *c)
{
	struct config *conf = w->srv->conf;

	if (w->nclients - w->nrefusing >= w->max_clients)
		c->refuse = 1;
	else if (connlimit_enter(c->addr, conf->max_per_address) == -1)
		c->refuse = 2;
	else
		c->counted = 1;
	if (!c->refuse)
		return 0;
	connlimit_refused(c->refuse == 1 ? "--max-clients reached" :
	    "--max-per-address reached");
	return w->nrefusing < REFUSING_MAX ? 0 : -1;
}

/*
 * The one place a request is made: every protocol's, and the one a write
 * job's done() answers, begin here.
 */
static void
request_begin(struct worker *w, const struct proto_ops *ops,
    const struct site *site, struct request *req, struct reply *rep,
    const char *addr, const char *logaddr)
{
	memset(req, 0, sizeof(*req));
	memset(rep, 0, sizeof(*rep));
	rep->fd = -1;
	req->proto = ops->proto;
	req->site = site;
	/* NULL: the site's database cannot be used (serve_broken()) */
	req->store = sites_store(w->local, site);
	req->page = &w->page;
	page_reset(req->page);
	/* a small table, made on the site's first request here */
	req->snaps = sites_snapshots(w->local, site);
	req->signer = sites_signer(w->local, site);
	req->addr = addr;
	req->logaddr = logaddr;
	req->now = time(NULL);
}

static void
request_init(struct client *c, struct request *req, struct reply *rep)
{
	request_begin(c->w, c->ops, c->site, req, rep, c->addr, c->logaddr);
}

/* Answer a connection over a limit without reading a request. */
static void
client_refuse(struct client *c)
{
	struct request	req;
	struct reply	rep;

	request_init(c, &req, &rep);
	/* each protocol's send() words it: 44, or a Gopher error item */
	reply_status(&rep, GEMINI_SLOW_DOWN, "%d", SLOW_DOWN_SECONDS);
	client_reply(c, &req, &rep);
}

static void
client_new(struct worker *w, const struct proto_ops *ops, evutil_socket_t fd,
    struct sockaddr *sa)
{
	struct client	*c;
	/* not BEV_OPT_CLOSE_ON_FREE: fd and ssl are the client's */
	int		 opts = BEV_OPT_DEFER_CALLBACKS;

	if (w->draining || (c = calloc(1, sizeof(*c))) == NULL) {
		evutil_closesocket(fd);
		return;
	}
	c->w = w;
	c->ops = ops;
	c->fd = fd;
	c->site = sites_default();	/* TLS: SNI may choose another */
	clock_gettime(CLOCK_MONOTONIC, &c->start);
	peer_addresses(sa, w->srv->conf->anonymise, c->addr, c->logaddr);
	if (client_limits(w, c) == -1) {
		if (c->counted)
			connlimit_leave(c->addr);
		evutil_closesocket(fd);
		free(c);
		return;
	}

	if (ops->tls) {
		c->state = CLIENT_HANDSHAKE;
		if ((c->ssl = server_ssl_new(w->srv)) == NULL)
			goto fail;
		c->bev = bufferevent_openssl_socket_new(w->base, fd, c->ssl,
		    BUFFEREVENT_SSL_ACCEPTING, opts);
	} else {
		c->state = CLIENT_REQUEST;
		c->bev = bufferevent_socket_new(w->base, fd, opts);
	}
	if (c->bev == NULL)
		goto fail;
	/*
	 * libevent writes at most 16 KB per call by default: a 130 KB page
	 * cost eight writes and eight trips through the loop.  The kernel
	 * takes what it can; the rest waits for the socket to drain.
	 */
	bufferevent_set_max_single_write(c->bev, WRITE_MAX_SINGLE);
	if ((c->timer = evtimer_new(w->base, client_timeout, c)) == NULL)
		goto fail;
	bufferevent_setcb(c->bev, client_read, client_write, client_event, c);
	bufferevent_setwatermark(c->bev, EV_READ, 0, READ_HIGH_WATERMARK);
	bufferevent_enable(c->bev, EV_READ);
	client_set_timer(c, w->srv->conf->request_timeout);
	TAILQ_INSERT_TAIL(&w->clients, c, entry);
	w->nclients++;
	if (c->refuse)
		w->nrefusing++;
	/* without a handshake to wait for, the refusal goes now */
	if (c->refuse && c->state == CLIENT_REQUEST)
		client_refuse(c);
	return;
fail:
	log_warnx("%s: cannot set up the connection", c->addr);
	if (c->counted)
		connlimit_leave(c->addr);
	if (c->bev != NULL)
		bufferevent_free(c->bev);
	SSL_free(c->ssl);
	evutil_closesocket(fd);
	free(c);
}

/* The one request log line, the same for every protocol. */
static void
request_log(const struct proto_ops *ops, const struct site *site,
    const char *logaddr, const char *path, int status, size_t bytes,
    const struct timespec *start)
{
	struct timespec	now;
	long		us;
	/* with several communities, the line names its own */
	int		named = site != NULL && sites_count() > 1;

	clock_gettime(CLOCK_MONOTONIC, &now);
	us = (now.tv_sec - start->tv_sec) * 1000000 +
	    (now.tv_nsec - start->tv_nsec) / 1000;
	log_info("%s%s%s %s %s %d %zu %ldus", named ? site->hostname : "",
	    named ? " " : "", ops->name, logaddr, path, status, bytes, us);
}

/*
 * The only teardown path.  Logs the request, sends a TLS close_notify
 * where a handshake was completed (libevent does not), frees everything.
 */
static void
client_close(struct client *c)
{
	struct worker	*w = c->w;
	int		 unread = 0, linger, handshaken;

	if (c->state == CLIENT_CLOSED)
		return;
	if (c->status != 0)
		request_log(c->ops, c->site, c->logaddr, c->logpath, c->status,
		    c->bytes, &c->start);
	handshaken = c->state != CLIENT_HANDSHAKE;
	(void)client_state_set(c, CLIENT_CLOSED);	/* from anywhere */
	if (c->ssl != NULL && handshaken) {
		/* best effort: a client that is gone gets nothing */
		SSL_set_shutdown(c->ssl, SSL_RECEIVED_SHUTDOWN);
		(void)SSL_shutdown(c->ssl);
		ERR_clear_error();
	}
	linger = c->ops->linger || (ioctl(c->fd, FIONREAD, &unread) == 0 &&
	    unread > 0) || evbuffer_get_length(bufferevent_get_input(c->bev));
	if (c->job != NULL)
		c->job->client = NULL;	/* the write goes on; nobody to tell */
	TAILQ_REMOVE(&w->clients, c, entry);
	w->nclients--;
	if (c->refuse)
		w->nrefusing--;
	if (c->counted)
		connlimit_leave(c->addr);
	/*
	 * The bufferevent borrowed the descriptor: freeing it deletes its
	 * events, and the lingerer may register the same descriptor again.
	 * (A dup() here once left the original registered in epoll behind
	 * the changelist's back, and the loop spun until the linger ended.)
	 */
	bufferevent_free(c->bev);
	SSL_free(c->ssl);
	if (linger)
		linger_close(w, c->fd);
	else
		evutil_closesocket(c->fd);
	event_free(c->timer);
	free(c->upload);
	free(c);
	if (w->draining && w->nclients == 0)
		event_base_loopexit(w->base, NULL);
}

/* What the front-end may know of the connection it parses for. */
static void
client_conn(struct client *c, struct proto_conn *conn,
    struct identity *ident)
{
	conn->addr = c->addr;
	conn->logaddr = c->logaddr;
	conn->servername = NULL;
	conn->ident = NULL;
	if (c->ssl == NULL)
		return;
	conn->servername = SSL_get_servername(c->ssl,
	    TLSEXT_NAMETYPE_host_name);
	if (tls_identity(c->ssl, ident))
		conn->ident = ident;
}

/* What parse() or body() said: serve, answer, or read an upload first. */
static void
client_next(struct client *c, struct request *req, struct reply *rep,
    enum proto_next next, struct proto_input *in)
{
	switch (next) {
	case PROTO_SERVE:
		client_serve(c, req, rep);
		return;
	case PROTO_BODY:
		if (in != NULL) {
			client_expect_body(c, in->upload, in->body_len);
			return;
		}
		/* a body after a body: no protocol does that */
		log_warnx("bug: %s asks for a second body", c->ops->name);
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Internal error");
		break;
	case PROTO_REPLY:
		break;
	}
	client_reply(c, req, rep);
}

/* A request line is in: the protocol makes a request of it. */
static void
client_request(struct client *c, char *line, size_t len, size_t size)
{
	const struct proto_ops	*ops;
	struct request		 req;
	struct reply		 rep;
	struct proto_conn	 conn;
	struct proto_input	 in;
	struct identity		 ident;
	char			 room[PROTO_ROOM_MAX];
	enum proto_next		 next;

	/* one Gopher listener for many sites: "/HOSTNAME" leads (sites.h) */
	if (!c->ops->tls && sites_multi() &&
	    (c->site = sites_gopher_pick(line, &len)) == NULL) {
		c->site = sites_default();
		request_init(c, &req, &rep);
		reply_status(&rep, GEMINI_NOT_FOUND, "This server holds "
		    "several communities: ask for /HOSTNAME/");
		client_reply(c, &req, &rep);
		return;
	}
	request_init(c, &req, &rep);
	client_conn(c, &conn, &ident);
	memset(&in, 0, sizeof(in));
	in.conn = &conn;
	in.line = line;
	in.len = len;
	in.line_size = size;
	in.room = room;
	in.room_size = sizeof(room);
	next = c->ops->parse(&in, &req, &rep);
	/* Gemini's connection may turn out to carry Titan */
	if (req.proto != c->ops->proto && (ops = proto_get(req.proto)) != NULL)
		c->ops = ops;
	client_next(c, &req, &rep, next, &in);
}

/* The upload parse() asked for is in. */
static void
client_body(struct client *c, const char *bytes)
{
	struct request	req;
	struct reply	rep;

	request_init(c, &req, &rep);
	client_next(c, &req, &rep, c->ops->body(c->upload, bytes, &req,
	    &rep), NULL);
}

static void
client_read(struct bufferevent *bev, void *arg)
{
	struct client		*c = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	struct evbuffer_ptr	 eol;
	size_t			 eol_len, len, max, need;
	/* an over-long line's max + 1 bytes, its NUL, room for one more */
	char			 line[PROTO_LINE_MAX + 3];
	char			*body;

	switch (c->state) {
	case CLIENT_REQUEST:
		/* each protocol its own limit and end of line */
		max = c->ops->line_max;
		eol = evbuffer_search_eol(in, NULL, &eol_len, c->ops->eol);
		len = eol.pos == -1 ? evbuffer_get_length(in) :
		    (size_t)eol.pos;
		if (eol.pos == -1 && len <= max + 1)
			return;		/* wait for the rest */
		if (len > max)
			len = max + 1;	/* enough to say it is too long */
		evbuffer_remove(in, line, len);
		if (eol.pos != -1 && (size_t)eol.pos == len)
			evbuffer_drain(in, eol_len);
		line[len] = '\0';
		client_request(c, line, len, sizeof(line));
		break;
	case CLIENT_BODY:
		need = c->body_len;
		if (evbuffer_get_length(in) < need)
			return;
		if ((body = malloc(need + 1)) == NULL) {
			log_warn("titan body");
			client_close(c);
			return;
		}
		evbuffer_remove(in, body, need);
		body[need] = '\0';
		client_body(c, body);
		free(body);
		break;
	default:
		/* anything after the request is ignored */
		evbuffer_drain(in, evbuffer_get_length(in));
		break;
	}
}

/* Read len bytes of upload before the request goes on (body()). */
static void
client_expect_body(struct client *c, void *upload, size_t len)
{
	c->upload = upload;
	c->body_len = len;
	if (client_state_set(c, CLIENT_BODY) == -1)
		return;
	/* a large upload needs room to arrive in one piece */
	bufferevent_setwatermark(c->bev, EV_READ, 0, 0);
	client_read(c->bev, c);
}

static void
client_write(struct bufferevent *bev, void *arg)
{
	struct client *c = arg;

	if (c->state == CLIENT_REPLYING &&
	    evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		client_close(c);
}

static void
client_event(struct bufferevent *bev, short what, void *arg)
{
	struct client	*c = arg;
	unsigned long	 err;

	if (what & BEV_EVENT_CONNECTED) {
		c->site = sites_for_ssl(c->ssl);
		if (client_state_set(c, CLIENT_REQUEST) == -1)
			return;
		if (c->refuse)
			client_refuse(c);
		return;
	}
	if (what & BEV_EVENT_ERROR) {
		while ((err = bufferevent_get_openssl_error(bev)) != 0)
			log_debug("%s: tls: %s", c->addr,
			    ERR_reason_error_string(err));
	}
	/* EOF, error or write timeout: nothing more can be done */
	client_close(c);
}

static void
client_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct client *c = arg;

	(void)fd;
	(void)what;
	log_debug("%s: timeout in state %d", c->addr, c->state);
	client_close(c);
}

/*
 * Paths are decoded, so they may hold any byte but NUL: a log line must
 * never be split or coloured by one.
 */
static void
log_safe_copy(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < size && src[i] != '\0'; i++)
		dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f ?
		    '?' : src[i];
	dst[i] = '\0';
}

/* A reply no protocol may send is a bug in moot: it becomes a 40. */
static void
reply_check(struct request *req, struct reply *rep)
{
	/* a redirect to "//x" would send the client to host x */
	if (rep->status < GEMINI_INPUT || rep->status > GEMINI_CERT_NOT_VALID ||
	    strlen(rep->meta) > GEMINI_META_MAX || strpbrk(rep->meta, "\r\n") ||
	    (rep->status / 10 == 3 && strncmp(rep->meta, "//", 2) == 0)) {
		log_warnx("bug: bad reply %d for %s", rep->status,
		    req->path ? req->path : "?");
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Internal error");
	}
}

/*
 * The one way a reply leaves: checked, rendered by its protocol, logged
 * at close.  Returns 0, or -1 when c is gone (closed and freed).
 */
static int
client_reply(struct client *c, struct request *req, struct reply *rep)
{
	struct evbuffer	*out = bufferevent_get_output(c->bev);
	int		 from_file;

	reply_check(req, rep);
	from_file = rep->fd != -1;
	c->ops->send(req, rep, out);
	/*
	 * A connection's output holds this one reply and nothing more, and
	 * the renderers and feeds keep it to REPLY_MAX (render.h), so slow
	 * readers hold REPLY_MAX each at most (a cached page, once for all
	 * of them).  Files are the operator's, sent from the file.
	 */
	if (!from_file && evbuffer_get_length(out) > REPLY_MAX)
		log_warnx("bug: a reply of %zu bytes for %s",
		    evbuffer_get_length(out), req->path ? req->path : "?");
	if (rep->fd != -1) {
		close(rep->fd);
		rep->fd = -1;
	}
	return client_sent(c, req, rep->status);
}

/*
 * What the log must not keep of a path: an invitation code (it would be
 * an invitation), an intent token (router.c cuts it off, but not from a
 * path that is no route) and the fingerprint of a certificate being
 * unlinked (which device is whose).
 */
static void
log_mask_path(char *path, size_t size)
{
	char	*seg, *end;

	if (strncmp(path, "/invite/", 8) == 0) {
		snprintf(path, size, "/invite/...");
		return;
	}
	/* each replaced by "...": never longer than what it replaces */
	/* anywhere: /terms/accept/me/certs/FP/unlink carries on to one */
	if ((seg = strstr(path, "/me/certs/")) != NULL &&
	    (end = strchr(seg + 10, '/')) != NULL && end - seg >= 13) {
		memmove(seg + 13, end, strlen(end) + 1);
		memcpy(seg + 10, "...", 3);
	}
	for (seg = path; (seg = strstr(seg, "/~")) != NULL; seg += 2) {
		end = seg + 1 + strcspn(seg + 1, "/");
		/* a token, or what the log line kept of one */
		if (end - seg < 10 || strspn(seg + 2, INTENT_ALPHABET) !=
		    (size_t)(end - seg - 2))
			continue;
		memmove(seg + 5, end, strlen(end) + 1);
		memcpy(seg + 2, "...", 3);
	}
}

/*
 * The tail of every reply: the log line's facts, then REPLYING.  Returns
 * 0, or -1 when c is gone (closed and freed).
 */
static int
client_sent(struct client *c, struct request *req, int status)
{
	struct evbuffer *out = bufferevent_get_output(c->bev);

	c->status = status;
	c->bytes = evbuffer_get_length(out);
	log_safe_copy(c->logpath, sizeof(c->logpath),
	    req->path ? req->path : "-");
	log_mask_path(c->logpath, sizeof(c->logpath));
	if (client_state_set(c, CLIENT_REPLYING) == -1)
		return -1;
	if (evbuffer_get_length(out) == 0) {
		client_close(c);
		return -1;
	}
	return 0;
}

/*
 * The page cache's half of serving, for every protocol: before routing,
 * serve_lookup() puts the cached reply into out (1) or notes what keeping
 * the new one will need (0); after, serve_keep() keeps a copy of it.  A
 * route is cached where it says the page is the same for every visitor
 * (route_shared()) and the protocol names a key for it.
 */
struct serve_keep {
	char			 key;
	int			 shared;
	struct page_cache	*pc;		/* the site's, this worker's */
	struct store_stamp	 at;	/* the database when looked up */
	struct cache_revs	 revs;
};

static int
serve_lookup(struct worker *w, char key, struct request *req,
    struct evbuffer *out, struct serve_keep *k,
    const struct cache_entry **hit)
{
	const struct cache_entry *e;

	k->key = key;
	k->shared = key != 0 ? route_shared(req) : 0;
	k->pc = k->shared ? sites_cache(w->local, req->site) : NULL;
	/* a file's entry does not ask the database (cache.h) */
	k->at.data_version = k->at.changes = 0;
	if (k->pc == NULL || (!(k->shared & ROUTE_FILE) &&
	    store_stamp(req->store, &k->at) == -1)) {
		k->shared = 0;
		return 0;
	}
	if ((e = cache_get(k->pc, req->store, key, req->path,
	    &k->at)) != NULL && cache_send(e, out) == 0) {
		route_hit(req);
		*hit = e;
		return 1;
	}
	/* before rendering: a change meanwhile then only means a render more */
	if (cache_revs(req->store, (k->shared & ROUTE_THREAD) ? req->num[0] : 0,
	    &k->revs) == -1)
		k->revs.thread_id = 0;	/* gone, or unknown: plain validity */
	return 0;
}

static const struct cache_entry *
serve_keep(struct serve_keep *k, struct request *req, struct evbuffer *out)
{
	k->revs.views_thread = req->views_thread;
	k->revs.views = req->views;
	k->revs.changes_at = req->changes_at;
	/* a capsule file: looked at again after a while, whatever the
	 * database does */
	k->revs.file = (k->shared & ROUTE_FILE) != 0;
	if (k->revs.file)
		k->revs.changes_at = req->now + STATIC_FRESH_SECS;
	return cache_put(k->pc, k->key, req->path, &k->at, &k->revs, out);
}

/*
 * A site whose database cannot be used says so (42 and why), while the
 * others serve: 1 when rep holds that answer.
 */
static int
serve_broken(struct request *req, struct reply *rep)
{
	const char *why;

	if (req->store != NULL)
		return 0;
	why = sites_broken(req->site);
	reply_status(rep, GEMINI_CGI_ERROR, "%s is unavailable: %s",
	    req->site->hostname, why != NULL ? why :
	    "its database cannot be opened");
	return 1;
}

/* Route req and reply, from the worker's page cache where it can. */
static void
client_serve_read(struct client *c, struct request *req, struct reply *rep)
{
	struct worker			*w = c->w;
	struct evbuffer			*out = bufferevent_get_output(c->bev);
	const struct cache_entry	*hit;
	struct serve_keep		 k;
	int				 from_fd;

	if (serve_broken(req, rep)) {
		(void)client_reply(c, req, rep);
		return;
	}
	if (serve_lookup(w, c->ops->cache_key, req, out, &k, &hit)) {
		(void)client_sent(c, req, GEMINI_SUCCESS);
		return;
	}
	/* a page to make: its reads in one transaction (client_serve()) */
	store_read_begin(req->store);
	route(req, rep);
	/* a file sent from its descriptor is not in the buffer to copy */
	from_fd = rep->fd != -1;
	if (client_dispatch(c, req, rep) == -1 || !k.shared)
		return;
	/* all of it still waiting in the buffer: keep a copy */
	if (!from_fd && rep->status == GEMINI_SUCCESS && rep->job == NULL &&
	    c->state == CLIENT_REPLYING && evbuffer_get_length(out) == c->bytes)
		(void)serve_keep(&k, req, out);
}

/*
 * client_serve_read(), and the read transaction (store.h) it opens to
 * make a page closed: a cached page needs none, its one check being a
 * statement of its own.
 */
static void
client_serve(struct client *c, struct request *req, struct reply *rep)
{
	struct store *st = req->store;

	client_serve_read(c, req, rep);
	store_read_end(st);
}

/*
 * Reply from the route, or hand its write job to the writer first: the
 * reply then waits for the job to come back (worker_done()).  Returns 0,
 * or -1 when c is gone.
 */
static int
client_dispatch(struct client *c, struct request *req, struct reply *rep)
{
	struct write_job *job = rep->job;

	if (job == NULL)
		return client_reply(c, req, rep);
	job->hand_back = worker_job_back;
	job->owner = c->w;
	job->client = c;
	snprintf(job->path, sizeof(job->path), "%s", req->path);
	c->job = job;
	if (client_state_set(c, CLIENT_WRITING) == -1) {
		write_job_free(job);
		return -1;
	}
	writer_submit(req->site->writer, job);
	return 0;
}

/* On the writer's thread: a job of this worker's is done; wake it. */
static void
worker_job_back(struct write_job *job)
{
	struct worker *w = job->owner;

	pthread_mutex_lock(&w->done_lock);
	TAILQ_INSERT_TAIL(&w->done, job, entry);
	pthread_mutex_unlock(&w->done_lock);
	event_active(w->ev_done, 0, 0);
}

/* The writer has committed (or failed) jobs of ours: answer them. */
static void
worker_done(evutil_socket_t fd, short what, void *arg)
{
	struct worker		*w = arg;
	struct write_jobs	 done;
	struct write_job	*job;
	struct client		*c;
	struct request		 req;
	struct reply		 rep;

	(void)fd;
	(void)what;
	TAILQ_INIT(&done);
	pthread_mutex_lock(&w->done_lock);
	TAILQ_CONCAT(&done, &w->done, entry);
	pthread_mutex_unlock(&w->done_lock);
	while ((job = TAILQ_FIRST(&done)) != NULL) {
		TAILQ_REMOVE(&done, job, entry);
		if ((c = job->client) != NULL) {
			c->job = NULL;
			/* the request again, as far as the reply needs it */
			request_init(c, &req, &rep);
			req.path = job->path;
			job->done(&req, &rep, job);
			(void)client_reply(c, &req, &rep);
		}
		write_job_free(job);
	}
}

/*
 * What a protocol with its own connection handling (proto_ops.attach:
 * HTTP) is lent of the worker: the same limits, serve path and log line
 * as server.c's own connections, through struct proto_host.
 */
static void
host_address(void *arg, const struct sockaddr *sa, char *addr, char *logaddr)
{
	struct worker *w = arg;

	peer_addresses(sa, w->srv->conf->anonymise, addr, logaddr);
}

static int
host_enter(void *arg, const char *addr, int per_address, const char **why)
{
	struct worker *w = arg;

	if (w->draining || w->nclients >= w->max_clients) {
		*why = "--max-clients reached";
		connlimit_refused(*why);
		return -1;
	}
	if (per_address && connlimit_enter(addr,
	    w->srv->conf->max_per_address) == -1) {
		*why = "--max-per-address reached";
		connlimit_refused(*why);
		return -1;
	}
	w->nclients++;
	return 0;
}

static void
host_leave(void *arg, const char *addr, int per_address)
{
	struct worker *w = arg;

	if (per_address)
		connlimit_leave(addr);
	w->nclients--;
}

static int
host_init(void *arg, const struct proto_ops *ops, struct request *req,
    struct reply *rep, const char *host, const char *addr,
    const char *logaddr)
{
	const struct site *site = sites_default();

	/* several sites: the one the Host names (none named: the first) */
	if (sites_multi() && host != NULL &&
	    (site = sites_by_host(host)) == NULL)
		return -1;
	request_begin(arg, ops, site, req, rep, addr, logaddr);
	return 0;
}

/*
 * The serve path of client_serve() without a connection of server.c's:
 * the reply is rendered into out at once.  Such a protocol is read-only
 * (it has no member), so a route that wants a write job is a bug.
 */
static void
host_serve_read(void *arg, const struct proto_ops *ops, struct request *req,
    struct reply *rep, struct evbuffer *out, struct proto_served *sv)
{
	struct worker			*w = arg;
	const struct cache_entry	*e = NULL;
	struct serve_keep		 k;
	int				 from_fd;

	memset(sv, 0, sizeof(*sv));
	k.shared = 0;
	if (serve_broken(req, rep))
		goto send;
	if (serve_lookup(w, ops->cache_key, req, out, &k, &e)) {
		sv->status = GEMINI_SUCCESS;
		sv->file = e->revs.file;
		sv->hash = e->blob->hash;
		sv->made = e->blob->made;
		return;
	}
	store_read_begin(req->store);
	route(req, rep);
	if (rep->job != NULL) {
		log_warnx("bug: %s asks %s for a write", req->path, ops->name);
		write_job_free(rep->job);
		rep->job = NULL;
		reply_status(rep, GEMINI_CERT_REQUIRED, "Open this in a "
		    "Gemini app");
	}
send:
	reply_check(req, rep);
	from_fd = rep->fd != -1;
	ops->send(req, rep, out);
	if (rep->fd != -1) {
		close(rep->fd);
		rep->fd = -1;
	}
	sv->status = rep->status;
	sv->file = from_fd || rep->file;
	if (k.shared && !from_fd && rep->status == GEMINI_SUCCESS &&
	    (e = serve_keep(&k, req, out)) != NULL) {
		sv->hash = e->blob->hash;
		sv->made = e->blob->made;
	}
}

/* host_serve_read(), and the read transaction it may open closed. */
static void
host_serve(void *arg, const struct proto_ops *ops, struct request *req,
    struct reply *rep, struct evbuffer *out, struct proto_served *sv)
{
	host_serve_read(arg, ops, req, rep, out, sv);
	store_read_end(req->store);
}

static void
host_log(const struct proto_ops *ops, const struct request *req,
    const char *logaddr, int status, size_t bytes,
    const struct timespec *start)
{
	char logpath[LOG_PATH_MAX];

	log_safe_copy(logpath, sizeof(logpath), req != NULL &&
	    req->path != NULL ? req->path : "-");
	log_mask_path(logpath, sizeof(logpath));
	request_log(ops, req != NULL ? req->site : NULL, logaddr, logpath,
	    status, bytes, start);
}

static void
worker_host(struct worker *w)
{
	struct proto_host *h = &w->host;

	h->base = w->base;
	h->worker = w;
	h->request_timeout = w->srv->conf->request_timeout;
	h->reply_timeout = w->srv->conf->reply_timeout;
	h->trust = w->srv->conf->trust;
	h->ntrust = w->srv->conf->ntrust;
	h->address = host_address;
	h->enter = host_enter;
	h->leave = host_leave;
	h->init = host_init;
	h->serve = host_serve;
	h->log = host_log;
}

/* Let go of the listeners: server.c's own, and the attached protocols'. */
static void
worker_unlisten(struct worker *w)
{
	struct worker_listener	*wl;
	int			 i;

	for (i = 0; i < LISTEN_MAX; i++) {
		wl = &w->listeners[i];
		if (wl->evl != NULL)
			evconnlistener_free(wl->evl);
		if (wl->attached != NULL)
			wl->ops->detach(wl->attached);
		wl->evl = NULL;
		wl->attached = NULL;
	}
}

/*
 * A TLS connection turns reading and writing on and off a dozen times
 * per request; libevent's changelist folds those into one epoll_ctl per
 * descriptor per loop.  Its caveat (descriptors made with dup()) must
 * keep not applying: a socket is never dup()ed, and a lingering close
 * goes on with the very descriptor the bufferevent used (client_close).
 */
static struct event_base *
worker_base_new(void)
{
	struct event_config	*cfg;
	struct event_base	*base;

	if ((cfg = event_config_new()) == NULL)
		return NULL;
	event_config_set_flag(cfg, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
	base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	return base;
}

/* A connection through HAProxy: its PROXY header has named the reader. */
static void
worker_proxied(void *arg, int fd, struct sockaddr *sa)
{
	struct worker_listener *wl = arg;

	client_new(wl->w, wl->ops, fd, sa);
}

static void
worker_accept(struct evconnlistener *evl, evutil_socket_t fd,
    struct sockaddr *sa, int socklen, void *arg)
{
	struct worker_listener *wl = arg;

	(void)evl;
	(void)socklen;
	/* --proxy-from: the header first, before TLS or a selector */
	if (proxy_from_match(sa)) {
		(void)proxy_accept(wl->w->base, fd, sa,
		    wl->w->srv->conf->request_timeout, worker_proxied, wl);
		return;
	}
	client_new(wl->w, wl->ops, fd, sa);
}

/* Stop accepting, drop idle connections, let replies in flight finish. */
static void
worker_drain(evutil_socket_t fd, short what, void *arg)
{
	struct worker	*w = arg;
	struct client	*c, *next;
	struct timeval	 grace = { SHUTDOWN_GRACE, 0 };

	(void)fd;
	(void)what;
	w->draining = 1;
	/* an attached protocol's replies are written as they are made:
	 * what it holds now is idle or being written, and goes */
	worker_unlisten(w);
	for (c = TAILQ_FIRST(&w->clients); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (c->state == CLIENT_HANDSHAKE || c->state == CLIENT_REQUEST)
			client_close(c);
	}
	if (w->nclients == 0)
		event_base_loopexit(w->base, NULL);
	else
		event_base_loopexit(w->base, &grace);
}

static void *
worker_main(void *arg)
{
	struct worker	*w = arg;
	struct client	*c;

	event_base_dispatch(w->base);
	while ((c = TAILQ_FIRST(&w->clients)) != NULL)
		client_close(c);
	while (!LIST_EMPTY(&w->lingering))
		linger_free(LIST_FIRST(&w->lingering));
	return NULL;
}

static int
worker_init(struct server *srv, struct worker *w, int id)
{
	struct config	*conf = srv->conf;
	int		 i;

	w->id = id;
	w->srv = srv;
	/* the kernel spreads connections evenly over SO_REUSEPORT sockets */
	w->max_clients = conf->max_clients / conf->workers;
	if (w->max_clients < 1)
		w->max_clients = 1;
	TAILQ_INIT(&w->clients);
	LIST_INIT(&w->lingering);
	TAILQ_INIT(&w->done);
	pthread_mutex_init(&w->done_lock, NULL);
	page_init(&w->page);
	if ((w->base = worker_base_new()) == NULL)
		return -1;
	/* one site: its store now, while the start-up one keeps -wal open */
	if ((w->local = sites_local_new()) == NULL ||
	    (!sites_multi() && sites_store(w->local, sites_default()) == NULL))
		return -1;
	worker_host(w);
	for (i = 0; i < conf->nlistens; i++) {
		struct worker_listener *wl = &w->listeners[i];

		wl->w = w;
		wl->ops = proto_get(conf->listens[i].proto);
		/* a protocol with its own connection handling takes it */
		if (wl->ops->attach != NULL) {
			if ((wl->attached = wl->ops->attach(&w->host,
			    conf->listens[i].fds[id])) == NULL)
				return -1;
			continue;
		}
		wl->evl = evconnlistener_new(w->base, worker_accept, wl,
		    LEV_OPT_CLOSE_ON_FREE, -1, conf->listens[i].fds[id]);
		if (wl->evl == NULL)
			return -1;
	}
	w->ev_stop = event_new(w->base, -1, 0, worker_drain, w);
	w->ev_done = event_new(w->base, -1, 0, worker_done, w);
	return w->ev_stop && w->ev_done ? 0 : -1;
}

static void
worker_free(struct worker *w)
{
	struct write_job	*job;

	worker_unlisten(w);
	if (w->ev_stop)
		event_free(w->ev_stop);
	if (w->ev_done)
		event_free(w->ev_done);
	/* answers that came too late to be given */
	while ((job = TAILQ_FIRST(&w->done)) != NULL) {
		TAILQ_REMOVE(&w->done, job, entry);
		write_job_free(job);
	}
	sites_local_free(w->local);	/* logs each page cache's use */
	page_free(&w->page);
	if (w->base)
		event_base_free(w->base);
}

/* Parse "1.2.3.4:70", "[::1]:1965" or "*:1965" into spec. */
static int
listen_parse(const char *text, struct listen_spec *spec)
{
	char			 host[ADDR_STR_MAX];
	const char		*colon;
	char			*end;
	long			 port;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&spec->ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)&spec->ss;
	size_t			 len = strlen(text);

	/* spec->text is as long as host: one check covers both copies */
	if (len >= sizeof(host) || len >= sizeof(spec->text))
		return -1;
	memcpy(spec->text, text, len + 1);
	if ((colon = strrchr(text, ':')) == NULL)
		return -1;
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno || port < 0 ||
	    port > 65535)
		return -1;
	memcpy(host, text, colon - text);
	host[colon - text] = '\0';
	memset(&spec->ss, 0, sizeof(spec->ss));
	spec->port = port;
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		host[strlen(host) - 1] = '\0';
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, host + 1, &sin6->sin6_addr) != 1)
			return -1;
		spec->sslen = sizeof(*sin6);
		return 0;
	}
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	spec->sslen = sizeof(*sin);
	if (strcmp(host, "*") == 0 || host[0] == '\0') {
		sin->sin_addr.s_addr = htonl(INADDR_ANY);
		return 0;
	}
	return inet_pton(AF_INET, host, &sin->sin_addr) == 1 ? 0 : -1;
}

int
server_add_listen(struct config *conf, enum proto proto, const char *text)
{
	struct listen_spec *spec;

	if (conf->nlistens == LISTEN_MAX)
		return -1;
	spec = &conf->listens[conf->nlistens];
	spec->proto = proto;
	if (listen_parse(text, spec) == -1)
		return -1;
	conf->nlistens++;
	return 0;
}

/*
 * SO_REUSEPORT would let a second mootd (same user) share the port with
 * the first, each getting half the connections: a plain bind first says
 * whether anyone is listening there already.
 */
static int
listen_probe(struct listen_spec *spec)
{
	int fd, on = 1, rc;

	if ((fd = socket(spec->ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC,
	    0)) == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (spec->ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	rc = bind(fd, (struct sockaddr *)&spec->ss, spec->sslen);
	if (rc == -1)
		log_warn("%s is taken (another server, or another mootd?)",
		    spec->text);
	close(fd);
	return rc;
}

/*
 * Bind every listening socket, one per worker per address, before any
 * privileges are dropped.
 */
int
server_listen(struct config *conf)
{
	struct listen_spec	*spec;
	int			 i, k, fd, on = 1;

	for (i = 0; i < conf->nlistens; i++) {
		spec = &conf->listens[i];
		if (spec->port != 0 && listen_probe(spec) == -1)
			return -1;
		for (k = 0; k < conf->workers; k++) {
			fd = socket(spec->ss.ss_family,
			    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
			if (fd == -1)
				return -1;
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on,
			    sizeof(on));
			setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on,
			    sizeof(on));
			if (spec->ss.ss_family == AF_INET6)
				setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
				    sizeof(on));
			if (bind(fd, (struct sockaddr *)&spec->ss,
			    spec->sslen) == -1 ||
			    listen(fd, LISTEN_BACKLOG) == -1) {
				log_warn("listen on %s", spec->text);
				close(fd);
				return -1;
			}
			/* port 0: every worker must share the kernel's pick */
			if (spec->port == 0) {
				socklen_t len = spec->sslen;

				getsockname(fd, (struct sockaddr *)&spec->ss,
				    &len);
				spec->port = ntohs(((struct sockaddr_in *)
				    &spec->ss)->sin_port);
			}
			spec->fds[k] = fd;
		}
	}
	return 0;
}

static struct worker	*workers;
static struct server	*the_server;

/*
 * SIGHUP: load the certificate and key again (a renewed certificate).
 * Connections under way keep the context they began with (SSL objects
 * hold a reference); settings live in the database and need no reload.
 */
static void
server_reload(struct server *srv)
{
	struct config	*conf = srv->conf;
	SSL_CTX		*ctx, *old;

	if (sites_multi()) {
		sites_rescan();
		return;
	}
	if ((ctx = tls_ctx_new(conf->cert_file, conf->key_file,
	    conf->hostname)) == NULL) {
		log_warnx("SIGHUP: keeping the old certificate");
		return;
	}
	pthread_mutex_lock(&srv->ssl_lock);
	old = srv->ssl_ctx;
	srv->ssl_ctx = ctx;
	pthread_mutex_unlock(&srv->ssl_lock);
	SSL_CTX_free(old);
	log_info("SIGHUP: reloaded %s", conf->cert_file);
}

static void
server_signal(evutil_socket_t sig, short what, void *arg)
{
	struct event_base	*base = arg;
	int			 i;

	(void)what;
	if (sig == SIGHUP) {
		server_reload(the_server);
		return;
	}
	log_info("signal %d: finishing requests in flight", (int)sig);
	the_server->stopping = 1;
	for (i = 0; i < the_server->conf->workers; i++)
		event_active(workers[i].ev_stop, 0, 0);
	event_base_loopexit(base, NULL);
}

/*
 * Run the workers until SIGTERM or SIGINT.  The calling thread keeps the
 * signals; the workers do all network work, the writer thread the
 * background writes (view counts, checkpoints).
 */
int
server_run(struct server *srv)
{
	struct config		*conf = srv->conf;
	struct event_base	*base;
	struct event		*ev_term, *ev_int, *ev_hup;
	sigset_t		 set, old;
	int			 i, rc = 0;

	the_server = srv;
	/* client_read()'s line buffer is made for the longest of them */
	for (i = 0; i < conf->nlistens; i++)
		if (proto_get(conf->listens[i].proto) == NULL ||
		    proto_get(conf->listens[i].proto)->line_max >
		    PROTO_LINE_MAX)
			fatalx("bug: protocol %d has no entry, or too long a "
			    "line", (int)conf->listens[i].proto);
	if (evthread_use_pthreads() == -1)
		fatalx("libevent threads");
	if ((base = event_base_new()) == NULL)
		fatalx("event_base_new");
	if ((workers = calloc(conf->workers, sizeof(*workers))) == NULL)
		fatal("workers");
	for (i = 0; i < conf->workers; i++)
		if (worker_init(srv, &workers[i], i) == -1)
			fatalx("worker %d: cannot start", i);
	if (sites_start() == -1)
		fatalx("cannot start the writer");
	store_close(srv->boot_store);
	srv->boot_store = NULL;

	/* workers never see signals; this thread handles them */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	for (i = 0; i < conf->workers; i++)
		if (pthread_create(&workers[i].thread, NULL, worker_main,
		    &workers[i]) != 0)
			fatalx("cannot start worker thread %d", i);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	signal(SIGPIPE, SIG_IGN);

	ev_term = evsignal_new(base, SIGTERM, server_signal, base);
	ev_int = evsignal_new(base, SIGINT, server_signal, base);
	ev_hup = evsignal_new(base, SIGHUP, server_signal, base);
	evsignal_add(ev_term, NULL);
	evsignal_add(ev_int, NULL);
	evsignal_add(ev_hup, NULL);

	log_info("serving %s on %d worker%s", sites_multi() ? sites_dir() :
	    conf->db_path, conf->workers, conf->workers == 1 ? "" : "s");
	event_base_dispatch(base);

	for (i = 0; i < conf->workers; i++)
		pthread_join(workers[i].thread, NULL);
	connlimit_report();
	if (sites_stop() != 0)
		rc = 1;
	for (i = 0; i < conf->workers; i++)
		worker_free(&workers[i]);
	free(workers);
	event_free(ev_term);
	event_free(ev_int);
	event_free(ev_hup);
	event_base_free(base);
	log_info("stopped");
	return rc;
}

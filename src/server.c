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

#include "connlimit.h"
#include "db.h"
#include "intent.h"
#include "log.h"
#include "reply.h"
#include "server.h"

/* Read no more than this much ahead of what we have parsed. */
#define READ_HIGH_WATERMARK	(16 * 1024)
#define WRITE_MAX_SINGLE	(256 * 1024)	/* bytes per write call */
#define LISTEN_BACKLOG		1024

static void	client_read(struct bufferevent *, void *);
static void	client_write(struct bufferevent *, void *);
static void	client_event(struct bufferevent *, short, void *);
static void	client_timeout(evutil_socket_t, short, void *);
static void	client_sent(struct client *, struct request *, int);

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

static const char *
proto_name(enum proto p)
{
	switch (p) {
	case PROTO_GEMINI:
		return "gemini";
	case PROTO_TITAN:
		return "titan";
	case PROTO_GOPHER:
		return "gopher";
	}
	return "?";
}

static void
client_set_timer(struct client *c, int seconds)
{
	struct timeval tv = { seconds, 0 };

	evtimer_add(c->timer, &tv);
}

/*
 * The address the limits count (connlimit_key: an IPv6 /64 is one), and
 * the address as the log shows it: whole, or with the host part cleared
 * (IPv4 /24, IPv6 /48) when the operator asked for anonymised logs.
 */
static void
client_addresses(struct client *c, struct sockaddr *sa, int anonymise)
{
	struct sockaddr_in6	 sin6;
	struct sockaddr_in	 sin;

	/* what the per-address limits count: an IPv6 /64 as one */
	connlimit_key(sa, c->addr, sizeof(c->addr));
	if (sa->sa_family == AF_INET6) {
		sin6 = *(struct sockaddr_in6 *)sa;
		if (anonymise)
			memset(sin6.sin6_addr.s6_addr + 6, 0, 10);
		inet_ntop(AF_INET6, &sin6.sin6_addr, c->logaddr,
		    sizeof(c->logaddr));
	} else {
		sin = *(struct sockaddr_in *)sa;
		if (anonymise)
			sin.sin_addr.s_addr &= htonl(0xffffff00);
		inet_ntop(AF_INET, &sin.sin_addr, c->logaddr,
		    sizeof(c->logaddr));
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

/* Answer 44 to a connection over a limit, without reading a request. */
static void
client_refuse(struct client *c)
{
	struct request	req;
	struct reply	rep;

	memset(&req, 0, sizeof(req));
	memset(&rep, 0, sizeof(rep));
	rep.fd = -1;
	req.site = &c->w->srv->site;
	req.store = c->w->store;
	req.page = &c->w->page;
	req.proto = c->proto;
	reply_status(&rep, GEMINI_SLOW_DOWN, "%d", SLOW_DOWN_SECONDS);
	client_reply(c, &req, &rep);
}

static void
client_new(struct worker *w, enum proto proto, evutil_socket_t fd,
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
	c->proto = proto;
	c->fd = fd;
	clock_gettime(CLOCK_MONOTONIC, &c->start);
	client_addresses(c, sa, w->srv->conf->anonymise);
	if (client_limits(w, c) == -1) {
		if (c->counted)
			connlimit_leave(c->addr);
		evutil_closesocket(fd);
		free(c);
		return;
	}

	if (proto == PROTO_GEMINI) {
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
	/* Gopher has no handshake to wait for */
	if (c->refuse && proto == PROTO_GOPHER)
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

/*
 * The only teardown path.  Logs the request, sends a TLS close_notify
 * where a handshake was completed (libevent does not), frees everything.
 */
void
client_close(struct client *c)
{
	struct worker	*w = c->w;
	struct timespec	 now;
	long		 us;
	int		 unread = 0, linger;

	if (c->state == CLIENT_CLOSED)
		return;
	if (c->status != 0) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		us = (now.tv_sec - c->start.tv_sec) * 1000000 +
		    (now.tv_nsec - c->start.tv_nsec) / 1000;
		log_info("%s %s %s %d %zu %ldus", proto_name(c->proto),
		    c->logaddr, c->logpath, c->status, c->bytes, us);
	}
	if (c->ssl != NULL && c->state != CLIENT_HANDSHAKE) {
		/* best effort: a client that is gone gets nothing */
		SSL_set_shutdown(c->ssl, SSL_RECEIVED_SHUTDOWN);
		(void)SSL_shutdown(c->ssl);
		ERR_clear_error();
	}
	linger = c->linger || (ioctl(c->fd, FIONREAD, &unread) == 0 &&
	    unread > 0) || evbuffer_get_length(bufferevent_get_input(c->bev));
	if (c->job != NULL)
		c->job->c = NULL;	/* the write goes on; nobody to tell */
	c->state = CLIENT_CLOSED;
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

static void
client_read(struct bufferevent *bev, void *arg)
{
	struct client		*c = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	struct evbuffer_ptr	 eol;
	size_t			 eol_len, len, max, need;
	char			 line[GOPHER_LINE_MAX + GEMINI_URL_MAX + 2];
	char			*body;

	switch (c->state) {
	case CLIENT_REQUEST:
		/* Gemini wants CRLF exactly; Gopher tolerates a bare LF */
		max = c->proto == PROTO_GOPHER ? GOPHER_LINE_MAX :
		    GEMINI_URL_MAX;
		eol = evbuffer_search_eol(in, NULL, &eol_len,
		    c->proto == PROTO_GOPHER ? EVBUFFER_EOL_CRLF :
		    EVBUFFER_EOL_CRLF_STRICT);
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
		if (c->proto == PROTO_GOPHER)
			gopher_request(c, c->w, line, len);
		else
			gemini_request(c, c->w, line, len);
		break;
	case CLIENT_BODY:
		need = gemini_body_needed(c->upload);
		if (evbuffer_get_length(in) < need)
			return;
		if ((body = malloc(need + 1)) == NULL) {
			log_warn("titan body");
			client_close(c);
			return;
		}
		evbuffer_remove(in, body, need);
		body[need] = '\0';
		gemini_body(c, c->w, body);
		free(body);
		break;
	default:
		/* anything after the request is ignored */
		evbuffer_drain(in, evbuffer_get_length(in));
		break;
	}
}

void
client_expect_body(struct client *c, struct titan_upload *up)
{
	c->upload = up;
	c->state = CLIENT_BODY;
	c->proto = PROTO_TITAN;
	/* the upload gets a request timeout of its own */
	client_set_timer(c, c->w->srv->conf->request_timeout);
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
		c->state = CLIENT_REQUEST;
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

/* The one way a reply leaves: checked, rendered, logged at close. */
void
client_reply(struct client *c, struct request *req, struct reply *rep)
{
	size_t		 metalen = strlen(rep->meta);
	int		 from_file;

	/* a redirect to "//x" would send the client to host x */
	if (rep->status < GEMINI_INPUT || rep->status > GEMINI_CERT_NOT_VALID ||
	    metalen > GEMINI_META_MAX || strpbrk(rep->meta, "\r\n") ||
	    (rep->status / 10 == 3 && strncmp(rep->meta, "//", 2) == 0)) {
		log_warnx("bug: bad reply %d for %s", rep->status,
		    req->path ? req->path : "?");
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Internal error");
	}
	from_file = rep->fd != -1;
	if (c->proto == PROTO_GOPHER)
		gopher_send(c, req, rep);
	else
		gemini_send(c, req, rep);
	/*
	 * A connection's output holds this one reply and nothing more, and
	 * the renderers and feeds keep it to REPLY_MAX (render.h), so slow
	 * readers hold REPLY_MAX each at most (a cached page, once for all
	 * of them).  Files are the operator's, sent from the file.
	 */
	if (!from_file && evbuffer_get_length(bufferevent_get_output(c->bev)) >
	    REPLY_MAX)
		log_warnx("bug: a reply of %zu bytes for %s",
		    evbuffer_get_length(bufferevent_get_output(c->bev)),
		    req->path ? req->path : "?");
	if (rep->fd != -1) {
		close(rep->fd);
		rep->fd = -1;
	}
	client_sent(c, req, rep->status);
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

/* The tail of every reply: the state, the log line's facts, the timer. */
static void
client_sent(struct client *c, struct request *req, int status)
{
	struct evbuffer *out = bufferevent_get_output(c->bev);

	c->status = status;
	c->bytes = evbuffer_get_length(out);
	log_safe_copy(c->logpath, sizeof(c->logpath),
	    req->path ? req->path : "-");
	log_mask_path(c->logpath, sizeof(c->logpath));
	c->state = CLIENT_REPLYING;
	bufferevent_disable(c->bev, EV_READ);
	bufferevent_enable(c->bev, EV_WRITE);
	client_set_timer(c, c->w->srv->conf->reply_timeout);
	if (evbuffer_get_length(out) == 0)
		client_close(c);
}

void
client_serve(struct client *c, struct request *req, struct reply *rep)
{
	struct worker			*w = c->w;
	struct evbuffer			*out = bufferevent_get_output(c->bev);
	const struct cache_entry	*e;
	struct cache_state		 cs;
	struct cache_revs		 revs;
	char				 proto = c->proto == PROTO_GOPHER ?
	    'g' : 'G';
	int				 shared = route_shared(req);

	if (!shared || cache_state(w->store, &cs) == -1) {
		route(req, rep);
		client_dispatch(c, req, rep);
		return;
	}
	if ((e = cache_get(&w->cache, w->store, proto, req->path,
	    &cs)) != NULL) {
		if (cache_send(e, out) == 0) {
			route_hit(req);
			client_sent(c, req, GEMINI_SUCCESS);
			return;
		}
	}
	/* before rendering: a change meanwhile then only means a render more */
	if (cache_revs(w->store, (shared & ROUTE_THREAD) ? req->num[0] : 0,
	    &revs) == -1)
		revs.thread_id = 0;	/* gone, or unknown: plain validity */
	route(req, rep);
	client_dispatch(c, req, rep);
	revs.views_thread = req->views_thread;
	revs.views = req->views;
	/* all of it still waiting in the buffer: keep a copy */
	if (rep->status == GEMINI_SUCCESS && rep->job == NULL &&
	    c->state == CLIENT_REPLYING && evbuffer_get_length(out) == c->bytes)
		cache_put(&w->cache, proto, req->path, &cs, &revs, out);
}

void
client_dispatch(struct client *c, struct request *req, struct reply *rep)
{
	struct write_job *job = rep->job;

	if (job == NULL) {
		client_reply(c, req, rep);
		return;
	}
	job->c = c;
	job->w = c->w;
	snprintf(job->path, sizeof(job->path), "%s", req->path);
	c->job = job;
	c->state = CLIENT_WRITING;
	bufferevent_disable(c->bev, EV_READ);
	client_set_timer(c, c->w->srv->conf->reply_timeout);
	writer_submit(job);
}

/* The writer has committed (or failed) jobs of ours: answer them. */
static void
worker_done(evutil_socket_t fd, short what, void *arg)
{
	struct worker		*w = arg;
	struct write_jobs	 done;
	struct write_job	*job;

	(void)fd;
	(void)what;
	TAILQ_INIT(&done);
	pthread_mutex_lock(&w->done_lock);
	TAILQ_CONCAT(&done, &w->done, entry);
	pthread_mutex_unlock(&w->done_lock);
	while ((job = TAILQ_FIRST(&done)) != NULL) {
		TAILQ_REMOVE(&done, job, entry);
		if (job->c != NULL) {
			job->c->job = NULL;
			job->done(job->c, job);
		}
		write_job_free(job);
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

static void
worker_accept(struct evconnlistener *evl, evutil_socket_t fd,
    struct sockaddr *sa, int socklen, void *arg)
{
	struct worker_listener *wl = arg;

	(void)evl;
	(void)socklen;
	client_new(wl->w, wl->proto, fd, sa);
}

/* Stop accepting, drop idle connections, let replies in flight finish. */
static void
worker_drain(evutil_socket_t fd, short what, void *arg)
{
	struct worker	*w = arg;
	struct client	*c, *next;
	struct timeval	 grace = { SHUTDOWN_GRACE, 0 };
	int		 i;

	(void)fd;
	(void)what;
	w->draining = 1;
	for (i = 0; i < LISTEN_MAX; i++)
		if (w->listeners[i].evl != NULL) {
			evconnlistener_free(w->listeners[i].evl);
			w->listeners[i].evl = NULL;
		}
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
	if ((w->store = store_open(conf->db_path, STORE_SERVER)) == NULL)
		return -1;
	for (i = 0; i < conf->nlistens; i++) {
		w->listeners[i].w = w;
		w->listeners[i].proto = conf->listens[i].proto;
		w->listeners[i].evl = evconnlistener_new(w->base,
		    worker_accept, &w->listeners[i], LEV_OPT_CLOSE_ON_FREE, -1,
		    conf->listens[i].fds[id]);
		if (w->listeners[i].evl == NULL)
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
	int			 i;

	for (i = 0; i < LISTEN_MAX; i++)
		if (w->listeners[i].evl != NULL)
			evconnlistener_free(w->listeners[i].evl);
	if (w->ev_stop)
		event_free(w->ev_stop);
	if (w->ev_done)
		event_free(w->ev_done);
	/* answers that came too late to be given */
	while ((job = TAILQ_FIRST(&w->done)) != NULL) {
		TAILQ_REMOVE(&w->done, job, entry);
		write_job_free(job);
	}
	store_close(w->store);
	page_free(&w->page);
	log_debug("worker %d page cache: %llu hits (%llu of them after a change "
	    "elsewhere), %llu misses", w->id, (unsigned long long)w->cache.hits,
	    (unsigned long long)w->cache.renewed,
	    (unsigned long long)w->cache.misses);
	cache_free(&w->cache);
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

	if (strlen(text) >= sizeof(host))
		return -1;
	snprintf(spec->text, sizeof(spec->text), "%s", text);
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
	if (evthread_use_pthreads() == -1)
		fatalx("libevent threads");
	if ((base = event_base_new()) == NULL)
		fatalx("event_base_new");
	if ((workers = calloc(conf->workers, sizeof(*workers))) == NULL)
		fatal("workers");
	for (i = 0; i < conf->workers; i++)
		if (worker_init(srv, &workers[i], i) == -1)
			fatalx("worker %d: cannot start", i);
	if (writer_start(conf->db_path) == -1)
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

	log_info("serving %s on %d worker%s", conf->db_path, conf->workers,
	    conf->workers == 1 ? "" : "s");
	event_base_dispatch(base);

	for (i = 0; i < conf->workers; i++)
		pthread_join(workers[i].thread, NULL);
	connlimit_report();
	if (writer_stop() != 0)
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

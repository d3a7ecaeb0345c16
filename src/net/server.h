/*
 * server.h: the server's shared types, grouped by the file that owns them.
 *
 * A request reads top to bottom:
 *   server.c (accept, TLS, read the request line, timers) -> the
 *   protocol's entry in protocols.c: gemini.c | gopher.c parse() (bytes to
 *   a struct request) -> server.c client_serve() (page cache) ->
 *   router.c -> handlers/ (query store/, build a page) -> the entry's
 *   send() (gemtext.c | gophermap.c: a struct reply to bytes) -> server.c
 *   (write, close).
 * HTTP (http.c) brings its own connections (evhttp, the entry's attach())
 * and joins at host_serve(), server.c's serve path lent through struct
 * proto_host: page cache -> router.c -> handlers/ -> send() (html.c).
 */
#ifndef MOOT_SERVER_H
#define MOOT_SERVER_H

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include <openssl/ssl.h>

#include "render/page.h"
#include "proto/proto.h"
#include "core/request.h"
#include "handlers/router.h"
#include "net/cache.h"
#include "core/intent.h"
#include "render/render.h"
#include "core/site.h"
#include "store/writer.h"

struct bufferevent;
struct event;
struct event_base;
struct evconnlistener;
struct member;
struct site_local;
struct store;

/* Limits and their defaults; each can be changed with a flag. */
#define LISTEN_MAX			16
#define WORKERS_MAX			64
#define DEFAULT_REQUEST_TIMEOUT		10	/* s: connect to request line */
#define DEFAULT_REPLY_TIMEOUT		60	/* s: to write a reply */
#define DEFAULT_MAX_CLIENTS		10000	/* connections, all workers */
#define DEFAULT_MAX_PER_ADDRESS		64	/* connections from one address */
#define REFUSING_MAX			256	/* refusals in progress, a worker */
#define SHUTDOWN_GRACE			10	/* s to finish in-flight work */
#define DEFAULT_TITAN_MAX		(16 * 1024)	/* bytes per upload */
#define ADDR_STR_MAX			64	/* "[v6]:port" */

/* mootd.c: what the flags say. */
struct listen_spec {
	enum proto		 proto;		/* PROTO_GEMINI or GOPHER */
	char			 text[ADDR_STR_MAX];
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	int			 port;
	int			 fds[WORKERS_MAX];	/* one per worker */
};

struct config {
	const char		*db_path;
	const char		*hostname;
	const char		*cert_file;
	const char		*key_file;
	const char		*capsule;
	int			 workers;
	int			 request_timeout;
	int			 reply_timeout;
	int			 max_clients;
	int			 max_per_address;
	int			 anonymise;	/* log addresses as /24 and /48 */
	struct cidr		 trust[CIDR_MAX];	/* --trust-proxy */
	int			 ntrust;
	size_t			 titan_max;	/* bytes per upload */
	struct listen_spec	 listens[LISTEN_MAX];
	int			 nlistens;
};

/* server.c: state shared by all workers (read-only once running). */
struct server {
	struct config		*conf;
	SSL_CTX			*ssl_ctx;	/* under ssl_lock: SIGHUP swaps it */
	pthread_mutex_t		 ssl_lock;
	struct site		 site;		/* the community served */
	volatile int		 stopping;
	/*
	 * The connection that migrated the database at start.  One must
	 * stay open so that SQLite's -wal and -shm files outlive the loss
	 * of root; server_run() closes this one once its own are open.
	 */
	struct store		*boot_store;
};

/*
 * server.c: one connection, from accept to close.  The moves between
 * the states are one table in server.c (client_states[]), and one
 * function makes them (client_state_set()).
 */
enum client_state {
	CLIENT_HANDSHAKE,	/* TLS handshake under way */
	CLIENT_REQUEST,		/* waiting for the request line */
	CLIENT_BODY,		/* Titan: waiting for the upload's bytes */
	CLIENT_WRITING,		/* a write job is with the writer thread */
	CLIENT_REPLYING,	/* reply queued, waiting for it to drain */
	CLIENT_CLOSED,
};
#define CLIENT_STATES	(CLIENT_CLOSED + 1)

#define LOG_PATH_MAX	128	/* how much of a path the log line keeps */

struct client {
	TAILQ_ENTRY(client)	 entry;
	struct worker		*w;
	const struct proto_ops	*ops;	/* the protocol it speaks */
	enum client_state	 state;
	int			 fd;	/* ours, as is ssl: bev borrows */
	struct bufferevent	*bev;
	SSL			*ssl;
	struct event		*timer;
	struct timespec		 start;
	char			 addr[ADDR_STR_MAX];
	void			*upload;	/* ops->parse()'s, for body() */
	size_t			 body_len;	/* CLIENT_BODY: bytes to come */
	struct write_job	*job;		/* CLIENT_WRITING only */
	int			 refuse;	/* over a limit: answer 44 */
	int			 counted;	/* holds a connlimit slot */
	const struct site	*site;		/* its community (sites.h) */
	char			 logaddr[ADDR_STR_MAX];
	int			 status;	/* of the reply, for the log */
	size_t			 bytes;
	char			 logpath[LOG_PATH_MAX];
};
TAILQ_HEAD(client_list, client);
struct lingerer;
LIST_HEAD(lingerer_list, lingerer);

/* server.c: one event loop per thread, with its own database handle. */
struct worker;
struct worker_listener {
	struct worker		*w;
	const struct proto_ops	*ops;
	struct evconnlistener	*evl;
	void			*attached;	/* ops->attach()'s instead */
};

struct worker {
	int			 id;
	pthread_t		 thread;
	struct server		*srv;
	struct event_base	*base;
	struct site_local	*local;		/* stores, caches: sites.h */
	struct worker_listener	 listeners[LISTEN_MAX];
	struct proto_host	 host;		/* lent to attach() */
	struct event		*ev_stop;
	struct event		*ev_grace;
	struct client_list	 clients;
	struct lingerer_list	 lingering;	/* closed, draining input */
	int			 nclients;	/* refusing ones included */
	int			 nrefusing;
	int			 max_clients;
	int			 draining;
	struct page		 page;		/* reused by every request */
	/* write jobs the writer has finished, for this worker to answer */
	pthread_mutex_t		 done_lock;
	struct write_jobs	 done;
	struct event		*ev_done;
};

/* server.c */
int	 server_add_listen(struct config *, enum proto, const char *);
int	 server_listen(struct config *);
int	 server_run(struct server *);

/* tls.c */
int	 tls_ensure_cert(const char *cert, const char *key,
	    const char *hostname);
SSL_CTX	*tls_ctx_new(const char *cert, const char *key, const char *hostname);
int	 tls_identity(SSL *, struct identity *);

#endif

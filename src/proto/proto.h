/*
 * proto.h: a protocol as an entry in a table (struct proto_ops), and what
 * a front-end is given and answers.  The words the protocols share with
 * the rest of moot (statuses, item types, limits) are in core/wire.h.
 */
#ifndef MOOT_PROTO_H
#define MOOT_PROTO_H

#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/cidr.h"
#include "core/wire.h"


/*
 * The protocols as server.c sees them: each one an entry in a table
 * (protocols.c), so that the loop that reads a request, serves it and
 * writes the reply never asks which protocol it is talking.  A front-end
 * (gemini.c, gopher.c) is pure: bytes in, a struct request (or the reply
 * that refuses it) out; a struct reply in, bytes out.  It never sees the
 * connection, only what server.c tells it of it (struct proto_conn).
 *
 * Adding a protocol is a new front-end file, a value here and its entry
 * in protocols.c.  One that brings its own connection handling (HTTP
 * through libevent's evhttp, http.c) has attach(): it takes each
 * worker's listening socket instead of server.c's accept and read loop,
 * and reaches back into server.c only through struct proto_host (the
 * limits, the one serve path with its page cache, the log line), so
 * that server.c never asks which protocol it is talking either.
 */
struct evbuffer;
struct event_base;
struct identity;
struct reply;
struct request;


/* What a front-end may know of its connection; server.c fills it. */
struct proto_conn {
	const char		*addr;		/* as the limits count it */
	const char		*logaddr;	/* as the log shows it */
	const char		*servername;	/* TLS SNI; NULL: none */
	const struct identity	*ident;		/* client cert; NULL: none */
};

/* An address as text, as the limits and the log keep it. */
#define PROTO_ADDR_MAX		64

/* The longest request line of any entry (its line_max), EOL not counted. */
#define PROTO_LINE_MAX		1024

/*
 * Room a front-end may keep what the request points into (path, query),
 * given by server.c and good until the reply has been rendered.
 */
#define PROTO_ROOM_MAX		(2 * (GEMINI_URL_MAX + 1))

/* One request as read: the front-end's parse() gets it. */
struct proto_input {
	const struct proto_conn	*conn;
	char			*line;		/* NUL-terminated; may be
						 * taken apart in place */
	size_t			 len;		/* without the NUL */
	size_t			 line_size;	/* at least len + 2 */
	char			*room;
	size_t			 room_size;
	/* PROTO_BODY: what is yet to come, for body() */
	void			*upload;	/* the front-end's; free()d
						 * by server.c */
	size_t			 body_len;
};

/* What server.c does with a request once parse() or body() is done. */
enum proto_next {
	PROTO_SERVE,		/* route the request */
	PROTO_REPLY,		/* send rep as it is (a refusal, say) */
	PROTO_BODY,		/* read body_len bytes, then call body() */
};

/* What server.c's serve path tells a protocol of the reply it rendered. */
struct proto_served {
	int		 status;	/* enum gemini_status */
	int		 file;		/* the body is a static file */
	/* a page the cache keeps (the same bytes for every reader): a
	 * hash of those bytes and when they were rendered; 0: none */
	uint64_t	 hash;
	time_t		 made;
};

/*
 * What server.c lends a protocol that brings its own connection handling
 * (attach() below): its worker's loop and limits, and the steps every
 * connection of server.c's own goes through.  worker is server.c's.
 */
struct proto_ops;
struct proto_host {
	struct event_base	*base;
	void			*worker;
	int			 request_timeout;	/* s */
	int			 reply_timeout;		/* s */
	/* --trust-proxy: peers whose X-Forwarded-For is believed */
	const struct cidr	*trust;
	int			 ntrust;
	/* a connection's peer address as the limits count it and as
	 * the log shows it (anonymised if asked): ADDR_STR_MAX each */
	void	(*address)(void *worker, const struct sockaddr *,
		    char *addr, char *logaddr);
	/* a connection comes (0, counted) or is over a limit (-1, why
	 * set); per_address 0: only the worker's total counts */
	int	(*enter)(void *worker, const char *addr, int per_address,
		    const char **why);
	void	(*leave)(void *worker, const char *addr, int per_address);
	/*
	 * A request begins: site, store, page, addresses, now.  host: the
	 * name the client asked for (HTTP's Host, without a port), NULL
	 * when it named none.  -1: no site of this server has that name.
	 */
	int	(*init)(void *worker, const struct proto_ops *,
		    struct request *, struct reply *, const char *host,
		    const char *addr, const char *logaddr);
	/* route req as every protocol does (the page cache included) and
	 * render the reply with the entry's send() into out */
	void	(*serve)(void *worker, const struct proto_ops *,
		    struct request *, struct reply *, struct evbuffer *out,
		    struct proto_served *);
	/* the request log line, the same for every protocol: its site
	 * and path from req (NULL: none began, as for a Host not served) */
	void	(*log)(const struct proto_ops *, const struct request *req,
		    const char *logaddr, int status, size_t bytes,
		    const struct timespec *start);
};

struct proto_ops {
	const char	*name;		/* in the log line */
	enum proto	 proto;		/* what req->proto says */
	int		 tls;		/* a TLS handshake comes first */
	/* the request line: at most line_max bytes before the end of
	 * line, of libevent's kind eol (enum evbuffer_eol_style) */
	size_t		 line_max;
	int		 eol;
	/* the page cache's key for this protocol's replies; 0: none */
	char		 cache_key;
	/* input may still arrive after the reply (an upload refused
	 * before it was read): close with a lingering close */
	int		 linger;
	/*
	 * Fill req (initialised by server.c) from the request line, or rep
	 * with the reply that refuses it.  req->proto may change to another
	 * protocol of the same connection (Gemini to Titan): server.c then
	 * goes on with that protocol's entry.
	 */
	enum proto_next	(*parse)(struct proto_input *, struct request *,
			    struct reply *);
	/* PROTO_BODY: the body_len bytes have come (NUL-terminated). */
	enum proto_next	(*body)(void *upload, const char *bytes,
			    struct request *, struct reply *);
	/* The reply as this protocol's bytes, appended to out. */
	void		(*send)(struct request *, struct reply *,
			    struct evbuffer *out);
	/*
	 * A protocol with its own connection handling: take the listening
	 * socket fd on a worker (an opaque handle, or NULL when it cannot),
	 * and let it go at the end (connections and all).  NULL for the
	 * protocols server.c reads itself.
	 */
	void		*(*attach)(const struct proto_host *, int fd);
	void		 (*detach)(void *);
};

/* protocols.c: the table, by enum proto. */
const struct proto_ops	*proto_get(enum proto);
extern const struct proto_ops	gemini_ops, titan_ops, gopher_ops, http_ops;

/* gopher.c: split a selector line into path and search (pure, fuzzed). */
int	 gopher_selector_parse(char *, size_t len, size_t bufsz, char **path,
	    char **query, const char **why);

#endif

/*
 * mootd.c: flags, start-up and the hand-over to server.c.
 */
#include <sys/resource.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "core/cidr.h"
#include "core/log.h"
#include "core/names.h"
#include "net/sandbox.h"
#include "net/server.h"
#include "net/sites.h"
#include "net/proxy.h"

static const char usage_text[] =
"usage: mootd [options]\n"
"\n"
"Serve a moot community over Gemini and Gopher (and, read-only, the web)\n"
"from one SQLite database.\n"
"\n"
"  --db FILE              the community's database (created and migrated\n"
"                         on start; default var/moot.db)\n"
"  --hostname NAME        the public host name (default localhost)\n"
"  --sites DIR            serve every community in DIR instead: each\n"
"                         folder DIR/HOSTNAME holds moot.db, capsule/ and\n"
"                         HOSTNAME.crt and .key (made when missing);\n"
"                         Gemini picks by SNI, Gopher by the selector's\n"
"                         first segment (/HOSTNAME/...), SIGHUP rescans\n"
"                         (see mootctl site and docs/scaling.md)\n"
"  --gemini ADDR:PORT     listen for Gemini, e.g. 127.0.0.1:1965 or\n"
"                         [::1]:1965; may be given more than once\n"
"                         (default 127.0.0.1:1965)\n"
"  --gopher ADDR:PORT     listen for Gopher, e.g. 127.0.0.1:7070; may be\n"
"                         given more than once (default 127.0.0.1:7070)\n"
"  --http ADDR:PORT       listen for HTTP (the read-only web view), e.g.\n"
"                         127.0.0.1:8080 or [::1]:8080; may be given more\n"
"                         than once (default: none).  Meant to sit behind\n"
"                         a reverse proxy that speaks HTTPS\n"
"  --http-base URL        the web view's public address, for canonical\n"
"                         links, redirects and the sitemap (default\n"
"                         http://HOSTNAME:PORT of the first --http)\n"
"  --trust-proxy ADDR[/BITS]  a reverse proxy whose X-Forwarded-For is\n"
"                         believed (the right-most address it did not\n"
"                         add is the reader's); may be given more than\n"
"                         once.  Others' X-Forwarded-For is ignored\n"
"  --cert FILE            the server certificate (PEM); generated with the\n"
"  --key FILE             key, ECDSA P-256, when both are missing\n"
"                         (default certs/HOSTNAME.crt and .key)\n"
"  --capsule DIR          static files to serve (default capsule)\n"
"  --workers N            event loops, one per thread (default: CPUs)\n"
"  --request-timeout S    seconds to complete the handshake and send the\n"
"                         request line (default 10)\n"
"  --reply-timeout S      seconds a client may take to read a reply\n"
"                         (default 60)\n"
"  --max-clients N        connections at once, all workers together\n"
"                         (default 10000)\n"
"  --max-per-address N    connections at once from one address; 0 for no\n"
"                         limit (default 64).  Over a limit, Gemini\n"
"                         clients get 44 and Gopher clients an error\n"
"  --anonymise-addresses  log client addresses as /24 (IPv4) or /48 (IPv6)\n"
"  --proxy-from ADDR      connections from ADDR (HAProxy) must begin with\n"
"                         a PROXY v2 header naming the reader, whose\n"
"                         address is then limited and logged; may be\n"
"                         given more than once (docs/scaling.md)\n"
"  --titan-max BYTES      largest comment or post, by prompt or Titan\n"
"                         upload (default 16384)\n"
"  --user NAME            started as root: become NAME once the ports and\n"
"                         files are open (the database files are given\n"
"                         to NAME)\n"
"  --check-sandbox PATH   start up, confine as usual, try to open PATH,\n"
"                         say what happened and exit (0: refused)\n"
"  --syslog               log to syslog instead of stderr\n"
"  --debug                log more\n"
"  --help                 show this text\n"
"\n"
"The first --gemini and --gopher addresses give the public ports that\n"
"links and URL checks use.  One log line per request goes to stderr; it\n"
"never holds queries or posted text.  SIGHUP reloads the certificate;\n"
"SIGTERM finishes the requests in flight and exits.\n";

enum {
	OPT_DB = 256, OPT_HOSTNAME, OPT_GEMINI, OPT_GOPHER, OPT_CERT, OPT_KEY,
	OPT_CAPSULE, OPT_WORKERS, OPT_REQUEST_TIMEOUT, OPT_REPLY_TIMEOUT,
	OPT_MAX_CLIENTS, OPT_MAX_PER_ADDRESS, OPT_ANONYMISE, OPT_TITAN_MAX,
	OPT_USER, OPT_CHECK_SANDBOX, OPT_SYSLOG, OPT_DEBUG, OPT_HELP,
	OPT_HTTP, OPT_HTTP_BASE, OPT_TRUST_PROXY,
	OPT_SITES, OPT_PROXY_FROM,
};

static const struct option longopts[] = {
	{ "db",			required_argument, NULL, OPT_DB },
	{ "hostname",		required_argument, NULL, OPT_HOSTNAME },
	{ "sites",		required_argument, NULL, OPT_SITES },
	{ "proxy-from",		required_argument, NULL, OPT_PROXY_FROM },
	{ "gemini",		required_argument, NULL, OPT_GEMINI },
	{ "gopher",		required_argument, NULL, OPT_GOPHER },
	{ "http",		required_argument, NULL, OPT_HTTP },
	{ "http-base",		required_argument, NULL, OPT_HTTP_BASE },
	{ "trust-proxy",	required_argument, NULL, OPT_TRUST_PROXY },
	{ "cert",		required_argument, NULL, OPT_CERT },
	{ "key",		required_argument, NULL, OPT_KEY },
	{ "capsule",		required_argument, NULL, OPT_CAPSULE },
	{ "workers",		required_argument, NULL, OPT_WORKERS },
	{ "request-timeout",	required_argument, NULL, OPT_REQUEST_TIMEOUT },
	{ "reply-timeout",	required_argument, NULL, OPT_REPLY_TIMEOUT },
	{ "max-clients",	required_argument, NULL, OPT_MAX_CLIENTS },
	{ "max-per-address",	required_argument, NULL, OPT_MAX_PER_ADDRESS },
	{ "anonymise-addresses", no_argument,	   NULL, OPT_ANONYMISE },
	{ "titan-max",		required_argument, NULL, OPT_TITAN_MAX },
	{ "user",		required_argument, NULL, OPT_USER },
	{ "check-sandbox",	required_argument, NULL, OPT_CHECK_SANDBOX },
	{ "syslog",		no_argument,	   NULL, OPT_SYSLOG },
	{ "debug",		no_argument,	   NULL, OPT_DEBUG },
	{ "help",		no_argument,	   NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

static void __attribute__((noreturn))
usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "mootd: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'mootd --help'.\n");
	exit(2);
}

static long
number(const char *s, long min, long max, const char *what)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno || n < min || n > max)
		usage_error("%s: not a number in range", what);
	return n;
}

/* Room for every connection we may hold, plus files and the database. */
static void
raise_fd_limit(struct config *conf)
{
	struct rlimit	 rl;
	rlim_t		 want = (rlim_t)conf->max_clients +
	    conf->nlistens * conf->workers + 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = want < rl.rlim_max ? want : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur < want)
		log_warnx("file descriptor limit is %llu, fewer than the %llu "
		    "that --max-clients %d needs; raise it (ulimit -n) or "
		    "lower --max-clients", (unsigned long long)rl.rlim_cur,
		    (unsigned long long)want, conf->max_clients);
}

/*
 * --sites DIR: the ports first (the sites' links carry them), then every
 * site of DIR, each with its own certificate and database; DIR is then
 * the sandbox's folder (a site added on SIGHUP is in it too).
 */
static int
serve_sites(struct config *conf, struct server *srv, const char *dir,
    const char *user, const char *check_path)
{
	struct sites_conf	 sc;
	struct sandbox_paths	 sp;
	char			 anchor[PATH_MAX];
	int			 i;

	memset(&sc, 0, sizeof(sc));
	sc.dir = dir;
	sc.capsule = conf->capsule;
	sc.titan_max = conf->titan_max;
	raise_fd_limit(conf);
	if (server_listen(conf) == -1)
		fatalx("cannot listen; is another server on that port?");
	for (i = 0; i < conf->nlistens; i++) {
		if (conf->listens[i].proto == PROTO_GEMINI &&
		    sc.gemini_port == 0)
			sc.gemini_port = conf->listens[i].port;
		if (conf->listens[i].proto == PROTO_GOPHER &&
		    sc.gopher_port == 0)
			sc.gopher_port = conf->listens[i].port;
		if (conf->listens[i].proto == PROTO_HTTP && sc.http_port == 0)
			sc.http_port = conf->listens[i].port;
		log_info("listening for %s on %s",
		    proto_get(conf->listens[i].proto)->name,
		    conf->listens[i].text);
	}
	if (sites_load(&sc) == -1)
		fatalx("no site to serve in %s", dir);
	srv->conf = conf;
	srv->ssl_ctx = sites_default_ctx();
	pthread_mutex_init(&srv->ssl_lock, NULL);
	/* the folder of a file in DIR is DIR: read and write below it */
	snprintf(anchor, sizeof(anchor), "%s/%s", dir, SITE_DB_NAME);
	sp.db = anchor;
	sp.capsule = conf->capsule;
	sp.cert = dir;
	sp.key = dir;
	if (sandbox_drop(user, &sp) == -1 || sandbox_confine(&sp) == -1)
		fatalx("cannot give up privileges");
	if (check_path != NULL)
		return sandbox_check(check_path);
	return server_run(srv);
}

/*
 * glibc gives the free top of each thread's heap back to the kernel
 * (madvise) once it passes a threshold that starts at 128 KB, and a
 * member's page, rendered for them (its page elements, its render
 * buffer, up to REPLY_MAX and twice that while growing), frees about so
 * much each request: so the next request faulted the same pages in
 * again (strace: one madvise() every seven member pages, 74 us each,
 * and the faults after; issue 16).  Each heap keeps up to
 * MALLOC_TOP_KEEP free instead, and only blocks from MALLOC_MMAP_FROM
 * up have mappings of their own.  Setting them also stops glibc moving
 * both thresholds by itself.  Other C libraries keep their ways.
 */
#define MALLOC_TOP_KEEP		(1024 * 1024)
#define MALLOC_MMAP_FROM	(1024 * 1024)

static void
malloc_tune(void)
{
#ifdef __GLIBC__
	if (mallopt(M_TRIM_THRESHOLD, MALLOC_TOP_KEEP) != 1 ||
	    mallopt(M_MMAP_THRESHOLD, MALLOC_MMAP_FROM) != 1)
		log_warnx("mallopt: the allocator keeps its own thresholds");
#endif
}

int
main(int argc, char *argv[])
{
	static struct config	 conf;
	static struct server	 srv;
	struct store		*st;
	char			 certbuf[PATH_MAX], keybuf[PATH_MAX];
	int			 ch, level = LOG_LEVEL_INFO, use_syslog = 0, rc;
	int			 i, have_gemini = 0, have_gopher = 0;
	const char		*user = NULL, *check_path = NULL;
	const char		*http_base = NULL;
	size_t			 len;
	const char		*sites_dir_arg = NULL;
	struct sandbox_paths	 sp;
	long			 ncpu;

	conf.db_path = "var/moot.db";
	conf.hostname = "localhost";
	conf.capsule = "capsule";
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	conf.workers = ncpu > 0 && ncpu <= WORKERS_MAX ? (int)ncpu : 1;
	conf.request_timeout = DEFAULT_REQUEST_TIMEOUT;
	conf.reply_timeout = DEFAULT_REPLY_TIMEOUT;
	conf.max_clients = DEFAULT_MAX_CLIENTS;
	conf.max_per_address = DEFAULT_MAX_PER_ADDRESS;
	conf.titan_max = DEFAULT_TITAN_MAX;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_DB:
			conf.db_path = optarg;
			break;
		case OPT_SITES:
			sites_dir_arg = optarg;
			break;
		case OPT_PROXY_FROM:
			if (proxy_from_add(optarg) == -1)
				usage_error("bad --proxy-from (an IPv4 or IPv6 "
				    "address, at most 16 of them): %s", optarg);
			break;
		case OPT_HOSTNAME:
			if (strlen(optarg) == 0 ||
			    strlen(optarg) > HOSTNAME_MAX ||
			    strspn(optarg, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") !=
			    strlen(optarg))
				usage_error("bad --hostname: %s", optarg);
			conf.hostname = optarg;
			break;
		case OPT_GEMINI:
		case OPT_GOPHER:
			if (server_add_listen(&conf, ch == OPT_GEMINI ?
			    PROTO_GEMINI : PROTO_GOPHER, optarg) == -1)
				usage_error("bad address (want ADDR:PORT, "
				    "[V6ADDR]:PORT): %s", optarg);
			if (ch == OPT_GEMINI)
				have_gemini = 1;
			else
				have_gopher = 1;
			break;
		case OPT_HTTP:
			if (server_add_listen(&conf, PROTO_HTTP, optarg) == -1)
				usage_error("bad address (want ADDR:PORT, "
				    "[V6ADDR]:PORT): %s", optarg);
			break;
		case OPT_HTTP_BASE:
			if ((strncmp(optarg, "http://", 7) != 0 &&
			    strncmp(optarg, "https://", 8) != 0) ||
			    strlen(optarg) >= SITE_BASE_MAX ||
			    strcspn(optarg, " \t\r\n\"<>'?#") !=
			    strlen(optarg))
				usage_error("bad --http-base (want http:// or "
				    "https://HOST[:PORT][/PATH]): %s", optarg);
			http_base = optarg;
			break;
		case OPT_TRUST_PROXY:
			if (conf.ntrust == CIDR_MAX || cidr_parse(optarg,
			    &conf.trust[conf.ntrust]) == -1)
				usage_error("bad --trust-proxy (want ADDR or "
				    "ADDR/BITS, at most 16): %s", optarg);
			conf.ntrust++;
			break;
		case OPT_CERT:
			conf.cert_file = optarg;
			break;
		case OPT_KEY:
			conf.key_file = optarg;
			break;
		case OPT_CAPSULE:
			conf.capsule = optarg;
			break;
		case OPT_WORKERS:
			conf.workers = number(optarg, 1, WORKERS_MAX,
			    "--workers");
			break;
		case OPT_REQUEST_TIMEOUT:
			conf.request_timeout = number(optarg, 1, 3600,
			    "--request-timeout");
			break;
		case OPT_REPLY_TIMEOUT:
			conf.reply_timeout = number(optarg, 1, 3600,
			    "--reply-timeout");
			break;
		case OPT_MAX_CLIENTS:
			conf.max_clients = number(optarg, 1, 1000000,
			    "--max-clients");
			break;
		case OPT_MAX_PER_ADDRESS:
			conf.max_per_address = number(optarg, 0, 1000000,
			    "--max-per-address");
			break;
		case OPT_ANONYMISE:
			conf.anonymise = 1;
			break;
		case OPT_TITAN_MAX:
			conf.titan_max = number(optarg, 1, 64 * 1024 * 1024,
			    "--titan-max");
			break;
		case OPT_USER:
			user = optarg;
			break;
		case OPT_CHECK_SANDBOX:
			check_path = optarg;
			break;
		case OPT_SYSLOG:
			use_syslog = 1;
			break;
		case OPT_DEBUG:
			level = LOG_LEVEL_DEBUG;
			break;
		case OPT_HELP:
			fputs(usage_text, stdout);
			return 0;
		default:
			fprintf(stderr, "Try 'mootd --help'.\n");
			return 2;
		}
	}
	if (optind != argc)
		usage_error("unexpected argument: %s", argv[optind]);
	log_init("mootd", use_syslog, level);
	malloc_tune();

	if (!have_gemini)
		server_add_listen(&conf, PROTO_GEMINI, "127.0.0.1:1965");
	if (!have_gopher)
		server_add_listen(&conf, PROTO_GOPHER, "127.0.0.1:7070");
	if (conf.cert_file == NULL) {
		snprintf(certbuf, sizeof(certbuf), "certs/%s.crt",
		    conf.hostname);
		conf.cert_file = certbuf;
	}
	if (conf.key_file == NULL) {
		snprintf(keybuf, sizeof(keybuf), "certs/%s.key", conf.hostname);
		conf.key_file = keybuf;
	}

	/* ICU loads its data now, before the sandbox closes */
	if (names_init() == -1)
		fatalx("ICU cannot check names: see the message above");
	if (sites_dir_arg != NULL)
		return serve_sites(&conf, &srv, sites_dir_arg, user,
		    check_path);
	if ((st = store_open(conf.db_path, STORE_CREATE)) == NULL)
		fatalx("cannot open the database %s", conf.db_path);
	if (store_migrate(st) != STORE_OK)
		fatalx("cannot prepare the database %s", conf.db_path);
	if (store_intent_secret(st, srv.site.intent_secret,
	    sizeof(srv.site.intent_secret)) != STORE_OK)
		fatalx("cannot read or make the intent key in %s",
		    conf.db_path);
	/*
	 * Kept open until the server's own connections are: while one is
	 * open, SQLite's -wal and -shm files stay, so workers that have given
	 * up root can open them even where they could not create them.
	 */
	srv.boot_store = st;

	if (tls_ensure_cert(conf.cert_file, conf.key_file, conf.hostname) == -1)
		fatalx("no usable certificate");
	if ((srv.ssl_ctx = tls_ctx_new(conf.cert_file, conf.key_file,
	    conf.hostname)) == NULL)
		fatalx("cannot load %s and %s", conf.cert_file, conf.key_file);

	raise_fd_limit(&conf);
	if (server_listen(&conf) == -1)
		fatalx("cannot listen; is another server on that port?");

	srv.conf = &conf;
	pthread_mutex_init(&srv.ssl_lock, NULL);
	for (i = 0; i < conf.nlistens; i++) {
		if (conf.listens[i].proto == PROTO_GEMINI &&
		    srv.site.gemini_port == 0)
			srv.site.gemini_port = conf.listens[i].port;
		if (conf.listens[i].proto == PROTO_GOPHER &&
		    srv.site.gopher_port[0] == '\0')
			snprintf(srv.site.gopher_port, sizeof(srv.site.gopher_port),
			    "%d", conf.listens[i].port);
		if (conf.listens[i].proto == PROTO_HTTP && http_base == NULL) {
			http_base = srv.site.http_base;
			sites_base(srv.site.http_base,
			    sizeof(srv.site.http_base), "http", conf.hostname,
			    conf.listens[i].port, HTTP_DEFAULT_PORT);
		}
		log_info("listening for %s on %s",
		    proto_get(conf.listens[i].proto)->name,
		    conf.listens[i].text);
	}
	sites_base(srv.site.gemini_base, sizeof(srv.site.gemini_base),
	    "gemini", conf.hostname, srv.site.gemini_port, GEMINI_DEFAULT_PORT);
	if (http_base != NULL && http_base != srv.site.http_base) {
		/* no trailing slash: paths are appended to it */
		len = strlen(http_base);
		while (len > 0 && http_base[len - 1] == '/')
			len--;
		snprintf(srv.site.http_base, sizeof(srv.site.http_base),
		    "%.*s", (int)len, http_base);
	}
	srv.site.hostname = conf.hostname;
	srv.site.capsule = conf.capsule;
	srv.site.titan_max = conf.titan_max;
	srv.site.gopher.host = conf.hostname;
	srv.site.gopher.port = srv.site.gopher_port;
	srv.site.gopher.gemini_base = srv.site.gemini_base;

	if (sites_adopt(&srv.site, conf.db_path, srv.ssl_ctx) == -1)
		fatalx("out of memory");

	sp.db = conf.db_path;
	sp.capsule = conf.capsule;
	sp.cert = conf.cert_file;
	sp.key = conf.key_file;
	if (sandbox_drop(user, &sp) == -1 || sandbox_confine(&sp) == -1)
		fatalx("cannot give up privileges");
	if (check_path != NULL) {
		rc = sandbox_check(check_path);
		store_close(st);
		return rc;
	}
	return server_run(&srv);
}

/*
 * connlimit.c: connections per address and the refusal log.
 *
 * Deliberately our own table: a few thousand buckets of short chains under
 * one mutex, touched once at accept and once at close.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/connlimit.h"
#include "core/log.h"

#define CONNLIMIT_BUCKETS	4096
#define CONNLIMIT_ADDR_MAX	64
#define REFUSAL_LOG_INTERVAL	60	/* s */

struct addr_count {
	struct addr_count	*next;
	int			 count;
	char			 addr[CONNLIMIT_ADDR_MAX];
};

static struct addr_count	*buckets[CONNLIMIT_BUCKETS];
static pthread_mutex_t		 lock = PTHREAD_MUTEX_INITIALIZER;
static long			 refused;	/* since the last log line */
static const char		*refused_why;	/* the latest reason */
static time_t			 last_log;

#define IPV6_NETWORK_BYTES	8	/* a /64: one subscriber's network */

void
connlimit_key(const struct sockaddr *sa, char *buf, size_t len)
{
	struct sockaddr_in6	 sin6;
	struct in_addr		 v4;
	char			 net[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET) {
		if (inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->
		    sin_addr, buf, len) == NULL)
			snprintf(buf, len, "?");
		return;
	}
	if (sa->sa_family != AF_INET6) {
		snprintf(buf, len, "?");
		return;
	}
	memcpy(&sin6, sa, sizeof(sin6));
	if (IN6_IS_ADDR_V4MAPPED(&sin6.sin6_addr)) {
		memcpy(&v4, sin6.sin6_addr.s6_addr + 12, sizeof(v4));
		if (inet_ntop(AF_INET, &v4, buf, len) == NULL)
			snprintf(buf, len, "?");
		return;
	}
	memset(sin6.sin6_addr.s6_addr + IPV6_NETWORK_BYTES, 0,
	    sizeof(sin6.sin6_addr.s6_addr) - IPV6_NETWORK_BYTES);
	if (inet_ntop(AF_INET6, &sin6.sin6_addr, net, sizeof(net)) == NULL)
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%s/%d", net, IPV6_NETWORK_BYTES * 8);
}

static struct addr_count **
slot(const char *addr)
{
	unsigned h = 2166136261u;	/* FNV-1a */
	const char *s;

	for (s = addr; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return &buckets[h % CONNLIMIT_BUCKETS];
}

int
connlimit_enter(const char *addr, int max)
{
	struct addr_count	**head, *a;
	int			  rc = 0;

	pthread_mutex_lock(&lock);
	head = slot(addr);
	for (a = *head; a != NULL; a = a->next)
		if (strcmp(a->addr, addr) == 0)
			break;
	if (a == NULL) {
		if ((a = calloc(1, sizeof(*a))) == NULL) {
			pthread_mutex_unlock(&lock);
			return -1;
		}
		snprintf(a->addr, sizeof(a->addr), "%s", addr);
		a->next = *head;
		*head = a;
	}
	if (max > 0 && a->count >= max)
		rc = -1;
	else
		a->count++;
	pthread_mutex_unlock(&lock);
	return rc;
}

void
connlimit_leave(const char *addr)
{
	struct addr_count **pp, *a;

	pthread_mutex_lock(&lock);
	for (pp = slot(addr); (a = *pp) != NULL; pp = &a->next)
		if (strcmp(a->addr, addr) == 0) {
			if (--a->count <= 0) {
				*pp = a->next;
				free(a);
			}
			break;
		}
	pthread_mutex_unlock(&lock);
}

/*
 * At most one line a minute, however many are refused: the first refusal
 * is logged at once, later ones are counted into the next line.
 */
void
connlimit_refused(const char *why)
{
	time_t	now = time(NULL);
	long	n = 0;

	pthread_mutex_lock(&lock);
	refused++;
	refused_why = why;
	if (now - last_log >= REFUSAL_LOG_INTERVAL) {
		n = refused;
		refused = 0;
		last_log = now;
	}
	pthread_mutex_unlock(&lock);
	if (n > 0)
		log_warnx("refusing connections (%s): %ld refused since the "
		    "last report", why, n);
}

/* At exit: the refusals counted since the last line, if any. */
void
connlimit_report(void)
{
	long n;

	pthread_mutex_lock(&lock);
	n = refused;
	refused = 0;
	pthread_mutex_unlock(&lock);
	if (n > 0)
		log_warnx("refused connections (%s): %ld since the last report",
		    refused_why, n);
}

/*
 * log.c: one place that writes log lines.
 *
 * Lines are formatted whole before a single write(2), so that lines from
 * several worker threads never interleave.  The request log line itself is
 * produced by server.c; nothing here ever sees comment text or queries.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/utc.h"

#define LOG_LINE_MAX	2048

static const char	*log_name = "moot";
static int		 log_syslog;
static int		 log_level = LOG_LEVEL_INFO;

void
log_init(const char *progname, int use_syslog, int level)
{
	log_name = progname;
	log_syslog = use_syslog;
	log_level = level;
	if (use_syslog)
		openlog(progname, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static void
log_vemit(int prio, const char *fmt, va_list ap, int with_errno)
{
	char		 line[LOG_LINE_MAX];
	char		 stamp[32];
	int		 saved = errno, n, off = 0;

	if (!log_syslog) {
		utc_format(stamp, sizeof(stamp), time(NULL), UTC_RFC3339);
		off = snprintf(line, sizeof(line), "%s %s: ", stamp, log_name);
	}
	n = vsnprintf(line + off, sizeof(line) - off, fmt, ap);
	if (n < 0)
		return;
	off += n;
	if (off >= (int)sizeof(line) - 2)
		off = sizeof(line) - 2;
	if (with_errno)
		off += snprintf(line + off, sizeof(line) - off, ": %s",
		    strerror(saved));
	if (off >= (int)sizeof(line) - 1)
		off = sizeof(line) - 2;
	if (log_syslog) {
		line[off] = '\0';
		syslog(prio, "%s", line);
		return;
	}
	line[off++] = '\n';
	(void)write(STDERR_FILENO, line, off);
}

#define LOG_FN(name, prio, lvl, with_errno)				\
void									\
name(const char *fmt, ...)						\
{									\
	va_list ap;							\
	if (log_level < (lvl))						\
		return;							\
	va_start(ap, fmt);						\
	log_vemit(prio, fmt, ap, with_errno);				\
	va_end(ap);							\
}

LOG_FN(log_warn, LOG_WARNING, LOG_LEVEL_WARN, 1)
LOG_FN(log_warnx, LOG_WARNING, LOG_LEVEL_WARN, 0)
LOG_FN(log_info, LOG_INFO, LOG_LEVEL_INFO, 0)
LOG_FN(log_debug, LOG_DEBUG, LOG_LEVEL_DEBUG, 0)

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit(LOG_CRIT, fmt, ap, 1);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit(LOG_CRIT, fmt, ap, 0);
	va_end(ap);
	exit(1);
}

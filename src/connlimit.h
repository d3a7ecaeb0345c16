/*
 * connlimit.h: open connections per client address, across all workers,
 * and the "limit reached" log line that is written once a minute at
 * most, not once per refused connection.
 */
#ifndef MOOT_CONNLIMIT_H
#define MOOT_CONNLIMIT_H

/* 0 and counted, or -1 when addr already holds max (max 0: no limit). */
int	connlimit_enter(const char *addr, int max);
void	connlimit_leave(const char *addr);

/* Note a refused connection; logs at most once a minute. */
void	connlimit_refused(const char *why);
/* Log what was refused since the last line (at exit). */
void	connlimit_report(void);

#endif

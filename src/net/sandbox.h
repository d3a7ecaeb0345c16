/*
 * sandbox.h: dropping root and confining mootd to its own files.
 */
#ifndef MOOT_SANDBOX_H
#define MOOT_SANDBOX_H

struct sandbox_paths {
	const char	*db;
	const char	*capsule;
	const char	*cert;
	const char	*key;
};

/* As root with a user: hand over the database, become the user. */
int	sandbox_drop(const char *user, const struct sandbox_paths *);
/* Landlock: 0 confined, 1 not available (logged), -1 failed. */
int	sandbox_confine(const struct sandbox_paths *);
/* Try to open path: 0 refused, 1 opened (and says which). */
int	sandbox_check(const char *path);

#endif

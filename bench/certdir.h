/*
 * certdir.h: the client certificates of a benchmark, DIR/NAME.crt (each
 * with its DIR/NAME.key), shared by gendb (which registers them as
 * members) and loadgen (which posts with them).
 */
#ifndef MOOT_BENCH_CERTDIR_H
#define MOOT_BENCH_CERTDIR_H

#include <stddef.h>

/*
 * The names of DIR's *.crt files, at most max of them, sorted so that
 * both programs give certificate i to the same member; each is malloc'd.
 * Returns how many, or -1 with errno set.
 */
int	certdir_list(const char *dir, char **names, size_t max);

#endif

/*
 * utc.h: a moment as text in UTC, with strftime() formats, for mootctl
 * and the export.  (The capsule's pages use handlers/common.c's
 * handler_date() and handler_datetime(), which are built for speed.)
 */
#ifndef MOOT_UTC_H
#define MOOT_UTC_H

#include <stddef.h>
#include <stdint.h>

/* t (seconds since 1970) formatted with fmt into buf; returns buf. */
const char	*utc_format(char *buf, size_t sz, int64_t t, const char *fmt);

#endif

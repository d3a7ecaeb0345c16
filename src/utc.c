/* utc.c: see utc.h. */
#include <time.h>

#include "utc.h"

const char *
utc_format(char *buf, size_t sz, int64_t t, const char *fmt)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (sz > 0)
		buf[0] = '\0';
	if (gmtime_r(&tt, &tm) != NULL)
		strftime(buf, sz, fmt, &tm);
	return buf;
}

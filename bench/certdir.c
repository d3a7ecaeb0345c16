/* certdir.c: see certdir.h. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "certdir.h"

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
certdir_list(const char *dir, char **names, size_t max)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 n = 0, len;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL && n < max) {
		len = strlen(de->d_name);
		if (len <= 4 || strcmp(de->d_name + len - 4, ".crt") != 0)
			continue;
		if ((names[n] = strdup(de->d_name)) == NULL) {
			while (n > 0)
				free(names[--n]);
			closedir(d);
			errno = ENOMEM;
			return -1;
		}
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	return (int)n;
}

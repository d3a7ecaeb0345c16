/*
 * static.c: files from the capsule folder (robots.txt, favicon.txt,
 * images, extra .gmi pages).
 *
 * Nothing outside the folder can be reached: paths arrive normalised (no
 * ".." left), every component is opened with O_NOFOLLOW relative to the
 * one before (so a symlink anywhere is refused, not followed), and
 * dotfiles are never served.  A folder serves its index.gmi.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "handlers/handlers.h"
#include "core/log.h"
#include "handlers/reply.h"
#include "core/request.h"
#include "handlers/router.h"

#define INDEX_FILE		"index.gmi"
#define GEMTEXT_FILE_MAX	(1024 * 1024)	/* parsed for Gopher */
/*
 * A file up to this size is read whole into the reply, so that the page
 * cache can keep it (ROUTE_FILE) and the next readers cost no system
 * call; a larger one goes as a descriptor, each time.
 */
#define STATIC_BODY_MAX		(64 * 1024)

static const struct {
	const char	*ext;
	const char	*mime;
} mime_types[] = {
	{ ".gmi",	MIME_GEMTEXT },
	{ ".gemini",	MIME_GEMTEXT },
	{ ".txt",	"text/plain; charset=utf-8" },
	{ ".md",	"text/markdown; charset=utf-8" },
	{ ".csv",	"text/csv; charset=utf-8" },
	{ ".html",	"text/html; charset=utf-8" },
	{ ".css",	"text/css" },
	{ ".xml",	"application/xml" },
	{ ".atom",	"application/atom+xml" },
	{ ".json",	"application/json" },
	{ ".pdf",	"application/pdf" },
	{ ".png",	"image/png" },
	{ ".jpg",	"image/jpeg" },
	{ ".jpeg",	"image/jpeg" },
	{ ".gif",	"image/gif" },
	{ ".webp",	"image/webp" },
	{ ".svg",	"image/svg+xml" },
	{ ".mp3",	"audio/mpeg" },
	{ ".ogg",	"audio/ogg" },
	{ ".opus",	"audio/opus" },
};

const char *
mime_for(const char *path)
{
	const char	*dot = strrchr(path, '.');
	size_t		 i;

	if (dot != NULL && strchr(dot, '/') == NULL)
		for (i = 0; i < sizeof(mime_types) / sizeof(mime_types[0]); i++)
			if (strcasecmp(dot, mime_types[i].ext) == 0)
				return mime_types[i].mime;
	return "application/octet-stream";
}

/* Open path beneath root, one component at a time, following nothing. */
static int
static_open(int root, const char *path, struct stat *sb)
{
	char	 comp[NAME_MAX + 1];
	int	 fd = dup(root), next;
	size_t	 n;

	if (fd == -1)
		return -1;
	while (*path == '/')
		path++;
	while (*path != '\0') {
		n = strcspn(path, "/");
		if (n > NAME_MAX || path[0] == '.') {
			close(fd);
			errno = ENOENT;
			return -1;
		}
		memcpy(comp, path, n);
		comp[n] = '\0';
		next = openat(fd, comp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
		    O_NONBLOCK);
		close(fd);
		if (next == -1)
			return -1;
		fd = next;
		path += n;
		while (*path == '/')
			path++;
	}
	if (fstat(fd, sb) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Gopher readers get a .gmi page as a menu, through the page model. */
static void
static_gemtext_page(struct request *req, struct reply *rep, int fd,
    off_t size, const char *path)
{
	char	*buf;
	ssize_t	 n;
	off_t	 got = 0;

	if (size > GEMTEXT_FILE_MAX || (buf = malloc(size + 1)) == NULL) {
		close(fd);
		reply_status(rep, GEMINI_PERMANENT_FAILURE,
		    "This page is too large for Gopher");
		return;
	}
	while (got < size && (n = read(fd, buf + got, size - got)) > 0)
		got += n;
	close(fd);
	page_gemtext(req->page, buf, got, 0, path);
	free(buf);
	reply_page(req, rep);
}

/*
 * The capsule's file at path, read whole into the request's arena (for a
 * page made from it, like /help): 0, or -1 when it cannot be read.
 */
int
static_read(struct request *req, const char *path, char **text,
    size_t *len)
{
	const char	*capsule = req->site->capsule;
	struct stat	 sb;
	ssize_t		 n;
	size_t		 got = 0;
	int		 root, fd;

	if (capsule == NULL || (root = open(capsule, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		return -1;
	fd = static_open(root, path, &sb);
	close(root);
	if (fd == -1)
		return -1;
	if (!S_ISREG(sb.st_mode) || sb.st_size > GEMTEXT_FILE_MAX) {
		close(fd);
		return -1;
	}
	*text = arena_alloc(&req->page->arena, (size_t)sb.st_size + 1);
	while (got < (size_t)sb.st_size &&
	    (n = read(fd, *text + got, (size_t)sb.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	(*text)[got] = '\0';
	*len = got;
	return 0;
}

/* A small file's bytes into rep's body, fd closed: 0, or -1 (fd kept). */
static int
static_body(struct request *req, struct reply *rep, int fd, off_t size)
{
	char	*buf;
	ssize_t	 n;
	size_t	 got = 0;

	if ((buf = arena_try_alloc(&req->page->arena, (size_t)size + 1)) ==
	    NULL)
		return -1;
	while (got < (size_t)size &&
	    (n = read(fd, buf + got, (size_t)size - got)) > 0)
		got += (size_t)n;
	/* changed under us, or unreadable: sent as a file, from its start */
	if (got != (size_t)size) {
		(void)lseek(fd, 0, SEEK_SET);
		return -1;
	}
	close(fd);
	rep->body = buf;
	rep->body_len = got;
	rep->file = 1;
	return 0;
}

void
static_serve(struct request *req, struct reply *rep)
{
	const char	*capsule = req->site->capsule;
	struct stat	 sb;
	char		 path[GEMINI_URL_MAX + sizeof(INDEX_FILE) + 2];
	int		 root, fd, dir;
	size_t		 len;

	static int	 missing_logged;

	if (capsule == NULL) {
		reply_status(rep, GEMINI_NOT_FOUND, "Not found");
		return;
	}
	if ((root = open(capsule, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		/* the operator's mistake, not the reader's: say it once */
		if (!__atomic_exchange_n(&missing_logged, 1, __ATOMIC_RELAXED))
			log_warn("capsule folder %s", capsule);
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "This file cannot "
		    "be served just now");
		return;
	}
	missing_logged = 0;
	fd = static_open(root, req->path, &sb);
	dir = fd != -1 && S_ISDIR(sb.st_mode);
	len = strlen(req->path);
	if (dir && (len == 0 || req->path[len - 1] != '/')) {
		close(fd);
		close(root);
		reply_status(rep, GEMINI_REDIRECT_PERMANENT, "%s/", req->path);
		return;
	}
	snprintf(path, sizeof(path), "%s", req->path);
	if (dir) {
		close(fd);
		snprintf(path, sizeof(path), "%s%s", req->path, INDEX_FILE);
		fd = static_open(root, path, &sb);
	}
	close(root);
	if (fd == -1 || !S_ISREG(sb.st_mode)) {
		if (fd != -1)
			close(fd);
		reply_status(rep, GEMINI_NOT_FOUND, "Not found");
		return;
	}
	if (!request_can(req, CAN_GEMTEXT) &&
	    strcmp(mime_for(path), MIME_GEMTEXT) == 0) {
		static_gemtext_page(req, rep, fd, sb.st_size, path);
		return;
	}
	if (strcmp(mime_for(path), MIME_GEMTEXT) == 0) {
		/* the capsule's pages speak the community's language */
		reply_page(req, rep);
		rep->has_page = 0;
	} else
		reply_status(rep, GEMINI_SUCCESS, "%s", mime_for(path));
	if (sb.st_size <= STATIC_BODY_MAX &&
	    static_body(req, rep, fd, sb.st_size) == 0)
		return;
	rep->fd = fd;
	rep->size = sb.st_size;
}

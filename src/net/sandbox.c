/*
 * sandbox.c: giving up what mootd does not need once it is listening.
 *
 * Started as root with --user, mootd binds its ports and opens its files,
 * then becomes that user.  Then, where the kernel offers Landlock (Linux
 * 5.13 and later), every thread is confined to the files it needs: the
 * database's folder (read and write: SQLite makes -wal and -shm files
 * there), the capsule folder, the system's time zone rules (events'
 * zones, read by libical when first used) and the certificate and key
 * (read only).  Nothing else on the file system can be opened.  Where Landlock is
 * missing, mootd says so once and runs unconfined: there is no chroot
 * fallback, since SQLite needs its folder and the certificate must be
 * re-read on SIGHUP.
 */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <linux/landlock.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "net/sandbox.h"

/* the system's time zone rules (tzdata), read-only like the capsule */
#define ZONEINFO_DIR	"/usr/share/zoneinfo"

#define FS_READ		(LANDLOCK_ACCESS_FS_READ_FILE | \
			 LANDLOCK_ACCESS_FS_READ_DIR)
#define FS_WRITE	(LANDLOCK_ACCESS_FS_WRITE_FILE | \
			 LANDLOCK_ACCESS_FS_REMOVE_FILE | \
			 LANDLOCK_ACCESS_FS_MAKE_REG)
/* everything Landlock ABI 1 can refuse */
#define FS_ALL		(LANDLOCK_ACCESS_FS_EXECUTE | FS_READ | FS_WRITE | \
			 LANDLOCK_ACCESS_FS_REMOVE_DIR | \
			 LANDLOCK_ACCESS_FS_MAKE_CHAR | \
			 LANDLOCK_ACCESS_FS_MAKE_DIR | \
			 LANDLOCK_ACCESS_FS_MAKE_SOCK | \
			 LANDLOCK_ACCESS_FS_MAKE_FIFO | \
			 LANDLOCK_ACCESS_FS_MAKE_BLOCK | \
			 LANDLOCK_ACCESS_FS_MAKE_SYM)

static int
landlock_allow(int ruleset, const char *path, __u64 access)
{
	struct landlock_path_beneath_attr	 pb;
	struct stat				 sb;
	int					 fd, rc;

	if ((fd = open(path, O_PATH | O_CLOEXEC)) == -1) {
		log_warn("sandbox: %s", path);
		return -1;
	}
	/* rules on a file may only carry file rights */
	if (fstat(fd, &sb) == 0 && !S_ISDIR(sb.st_mode))
		access &= ~(__u64)(LANDLOCK_ACCESS_FS_READ_DIR |
		    LANDLOCK_ACCESS_FS_REMOVE_FILE |
		    LANDLOCK_ACCESS_FS_MAKE_REG);
	pb.allowed_access = access;
	pb.parent_fd = fd;
	rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
	    &pb, 0);
	if (rc == -1)
		log_warn("sandbox: rule for %s", path);
	close(fd);
	return rc;
}

/* The folder a file is in. */
static void
folder_of(const char *file, char *buf, size_t size)
{
	char copy[PATH_MAX];

	snprintf(copy, sizeof(copy), "%s", file);
	snprintf(buf, size, "%s", dirname(copy));
}

static int
landlock_enter(const struct sandbox_paths *sp)
{
	struct landlock_ruleset_attr	 attr = { .handled_access_fs = FS_ALL };
	char				 dbdir[PATH_MAX];
	int				 ruleset, abi, rc = -1;

	abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 1) {
		log_warnx("sandbox: this kernel has no Landlock; mootd runs "
		    "unconfined (see docs/security.md)");
		return 1;
	}
	ruleset = syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset == -1) {
		log_warn("sandbox: landlock");
		return -1;
	}
	folder_of(sp->db, dbdir, sizeof(dbdir));
	if (landlock_allow(ruleset, dbdir, FS_READ | FS_WRITE) == -1 ||
	    landlock_allow(ruleset, sp->cert, FS_READ) == -1 ||
	    landlock_allow(ruleset, sp->key, FS_READ) == -1)
		goto done;
	/* events' time zones: libical reads a zone's rules on first use */
	if (access(ZONEINFO_DIR, F_OK) == 0 &&
	    landlock_allow(ruleset, ZONEINFO_DIR, FS_READ) == -1)
		goto done;
	/* a missing capsule is served as errors, not refused at start */
	if (access(sp->capsule, F_OK) == 0 &&
	    landlock_allow(ruleset, sp->capsule, FS_READ) == -1)
		goto done;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    syscall(SYS_landlock_restrict_self, ruleset, 0) == -1) {
		log_warn("sandbox: landlock_restrict_self");
		goto done;
	}
	rc = 0;
done:
	close(ruleset);
	return rc;
}

/*
 * Hand the database files to the user who will write them.  The folder is
 * left alone (it may be shared, like /tmp); SQLite only needs to create
 * files there when none of its files exist yet.  Each file is opened
 * without following a symbolic link and changed through its descriptor,
 * and only a regular file with one name is given away: the folder may
 * belong to that very user, who could have planted a link (or a hard
 * link) to a file of root's.
 */
static int
chown_db(const char *db, uid_t uid, gid_t gid)
{
	static const char *const suffix[] = { "", "-wal", "-shm", NULL };
	struct stat	 sb;
	char		 path[PATH_MAX];
	int		 i, fd, rc = 0;

	for (i = 0; suffix[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s%s", db, suffix[i]);
		if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_NOCTTY | O_CLOEXEC)) == -1) {
			if (errno == ENOENT)
				continue;
			log_warn("%s: not handing it over", path);
			rc = -1;
			continue;
		}
		if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
		    sb.st_nlink != 1) {
			log_warnx("%s is not a regular file with one name: "
			    "not handing it over", path);
			rc = -1;
		} else if (fchown(fd, uid, gid) == -1)
			log_warn("chown %s", path);	/* and go on */
		close(fd);
	}
	return rc;
}

int
sandbox_drop(const char *user, const struct sandbox_paths *sp)
{
	struct passwd	*pw;
	char		 path[PATH_MAX];

	if (geteuid() != 0) {
		if (user != NULL)
			log_warnx("--user %s ignored: not started as root", user);
		return 0;
	}
	if (user == NULL) {
		log_warnx("running as root: start mootd with --user NAME so "
		    "that it gives up root once its ports are open");
		return 0;
	}
	if ((pw = getpwnam(user)) == NULL) {
		log_warnx("--user %s: no such user", user);
		return -1;
	}
	if (chown_db(sp->db, pw->pw_uid, pw->pw_gid) == -1)
		return -1;
	if (setgroups(1, &pw->pw_gid) == -1 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1) {
		log_warn("cannot become %s", user);
		return -1;
	}
	folder_of(sp->db, path, sizeof(path));
	if (access(path, W_OK) == -1)
		log_warnx("%s cannot write to %s: SQLite may not be able to "
		    "make its -wal file there", user, path);
	log_info("running as %s", user);
	return 0;
}

int
sandbox_confine(const struct sandbox_paths *sp)
{
	int rc = landlock_enter(sp);

	if (rc == 0)
		log_info("sandbox: confined to %s, %s, %s, %s and %s's "
		    "folder", sp->capsule, sp->cert, sp->key, ZONEINFO_DIR,
		    sp->db);
	return rc;
}

int
sandbox_check(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1) {
		printf("sandbox: %s: refused (%s)\n", path, strerror(errno));
		return 0;
	}
	close(fd);
	printf("sandbox: %s: could be opened\n", path);
	return 1;
}

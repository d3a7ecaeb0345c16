/*
 * mootctl.c: the operator's tool.  Works on the same database as a running
 * mootd (SQLite's locking and a busy timeout make that safe).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "demo.h"
#include "log.h"

#define EXIT_USAGE	2

static const char usage_text[] =
"usage: mootctl [--db FILE] COMMAND [ARGS]\n"
"\n"
"The operator's tool for a moot community.  It works on the database\n"
"while mootd is running.\n"
"\n"
"  --db FILE      the community's database (default var/moot.db)\n"
"  --help         show this text\n"
"\n"
"Commands:\n"
"  init           create the database (or migrate it to this version)\n"
"  demo           create the database and load the demo community; the\n"
"                 database must not hold a community yet\n"
"  settings get [KEY]         show one setting, or all of them\n"
"  settings set KEY VALUE     change a setting (name, introduction, about,\n"
"                             terms, licence, lang, post_burst,\n"
"                             post_refill)\n"
"\n"
"post_burst posts may be made in a row; after that one more every\n"
"post_refill seconds (per member; four times as many per address).\n"
"post_refill 0 turns the limit off.\n";

static const char *const setting_keys[] = {
	SETTING_NAME, SETTING_INTRO, SETTING_ABOUT, SETTING_TERMS,
	SETTING_LICENCE, SETTING_LANG, SETTING_POST_BURST, SETTING_POST_REFILL,
	NULL
};

static struct store *
open_store(const char *path)
{
	struct store *st;

	if ((st = store_open(path, STORE_CREATE)) == NULL) {
		fprintf(stderr, "mootctl: cannot open %s\n", path);
		exit(1);
	}
	if (store_migrate(st) != STORE_OK) {
		fprintf(stderr, "mootctl: cannot prepare %s: %s\n", path,
		    store_errmsg(st));
		store_close(st);
		exit(1);
	}
	return st;
}

static int
count_spaces(void *arg, const struct space_row *s)
{
	(void)s;
	(*(int *)arg)++;
	return 0;
}

static int
cmd_demo(struct store *st, int argc, char **argv)
{
	int n = 0;

	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "mootctl: demo takes no arguments\n");
		return EXIT_USAGE;
	}
	if (store_spaces(st, count_spaces, &n) < 0)
		return 1;
	if (n > 0) {
		fprintf(stderr, "mootctl: this database already holds a "
		    "community; the demo only loads into a new one\n");
		return 1;
	}
	if (demo_load(st, time(NULL)) != STORE_OK) {
		fprintf(stderr, "mootctl: the demo could not be loaded\n");
		return 1;
	}
	printf("loaded the demo community\n");
	return 0;
}

static int
setting_known(const char *key)
{
	int i;

	for (i = 0; setting_keys[i] != NULL; i++)
		if (strcmp(setting_keys[i], key) == 0)
			return 1;
	return 0;
}

static int
cmd_settings(struct store *st, int argc, char **argv)
{
	static char	 buf[65536];
	int		 i;

	if (argc >= 1 && strcmp(argv[0], "get") == 0 && argc <= 2) {
		if (argc == 2) {
			if (!setting_known(argv[1])) {
				fprintf(stderr, "mootctl: no setting %s\n",
				    argv[1]);
				return 1;
			}
			printf("%s\n", store_setting(st, argv[1], buf,
			    sizeof(buf)));
			return 0;
		}
		for (i = 0; setting_keys[i] != NULL; i++)
			printf("%s = %s\n", setting_keys[i],
			    store_setting(st, setting_keys[i], buf,
			    sizeof(buf)));
		return 0;
	}
	if (argc == 3 && strcmp(argv[0], "set") == 0) {
		if (!setting_known(argv[1])) {
			fprintf(stderr, "mootctl: no setting %s\n", argv[1]);
			return 1;
		}
		if (store_setting_set(st, argv[1], argv[2]) != STORE_OK) {
			fprintf(stderr, "mootctl: %s\n", store_errmsg(st));
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "usage: mootctl settings get [KEY] | set KEY VALUE\n");
	return EXIT_USAGE;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "db",		required_argument, NULL, 'd' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*db = "var/moot.db";
	struct store	*st;
	int		 ch, rc;

	log_init("mootctl", 0, LOG_LEVEL_WARN);
	while ((ch = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			db = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "init") != 0 && strcmp(argv[0], "demo") != 0 &&
	    strcmp(argv[0], "settings") != 0) {
		fprintf(stderr, "mootctl: unknown command %s\n", argv[0]);
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	st = open_store(db);
	if (strcmp(argv[0], "demo") == 0)
		rc = cmd_demo(st, argc - 1, argv + 1);
	else if (strcmp(argv[0], "settings") == 0)
		rc = cmd_settings(st, argc - 1, argv + 1);
	else
		rc = 0;
	store_close(st);
	return rc;
}

/*
 * demo.h: the demo community that `mootctl demo` loads into a fresh
 * database.  The text lives in demo_data.c; demo.c writes it to the store.
 */
#ifndef MOOT_DEMO_H
#define MOOT_DEMO_H

#include <time.h>

struct demo_member {
	const char	*name;		/* display name, 2..32 characters */
	int		 joined_days_ago;
	int		 role;		/* 0 member, 1 moderator, 2 admin */
};

struct demo_space {
	const char	*slug;		/* [a-z0-9-], used in /space/SLUG */
	const char	*name;
	const char	*description;	/* one or two sentences */
};

struct demo_comment {
	int		 author;	/* index into demo_members */
	int		 minutes_after;	/* after the thread was started */
	const char	*body;		/* gemtext-lite: plain lines, "> "
					 * quotes, "* " items, "=> URL label"
					 * links; blank lines between paras */
};

struct demo_thread {
	const char			*space;		/* a demo_space slug */
	int				 author;	/* index into demo_members */
	int				 days_ago;	/* when it was started */
	int				 views;
	const char			*title;
	const char			*body;		/* the opening post */
	const struct demo_comment	*comments;	/* ends with body NULL */
};

extern const char			*demo_community_name;
extern const char			*demo_introduction;
extern const char			*demo_about;
extern const char			*demo_terms;
extern const struct demo_member		 demo_members[];	/* name NULL ends */
extern const struct demo_space		 demo_spaces[];		/* slug NULL ends */
extern const struct demo_thread		 demo_threads[];	/* title NULL ends */

struct store;

/* Load the demo into a fresh store; a STORE_ code. */
int	demo_load(struct store *, time_t now);

#endif

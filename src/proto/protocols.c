/*
 * protocols.c: the table of the protocols moot speaks (see proto.h).
 *
 * server.c looks a connection's protocol up here once, at accept, and
 * from then on only calls through the entry.  A new protocol is a new
 * front-end file and a line here.
 */
#include <stddef.h>

#include "proto/proto.h"

static const struct proto_ops *const protocols[PROTO_COUNT] = {
	[PROTO_GEMINI]	= &gemini_ops,
	[PROTO_TITAN]	= &titan_ops,
	[PROTO_GOPHER]	= &gopher_ops,
	[PROTO_HTTP]	= &http_ops,
};

const struct proto_ops *
proto_get(enum proto p)
{
	return (unsigned)p < PROTO_COUNT ? protocols[p] : NULL;
}

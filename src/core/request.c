/*
 * request.c: making a reply, the one function every layer that answers
 * (front-ends, router, handlers) shares.
 */
#include <stdarg.h>
#include <stdio.h>

#include "core/request.h"

void
reply_status(struct reply *rep, int status, const char *fmt, ...)
{
	va_list	 ap;
	char	*c;

	rep->status = status;
	rep->has_page = 0;
	rep->token_wanted = 0;
	va_start(ap, fmt);
	vsnprintf(rep->meta, sizeof(rep->meta), fmt, ap);
	va_end(ap);
	/* META is one line (a Gopher error item's text too): whatever a
	 * prompt echoes, a control character there is a space */
	for (c = rep->meta; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
}

/* A protocol's capabilities: one line each (wire.h's enum proto). */
static const int proto_can[PROTO_COUNT] = {
	[PROTO_GEMINI]	= CAN_PROMPT | CAN_GEMTEXT,
	[PROTO_TITAN]	= CAN_PROMPT | CAN_GEMTEXT | CAN_UPLOAD,
	[PROTO_GOPHER]	= 0,
	[PROTO_HTTP]	= 0,	/* actions are links to Gemini */
};

int
request_can(const struct request *req, int what)
{
	return (proto_can[req->proto] & what) == what;
}

/* The page changes by the clock at t: its cached copy is good until the
 * first such moment still to come. */
void
request_changes_at(struct request *req, time_t t)
{
	if (t > req->now && (req->changes_at == 0 || t < req->changes_at))
		req->changes_at = t;
}

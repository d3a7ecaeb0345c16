/*
 * wire.h: the protocols' vocabulary and moot's limits, each defined once.
 *
 * Every status code, Gopher item type, protocol and limit used anywhere in
 * moot is named here, so that a reader (and a test) can find the number
 * behind a behaviour in one place.  Words only: the lowest layer, used by
 * every other.
 */
#ifndef MOOT_WIRE_H
#define MOOT_WIRE_H

/* Gemini status codes (gemini specification, section 3.2). */
enum gemini_status {
	GEMINI_INPUT			= 10,
	GEMINI_SENSITIVE_INPUT		= 11,
	GEMINI_SUCCESS			= 20,
	GEMINI_REDIRECT_TEMPORARY	= 30,
	GEMINI_REDIRECT_PERMANENT	= 31,
	GEMINI_TEMPORARY_FAILURE	= 40,
	GEMINI_SERVER_UNAVAILABLE	= 41,
	GEMINI_CGI_ERROR		= 42,
	GEMINI_PROXY_ERROR		= 43,
	GEMINI_SLOW_DOWN		= 44,
	GEMINI_PERMANENT_FAILURE	= 50,
	GEMINI_NOT_FOUND		= 51,
	GEMINI_GONE			= 52,
	GEMINI_PROXY_REFUSED		= 53,
	GEMINI_BAD_REQUEST		= 59,
	GEMINI_CERT_REQUIRED		= 60,
	GEMINI_CERT_NOT_AUTHORISED	= 61,
	GEMINI_CERT_NOT_VALID		= 62,
};

/* Gopher item types (RFC 1436, plus the common i and h extensions). */
#define GOPHER_TEXT		'0'
#define GOPHER_MENU		'1'
#define GOPHER_ERROR		'3'
#define GOPHER_SEARCH		'7'
#define GOPHER_BINARY		'9'
#define GOPHER_GIF		'g'
#define GOPHER_IMAGE		'I'
#define GOPHER_HTML		'h'
#define GOPHER_INFO		'i'

/* The dummy host and port that info and error lines carry. */
#define GOPHER_NULL_HOST	"null.host"
#define GOPHER_ERROR_HOST	"error.host"
#define GOPHER_NULL_PORT	"1"

/* Gemini: a request URL is at most this many bytes, CRLF not counted. */
#define GEMINI_URL_MAX		1024
/* Gemini: META is at most this many bytes. */
#define GEMINI_META_MAX		1024
/* Gopher: the longest selector line we read (selector, tab, search). */
#define GOPHER_LINE_MAX		1024
/* Gopher: display text is wrapped to this many characters. */
#define GOPHER_COLUMNS		70

/* Gemini: the seconds a 44 (slow down) asks a client to wait. */
#define SLOW_DOWN_SECONDS	5

#define GEMINI_DEFAULT_PORT	1965
#define GOPHER_DEFAULT_PORT	70
#define GOPHER_LOCAL_PORT	7070

#define MIME_GEMTEXT		"text/gemini; charset=utf-8"
#define MIME_HTML		"text/html"

/* The protocols a request can come by (proto/protocols.c: their table). */
enum proto {
	PROTO_GEMINI,
	PROTO_TITAN,
	PROTO_GOPHER,
	PROTO_HTTP,		/* read-only: the web view (issue 14) */
};
#define PROTO_COUNT		4

#endif

/*
 * markup.h: escaping text for HTML and XML (the Gopher URL: page, Atom,
 * the web view).
 */
#ifndef MOOT_MARKUP_H
#define MOOT_MARKUP_H

#include <stddef.h>

struct evbuffer;
struct obuf;

/*
 * s escaped for HTML or XML text and attribute values: & < > " ' as
 * entities, and U+FFFE and U+FFFF (not XML characters at all) as U+FFFD.
 * No C0 control but newline and tab reaches here: the store refuses them.
 */
void	markup_escape(struct evbuffer *, const char *s);
/*
 * The len bytes of s (NUL-terminated somewhere at or after len) as
 * markup_escape() makes them, and what an HTML parser calls an error as
 * U+FFFD too: controls but newline and tab, C1 controls and every
 * noncharacter (html.c: the web view, where bytes come from anywhere).
 */
void	markup_escape_html(struct obuf *, const char *s, size_t len);

#endif

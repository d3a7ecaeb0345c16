/*
 * markup.h: escaping text for HTML and XML (the Gopher URL: page, Atom).
 */
#ifndef MOOT_MARKUP_H
#define MOOT_MARKUP_H

struct evbuffer;

/*
 * s escaped for HTML or XML text and attribute values: & < > " ' as
 * entities, and U+FFFE and U+FFFF (not XML characters at all) as U+FFFD.
 * No C0 control but newline and tab reaches here: the store refuses them.
 */
void	markup_escape(struct evbuffer *, const char *s);

#endif

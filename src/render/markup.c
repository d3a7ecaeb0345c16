/*
 * markup.c: see markup.h.
 */
#include <string.h>

#include <event2/buffer.h>

#include "render/markup.h"

void
markup_escape(struct evbuffer *out, const char *s)
{
	const char	*ent;
	size_t		 n;

	while (*s) {
		n = strcspn(s, "&<>\"'\xef");
		evbuffer_add(out, s, n);
		s += n;
		switch (*s) {
		case '\0':
			return;
		case '&':
			ent = "&amp;";
			break;
		case '<':
			ent = "&lt;";
			break;
		case '>':
			ent = "&gt;";
			break;
		case '"':
			ent = "&quot;";
			break;
		case '\'':
			ent = "&#39;";
			break;
		default:	/* 0xef: maybe U+FFFE or U+FFFF */
			if ((unsigned char)s[1] == 0xbf &&
			    ((unsigned char)s[2] == 0xbe ||
			    (unsigned char)s[2] == 0xbf)) {
				evbuffer_add(out, "\xef\xbf\xbd", 3);
				s += 3;
			} else
				evbuffer_add(out, s++, 1);
			continue;
		}
		evbuffer_add(out, ent, strlen(ent));
		s++;
	}
}

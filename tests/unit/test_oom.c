/*
 * test_oom.c: out of memory while building or rendering a page costs
 * that request a 40, never the process.  Memory really runs out here:
 * the test lowers its own address-space limit (RLIMIT_AS) and asks the
 * page and the output buffer for more than is left.
 */

#include <sys/resource.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "render/obuf.h"
#include "render/page.h"
#include "render/render.h"
#include "handlers/reply.h"
#include "tap.h"

#define BIG		(64u << 20)	/* a line the page cannot copy */
#define HEADROOM	(16u << 20)	/* what is left to allocate */

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN	1
#endif
#endif

/* The address space in use now, in bytes; 0 if unknown. */
static size_t
vm_size(void)
{
	FILE			*f = fopen("/proc/self/statm", "r");
	unsigned long		 pages = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%lu", &pages) != 1)
		pages = 0;
	fclose(f);
	return (size_t)pages * 4096;
}

int
main(void)
{
	struct page	 page;
	struct request	 req;
	struct reply	 rep;
	struct obuf	 o = { 0 };
	struct rlimit	 was, low;
	struct evbuffer	*out;
	char		*big;
	size_t		 n, len;

#ifdef UNDER_ASAN
	printf("1..0 # SKIP ASan reserves more address space than RLIMIT_AS "
	    "allows\n");
	return 0;
#endif
	out = evbuffer_new();
	big = malloc(BIG);
	if (big == NULL || out == NULL || vm_size() == 0 ||
	    getrlimit(RLIMIT_AS, &was) == -1) {
		printf("1..0 # SKIP cannot set up\n");
		free(big);
		if (out != NULL)
			evbuffer_free(out);
		return 0;
	}
	memset(big, 'a', BIG);
	page_init(&page);
	page_text(&page, "before");
	n = page.n;

	low = was;
	low.rlim_cur = vm_size() + HEADROOM;
	TAP_INT(setrlimit(RLIMIT_AS, &low), 0, "address space limited");

	page_textn(&page, EL_TEXT, big, BIG);
	TAP_INT(page_failed(&page), 1, "a line too large to copy fails the "
	    "page");
	page_text(&page, "after");
	page_link(&page, LINK_PAGE, "/", "home");
	TAP_INT(page.n, n, "adding to a failed page does nothing");

	memset(&req, 0, sizeof(req));
	req.page = &page;
	memset(&rep, 0, sizeof(rep));
	reply_page(&req, &rep);
	TAP_INT(rep.status, GEMINI_TEMPORARY_FAILURE, "reply_page answers 40");
	TAP_STR(rep.meta, "Out of memory", "saying why");
	TAP_INT(rep.has_page, 0, "without the page");

	obuf_add(&o, "x", 1);
	TAP_INT(obuf_grow(&o, BIG * 2), -1, "an output buffer that cannot "
	    "grow says so");
	len = o.len;
	obuf_add(&o, big, BIG);
	TAP_INT(o.len, len, "adding to a failed buffer does nothing");
	TAP_INT(obuf_flush(&o, out), -1, "flushing it fails");
	TAP_INT(evbuffer_get_length(out), 0, "and sends nothing");

	TAP_INT(setrlimit(RLIMIT_AS, &was), 0, "limit lifted");
	page_reset(&page);
	TAP_INT(page_failed(&page), 0, "page_reset() clears the failure");
	page_text(&page, "again");
	TAP_INT(page.n, 1, "and the page takes text again");
	TAP_INT(gemtext_render(&page, NULL, out), 0, "and renders");
	TAP_INT(evbuffer_get_length(out), 6, "\"again\\n\"");

	page_free(&page);
	evbuffer_free(out);
	free(big);
	return TAP_DONE();
}

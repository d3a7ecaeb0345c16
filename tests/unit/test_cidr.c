/*
 * test_cidr.c: --trust-proxy's address ranges (src/core/cidr.c): what
 * parses, and which addresses a list holds.
 */

#include <string.h>

#include "core/cidr.h"
#include "tap.h"

static const struct {
	const char	*text;
	int		 ok;
	const char	*why;
} parses[] = {
	{ "127.0.0.1",		1, "an IPv4 address" },
	{ "10.0.0.0/8",		1, "an IPv4 range" },
	{ "0.0.0.0/0",		1, "every IPv4 address" },
	{ "::1",		1, "an IPv6 address" },
	{ "2001:db8::/32",	1, "an IPv6 range" },
	{ "10.0.0.0/33",	0, "more bits than IPv4 has" },
	{ "::/129",		0, "more bits than IPv6 has" },
	{ "10.0.0.0/",		0, "a slash and no bits" },
	{ "10.0.0.0/-1",	0, "negative bits" },
	{ "10.0.0.0/8x",	0, "junk after the bits" },
	{ "localhost",		0, "a name, not an address" },
	{ "",			0, "empty" },
	{ "/8",			0, "bits and no address" },
};

static const struct {
	const char	*addr;
	int		 in;
	const char	*why;
} matches[] = {
	{ "127.0.0.1",		1, "the address itself" },
	{ "10.1.2.3",		1, "inside 10.0.0.0/8" },
	{ "11.0.0.1",		0, "outside 10.0.0.0/8" },
	{ "192.168.1.255",	1, "inside 192.168.0.0/23 (odd bits)" },
	{ "192.168.2.0",	0, "just past 192.168.0.0/23" },
	{ "::ffff:10.9.9.9",	1, "an IPv4-mapped address as IPv4" },
	{ "2001:db8:ffff::1",	1, "inside 2001:db8::/32" },
	{ "2001:db9::1",	0, "outside 2001:db8::/32" },
	{ "::1",		0, "IPv6 loopback: not listed" },
	{ "127.0.0.2",		0, "the next address" },
};

int
main(void)
{
	struct cidr		 list[4], c;
	struct sockaddr_storage	 ss;
	size_t			 i;

	for (i = 0; i < sizeof(parses) / sizeof(parses[0]); i++)
		TAP_INT(cidr_parse(parses[i].text, &c) == 0, parses[i].ok,
		    "cidr_parse: %s", parses[i].why);
	TAP_INT(cidr_parse("127.0.0.1", &list[0]), 0, "list: 127.0.0.1");
	TAP_INT(cidr_parse("10.0.0.0/8", &list[1]), 0, "list: 10.0.0.0/8");
	TAP_INT(cidr_parse("192.168.0.0/23", &list[2]), 0,
	    "list: 192.168.0.0/23");
	TAP_INT(cidr_parse("2001:db8::/32", &list[3]), 0,
	    "list: 2001:db8::/32");
	for (i = 0; i < sizeof(matches) / sizeof(matches[0]); i++) {
		TAP_INT(cidr_addr(matches[i].addr, &ss), 0, "cidr_addr: %s",
		    matches[i].addr);
		TAP_INT(cidr_match(list, 4, (struct sockaddr *)&ss),
		    matches[i].in, "cidr_match: %s", matches[i].why);
	}
	TAP_INT(cidr_addr("203.0.113.9, 10.0.0.1", &ss), -1,
	    "cidr_addr: a list is not an address");
	TAP_INT(cidr_match(list, 0, (struct sockaddr *)&ss), 0,
	    "an empty list holds nothing");
	return TAP_DONE();
}

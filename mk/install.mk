# mk/install.mk: the manual pages, installed with the binaries.
# Included by the top Makefile.
#
#   make install             mootd and mootctl into $(PREFIX)/sbin, and
#                            now also their pages into $(MANDIR)/man8
#   make install-man         only the pages
#
# PREFIX (default /usr/local) and DESTDIR work as usual:
#   make install PREFIX=/usr DESTDIR=/tmp/stage

MANDIR	?= $(PREFIX)/share/man
MAN8	 = docs/mootd.8 docs/mootctl.8

.PHONY: install-man

install-man: $(MAN8)
	install -d $(DESTDIR)$(MANDIR)/man8
	install -m 644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/

# A rule without a recipe only adds a prerequisite to the top Makefile's
# install target.
install: install-man

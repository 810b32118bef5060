# SPDX-License-Identifier: GPL-2.0
#
# make install / make uninstall (included by the top-level Makefile):
#
#   make install      the module (Kbuild's modules_install into
#                     /lib/modules/KVER/extra, then depmod), the CLI, its
#                     man page and its bash completion
#   make install-cli | install-module   one half
#   make install-dkms the module's source and dkms.conf in
#                     /usr/src/l4mm-VERSION, for "dkms install l4mm/VERSION"
#                     (the l4mm-dkms package is made of it)
#   make uninstall    removes all of it again (and runs depmod)
#
# Variables: DESTDIR (staging root, default none), PREFIX (default
# /usr/local), BINDIR, MANDIR, BASHCOMPDIR, KVER (the kernel the module is
# built and installed for).  With a DESTDIR depmod is left to whoever
# installs the staged tree (as packages do); without one it runs here.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALL_MOD_DIR ?= extra
MODDIR = $(DESTDIR)/lib/modules/$(KVER)/$(INSTALL_MOD_DIR)
VERSION := $(shell cat VERSION)
DKMS_SRC = $(DESTDIR)/usr/src/l4mm-$(VERSION)
# What DKMS needs to build the module: the Kbuild files, the sources, the
# uapi header and the version.
DKMS_FILES = Kbuild VERSION dkms.conf module/Kbuild \
	$(sort $(shell find module uapi -name '*.[ch]' ! -name '*.mod.c'))

.PHONY: install install-cli install-module install-dkms uninstall \
	uninstall-cli uninstall-module uninstall-dkms

install: install-module install-cli

install-cli: cli
	install -D -m 0755 cli/l4mm $(DESTDIR)$(BINDIR)/l4mm
	install -D -m 0644 cli/l4mm.8 $(DESTDIR)$(MANDIR)/man8/l4mm.8
	install -D -m 0644 cli/l4mm.bash-completion \
		$(DESTDIR)$(BASHCOMPDIR)/l4mm

# Debian's headers carry no signing key: the module is installed unsigned
# (CONFIG_MODULE_SIG_ALL off for this step, instead of a failing
# sign-file), like any module DKMS builds without a machine owner key.
install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) CONFIG_MODULE_SIG_ALL= \
		modules_install
	$(if $(DESTDIR),,depmod -a $(KVER))

# dkms.conf says #MODULE_VERSION# (as dh_dkms -V expects): VERSION here.
install-dkms:
	for f in $(DKMS_FILES); do \
		install -D -m 0644 $$f $(DKMS_SRC)/$$f || exit 1; \
	done
	sed -i 's/#MODULE_VERSION#/$(VERSION)/' $(DKMS_SRC)/dkms.conf

uninstall: uninstall-module uninstall-cli

uninstall-cli:
	rm -f $(DESTDIR)$(BINDIR)/l4mm $(DESTDIR)$(MANDIR)/man8/l4mm.8 \
		$(DESTDIR)$(BASHCOMPDIR)/l4mm

uninstall-dkms:
	rm -rf $(DKMS_SRC)

uninstall-module:
	rm -f $(MODDIR)/module/l4mm.ko
	-rmdir $(MODDIR)/module 2>/dev/null
	$(if $(DESTDIR),,depmod -a $(KVER))

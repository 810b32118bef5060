# SPDX-License-Identifier: GPL-2.0
#
# Debian packages (included by the top-level Makefile):
#
#   make deb             build/deb/l4mm_VERSION_ARCH.deb (the CLI, its man
#                        page and bash completion) and
#                        build/deb/l4mm-dkms_VERSION_all.deb (the module's
#                        source for DKMS), with debhelper from a clean copy
#                        of the tree, then lintian on both
#   make check-packages  installs both on this machine (DKMS builds the
#                        module for the installed kernel headers), checks
#                        dkms status, man l4mm, the completion and l4mm -V,
#                        boots the guest with the module DKMS built and runs
#                        a scenario, then purges both.  TAP; not part of
#                        make check (it installs packages on the host)

.PHONY: deb check-packages

check-packages: SHELL := /bin/bash

deb:
	@scripts/install-deps.sh build deb
	@scripts/deb.sh

check-packages: deb $(GUEST_CLI) $(BASE_IMG) | deps-guest
	@KVER="$(KVER)" scripts/check-packages.sh 2>&1 | \
		tee build/deb/check-packages.log; exit $${PIPESTATUS[0]}

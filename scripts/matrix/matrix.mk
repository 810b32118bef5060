# SPDX-License-Identifier: GPL-2.0
#
# Included by the top-level Makefile in every configuration:
#
#   make check-matrix    every kernel series x target (scripts/matrix/
#                        check-matrix.sh): a table, then "N passed, N failed"
#   make check-dkms      dkms.conf against Debian's 6.12 amd64 headers
#
# Neither is part of "make check" (CI): the matrix emulates ARM for a long
# while, and both download kernels the first time.

.PHONY: check-matrix check-dkms matrix-print-kdir matrix-print-karch \
	matrix-print-cross

check-matrix:
	@MAKE="$(MAKE)" scripts/matrix/check-matrix.sh

check-dkms:
	@scripts/matrix/check-dkms.sh

# For check-matrix's from-scratch module build: where this configuration
# builds (the host's or an unpacked kernel's headers) and for what.
matrix-print-kdir:
	@echo $(KDIR)
matrix-print-karch:
	@echo $(or $(T_ARCH),x86)
matrix-print-cross:
	@echo $(CROSS)

# SPDX-License-Identifier: GPL-2.0
# Loaded after selftests/Makefile (and so after lib.mk) to print the test
# lists as lib.mk sees them, so the harness can stage exactly what
# "make install" would without needing rsync.  One "NAME=value" per line.
.PHONY: l4mm-print-vars
l4mm-print-vars:
	@echo 'TEST_GEN_PROGS=$(TEST_GEN_PROGS)'
	@echo 'TEST_CUSTOM_PROGS=$(TEST_CUSTOM_PROGS)'
	@echo 'TEST_PROGS=$(TEST_PROGS)'
	@echo 'TEST_GEN_PROGS_EXTENDED=$(TEST_GEN_PROGS_EXTENDED)'
	@echo 'TEST_PROGS_EXTENDED=$(TEST_PROGS_EXTENDED)'
	@echo 'TEST_GEN_FILES=$(TEST_GEN_FILES)'
	@echo 'TEST_FILES=$(TEST_FILES)'

# SPDX-License-Identifier: GPL-2.0
#
# l4mm top-level Makefile: builds the module and the CLI, runs the unit
# tests on the host and everything else in a qemu guest booting Debian's
# kernel (this host's kernel need not load modules).
#
#   make                 module (W=1) + CLI (dynamic)
#   make module | cli    one of them; the module is the one that ships,
#                        without test knobs
#   make test-module     the test module (L4MM_TEST=1: debugfs l4mm/, fault
#                        injection, hwcheck corrupter, core test hooks) in
#                        build/test/module/l4mm.ko: what the guest loads
#   make unit            host unit tests of the core (make -C tests)
#   make initramfs       guest initramfs: busybox, static CLI, module, selftests
#   make run SCRIPT=f    boot, load the module, run f with /bin/sh (make fails,
#                        "Error N", when f exits N; run-vm.sh exits N itself)
#   make vm              interactive shell in the guest, module loaded
#   make demo            make run SCRIPT=examples/paper-figures.sh
#   make check           all of the above tests; last line "N passed, N failed"
#   make check-all       make check, then make ARCH=arm check; one summary
#   make ARCH=arm ...    the armhf build and guest (scripts/arm/arm.mk)
#   make diff            differential test of the core vs the reference
#                        model (model/), on the host
#   make soak OPS=N      the same with N ops (default 10^7), prints ops/s
#   make soak-guest OPS=N  the module through the CLI vs the model in the
#                        guest (l4mm_diff), N ops (default 20000)
#   make fuzz            libFuzzer targets, FUZZ_TIME seconds each
#   make mutation        deliberate bugs in the core; the tests must kill all
#   make fuzz-netlink    the netlink fuzzer's full run (10^6 messages) in the guest
#   make stress          the concurrency stress test for 5 minutes, 8 workers
#   make check-debug     the suite + fuzz + stress on a KASAN/lockdep/kmemleak
#                        kernel built once from linux-source-6.1 (not in CI)
#   make checkpatch      checkpatch --strict on module/ and uapi/
#   make lint            static checks of the built modules, as TAP: no symbol
#                        cycle in the glue or between glue and core, only
#                        listed ones in the core (scripts/symcycles.py); the
#                        shipped module has no test knob, the test module
#                        has them (nm, modinfo); checkpatch (in make check)
#   make bench           native core benchmark + one guest boot: table on
#                        stdout, bench/results/*.json + *.svg, bench/README.md
#                        (ARCH=arm: native part + the ARM guest, into
#                        bench/results/arm/ and a section of the report)
#   make clean
#
# Variables: KVER (kernel release, default: newest with headers and image),
# TIMEOUT (guest time limit, timeout(1) syntax, default 30m), KVM=1 (use
# /dev/kvm instead of TCG).  Every target that needs packages runs
# scripts/install-deps.sh first; it is a quick no-op when nothing is missing.

# make ARCH=arm: the armhf cross build and qemu-system-arm guest instead.
ifeq ($(ARCH),arm)
include scripts/arm/arm.mk
else

B := $(CURDIR)/build
KSFT := $(B)/ksft
TIMEOUT ?= 30m
export KVM

# Resolved once, on first use, which is after "deps" has run: on a fresh
# machine the kernel headers exist only then.
ifndef KVER
KVER = $(eval KVER := $$(shell scripts/kver.sh))$(KVER)
endif
KDIR = /lib/modules/$(KVER)/build
VMLINUZ = /boot/vmlinuz-$(KVER)

INITRAMFS := $(B)/initramfs.cpio.gz
GUEST_CLI := $(B)/static/cli/l4mm
TEST_KO := $(B)/test/module/l4mm.ko
GUEST_SELFTESTS := $(B)/guest/selftests
RUN_VM = scripts/qemu/run-vm.sh --kernel $(VMLINUZ) --initramfs $(INITRAMFS)

CHECKPATCH_FILES = $(sort $(filter-out %.mod.c,$(wildcard module/*.[ch] \
	module/core/*.[ch] uapi/linux/*.h)))

.PHONY: all deps module test-module cli cli-static unit ksft selftests initramfs \
	run vm demo check checkpatch clean bench check-all diff soak fuzz \
	mutation soak-guest fuzz-netlink stress check-debug lint

all: module cli

deps:
	@scripts/install-deps.sh

module: deps
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

# The test module, in a mirror tree (Kbuild writes next to the sources).
test-module: deps
	@scripts/build-module.sh $(CURDIR) $(B)/test $(KDIR) L4MM_TEST=1

cli: deps
	$(MAKE) -C cli

# The guest's CLI: static, built in a mirror tree (see the script).
cli-static: deps
	@scripts/build-static-cli.sh $(CURDIR) $(B)/static

unit: deps
	$(MAKE) -C tests

# kselftest headers, lib.mk and checkpatch from linux-source, once.
ksft: deps
	@scripts/ksft-extract.sh $(KSFT)

selftests: ksft
	@scripts/qemu/stage-selftests.sh $(CURDIR) $(KSFT) $(B)/selftests-out \
		$(GUEST_SELFTESTS)

# Cheap (a few MB of cpio + gzip), so rebuilt every time rather than
# tracking every input.
initramfs: test-module cli-static selftests
	@scripts/qemu/mkinitramfs.sh --out $(INITRAMFS) --module $(TEST_KO) \
		--cli $(GUEST_CLI) --selftests $(GUEST_SELFTESTS) \
		$(if $(wildcard examples/*),--examples examples)

run: initramfs
	@test -n "$(SCRIPT)" || { echo "usage: make run SCRIPT=file" >&2; exit 2; }
	@$(RUN_VM) --timeout $(TIMEOUT) $(SCRIPT)

vm: initramfs
	@$(RUN_VM) --interactive scripts/qemu/shell.sh

demo: SCRIPT = examples/paper-figures.sh
demo: initramfs
	@test -f $(SCRIPT) || { echo "demo: $(SCRIPT) does not exist yet" >&2; exit 2; }
	@$(RUN_VM) --timeout $(TIMEOUT) $(SCRIPT)

# One script runs the stages and prints the summary last (see it for why).
check: deps
	@MAKE="$(MAKE)" KVER="$(KVER)" TIMEOUT="$(TIMEOUT)" scripts/check.sh

# Not part of check: it measures, it does not test (see bench/README.md).
# make ARCH=arm bench is in scripts/arm/arm.mk.
bench: initramfs
	@BENCH_ARCH=x86 KVER="$(KVER)" TIMEOUT="$(TIMEOUT)" bench/run.sh

# The ARM suite is not part of "make check" (a few minutes of TCG and a
# first-time download per run of CI): it has its own target.
check-all: deps
	@MAKE="$(MAKE)" scripts/arm/check-all.sh

diff:
	$(MAKE) -C model check

soak:
	$(MAKE) -C model soak $(if $(OPS),OPS=$(OPS))

soak-guest: initramfs
	@printf '#!/bin/sh\nexec /selftests/l4mm_diff -n %s\n' \
		"$(or $(OPS),20000)" >$(B)/soak-guest.sh
	@$(RUN_VM) --timeout $(TIMEOUT) $(B)/soak-guest.sh

fuzz:
	@scripts/install-deps.sh fuzz
	$(MAKE) -C fuzz

mutation:
	@scripts/mutation.sh

fuzz-netlink: initramfs
	@$(RUN_VM) --timeout $(TIMEOUT) scripts/debug/guest-fuzz.sh

stress: initramfs
	@$(RUN_VM) --timeout $(TIMEOUT) scripts/debug/guest-stress.sh

check-debug: deps cli-static selftests
	@scripts/install-deps.sh debug
	@TIMEOUT=$(if $(filter command line environment,$(origin TIMEOUT)),$(TIMEOUT),180m) \
		scripts/debug/check-debug.sh

lint: module test-module ksft
	@scripts/lint.sh $(CURDIR) $(KSFT)/scripts/checkpatch.pl module \
		$(B)/test/module

checkpatch: ksft
	$(KSFT)/scripts/checkpatch.pl --strict --no-tree --show-types \
		-f $(CHECKPATCH_FILES)

clean:
	-$(MAKE) -C cli clean
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf $(B)

endif # ARCH=arm

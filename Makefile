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
#   make initramfs       guest initramfs: busybox, static CLI, test module,
#                        selftests
#   make run SCRIPT=f    boot, load the module, run f with /bin/sh (make fails,
#                        "Error N", when f exits N; run-vm.sh exits N itself);
#                        SCRIPT=- reads the script from stdin.  Builds only
#                        what changed; the guest has no /selftests (see
#                        "The guest image" below)
#   make vm              interactive shell in the guest, module loaded
#   make demo            make run SCRIPT=examples/paper-figures.sh
#   make figures         the paper's figures drawn by `l4mm graph` in the
#                        guest, rendered with Graphviz into docs/figures/
#   make docs-test       the console examples of README.md and the man page
#                        run in the guest and compared with the text (a
#                        stage of make check too)
#   make check           all of the above tests; last line "N passed, N failed"
#   make check-all       make check, then make ARCH=arm check; one summary
#   make ARCH=arm ...    the armhf build and guest (scripts/arm/arm.mk);
#                        FLAVOUR=armmp-lpae for the LPAE kernel
#   make ARCH=arm64 ...  the arm64 build and guest (the same file)
#   make KERNEL=6.12 ... Debian's 6.12 kernel instead of 6.1 (any ARCH)
#   make check-matrix    make check's guest suite on every kernel series x
#                        target, one table, plus the host tests and a DKMS
#                        build (scripts/matrix/; not in CI)
#   make diff            differential test of the core vs the reference
#                        model (model/), on the host
#   make exhaust         every reachable state of a small configuration,
#                        core vs model (exhaust/; about ten minutes)
#   make soak OPS=N      the same with N ops (default 10^7), prints ops/s
#   make soak-guest OPS=N  the module through the CLI vs the model in the
#                        guest (l4mm_diff), N ops (default 20000)
#   make fuzz            libFuzzer targets, FUZZ_TIME seconds each
#   make mutation        deliberate bugs in the core; the tests must kill all
#   make prove           Frama-C WP on the annotated core (MDB primitives):
#                        per-function table, "N passed, N failed"; results
#                        cached in build/proof (docs/proofs.md)
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
#   make bench-icount    callgrind instructions per core operation of a base
#                        revision (BASE=, default fa27cb3) and of the tree,
#                        side by side, with the functions that changed
#   make bench-loop      time make run (warm, and without SCRIPT): "Time to
#                        first experiment" in bench/README.md
#   make clean
#
# Variables: KVER (kernel release, default: newest with headers and image),
# TIMEOUT (guest time limit, timeout(1) syntax, default 30m), KVM=1 (use
# /dev/kvm instead of TCG).  Every target that needs packages runs
# scripts/install-deps.sh first, with the groups it needs (build targets:
# compiler, libnl, kernel headers; guest targets also qemu, busybox and
# the kernel image); it is a quick no-op when nothing is missing.

# make ARCH=arm|arm64, or KERNEL=6.12: a Debian kernel unpacked from its
# packages (scripts/arm/arm.mk) instead of the host's.
ifneq ($(filter arm arm64,$(ARCH))$(filter-out 6.1,$(KERNEL)),)
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

.PHONY: all deps deps-guest module test-module cli cli-static unit ksft \
	selftests initramfs run-image run vm demo figures check checkpatch \
	clean bench docs-test check-all diff exhaust soak fuzz mutation prove \
	soak-guest fuzz-netlink stress bench-loop bench-icount check-debug \
	lint FORCE

all: module cli

# Build targets install the build packages only; guest targets the
# guest's too (qemu, busybox, the kernel image to boot).
# L4MM_NO_DEPS=1 (package builds: debian/rules) installs nothing.
deps:
	$(if $(L4MM_NO_DEPS),,@scripts/install-deps.sh build)

deps-guest:
	$(if $(L4MM_NO_DEPS),,@scripts/install-deps.sh build guest)

module: deps
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

test-module: deps $(TEST_KO)

cli: deps
	$(MAKE) -C cli

# The guest's CLI: static, built in a mirror tree (see the script).
cli-static: deps
	@scripts/build-static-cli.sh $(CURDIR) $(B)/static

unit: deps
	$(MAKE) -C tests

# kselftest headers, lib.mk and checkpatch from linux-source, once.
ksft: deps
	@scripts/install-deps.sh ksft
	@scripts/ksft-extract.sh $(KSFT)

# ---- The guest image ---------------------------------------------------
# Built in layers, each a file rebuilt only when its inputs change, so
# that "make run" after an edit rebuilds just that (the kernel unpacks
# concatenated archives in order):
#   base        init, busybox, bash            (scripts/qemu/, the host)
#   l4mm        module, static CLI, examples, bash completion
#   l4mm-test   the same with the test module (L4MM_TEST=1: debugfs
#               l4mm/, fault injection), which the selftests drive
#   selftests   the staged kselftests          (selftests/, model/, uapi/)
#   docs        the doc test: README.md's and the man page's examples
#               (tests/docs/)
# The run image ("make run", "make demo") is base + l4mm, the module that
# ships: a run never builds or links the selftests.  The full image
# (check, vm, bench and the other guest targets) is base + l4mm-test +
# the selftests and the doc test.
# The run image's layers are plain cpio: the guest then spends no time
# decompressing them (about a tenth of a run's CPU time under TCG).
GUEST := $(B)/guest
BASE_IMG := $(GUEST)/base.cpio
L4MM_IMG := $(GUEST)/l4mm.cpio
L4MM_TEST_IMG := $(GUEST)/l4mm-test.cpio
SELFTESTS_IMG := $(GUEST)/selftests.cpio.gz
DOCS_IMG := $(GUEST)/docs.cpio.gz
RUN_IMG := $(GUEST)/run.cpio
KO := module/l4mm.ko
COMPLETION := cli/l4mm.bash-completion

# What Kbuild would look at, so that an unchanged module costs nothing.
MODULE_INPUTS := $(shell find module uapi -name '*.[ch]' ! -name '*.mod.c') \
	Kbuild module/Kbuild VERSION $(B)/kver
CLI_INPUTS := $(wildcard cli/*.[ch]) cli/Makefile uapi/linux/l4mm.h VERSION \
	scripts/build-static-cli.sh
SELFTESTS_INPUTS := $(wildcard selftests/*) $(wildcard model/*.[ch]) \
	uapi/linux/l4mm.h scripts/qemu/stage-selftests.sh \
	scripts/qemu/ksft-vars.mk
BASE_INPUTS := scripts/qemu/init scripts/qemu/mkinitramfs.sh \
	$(wildcard /bin/busybox /bin/bash)

# The kernel release, rewritten only when it changes (the module depends
# on it: a new KVER rebuilds it).
$(B)/kver: deps FORCE
	@mkdir -p $(B)
	@echo '$(KVER)' | cmp -s - $@ || echo '$(KVER)' > $@

$(KO): $(MODULE_INPUTS)
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules
	@touch $@

# The test module, in a mirror tree (Kbuild writes next to the sources).
$(TEST_KO): $(MODULE_INPUTS) scripts/build-module.sh
	@scripts/build-module.sh $(CURDIR) $(B)/test $(KDIR) L4MM_TEST=1
	@touch $@

$(GUEST_CLI): $(CLI_INPUTS) | deps
	@scripts/build-static-cli.sh $(CURDIR) $(B)/static
	@touch $@

$(GUEST)/selftests.stamp: $(SELFTESTS_INPUTS) | ksft
	@scripts/qemu/stage-selftests.sh $(CURDIR) $(KSFT) \
		$(B)/selftests-out $(GUEST_SELFTESTS)
	@touch $@

selftests: $(GUEST)/selftests.stamp

$(BASE_IMG): $(BASE_INPUTS) | deps-guest
	@mkdir -p $(GUEST)
	@scripts/qemu/mkinitramfs.sh --out $@ --base-only

# Without their debug information (3.6 MB of the module's 3.8): the
# guest neither needs nor should copy it.
$(L4MM_IMG): $(KO)
$(L4MM_TEST_IMG): $(TEST_KO)
$(L4MM_IMG) $(L4MM_TEST_IMG): $(GUEST_CLI) $(wildcard examples/*) \
		$(COMPLETION) scripts/qemu/mkinitramfs.sh | deps-guest
	@mkdir -p $(GUEST)
	@strip --strip-debug -o $(@:.cpio=.ko) $(filter %.ko,$^)
	@strip --strip-debug -o $(GUEST)/l4mm $(GUEST_CLI)
	@scripts/qemu/mkinitramfs.sh --out $@ --layer --module $(@:.cpio=.ko) \
		--cli $(GUEST)/l4mm $(if $(wildcard examples/*),--examples examples) \
		--file $(COMPLETION):usr/share/bash-completion/completions/l4mm

$(SELFTESTS_IMG): $(GUEST)/selftests.stamp scripts/qemu/mkinitramfs.sh
	@scripts/qemu/mkinitramfs.sh --out $@ --layer \
		--selftests $(GUEST_SELFTESTS)

# The examples become a spec here (tests/docs/extract.sh), and run in
# the guest (tests/docs/run.sh, after the selftests in make check).
$(DOCS_IMG): README.md cli/l4mm.8 tests/docs/extract.sh tests/docs/run.sh \
		scripts/qemu/mkinitramfs.sh
	@mkdir -p $(GUEST)
	@tests/docs/extract.sh README.md cli/l4mm.8 > $(GUEST)/docs.spec
	@scripts/qemu/mkinitramfs.sh --out $@ --layer \
		--file tests/docs/run.sh:docs-test/run.sh \
		--file $(GUEST)/docs.spec:docs-test/docs.spec

$(RUN_IMG): $(BASE_IMG) $(L4MM_IMG)
	@cat $^ > $@.tmp && mv $@.tmp $@

# Plain and compressed archives concatenated (the name is historical).
$(INITRAMFS): $(BASE_IMG) $(L4MM_TEST_IMG) $(SELFTESTS_IMG) $(DOCS_IMG)
	@cat $^ > $@.tmp && mv $@.tmp $@

# Only the doc test, in a guest of its own: the loop for editing docs.
docs-test: $(RUN_IMG) $(DOCS_IMG) | deps-guest
	@cat $(RUN_IMG) $(DOCS_IMG) > $(GUEST)/docs-test.cpio
	@echo 'exec sh /docs-test/run.sh' > $(GUEST)/docs-test.sh
	@scripts/qemu/run-vm.sh --kernel $(VMLINUZ) --timeout $(TIMEOUT) \
		--initramfs $(GUEST)/docs-test.cpio $(GUEST)/docs-test.sh

run-image: $(RUN_IMG)

initramfs: $(INITRAMFS)

# "make run" without a script fails at once, before building anything.
ifneq ($(filter run,$(MAKECMDGOALS)),)
ifeq ($(strip $(SCRIPT)),)
$(info usage: make run SCRIPT=file.sh   (SCRIPT=- reads the script from stdin))
$(error SCRIPT is not set)
endif
endif

# SCRIPT=-: the script comes from stdin ("echo 'l4mm list' | make run
# SCRIPT=-", a here-document), saved first: the guest has no stdin.
run: $(RUN_IMG) | deps-guest
	@$(if $(filter -,$(SCRIPT)),cat > $(GUEST)/stdin.sh && )scripts/qemu/run-vm.sh \
		--kernel $(VMLINUZ) --initramfs $(RUN_IMG) --timeout $(TIMEOUT) \
		$(if $(filter -,$(SCRIPT)),$(GUEST)/stdin.sh,$(SCRIPT))

vm: initramfs
	@$(RUN_VM) --interactive scripts/qemu/shell.sh

demo: SCRIPT = examples/paper-figures.sh
demo: $(RUN_IMG) | deps-guest
	@test -f $(SCRIPT) || { echo "demo: $(SCRIPT) does not exist yet" >&2; exit 2; }
	@scripts/qemu/run-vm.sh --kernel $(VMLINUZ) --initramfs $(RUN_IMG) \
		--timeout $(TIMEOUT) $(SCRIPT)

# The figures: selftests/l4mm_figures.sh prints them as DOT in the guest,
# scripts/figures.sh renders them on the host (Graphviz from Debian).
figures: $(RUN_IMG) | deps-guest
	@scripts/install-deps.sh figures
	@scripts/qemu/run-vm.sh --kernel $(VMLINUZ) --initramfs $(RUN_IMG) \
		--timeout $(TIMEOUT) selftests/l4mm_figures.sh > $(B)/figures.out
	@scripts/figures.sh $(B)/figures.out docs/figures
# ---- end of the guest image --------------------------------------------

# One script runs the stages and prints the summary last (see it for why).
check: deps-guest
	@MAKE="$(MAKE)" KVER="$(KVER)" TIMEOUT="$(TIMEOUT)" scripts/check.sh

# Not part of check: it measures, it does not test (see bench/README.md).
# make ARCH=arm bench is in scripts/arm/arm.mk.
bench: initramfs $(L4MM_IMG)
	@BENCH_ARCH=x86 KVER="$(KVER)" TIMEOUT="$(TIMEOUT)" bench/run.sh

# Instruction counts against a base revision (bench/icount.sh); make
# bench prints and records the table too, without the functions.
bench-icount:
	@bench/icount.sh -f $(BASE)

# The time to first experiment: make run, warm and without SCRIPT
# (bench/loop.sh); into bench/results/loop.json and bench/README.md.
bench-loop: run-image | deps-guest
	@bench/loop.sh

# The ARM suite is not part of "make check" (a few minutes of TCG and a
# first-time download per run of CI): it has its own target.
check-all: deps-guest
	@MAKE="$(MAKE)" scripts/arm/check-all.sh

diff:
	$(MAKE) -C model check

# Every reachable state of a small configuration, core vs model
# (exhaust/exhaust.c); make check runs the quick one.
exhaust:
	$(MAKE) -C exhaust full

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

prove:
	@scripts/install-deps.sh prove
	@scripts/prove.sh

fuzz-netlink: initramfs
	@$(RUN_VM) --timeout $(TIMEOUT) scripts/debug/guest-fuzz.sh

stress: initramfs
	@$(RUN_VM) --timeout $(TIMEOUT) scripts/debug/guest-stress.sh

check-debug: deps-guest cli-static selftests
	@scripts/install-deps.sh debug
	@TIMEOUT=$(if $(filter command line environment,$(origin TIMEOUT)),$(TIMEOUT),180m) \
		scripts/debug/check-debug.sh

lint: module test-module ksft
	@scripts/lint.sh $(CURDIR) $(KSFT)/scripts/checkpatch.pl module \
		$(B)/test/module

# scripts/checkpatch.sh: module/compat.h's version tests aside.
checkpatch: ksft
	@scripts/checkpatch.sh $(CURDIR) $(KSFT)/scripts/checkpatch.pl

clean:
	-$(MAKE) -C cli clean
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf $(B)

# make install, uninstall, install-dkms
include scripts/install.mk
# make deb, check-packages
include scripts/deb.mk

endif # ARCH=arm|arm64, KERNEL=6.12

include scripts/matrix/matrix.mk

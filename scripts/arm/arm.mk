# SPDX-License-Identifier: GPL-2.0
#
# "make ARCH=arm ...": the ARM (armhf) build, included by the top-level
# Makefile instead of its host rules.  Nothing is installed for armhf:
# scripts/arm/fetch.sh downloads Debian's armmp kernel image and headers,
# the matching kbuild and the armhf libraries, and unpacks them into
# build/arm/root; everything built goes to build/arm.
#
#   make ARCH=arm              module (cross, W=1) + static CLI
#   make ARCH=arm unit         host unit tests of the core (as without ARCH)
#   make ARCH=arm initramfs    armhf guest initramfs
#   make ARCH=arm run SCRIPT=f qemu-system-arm -M virt -cpu cortex-a15, TCG
#   make ARCH=arm vm | demo | check
#
# Variables: ARM_ABI (kernel ABI, e.g. 6.1.0-50; default: newest complete
# set, see fetch.sh), TIMEOUT.

B := $(CURDIR)/build
A := $(B)/arm
KSFT := $(B)/ksft
ARM_ROOT := $(A)/root
TIMEOUT ?= 30m
CROSS := arm-linux-gnueabihf-

# Resolved once, on first use, after "deps" has fetched the packages.
ABI = $(eval ABI := $$(shell scripts/arm/fetch.sh $(A)))$(ABI)
KREL = $(ABI)-armmp
KDIR = $(ARM_ROOT)/usr/src/linux-headers-$(KREL)
VMLINUZ = $(ARM_ROOT)/boot/vmlinuz-$(KREL)
KMODS = $(ARM_ROOT)/lib/modules/$(KREL)/kernel

MODULE := $(A)/src/module/l4mm.ko
INITRAMFS := $(A)/initramfs.cpio.gz
GUEST_CLI := $(A)/static/cli/l4mm
GUEST_SELFTESTS := $(A)/guest/selftests
# The result port is a virtio console: its drivers are modules in armmp.
EARLY_MODULES = $(KMODS)/drivers/virtio/virtio_mmio.ko \
	$(KMODS)/drivers/char/virtio_console.ko
RUN_VM = ARCH=arm scripts/qemu/run-vm.sh --kernel $(VMLINUZ) \
	--initramfs $(INITRAMFS)
# libnl's static libraries (libc's come with the cross toolchain).
ARM_LIBS = -L$(ARM_ROOT)/lib/arm-linux-gnueabihf
ARM_NL_CFLAGS = -I$(ARM_ROOT)/usr/include/libnl3

.PHONY: all deps module cli cli-static unit diff ksft selftests initramfs \
	run vm demo check clean bench

all: module cli-static

deps:
	@env -u KVER scripts/install-deps.sh
	@scripts/arm/fetch.sh $(A) >/dev/null

module: deps
	@scripts/arm/build-module.sh $(CURDIR) $(A)/src $(KDIR)
	@cp $(MODULE) $(A)/l4mm.ko

# The native core benchmark, then bench/guest/boot-arm.sh if it exists
# (the ARM guest part is still to be written); results in bench/results/arm.
bench: initramfs
	@BENCH_ARCH=arm KVER="$(KREL)" TIMEOUT="$(TIMEOUT)" bench/run.sh

# There is no dynamic ARM CLI to build: "cli" is the static one.
cli: cli-static

cli-static: deps
	@CLI_MAKE_ARGS="CC=$(CROSS)gcc PKG_CONFIG=false \
		CPPFLAGS=$(ARM_NL_CFLAGS) LDFLAGS=$(ARM_LIBS)" \
		scripts/build-static-cli.sh $(CURDIR) $(A)/static

unit: deps
	$(MAKE) -C tests

# The differential test of the core against the reference model runs on
# the host, as without ARCH (scripts/check.sh runs it in both builds).
diff:
	$(MAKE) -C model check

ksft: deps
	@scripts/ksft-extract.sh $(KSFT)

# lib.mk appends to CFLAGS/LDFLAGS, so the armhf paths come in through
# the environment.  6.1's kselftest_harness.h casts ASSERT_NE(NULL, p)'s
# pointers to uintmax_t, which warns on 32-bit targets (fixed upstream
# later): that warning, and only it, is off for the cross build.
selftests: ksft
	@CFLAGS="$(ARM_NL_CFLAGS) -Wno-pointer-to-int-cast" LDFLAGS="$(ARM_LIBS)" \
		KSFT_MAKE_ARGS="CROSS_COMPILE=$(CROSS)" \
		scripts/qemu/stage-selftests.sh $(CURDIR) $(KSFT) \
		$(A)/selftests-out $(GUEST_SELFTESTS)

initramfs: module cli-static selftests
	@scripts/qemu/mkinitramfs.sh --out $(INITRAMFS) --module $(MODULE) \
		--cli $(GUEST_CLI) --selftests $(GUEST_SELFTESTS) \
		--sysroot $(ARM_ROOT) \
		$(foreach m,$(EARLY_MODULES),--early-module $(m)) \
		$(if $(wildcard examples/*),--examples examples)

run: initramfs
	@test -n "$(SCRIPT)" || { echo "usage: make ARCH=arm run SCRIPT=file" >&2; exit 2; }
	@$(RUN_VM) --timeout $(TIMEOUT) $(SCRIPT)

vm: initramfs
	@$(RUN_VM) --interactive scripts/qemu/shell.sh

demo: SCRIPT = examples/paper-figures.sh
demo: initramfs
	@$(RUN_VM) --timeout $(TIMEOUT) $(SCRIPT)

check: deps
	@MAKE="$(MAKE)" KVER="$(KREL)" TIMEOUT="$(TIMEOUT)" ARCH=arm \
		VMLINUZ="$(VMLINUZ)" INITRAMFS="$(INITRAMFS)" CHECK_OUT="$(A)" \
		scripts/check.sh

clean:
	rm -rf $(A)/src $(A)/static $(A)/selftests-out $(A)/guest \
		$(A)/initramfs* $(A)/l4mm.ko

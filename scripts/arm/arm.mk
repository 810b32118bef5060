# SPDX-License-Identifier: GPL-2.0
#
# A Debian kernel other than the host's, unpacked from Debian's packages:
# "make ARCH=arm ..." (armhf: armmp, or armmp-lpae), "make ARCH=arm64 ..."
# and "make KERNEL=6.12 ..." (amd64), included by the top-level Makefile
# instead of its host rules.  Nothing is installed for a foreign
# architecture: scripts/arm/fetch.sh downloads the kernel image and
# headers, the matching kbuild and (foreign architectures) the libraries
# the static guest binaries need, and unpacks them into $(A)/root;
# everything built goes to $(A).
#
#   make ARCH=arm              module (cross, W=1), static CLI, selftests
#   make ARCH=arm unit | diff  host tests of the core (as without ARCH)
#   make ARCH=arm initramfs    the guest's initramfs
#   make ARCH=arm run SCRIPT=f qemu-system-arm -M virt -cpu cortex-a15, TCG
#   make ARCH=arm vm | demo | check
#   make ARCH=arm64 ...        the same for arm64: aarch64-linux-gnu-gcc,
#                              qemu-system-aarch64 -M virt -cpu cortex-a57
#   make KERNEL=6.12 ...       any of the above on Debian's 6.12 series; on
#                              its own, the amd64 6.12 kernel (host CPU)
#
# Variables: KERNEL (series: 6.1, the default, or 6.12), FLAVOUR (Debian's
# kernel flavour: armmp or armmp-lpae for ARCH=arm, default armmp; arm64;
# amd64), KABI (kernel ABI, e.g. 6.1.0-50 or 6.12.117+deb12; default: the
# newest complete set, see fetch.sh; ARM_ABI is its old name), TIMEOUT.
# The build directory is build/ plus the target (arm, arm-lpae, arm64,
# x86) and, for 6.12, "-6.12": build/arm, build/arm64-6.12, build/x86-6.12.

B := $(CURDIR)/build
KSFT := $(B)/ksft
TIMEOUT ?= 30m
KERNEL ?= 6.1

ifeq ($(ARCH),arm64)
FLAVOUR ?= arm64
else ifeq ($(ARCH),arm)
FLAVOUR ?= armmp
else
FLAVOUR ?= amd64
endif

# Per flavour: the kernel's ARCH, the cross compiler, the target's
# directory name under build/, run-vm.sh's ARCH.
ifeq ($(ARCH)-$(FLAVOUR),arm-armmp)
T_ARCH := arm
T_DIR := arm
else ifeq ($(ARCH)-$(FLAVOUR),arm-armmp-lpae)
T_ARCH := arm
T_DIR := arm-lpae
else ifeq ($(ARCH)-$(FLAVOUR),arm64-arm64)
T_ARCH := arm64
T_DIR := arm64
else ifeq ($(filter-out x86 x86_64,$(ARCH))-$(FLAVOUR),-amd64)
T_ARCH := x86
T_DIR := x86
else
$(error no kernel flavour $(FLAVOUR) for ARCH=$(ARCH): ARCH=arm takes FLAVOUR=armmp or armmp-lpae, ARCH=arm64 FLAVOUR=arm64, ARCH=x86 (or none) FLAVOUR=amd64)
endif
ifeq ($(filter 6.1 6.12,$(KERNEL)),)
$(error KERNEL=$(KERNEL): the kernel series tested are 6.1 and 6.12)
endif

A := $(B)/$(T_DIR)$(if $(filter-out 6.1,$(KERNEL)),-$(KERNEL))
ROOT := $(A)/root
ifeq ($(T_ARCH),arm)
CROSS := arm-linux-gnueabihf-
TRIPLET := arm-linux-gnueabihf
else ifeq ($(T_ARCH),arm64)
CROSS := aarch64-linux-gnu-
TRIPLET := aarch64-linux-gnu
endif

# Resolved once, on first use, after "deps" has fetched the packages.
KREL = $(eval KREL := $$(shell scripts/arm/fetch.sh $(A) $(FLAVOUR) $(KERNEL)))$(KREL)
KDIR = $(ROOT)/usr/src/linux-headers-$(KREL)
VMLINUZ = $(ROOT)/boot/vmlinuz-$(KREL)
KMODS = $(ROOT)/lib/modules/$(KREL)/kernel

MODULE := $(A)/src/module/l4mm.ko
GUEST_CLI = $(STATIC_TREE)/cli/l4mm
INITRAMFS := $(A)/initramfs.cpio.gz
RUN_VM = ARCH=$(T_ARCH) scripts/qemu/run-vm.sh --kernel $(VMLINUZ) \
	--initramfs $(INITRAMFS)

ifdef CROSS
STATIC_TREE := $(A)/static
GUEST_SELFTESTS := $(A)/guest/selftests
SELFTESTS_OUT := $(A)/selftests-out
# libnl's static libraries (libc's come with the cross toolchain).
T_LIBS = -L$(ROOT)/lib/$(TRIPLET)
T_NL_CFLAGS = -I$(ROOT)/usr/include/libnl3
CLI_ENV = CLI_MAKE_ARGS="CC=$(CROSS)gcc PKG_CONFIG=false \
	CPPFLAGS=$(T_NL_CFLAGS) LDFLAGS=$(T_LIBS)"
# 6.1's kselftest_harness.h casts ASSERT_NE(NULL, p)'s pointers to
# uintmax_t, which warns on 32-bit targets (fixed upstream later): that
# warning, and only it, is off for the 32-bit cross build.
SELFTESTS_ENV = CFLAGS="$(T_NL_CFLAGS) \
	$(if $(filter arm,$(T_ARCH)),-Wno-pointer-to-int-cast)" \
	LDFLAGS="$(T_LIBS)" KSFT_MAKE_ARGS="CROSS_COMPILE=$(CROSS)"
# The guest's busybox and bash are the target's, from the sysroot.
SYSROOT_ARG = --sysroot $(ROOT)
# The result port is a virtio console; where its drivers are modules,
# init loads them first (in this order; built-in ones have no file).
EARLY_KOS = virtio/virtio.ko virtio/virtio_ring.ko virtio/virtio_mmio.ko \
	char/virtio_console.ko
EARLY_MODULES = $(foreach m,$(EARLY_KOS),$(firstword $(wildcard \
	$(KMODS)/drivers/$(m) $(KMODS)/drivers/$(m).xz)))
else
# amd64: the userspace half is the host build's, shared with "make check".
STATIC_TREE := $(B)/static
GUEST_SELFTESTS := $(B)/guest/selftests
SELFTESTS_OUT := $(B)/selftests-out
endif

.PHONY: all deps module cli cli-static unit diff ksft selftests initramfs \
	run vm demo check clean bench

all: module cli-static selftests

deps:
	@env -u KVER scripts/install-deps.sh
	@scripts/arm/fetch.sh $(A) $(FLAVOUR) $(KERNEL) >/dev/null

module: deps
	@scripts/arm/build-module.sh $(CURDIR) $(A)/src $(KDIR) $(T_ARCH) $(CROSS)
	@cp $(MODULE) $(A)/l4mm.ko

# The native core benchmark, then the guest half in the ARM guest
# (bench/guest/boot-arm.sh); results in bench/results/arm, and an ARM
# section in bench/README.md.  Not part of check: it measures.
bench: initramfs
	@test "$(T_DIR)-$(KERNEL)" = arm-6.1 || { echo "bench: only ARCH=arm (armmp, 6.1) has a guest benchmark; the host's is make bench" >&2; exit 2; }
	@BENCH_ARCH=arm KVER="$(KREL)" TIMEOUT="$(TIMEOUT)" bench/run.sh

# There is no dynamic CLI to build for the guest: "cli" is the static one.
cli: cli-static

cli-static: deps
	@$(CLI_ENV) scripts/build-static-cli.sh $(CURDIR) $(STATIC_TREE)

unit: deps
	$(MAKE) -C tests

# The differential test of the core against the reference model runs on
# the host, as without ARCH (scripts/check.sh runs it in both builds).
diff:
	$(MAKE) -C model check

ksft: deps
	@scripts/ksft-extract.sh $(KSFT)

# lib.mk appends to CFLAGS/LDFLAGS, so the target's paths come in through
# the environment.
selftests: ksft
	@$(SELFTESTS_ENV) scripts/qemu/stage-selftests.sh $(CURDIR) $(KSFT) \
		$(SELFTESTS_OUT) $(GUEST_SELFTESTS)

initramfs: module cli-static selftests
	@scripts/qemu/mkinitramfs.sh --out $(INITRAMFS) --module $(MODULE) \
		--cli $(GUEST_CLI) --selftests $(GUEST_SELFTESTS) $(SYSROOT_ARG) \
		$(foreach m,$(EARLY_MODULES),--early-module $(m)) \
		--boot $(ROOT)/boot/config-$(KREL) \
		$(if $(wildcard examples/*),--examples examples)

run: initramfs
	@test -n "$(SCRIPT)" || { echo "usage: make ARCH=$(ARCH) run SCRIPT=file" >&2; exit 2; }
	@$(RUN_VM) --timeout $(TIMEOUT) $(SCRIPT)

vm: initramfs
	@$(RUN_VM) --interactive scripts/qemu/shell.sh

demo: SCRIPT = examples/paper-figures.sh
demo: initramfs
	@$(RUN_VM) --timeout $(TIMEOUT) $(SCRIPT)

check: deps
	@MAKE="$(MAKE)" KVER="$(KREL)" TIMEOUT="$(TIMEOUT)" ARCH=$(T_ARCH) \
		VMLINUZ="$(VMLINUZ)" INITRAMFS="$(INITRAMFS)" CHECK_OUT="$(A)" \
		scripts/check.sh

clean:
	rm -rf $(A)/src $(A)/static $(A)/selftests-out $(A)/guest \
		$(A)/initramfs* $(A)/l4mm.ko

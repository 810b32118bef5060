# SPDX-License-Identifier: GPL-2.0
#
# How every userspace build (tests/, model/, fuzz/, bench/native/)
# compiles the l4mm core: module/core/*.c against the kernel stand-ins in
# shim/.  Include it after setting nothing; it defines
#
#   L4MM_TOP        the repository
#   CORE_DIR        module/core
#   SHIM_DIR        this directory
#   CORE_SRCS       the core's sources
#   CORE_HDRS       the headers a core object depends on
#   SHIM_ENV        the shim's l4mm_env_* (libc allocation, fault
#                   injection, counters); bench/native has its own
#   SHIM_HOSTILE    the hostile constructions (hostile.h) that the unit
#                   tests and bench/native's bench_worst both run
#   CORE_CPPFLAGS   include paths and L4MM_TEST (the core's test hooks)
#   CORE_CFLAGS     the warnings every build of the core uses
#
# and the userspace builds add their own optimisation and sanitizers.

L4MM_TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
CORE_DIR ?= $(L4MM_TOP)/module/core
SHIM_DIR := $(L4MM_TOP)/shim
CORE_SRCS := $(sort $(wildcard $(CORE_DIR)/*.c))
CORE_HDRS := $(wildcard $(CORE_DIR)/*.h $(SHIM_DIR)/*.h)
SHIM_ENV := $(SHIM_DIR)/env.c
SHIM_HOSTILE := $(SHIM_DIR)/hostile.c
CORE_CPPFLAGS := -I$(CORE_DIR) -I$(SHIM_DIR) -DL4MM_TEST
CORE_CFLAGS := -std=gnu11 -g -Wall -Wextra -Werror

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages make bench needs on top of scripts/install-deps.sh:
# valgrind (callgrind instruction counts, <valgrind/callgrind.h>),
# gnuplot-nox (plots) and jq (assembling the JSON).  Same pattern: one
# dpkg-query when nothing is missing.
set -euo pipefail

missing=()
for pkg in valgrind gnuplot-nox jq; do
	[[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null) == ii* ]] ||
		missing+=("$pkg")
done
((${#missing[@]})) || exit 0
if ((EUID != 0)); then
	echo "bench/deps: missing packages: ${missing[*]}; run as root to install them" >&2
	exit 1
fi
echo "bench/deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"

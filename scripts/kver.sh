#!/bin/bash
# Print the kernel release the module is built for and the guest boots:
# the newest /lib/modules/*-amd64 that has both a build tree (headers, to
# compile the module) and a /boot/vmlinuz (to boot it in qemu); without
# any image, the newest with headers.  The two
# must match exactly, or insmod refuses the module (vermagic).
# KVER in the environment overrides the search (still validated).
set -euo pipefail

usable() {
	[[ -d /lib/modules/$1/build && -r /boot/vmlinuz-$1 ]]
}

if [[ -n ${KVER:-} ]]; then
	usable "$KVER" || {
		echo "kver.sh: KVER=$KVER has no /lib/modules/$KVER/build or /boot/vmlinuz-$KVER" >&2
		exit 1
	}
	echo "$KVER"
	exit 0
fi

best=
for dir in /lib/modules/*-amd64; do
	[[ -d $dir ]] || continue
	rel=${dir##*/}
	usable "$rel" && best+="$rel"$'\n'
done
best=$(printf '%s' "$best" | sort -V | tail -n 1)
# A machine with the build packages only (make module, make cli: the
# guest targets install the image): the newest kernel with headers.
if [[ -z $best ]]; then
	for dir in /lib/modules/*-amd64; do
		[[ -d $dir/build ]] && best+="${dir##*/}"$'\n'
	done
	best=$(printf '%s' "$best" | sort -V | tail -n 1)
	[[ -z $best ]] ||
		echo "kver.sh: no /boot/vmlinuz-$best (yet): building for its headers" >&2
fi
if [[ -z $best ]]; then
	echo "kver.sh: no kernel with both headers and an image; run scripts/install-deps.sh" >&2
	exit 1
fi
echo "$best"

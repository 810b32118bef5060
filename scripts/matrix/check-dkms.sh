#!/bin/bash
# "make check-dkms": the repository's dkms.conf, as a user's DKMS would
# use it, against Debian's 6.12 amd64 headers (unpacked into
# build/x86-6.12 by scripts/arm/fetch.sh, not installed).  Everything DKMS
# writes stays in build/dkms (--dkmstree, --sourcetree): the host's
# /var/lib/dkms and /usr/src are not touched.  Prints TAP, then
# "N passed, N failed".
#   1  dkms build succeeds
#   2  the module it built is for that kernel (vermagic)
#   3  dkms refuses a kernel outside the range (BUILD_EXCLUSIVE_KERNEL)
#   4  Kbuild refuses one too, naming the supported range
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$repo/build/dkms
cd "$repo" || exit 1

if ! command -v dkms >/dev/null; then
	if ((EUID != 0)); then
		echo "check-dkms: dkms is not installed (apt-get install dkms)" >&2
		exit 1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends dkms >&2 || exit 1
fi
krel=$(scripts/arm/fetch.sh build/x86-6.12 amd64 6.12) || exit 1
hdr=$repo/build/x86-6.12/root/usr/src/linux-headers-$krel
ver=$(cat VERSION)

rm -rf "$out"
src=$out/source/l4mm-$ver
mkdir -p "$out/tree"
# The source tree as make install-dkms lays it out for a user's DKMS
# (dkms.conf with the version written in, VERSION, sources, uapi).
make --no-print-directory install-dkms DKMS_SRC="$src" >"$out/install.log" 2>&1 ||
	{ cat "$out/install.log" >&2; exit 1; }
dkms_=(dkms --dkmstree "$out/tree" --sourcetree "$out/source")

n=0 failed=0
ok() { # RC NAME
	n=$((n + 1))
	if (($1 == 0)); then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

echo "TAP version 13"
echo "1..4"
"${dkms_[@]}" add -m l4mm -v "$ver" >"$out/add.log" 2>&1 &&
	"${dkms_[@]}" build -m l4mm -v "$ver" -k "$krel" \
		--kernelsourcedir "$hdr" >"$out/build.log" 2>&1
rc=$?
((rc == 0)) || sed 's/^/# /' "$out/add.log" "$out/build.log" \
	"$out/tree/l4mm/$ver/build/make.log" 2>/dev/null
ok $rc "dkms build l4mm/$ver -k $krel"

ko=$(find "$out/tree/l4mm/$ver/$krel" -name l4mm.ko 2>/dev/null | head -n 1)
magic=$( [[ -n $ko ]] && modinfo -F vermagic "$ko")
echo "# vermagic: ${magic:-none}"
[[ $magic == "$krel "* ]]
ok $? "the module DKMS built is for $krel"

"${dkms_[@]}" build -m l4mm -v "$ver" -k 6.13.0-1-amd64 \
	--kernelsourcedir "$hdr" >"$out/refuse.log" 2>&1
rc=$?
sed 's/^/# /' "$out/refuse.log"
# dkms 3.0 exits 77 for a kernel BUILD_EXCLUSIVE_KERNEL excludes.
((rc == 77)) && grep -qi 'BUILD_EXCLUSIVE' "$out/refuse.log"
ok $? "dkms refuses 6.13 (BUILD_EXCLUSIVE_KERNEL)"

# The same headers told they are 6.13: the Kbuild gate must stop first.
make -C "$hdr" M="$src" PATCHLEVEL=13 modules >"$out/kbuild.log" 2>&1
rc=$?
grep -o 'l4mm: Linux .*supported.*' "$out/kbuild.log" | sed 's/^/# /'
((rc != 0)) && grep -q 'l4mm builds for Linux 6.1 to 6.12' "$out/kbuild.log" &&
	! grep -q 'CC \[M\]' "$out/kbuild.log"
ok $? "Kbuild refuses a kernel outside 6.1..6.12 before compiling"

echo "$((n - failed)) passed, $failed failed"
((failed == 0))

#!/bin/bash
# Fetch what "make ARCH=arm" needs without installing anything for armhf
# system-wide: the cross compiler and qemu-system-arm come from the host's
# apt (amd64 packages); Debian's armhf armmp kernel image and headers, the
# matching amd64 kbuild, and the armhf libraries the static guest
# binaries link against are downloaded with "apt-get download" and
# unpacked with dpkg-deb -x into OUT/root.  Prints the chosen kernel ABI
# (e.g. 6.1.0-50) and records it in OUT/abi.  Cheap when done (a stamp).
#
# ABI choice: the newest armhf armmp ABI for which the image, the headers,
# the common headers and linux-kbuild-6.1 (amd64) of the same version all
# exist: the armhf and security indexes may lag or fail to download.
# ARM_ABI in the environment forces one (still checked).
# Usage: fetch.sh OUT
set -euo pipefail

mkdir -p "$1"
out=$(cd "$1" && pwd)
root=$out/root


host_pkgs=(gcc-arm-linux-gnueabihf libc6-dev-armhf-cross qemu-system-arm
	binutils-arm-linux-gnueabihf)
missing=()
for p in "${host_pkgs[@]}"; do
	[[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null) == ii* ]] ||
		missing+=("$p")
done
need_update=0
dpkg --print-foreign-architectures | grep -qx armhf || need_update=1
if ((need_update || ${#missing[@]})); then
	if ((EUID != 0)); then
		echo "arm-fetch: run as root once: dpkg --add-architecture armhf; apt-get install ${missing[*]}" >&2
		exit 1
	fi
	dpkg --add-architecture armhf
	# One index failing (e.g. armhf security) must not stop us: what
	# we need is chosen from what did download.
	apt-get update -qq || echo "arm-fetch: apt-get update reported errors; going on" >&2
	if ((${#missing[@]})); then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends "${missing[@]}"
	fi
fi

# Bump when the set of packages below changes, so old trees are refetched.
stamp_version=2
if [[ -f $out/stamp && -f $out/abi && $(<"$out/stamp") == "$stamp_version" ]] &&
	[[ -z ${ARM_ABI:-} || $(<"$out/abi") == "$ARM_ABI" ]]; then
	cat "$out/abi"
	exit 0
fi

version_of() { # package -> its newest candidate version, or nothing
	apt-cache madison "$1" 2>/dev/null | awk -F' *[|] *' 'NR == 1 { print $2 }'
}
has_version() { # package version
	apt-cache madison "$1" 2>/dev/null | awk -F' *[|] *' -v v="$2" '$2 == v { f = 1 } END { exit !f }'
}

if [[ -n ${ARM_ABI:-} ]]; then
	abis=$ARM_ABI
else
	abis=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-armmp$' |
		sed -n 's/^linux-image-\(6\.1\.0-[0-9]*\)-armmp .*/\1/p' | sort -rV)
fi
abi='' ver=''
for a in $abis; do
	v=$(version_of "linux-image-$a-armmp:armhf")
	[[ -n $v ]] || continue
	has_version "linux-headers-$a-armmp:armhf" "$v" || continue
	has_version "linux-headers-$a-common" "$v" || continue
	has_version "linux-kbuild-6.1:amd64" "$v" || continue
	abi=$a ver=$v
	break
done
[[ -n $abi ]] || { echo "arm-fetch: no armhf armmp ABI with image, headers and kbuild of one version" >&2; exit 1; }
echo "arm-fetch: kernel ABI $abi ($ver)" >&2

debs=$out/debs
rm -rf "$debs" "$root"
mkdir -p "$debs" "$root"
(cd "$debs" && apt-get download -q \
	"linux-image-$abi-armmp:armhf=$ver" "linux-headers-$abi-armmp:armhf=$ver" \
	"linux-headers-$abi-common=$ver" "linux-kbuild-6.1:amd64=$ver" \
	libnl-3-dev:armhf libnl-genl-3-dev:armhf libnl-3-200:armhf \
	libnl-genl-3-200:armhf busybox-static:armhf libc6:armhf \
	bash:armhf libtinfo6:armhf) >&2
for deb in "$debs"/*.deb; do
	dpkg-deb -x "$deb" "$root"
done

# The armmp headers include the common ones and use kbuild's scripts by
# absolute paths; point them into the unpacked tree.
hdr=$root/usr/src/linux-headers-$abi-armmp
sed -i "s|include /usr/src/linux-headers-$abi-common/|include $root/usr/src/linux-headers-$abi-common/|" "$hdr/Makefile"
find "$root/usr/src" -type l -lname '/*' | while read -r l; do
	ln -sfn "$root$(readlink "$l")" "$l"
done

echo "$abi" >"$out/abi"
echo "$stamp_version" >"$out/stamp"
echo "$abi"

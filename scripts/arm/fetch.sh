#!/bin/bash
# Fetch one Debian kernel, and what a guest for it needs, without
# installing anything for its architecture: the kernel image and headers
# of FLAVOUR (armmp, armmp-lpae, arm64 or amd64) in SERIES (6.1: Debian
# 12; 6.12: Debian 12's security and backports suites, the series of
# Debian 13), the matching amd64 kbuild, and for a foreign architecture
# the libraries the static guest binaries link against plus busybox and
# bash, are downloaded with "apt-get download" and unpacked with
# dpkg-deb -x into OUT/root.  Prints the kernel release (e.g.
# 6.1.0-57-armmp-lpae, 6.12.117+deb12-arm64) and records it in OUT/krel.
# Cheap when done (a stamp).
#
# The cross compiler and qemu are the host's own amd64 packages, installed
# with apt as usual.  Everything else goes through a private apt
# configuration in the download cache (L4MM_CACHE, default
# ~/.cache/l4mm): its sources are the host's Debian 12 sources plus
# bookworm-backports, for amd64, armhf and arm64, so neither the host's
# sources nor its dpkg architectures change.  Its indexes are refreshed at
# most once a day; the .deb files are kept there, so a second tree (or a
# fresh clone) unpacks without downloading.
#
# ABI choice: the newest ABI of SERIES for which the image, the headers,
# the common headers and the amd64 kbuild of one version all exist (the
# indexes of one suite may lag).  KABI in the environment (ARM_ABI, its
# old name, too) forces one, e.g. 6.1.0-50 or 6.12.117+deb12 (still
# checked).
# Usage: fetch.sh OUT FLAVOUR SERIES
set -euo pipefail

usage() { echo "usage: fetch.sh OUT {armmp|armmp-lpae|arm64|amd64} {6.1|6.12}" >&2; exit 2; }
(($# == 3)) || usage
mkdir -p "$1"
out=$(cd "$1" && pwd)
flavour=$2 series=$3
root=$out/root
force_abi=${KABI:-${ARM_ABI:-}}

case $flavour in
armmp | armmp-lpae)
	arch=armhf triplet=arm-linux-gnueabihf
	host_pkgs=(gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
		   binutils-arm-linux-gnueabihf qemu-system-arm) ;;
arm64)
	arch=arm64 triplet=aarch64-linux-gnu
	# qemu-system-arm also holds qemu-system-aarch64.
	host_pkgs=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross
		   binutils-aarch64-linux-gnu qemu-system-arm) ;;
amd64)
	arch=amd64 triplet=''
	host_pkgs=(qemu-system-x86) ;;
*) echo "fetch: unknown flavour '$flavour'" >&2; usage ;;
esac
case $series in
6.1) ;;
# 6.12's kbuild needs pahole (BTF for modules), which "dwarves" provides.
6.12) host_pkgs+=(dwarves) ;;
*) echo "fetch: unsupported kernel series '$series' (6.1 or 6.12)" >&2; usage ;;
esac

missing=()
for p in "${host_pkgs[@]}"; do
	[[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null) == ii* ]] ||
		missing+=("$p")
done
if ((${#missing[@]})); then
	if ((EUID != 0)); then
		echo "fetch: run as root once: apt-get install ${missing[*]}" >&2
		exit 1
	fi
	apt-get update -qq || echo "fetch: apt-get update reported errors; going on" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "${missing[@]}"
fi

# Bump when the set of packages below changes, so old trees are refetched.
stamp="4 $flavour $series"
if [[ -f $out/stamp && -f $out/krel && $(<"$out/stamp") == "$stamp" ]] &&
	[[ -z $force_abi || $(<"$out/krel") == "$force_abi-$flavour" ]]; then
	cat "$out/krel"
	exit 0
fi

# --- the private apt configuration ------------------------------------
cache=${L4MM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/l4mm}
apt_dir=$cache/apt
debs=$cache/debs
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$debs"
apt_opts=(
	-o "Dir::Etc::SourceList=$apt_dir/sources.list"
	-o Dir::Etc::SourceParts=/nonexistent
	-o "Dir::State::Lists=$apt_dir/lists"
	-o "Dir::Cache=$apt_dir/cache"
	-o APT::Architectures::=amd64 -o APT::Architectures::=armhf
	-o APT::Architectures::=arm64
	# The cache is the invoking user's; apt's _apt user may not write it.
	-o APT::Sandbox::User=root
)
papt_get() { apt-get "${apt_opts[@]}" "$@"; }
papt_cache() { apt-cache "${apt_opts[@]}" "$@"; }

# The host's Debian 12 suites (bookworm, -updates, -security) from its
# own configuration, and bookworm-backports from the same mirror.
write_sources() {
	apt-get indextargets --format '$(REPO_URI)	$(RELEASE)	$(COMPONENT)' \
		'Created-By: Packages' | sort -u | awk -F'\t' '
		function line(uri, suite) {
			printf "deb [arch=amd64,armhf,arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s %s\n", uri, suite, $3
		}
		$2 ~ /^bookworm(-updates|-security)?$/ { line($1, $2) }
		$2 == "bookworm" { line($1, "bookworm-backports") }'
}
write_sources >"$apt_dir/sources.list.new"
if ! [[ -s $apt_dir/sources.list.new ]]; then
	echo "fetch: the host's apt has no Debian 12 (bookworm) sources to start from" >&2
	exit 1
fi
if ! cmp -s "$apt_dir/sources.list.new" "$apt_dir/sources.list"; then
	mv "$apt_dir/sources.list.new" "$apt_dir/sources.list"
	rm -f "$apt_dir/updated"
else
	rm -f "$apt_dir/sources.list.new"
fi
if [[ -z $(find "$apt_dir/updated" -mmin -1440 2>/dev/null) ]]; then
	echo "fetch: updating the package indexes in $apt_dir" >&2
	# One index failing (a suite mid-sync) must not stop us: what we
	# need is chosen from what did download.
	if papt_get -qq update >&2; then
		touch "$apt_dir/updated"
	else
		echo "fetch: apt-get update reported errors; going on" >&2
	fi
fi

version_of() { # package -> its newest candidate version, or nothing
	papt_cache madison "$1" 2>/dev/null | awk -F' *[|] *' 'NR == 1 { print $2 }'
}
has_version() { # package version
	papt_cache madison "$1" 2>/dev/null | awk -F' *[|] *' -v v="$2" '$2 == v { f = 1 } END { exit !f }'
}

# 6.1.0-57 (Debian 12's ABI names), 6.12.117+deb12 (6.12's), 6.12.9+bpo.
series_re=${series//./\\.}
if [[ -n $force_abi ]]; then
	abis=$force_abi
else
	abis=$(papt_cache search --names-only "^linux-image-$series_re\\.[0-9]+(-[0-9]+|\\+deb[0-9]+|\\+bpo)-$flavour\$" |
		sed -n "s/^linux-image-\\(.*\\)-$flavour .*/\\1/p" | sort -rV)
fi
abi='' ver='' kbuild=''
for a in $abis; do
	v=$(version_of "linux-image-$a-$flavour:$arch")
	[[ -n $v ]] || continue
	has_version "linux-headers-$a-$flavour:$arch" "$v" || continue
	has_version "linux-headers-$a-common" "$v" || continue
	# 6.1's kbuild is one package per series, 6.12's one per ABI.
	for k in "linux-kbuild-$a" "linux-kbuild-$series"; do
		if has_version "$k:amd64" "$v"; then
			kbuild=$k
			break
		fi
	done
	[[ -n $kbuild ]] || continue
	abi=$a ver=$v
	break
done
if [[ -z $abi ]]; then
	echo "fetch: no $flavour ABI of Linux $series${force_abi:+ ($force_abi)} with image, headers and kbuild of one version" >&2
	exit 1
fi
krel=$abi-$flavour
echo "fetch: kernel $krel ($ver)" >&2

pkgs=("linux-image-$krel:$arch=$ver" "linux-headers-$krel:$arch=$ver"
      "linux-headers-$abi-common=$ver" "$kbuild:amd64=$ver")
if [[ $arch != amd64 ]]; then
	pkgs+=(libnl-3-dev:$arch libnl-genl-3-dev:$arch libnl-3-200:$arch
	       libnl-genl-3-200:$arch busybox-static:$arch libc6:$arch
	       bash:$arch libtinfo6:$arch)
fi
# Download what the cache does not have yet (apt's file names:
# NAME_VERSION_ARCH.deb, ":" in VERSION as "%3a").
files=()
want=()
while read -r _ file _; do
	files+=("$file")
	if [[ ! -s $debs/$file ]]; then
		IFS=_ read -r n v a <<<"${file%.deb}"
		want+=("$n:$a=${v//%3a/:}")
	fi
done < <(papt_get -qq --print-uris download "${pkgs[@]}")
if ((${#want[@]})); then
	(cd "$debs" && papt_get -q download "${want[@]}") >&2
fi

rm -rf "$root"
mkdir -p "$root"
for f in "${files[@]}"; do
	dpkg-deb -x "$debs/$f" "$root"
done

# The flavour's headers include the common ones and use kbuild's scripts
# by absolute paths; point them into the unpacked tree.
hdr=$root/usr/src/linux-headers-$krel
sed -i "s|include /usr/src/|include $root/usr/src/|" "$hdr/Makefile"
find "$root/usr/src" -type l -lname '/*' | while read -r l; do
	ln -sfn "$root$(readlink "$l")" "$l"
done

echo "$krel" >"$out/krel"
echo "$stamp" >"$out/stamp"
echo "$triplet" >"$out/triplet"
echo "$krel"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-packages: the packages of make deb, for real.  Installs
# l4mm and l4mm-dkms on this machine with apt (DKMS builds the module for
# the kernel whose headers are installed, KVER), checks dkms status, the
# module DKMS built, man l4mm, the bash completion and l4mm -V; boots the
# guest with the module DKMS built (and the static CLI of the same tree)
# and runs a scenario there; then purges both packages and checks that
# nothing is left.  TAP on stdout, the last line "check-packages: N
# passed, N failed"; the log in build/deb/check-packages.log.
# Not part of make check: it installs packages on the host.
# Called by scripts/deb.mk with KVER set, after make deb, cli-static and
# the guest's base image.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/build/deb
ver=$(cat "$repo/VERSION")
guest=$repo/build/guest
ko=/lib/modules/$KVER/updates/dkms/l4mm.ko
n=0 failed=0

ok() {
	n=$((n + 1))
	if [[ $1 == 0 ]]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# check NAME COMMAND...: one TAP line for the command's success, its
# output as comments when it fails.
check() {
	local name=$1 rc
	shift
	"$@" >"$out/step.out" 2>&1
	rc=$?
	((rc == 0)) || sed 's/^/#   /' "$out/step.out"
	ok "$rc" "$name"
}

purge() {
	DEBIAN_FRONTEND=noninteractive apt-get purge -y -q l4mm l4mm-dkms
}

echo "TAP version 13"
echo "# check-packages: l4mm $ver, kernel headers $KVER"
# A leftover of an earlier, interrupted run would hide what this one does.
purge >/dev/null 2>&1
check "apt installs l4mm and l4mm-dkms (DKMS builds the module)" \
	env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	"$out/l4mm_${ver}_"*.deb "$out/l4mm-dkms_${ver}_all.deb"
check "dkms status: l4mm/$ver installed for $KVER" \
	bash -c "dkms status l4mm | tee /dev/stderr | grep -q '^l4mm/$ver, $KVER, [^:]*: installed'"
check "the module DKMS built has the version $ver" \
	test "$(modinfo -F version "$ko" 2>/dev/null)" = "$ver"
check "modinfo finds it by name (depmod ran)" \
	test "$(modinfo -k "$KVER" -F filename l4mm 2>/dev/null)" = "$ko"
check "man l4mm" \
	bash -c "MANPAGER=cat MANWIDTH=80 man l4mm 2>/dev/null | tr -s ' ' | grep -q 'drive the L4 virtual-memory subsystem'"
check "man -w l4mm is the packaged page" \
	test "$(man -w l4mm)" = /usr/share/man/man8/l4mm.8.gz
check "bash completion: loaded on demand, completes the commands" \
	bash -c 'source /usr/share/bash-completion/bash_completion &&
		__load_completion l4mm && complete -p l4mm | grep -q -- "-F _l4mm" &&
		COMP_WORDS=(l4mm lis) COMP_CWORD=1 && _l4mm &&
		[[ "${COMPREPLY[*]}" == list ]]'
check "l4mm -V: the packaged CLI is $ver" \
	bash -c "l4mm -V | head -n 1 | grep -qx 'l4mm $ver'"

# The guest: the module DKMS built, loaded by init, and a scenario.
srcv=$(modinfo -F srcversion "$ko" 2>/dev/null)
cat >"$out/guest.sh" <<EOT
#!/bin/sh
# check-packages: the module DKMS built, in the guest.
set -e
[ "\$(cat /sys/module/l4mm/version)" = "$ver" ]
[ "\$(cat /sys/module/l4mm/srcversion)" = "$srcv" ]
l4mm -V
[ -z "\$(l4mm -V 2>&1 >/dev/null)" ]
l4mm create A
l4mm create B
l4mm map sigma0 0x5000 A 0x1000
l4mm map A 0x1000 B 0x2000
[ "\$(l4mm lookup B 0x2000)" = 0x5000 ]
l4mm unmap A 0x1000
! l4mm lookup B 0x2000 || false
l4mm check
echo "check-packages: scenario passed"
EOT
rm -f "$guest/packages.cpio"
if [[ -f $ko ]] && "$repo/scripts/qemu/mkinitramfs.sh" \
	--out "$guest/packages-layer.cpio" --layer --module "$ko" \
	--cli "$repo/build/static/cli/l4mm" >/dev/null 2>&1; then
	cat "$guest/base.cpio" "$guest/packages-layer.cpio" \
		>"$guest/packages.cpio"
fi
check "the guest loads the module DKMS built and runs a scenario" \
	"$repo/scripts/qemu/run-vm.sh" --timeout 10m \
	--kernel "/boot/vmlinuz-$KVER" --initramfs "$guest/packages.cpio" \
	"$out/guest.sh"

check "apt purges both" purge
check "dkms status: no l4mm" bash -c "[ -z \"\$(dkms status l4mm)\" ]"
check "nothing of them is left" \
	bash -c "! ls /usr/bin/l4mm /usr/src/l4mm-$ver $ko \
		/usr/share/man/man8/l4mm.8.gz \
		/usr/share/bash-completion/completions/l4mm 2>/dev/null"

echo "1..$n"
echo "check-packages: $((n - failed)) passed, $failed failed"
((failed == 0))

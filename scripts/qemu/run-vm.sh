#!/bin/bash
# Boot the test guest once: append SCRIPT as /run.sh to the base
# initramfs, run qemu with the console (ttyS0) streamed to the terminal and
# the result port (ttyS1) to a file, then exit with the script's status as
# init reported it on the result port.
#
# Usage: run-vm.sh [options] --kernel VMLINUZ --initramfs BASE SCRIPT
#   --timeout DUR   kill the guest after DUR (timeout(1) syntax; default 30m)
#   --log FILE      also write the console output to FILE
#   --result FILE   result port file (default: next to BASE, result.txt)
#   --interactive   console on the terminal for a shell, no timeout;
#                   Ctrl-A x quits qemu
# Environment: KVM=1 (use /dev/kvm), QEMU, QEMU_MEM (512), QEMU_SMP (2),
# ARCH (x86, the default, or arm: qemu-system-arm -M virt -cpu cortex-a15,
# or arm64: qemu-system-aarch64 -M virt -cpu cortex-a57; for both ARM ones
# console ttyAMA0, the result port on a virtio-serial port).
# Exit: the script's status; 124 timed out; 125 no result from the guest.
set -euo pipefail

timeout=30m log='' result='' interactive=0 kernel='' base=''
while (($#)); do
	case $1 in
	--timeout) timeout=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--result) result=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--initramfs) base=$2; shift 2 ;;
	--interactive) interactive=1; shift ;;
	--) shift; break ;;
	-*) echo "run-vm: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
if (($# != 1)) || [[ -z $kernel || -z $base ]]; then
	echo "usage: run-vm.sh [options] --kernel VMLINUZ --initramfs BASE SCRIPT" >&2
	exit 2
fi
script=$1
[[ -r $script ]] || { echo "run-vm: cannot read script $script" >&2; exit 2; }
[[ -r $base ]] || { echo "run-vm: no initramfs $base (make initramfs)" >&2; exit 2; }

dir=$(dirname "$base")
result=${result:-$dir/result.txt}
overlay=$dir/run-overlay
initrd=$dir/boot.cpio.gz

# The kernel unpacks concatenated cpio archives in order, so the per-boot
# /run.sh is a tiny second archive instead of a rebuild of the base.
rm -rf "$overlay"
mkdir -p "$overlay"
install -m 0755 "$script" "$overlay/run.sh"
{
	cat "$base"
	(cd "$overlay" && echo run.sh | cpio -o -H newc -R 0:0 --quiet | gzip -n)
} >"$initrd"

rm -f "$result"
cmdline="panic=-1 oops=panic slab_nomerge quiet loglevel=4"
if [[ ${ARCH:-x86} == arm || ${ARCH:-x86} == arm64 ]]; then
	# -M virt has one PL011 (ttyAMA0); the result goes to a virtio
	# console port instead, /dev/vport0p1 in the guest.
	if [[ $ARCH == arm64 ]]; then
		# cortex-a57: no pointer authentication to emulate (-cpu max
		# has it, and TCG pays for it on every call and return).
		qemu=("${QEMU:-qemu-system-aarch64}" -M virt -cpu cortex-a57)
	else
		qemu=("${QEMU:-qemu-system-arm}" -M virt -cpu cortex-a15)
	fi
	qemu+=(
		-nodefaults -nographic -no-reboot
		-m "${QEMU_MEM:-512}" -smp "${QEMU_SMP:-2}"
		-kernel "$kernel" -initrd "$initrd"
		-append "console=ttyAMA0 l4mm.result=/dev/vport0p1 $cmdline"
	)
else
	qemu=(
		"${QEMU:-qemu-system-x86_64}" -nodefaults -nographic -no-reboot
		-m "${QEMU_MEM:-512}" -smp "${QEMU_SMP:-2}"
		-kernel "$kernel" -initrd "$initrd"
		-append "console=ttyS0 $cmdline"
		# qboot (shipped with qemu) instead of SeaBIOS: it boots -kernel
		# directly and prints nothing, where SeaBIOS writes screen-clearing
		# escapes to the serial console.
		-bios qboot.rom
	)
fi
if [[ ${KVM:-0} == 1 ]]; then
	qemu+=(-enable-kvm -cpu host)
fi
# ttyS0 (console) must come before ttyS1 (result): -serial order is port order.
if ((interactive)); then
	# Ctrl-C goes to the guest; Ctrl-A x reaches qemu's mux to quit.
	qemu+=(-chardev "stdio,id=con,mux=on,signal=off" -serial chardev:con
		-mon "chardev=con,mode=readline")
else
	qemu+=(-monitor none -serial stdio)
fi
if [[ ${ARCH:-x86} == arm || ${ARCH:-x86} == arm64 ]]; then
	qemu+=(-device virtio-serial-device -chardev "file,id=result,path=$result"
		-device virtserialport,chardev=result,name=l4mm.result)
else
	qemu+=(-chardev "file,id=result,path=$result" -serial chardev:result)
fi

echo "run-vm: booting $(basename "$kernel") with $script as /run.sh" >&2
set +e
if ((interactive)); then
	"${qemu[@]}"
	rc=$?
elif [[ -n $log ]]; then
	# No stdin: the guest reads nothing from the host, and the terminal
	# stays cooked so Ctrl-C stops qemu.
	timeout --foreground --kill-after=30s "$timeout" "${qemu[@]}" </dev/null 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
else
	timeout --foreground --kill-after=30s "$timeout" "${qemu[@]}" </dev/null
	rc=$?
fi
set -e

if ((rc == 124)); then
	echo "run-vm: TIMEOUT: guest killed after $timeout" >&2
fi
if [[ -r $result ]]; then
	# init's explicit setup errors (e.g. insmod failed).
	tr -d '\r' <"$result" | sed -n 's/^L4MM-ERROR /run-vm: guest setup failed: /p' >&2
	status=$(tr -d '\r' <"$result" | sed -n 's/^L4MM-EXIT \([0-9][0-9]*\)$/\1/p' | tail -n 1)
else
	status=
fi
if [[ -z $status ]]; then
	((rc == 124)) && exit 124
	echo "run-vm: FAIL: no result from the guest (qemu exit $rc): it crashed," \
		"panicked or never finished; see the console output above" >&2
	exit 125
fi
echo "run-vm: guest script exited with status $status" >&2
exit "$status"

#!/bin/bash
# End-to-end test of kexec-reboot on a UEFI Secure Boot machine: Debian 12 (sysvinit, as the BIOS
# image) booting OVMF (Microsoft's keys enrolled, Secure Boot enforced) → shim → GRUB → Debian's
# signed kernel, which locks itself down. The guest reboots with `reboot`; the serial log says
# whether it came back through kexec, with which kexec argv, and the lockdown state on each side.
#
# Run as root after `mvn -q -DskipTests package`:  src/test/vm/secureboot-test.sh [SCENARIO…]
#   a-kexec          Secure Boot: kexec -s -l, `reboot` comes back through kexec, still locked down
#   b-unsigned       Secure Boot: KERNEL_IMAGE without its signature (sbattach --remove): refused,
#                    one clear line on the console, a cold reboot
#   c-no-secureboot  the same disk and a-kexec.sh's steps, OVMF without Secure Boot: the original's argv
#                    (no -s), kexec
#   d-bootnext       OVMF without Secure Boot: `efibootmgr -n` → nothing loaded, the reboot goes through
#                    the firmware, which consumes BootNext; the reboot after it goes through kexec
#   Two guests at a time (KEXEC_REBOOT_VM_JOBS, default 2), each with its own overlay and variable store.
#   KEXEC_REBOOT_CACHE      where the built image is kept (default /var/cache/kexec-reboot-test)
#   KEXEC_REBOOT_VM_ACCEL   kvm or tcg (default: kvm where it works, for Secure Boot only where it
#                           also gives the SMM that OVMF's Secure Boot build needs; else tcg)
#   KEXEC_REBOOT_VM_LOGS    where the serial logs go (default: a fresh directory under /tmp)
#   KEXEC_REBOOT_VM_RECHECK=1  boot nothing: check the serial logs already in KEXEC_REBOOT_VM_LOGS again
# Exits non-zero on any failure, prints the serial log of a failing scenario, ends with "N passed, M failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sb=$here/secureboot
top=$(cd "$here/../../.." && pwd)
logs=${KEXEC_REBOOT_VM_LOGS:-$(mktemp -d /tmp/kexec-reboot-sb.XXXXXX)}
mkdir -p "$logs"
T0=$SECONDS
say() { printf 'secureboot-test: %s\n' "$*"; }
die() { say "$*"; echo "0 passed, 1 failed"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (mmdebstrap)"
[ -f "$top/target/kexec-reboot.jar" ] || die "no target/kexec-reboot.jar: run mvn -q -DskipTests package first"
OVMF=/usr/share/OVMF
need=()
command -v qemu-system-x86_64 > /dev/null || need+=(qemu-system-x86)
command -v qemu-img > /dev/null || need+=(qemu-utils)
command -v mmdebstrap > /dev/null || need+=(mmdebstrap)
command -v sfdisk > /dev/null || need+=(fdisk)
command -v mkfs.ext4 > /dev/null || need+=(e2fsprogs)
command -v mkfs.vfat > /dev/null || need+=(dosfstools)
command -v mcopy > /dev/null || need+=(mtools)
[ -f $OVMF/OVMF_CODE_4M.secboot.fd ] && [ -f $OVMF/OVMF_VARS_4M.ms.fd ] && [ -f $OVMF/OVMF_CODE_4M.fd ] || need+=(ovmf)
if [ ${#need[@]} -gt 0 ]; then
	say "installing ${need[*]}"
	{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"; } > "$logs/apt.log" 2>&1 \
		|| { cat "$logs/apt.log"; die "apt-get install ${need[*]} failed"; }
fi

# firmware_runs OPTIONS…: OVMF runs under KVM with these options for 5 s. Starting is not enough:
# with SMM, nested KVM often refuses to start ("System Management Mode not supported by this
# hypervisor"), and some nested KVM starts but cannot run OVMF's first instructions from flash
# ("KVM internal error. Suberror: 1", then qemu waits forever).
firmware_runs() {
	local vars out rc
	vars=$(mktemp /tmp/kexec-reboot-sb-vars.XXXXXX)
	cp $OVMF/OVMF_VARS_4M.fd "$vars"
	out=$(timeout 5 qemu-system-x86_64 "$@" -drive if=pflash,format=raw,unit=1,file="$vars" -m 256 -display none \
		-vga none -nic none -serial stdio -monitor none -no-reboot < /dev/null 2>&1); rc=$?
	rm -f "$vars"
	[ $rc = 124 ] && [[ "$out" != *"KVM internal error"* ]]
}
if [ -n "${KEXEC_REBOOT_VM_ACCEL:-}" ]; then
	accel_sb=$KEXEC_REBOOT_VM_ACCEL accel_plain=$KEXEC_REBOOT_VM_ACCEL
else
	accel_plain=tcg accel_sb=tcg
	if [ -w /dev/kvm ]; then
		firmware_runs -machine q35,accel=kvm -drive if=pflash,format=raw,unit=0,file=$OVMF/OVMF_CODE_4M.fd,readonly=on \
			&& accel_plain=kvm
		firmware_runs -machine q35,smm=on,accel=kvm -global driver=cfi.pflash01,property=secure,value=on \
			-drive if=pflash,format=raw,unit=0,file=$OVMF/OVMF_CODE_4M.secboot.fd,readonly=on && accel_sb=kvm
	fi
fi
say "accelerator: $accel_sb with Secure Boot (needs SMM), $accel_plain without (KVM where OVMF runs under it)"

image_seconds=0
if [ "${KEXEC_REBOOT_VM_RECHECK:-0}" != 1 ]; then
say "image (cached in ${KEXEC_REBOOT_CACHE:-/var/cache/kexec-reboot-test})"
t=$SECONDS
img=$("$sb/build-image.sh" 2> "$logs/build-image.log" | tail -n1) && [ -s "$img" ] || { cat "$logs/build-image.log"; die "building the VM image failed"; }
cat "$logs/build-image.log"
say "image $img ready after $((SECONDS - t)) s"
image_seconds=$((SECONDS - t))

# The project as the guest installs it (guest/install.sh: the .deb when `mvn package` built one).
proj=$logs/project
mkdir -p "$proj/init.d" "$proj/etc-default"
cp "$top/target/kexec-reboot.jar" "$proj/"
cp "$top/init.d/kexec-load" "$top/init.d/kexec" "$proj/init.d/"
cp "$top/etc-default/kexec" "$proj/etc-default/"
cp "$top/src/main/sh/kexec-reboot" "$proj/"
deb=$(ls "$top"/target/kexec-reboot_*.deb 2>/dev/null | tail -n1)
[ -n "$deb" ] && [ "${KEXEC_REBOOT_VM_INSTALL:-}" != hand ] && cp "$deb" "$proj/"
cp "$here/guest/install.sh" "$here/guest/lib.sh" "$proj/"
fi

stamp() { local l; while IFS= read -r l; do printf '%s r%s %s\n' "$EPOCHREALTIME" "$1" "${l//$'\r'/}"; done; }

# run_vm NAME secureboot|plain STEPS: boot the scenario NAME, whose steps are scenarios/STEPS.sh, on a copy-on-write overlay of the image, with
# its own copy of the firmware's variable store, until it says DONE; each time qemu exits without
# DONE (a reset: -no-reboot), start it again, as the firmware would.
run_vm() {
	local name=$1 mode=$2 steps=$3 dir=$logs/$1 run=0 firmware
	mkdir -p "$dir/payload"
	cp -a "$proj/." "$dir/payload/"
	cat "$sb/scenarios/lib-sb.sh" "$sb/scenarios/$steps.sh" > "$dir/payload/scenario.sh"
	tar -cf "$dir/payload.tar" -C "$dir/payload" .
	qemu-img create -q -f qcow2 -b "$img" -F raw "$dir/disk.qcow2" || return 1
	if [ "$mode" = secureboot ]; then
		cp $OVMF/OVMF_VARS_4M.ms.fd "$dir/vars.fd"
		firmware=(-machine q35,smm=on,accel="$accel_sb" -global driver=cfi.pflash01,property=secure,value=on
			-drive if=pflash,format=raw,unit=0,file=$OVMF/OVMF_CODE_4M.secboot.fd,readonly=on)
	else
		cp $OVMF/OVMF_VARS_4M.fd "$dir/vars.fd"
		firmware=(-machine q35,accel="$accel_plain" -drive if=pflash,format=raw,unit=0,file=$OVMF/OVMF_CODE_4M.fd,readonly=on)
	fi
	: > "$dir/serial.log"
	while [ $run -lt 5 ]; do
		run=$((run + 1))
		timeout 900 qemu-system-x86_64 "${firmware[@]}" -drive if=pflash,format=raw,unit=1,file="$dir/vars.fd" \
			-m 1024 -smp 1 -display none -vga none -nic none -serial stdio -monitor none -no-reboot \
			-drive file="$dir/disk.qcow2",if=virtio,format=qcow2 \
			-drive file="$dir/payload.tar",if=virtio,format=raw,readonly=on \
			< /dev/null 2>&1 | stamp $run >> "$dir/serial.log"
		grep -a -q ' VMTEST DONE ' "$dir/serial.log" && break
		grep -a -q ' VMTEST FAIL' "$dir/serial.log" && break
	done
	rm -f "$dir/disk.qcow2" "$dir/payload.tar"; rm -rf "$dir/payload"
	grep -a -q ' VMTEST DONE ' "$dir/serial.log"
}

problems=""
bad() { problems+="    $*"$'\n'; }
# The serial log without the host's stamps and terminal escapes (init-functions colour failed. red).
log_of() { sed -E 's/^[0-9.]+ r[0-9]+ //; s/\x1b\[[0-9;?]*[a-zA-Z]//g' "$logs/$1/serial.log"; }
# (grep without -q reads to the end: with pipefail, -q's early exit would fail the pipe)
has() { log_of "$1" | grep -a -F -- "$2" > /dev/null; }
has_re() { log_of "$1" | grep -a -E -- "$2" > /dev/null; }
# check_reboot NAME kexec|cold [N]: the reboot from boot N (default 1): "kexec" = boot N+1 in the
# same qemu run, started by kexec-tools' loader (bootloader_type 0xD_); "cold" = boot N+1 in a later
# qemu run (a reset), not started by kexec. Records the time for the table.
check_reboot() {
	local name=$1 expect=$2 n=${3:-1} r1 r2 via2 t1 t2
	read -r t1 r1 < <(sed -n -E "s/^([0-9.]+) r([0-9]+) VMTEST REBOOT n=$n .*/\1 \2/p" "$logs/$name/serial.log" | head -n1)
	read -r t2 r2 via2 < <(sed -n -E "s/^([0-9.]+) r([0-9]+) VMTEST BOOT n=$((n + 1)) via=([^ ]+) .*/\1 \2 \3/p" "$logs/$name/serial.log" | head -n1)
	[ -n "${r1:-}" ] || { bad "boot $n never rebooted"; return; }
	[ -n "${r2:-}" ] || { bad "boot $((n + 1)) never came"; return; }
	case $expect in
	kexec) [ "$r2" = "$r1" ] && [ "$via2" = kexec ] || bad "boot $((n + 1)) should have come through kexec: qemu run $r2 after run $r1, loader $via2" ;;
	cold) [ "$r2" != "$r1" ] && [ "$via2" != kexec ] || bad "boot $((n + 1)) should have come through the firmware: qemu run $r2 after run $r1, loader $via2" ;;
	esac
	echo "$expect $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.1f", b - a }') $name" >> "$logs/times"
}
# check_ran NAME: the project installed and no step failed.
check_ran() {
	has_re "$1" '^VMTEST INSTALL .*installed (with dpkg|by hand)' || bad "the project did not install: $(log_of "$1" | grep -a -o 'VMTEST INSTALL.*' | head -n1)"
	! has "$1" "VMTEST FAIL" || bad "$(log_of "$1" | grep -a -o 'VMTEST FAIL.*' | head -n3)"
}
check_a-kexec() {
	check_ran a-kexec
	check_reboot a-kexec kexec
	has a-kexec "VMTEST LOCKDOWN n=1 none [integrity] confidentiality" || bad "boot 1 is not locked down"
	has a-kexec "VMTEST LOCKDOWN n=2 none [integrity] confidentiality" || bad "the kexec'ed kernel is not locked down"
	has a-kexec "VMTEST STATUS syscall: kexec_file_load (kexec -s): the kernel is locked down" || bad "status does not say kexec_file_load"
	has_re a-kexec '^VMTEST PLAN +/sbin/kexec -s -l ' || bad "the plan does not show kexec -s -l"
	has_re a-kexec '^VMTEST KEXEC-ARGV -s -l /vmlinuz --initrd=/initrd.img --append=' || bad "kexec was not run with -s -l"
	! has_re a-kexec '^(Loading new kernel image into memory\.\.\..*)?failed\.$' || bad "the load failed"
}
check_b-unsigned() {
	check_ran b-unsigned
	check_reboot b-unsigned cold
	has b-unsigned "VMTEST SIGNATURE signed: 1 unsigned: 0" || bad "the test kernel's signature was not removed"
	has b-unsigned "VMTEST LOCKDOWN n=1 none [integrity] confidentiality" || bad "boot 1 is not locked down"
	has b-unsigned "signature of /boot/vmlinuz-unsigned: none: this locked-down kernel will refuse it" || bad "the plan does not predict the refusal"
	has b-unsigned "VMTEST PLAN But /boot/vmlinuz-unsigned carries no signature" || bad "the plan does not say the kernel is unsigned"
	has_re b-unsigned '^VMTEST KEXEC-ARGV -s -l /boot/vmlinuz-unsigned ' || bad "kexec was not run with -s -l /boot/vmlinuz-unsigned"
	has_re b-unsigned '^(Loading new kernel image into memory\.\.\..*)?failed\.$' || bad "no failed. on the console"
	has b-unsigned "kexec-load: the running kernel refused to load /boot/vmlinuz-unsigned (it carries no signature): with Secure Boot this kernel is locked down and loads only a kernel signed by a key it trusts" \
		|| bad "the clear line is not on the console"
	! has_re b-unsigned '^VMTEST KEXEC-ARGV -e' || bad "S85 ran kexec -e with nothing loaded"
}
# d: reboot 1 (BootNext set) cold with nothing loaded, reboot 2 (BootNext consumed) through kexec.
check_d-bootnext() {
	local argv
	check_ran d-bootnext
	check_reboot d-bootnext cold 1
	check_reboot d-bootnext kexec 2
	has_re d-bootnext '^VMTEST BOOTNEXT n=1 set: BootNext: ([0-9A-F]{4}) BootCurrent: \1 ' \
		|| bad "efibootmgr -n did not set BootNext: $(log_of d-bootnext | grep -a 'VMTEST BOOTNEXT n=1' | head -n1)"
	has_re d-bootnext '^VMTEST CHECK n=1 exit=4 next reboot: firmware: .*BootNext=Boot[0-9A-F]{4}' \
		|| bad "plan --check with BootNext set: $(log_of d-bootnext | grep -a 'VMTEST CHECK n=1' | head -n1)"
	has_re d-bootnext 'BootNext=Boot[0-9A-F]{4} \(.*\): the firmware boots that entry once, so this reboot goes through the firmware' \
		|| bad "kexec-load's BootNext line is not on the console"
	has_re d-bootnext '^VMTEST BOOTNEXT n=2 after the firmware: BootCurrent: [0-9A-F]{4} *$' \
		|| bad "BootNext was not consumed by the firmware: $(log_of d-bootnext | grep -a 'VMTEST BOOTNEXT n=2' | head -n1)"
	has_re d-bootnext '^VMTEST CHECK n=2 exit=0 next reboot: kexec' \
		|| bad "plan --check after the firmware's boot: $(log_of d-bootnext | grep -a 'VMTEST CHECK n=2' | head -n1)"
	# every kexec call, with the reboot it came in: none in reboot 1, -l then -e in reboot 2
	argv=$(log_of d-bootnext | awk '/^VMTEST REBOOT n=/ { split($3, a, "="); n = a[2] } /^VMTEST KEXEC-ARGV / { print n ":" $3 }' | paste -sd' ')
	[ "$argv" = "2:-l 2:-e" ] || bad "kexec calls by reboot (want 2:-l 2:-e): $argv"
}
check_c-no-secureboot() {
	check_ran c-no-secureboot
	check_reboot c-no-secureboot kexec
	has_re c-no-secureboot '^VMTEST LOCKDOWN n=1 (\[none\] integrity confidentiality|cat: .*No such file)' || bad "boot 1 is locked down"
	has_re c-no-secureboot '^VMTEST KEXEC-ARGV -l /vmlinuz --initrd=/initrd.img --append=' || bad "kexec was not run with the original's argv (-l, no -s)"
	has_re c-no-secureboot '^VMTEST PLAN +/sbin/kexec -l ' || bad "the plan does not show kexec -l"
}

scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(a-kexec b-unsigned c-no-secureboot d-bootnext)
passed=0 failed=0
: > "$logs/times"
# c is a's steps on firmware without Secure Boot (the same machine, only the firmware differs);
# d runs on firmware without Secure Boot too (it is about BootNext, not signatures).
mode_of() { case $1 in c-no-secureboot | d-bootnext) echo plain ;; *) echo secureboot ;; esac; }
steps_of() { case $1 in c-no-secureboot) echo a-kexec ;; *) echo "$1" ;; esac; }
# The guests, $jobs at a time (each its own overlay and variable store), then the checks in order.
jobs=${KEXEC_REBOOT_VM_JOBS:-2}
if [ "${KEXEC_REBOOT_VM_RECHECK:-0}" != 1 ]; then
	running=0
	for s in "${scenarios[@]}"; do
		[ -f "$sb/scenarios/$(steps_of "$s").sh" ] && declare -F "check_$s" > /dev/null || continue
		if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
		( t=$SECONDS; run_vm "$s" "$(mode_of "$s")" "$(steps_of "$s")"; echo $? > "$logs/$s.rc"; echo $((SECONDS - t)) > "$logs/$s.secs" ) &
		running=$((running + 1))
	done
	wait
fi
for s in "${scenarios[@]}"; do
	problems=""
	mode=$(mode_of "$s")
	[ -f "$sb/scenarios/$(steps_of "$s").sh" ] && declare -F "check_$s" > /dev/null \
		|| { say "no scenario $s"; failed=$((failed + 1)); continue; }
	[ "${KEXEC_REBOOT_VM_RECHECK:-0}" = 1 ] || [ "$(cat "$logs/$s.rc" 2>/dev/null)" = 0 ] || bad "qemu runs ended without DONE"
	secs=$(cat "$logs/$s.secs" 2>/dev/null || echo 0)
	"check_$s"
	if [ -z "$problems" ]; then
		passed=$((passed + 1)); say "PASS $s ($secs s, $mode)"
		log_of "$s" | grep -a -E '^VMTEST (BOOT|REBOOT|LOCKDOWN|KEXEC-ARGV|SIGNATURE|BOOTNEXT|CHECK|STATUS (lockdown|syscall))|^kexec-load: |BootNext=Boot|Loading new kernel' | sed 's/^/    /'
	else
		failed=$((failed + 1)); say "FAIL $s ($secs s, $mode):"; printf '%s' "$problems"
		say "serial log of $s ($logs/$s/serial.log):"; log_of "$s" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g'
	fi
done
echo
echo "reboot → next boot's marker (s, host clock; cold includes qemu's restart, OVMF, shim and GRUB):"
awk '{ printf "  %-6s %6s  %s\n", $1, $2, $3 }' "$logs/times"
echo "total $((SECONDS - T0)) s (image $image_seconds s); accelerator $accel_sb (Secure Boot) / $accel_plain; serial logs in $logs"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

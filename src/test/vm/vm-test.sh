#!/bin/bash
# End-to-end test of kexec-reboot on a real (emulated) Debian 12 machine with sysvinit: qemu boots
# a disk image through SeaBIOS and GRUB, the guest reboots with `reboot`, and each scenario checks
# from the serial log whether the reboot came back through kexec or through the firmware.
#
# Run as root after `mvn -q -DskipTests package`:  src/test/vm/vm-test.sh [SCENARIO…]
#   KEXEC_REBOOT_CACHE      where the built image is kept (default /var/cache/kexec-reboot-test)
#   KEXEC_REBOOT_VM_ACCEL   qemu accelerator (default tcg: no KVM on the CI machines)
#   KEXEC_REBOOT_VM_LOGS    where the serial logs go (default: a fresh directory under /tmp)
#   KEXEC_REBOOT_VM_RECHECK=1  boot nothing: check the serial logs already in KEXEC_REBOOT_VM_LOGS again
# Exits non-zero on any failure, prints the serial log of a failing scenario, and ends with
# "N passed, M failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
accel=${KEXEC_REBOOT_VM_ACCEL:-tcg}
logs=${KEXEC_REBOOT_VM_LOGS:-$(mktemp -d /tmp/kexec-reboot-vm.XXXXXX)}
mkdir -p "$logs"
T0=$SECONDS
say() { printf 'vm-test: %s\n' "$*"; }
die() { say "$*"; echo "0 passed, 1 failed"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (mmdebstrap, chroot)"
[ -f "$top/target/kexec-reboot.jar" ] || die "no target/kexec-reboot.jar: run mvn -q -DskipTests package first"
need=()
command -v qemu-system-x86_64 > /dev/null || need+=(qemu-system-x86)
command -v mmdebstrap > /dev/null || need+=(mmdebstrap)
command -v sfdisk > /dev/null || need+=(fdisk)
command -v mkfs.ext4 > /dev/null || need+=(e2fsprogs)
command -v qemu-img > /dev/null || need+=(qemu-utils)
if [ ${#need[@]} -gt 0 ]; then
	say "installing ${need[*]}"
	{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"; } > "$logs/apt.log" 2>&1 \
		|| { cat "$logs/apt.log"; die "apt-get install ${need[*]} failed"; }
fi

recheck=${KEXEC_REBOOT_VM_RECHECK:-0}
if [ "$recheck" = 1 ]; then say "rechecking the serial logs in $logs"; else
say "image (cached in ${KEXEC_REBOOT_CACHE:-/var/cache/kexec-reboot-test})"
t=$SECONDS
img=$("$here/build-image.sh" 2> "$logs/build-image.log" | tail -n1) && [ -s "$img" ] || { cat "$logs/build-image.log"; die "building the VM image failed"; }
cat "$logs/build-image.log"
say "image $img ready after $((SECONDS - t)) s"

# The project as the guest installs it: the .deb when the build made one, else the files for
# README's "Installing by hand" (guest/install.sh decides).
proj=$logs/project
mkdir -p "$proj/init.d" "$proj/etc-default"
cp "$top/target/kexec-reboot.jar" "$proj/"
cp "$top/init.d/kexec-load" "$top/init.d/kexec" "$proj/init.d/"
cp "$top/etc-default/kexec" "$proj/etc-default/"
cp "$top/src/main/sh/kexec-reboot" "$top/src/main/sh/launch.sh" "$top/src/main/sh/make-archive" "$proj/"
deb=$(ls "$top"/target/kexec-reboot_*.deb 2>/dev/null | tail -n1)
[ -n "$deb" ] && [ "${KEXEC_REBOOT_VM_INSTALL:-}" != hand ] && cp "$deb" "$proj/"
cp "$here/guest/install.sh" "$here/guest/lib.sh" "$proj/"
fi

# stamp RUN: prefix each serial line with the host's time and the qemu run it came from.
stamp() { local l; while IFS= read -r l; do printf '%s r%s %s\n' "$EPOCHREALTIME" "$1" "${l//$'\r'/}"; done; }

# run_vm NAME: boot the scenario on a copy-on-write overlay of the image until it says DONE;
# each time qemu exits without DONE (a reset: -no-reboot), start it again, as the firmware would.
run_vm() {
	local name=$1 dir=$logs/$1 run=0
	mkdir -p "$dir/payload"
	cp -a "$proj/." "$dir/payload/"
	cp "$here/scenarios/$name.sh" "$dir/payload/scenario.sh"
	tar -cf "$dir/payload.tar" -C "$dir/payload" .
	qemu-img create -q -f qcow2 -b "$img" -F raw "$dir/disk.qcow2" || return 1
	: > "$dir/serial.log"
	while [ $run -lt 5 ]; do
		run=$((run + 1))
		timeout 900 qemu-system-x86_64 -machine pc,accel="$accel" -m 1024 -smp 1 -display none -vga none -nic none \
			-serial stdio -monitor none -no-reboot \
			-drive file="$dir/disk.qcow2",if=virtio,format=qcow2 \
			-drive file="$dir/payload.tar",if=virtio,format=raw,readonly=on \
			< /dev/null 2>&1 | stamp $run >> "$dir/serial.log"
		grep -q ' VMTEST DONE ' "$dir/serial.log" && return 0
		grep -q ' VMTEST FAIL' "$dir/serial.log" && return 1
	done
	return 1
}

# The markers: "time run n via expect cmdline" per BOOT, "time run n expect" per REBOOT.
boots() { sed -n -E 's/^([0-9.]+) r([0-9]+) VMTEST BOOT n=([0-9]+) via=([^ ]+) expect=([^ ]+) uname=[^ ]+ cmdline=(.*)$/\1 \2 \3 \4 \5 \6/p' "$logs/$1/serial.log"; }
reboots() { sed -n -E 's/^([0-9.]+) r([0-9]+) VMTEST REBOOT n=([0-9]+) expect=([^ ]+).*/\1 \2 \3 \4/p' "$logs/$1/serial.log"; }
boot_field() { boots "$1" | awk -v n="$2" -v f="$3" '$3 == n { if (f == 6) { $1 = $2 = $3 = $4 = $5 = ""; sub(/^ +/, ""); print } else print $f }'; }

# check NAME: every reboot went the way the step before it expected: kexec = the next boot in the
# same qemu run, its kernel started by kexec-tools; cold = qemu exited (a reset) and GRUB started
# the next boot. Records the times for the table.
problems=""
bad() { problems+="    $*"$'\n'; }
check_reboots() {
	local name=$1 t run n expect bt brun bvia
	while read -r t run n expect; do
		read -r bt brun bvia < <(boots "$name" | awk -v n=$((n + 1)) '$3 == n { print $1, $2, $4 }')
		[ -n "${bt:-}" ] || { bad "boot $((n + 1)) never came (reboot expected $expect)"; continue; }
		case $expect in
		kexec) [ "$brun" = "$run" ] && [ "$bvia" = kexec ] || bad "boot $((n + 1)) should have come through kexec: qemu run $brun after run $run, loader $bvia" ;;
		cold) [ "$brun" != "$run" ] && [ "$bvia" = grub ] || bad "boot $((n + 1)) should have come through the firmware: qemu run $brun after run $run, loader $bvia" ;;
		esac
		echo "$expect $(awk -v a="$t" -v b="$bt" 'BEGIN { printf "%.1f", b - a }') $name" >> "$logs/times"
	done < <(reboots "$name")
	grep -q ' VMTEST DONE ' "$logs/$name/serial.log" || bad "the scenario did not finish (no DONE)"
	if grep -q ' VMTEST FAIL' "$logs/$name/serial.log"; then bad "$(grep -a -o 'VMTEST FAIL.*' "$logs/$name/serial.log" | head -n3)"; fi
	grep -a -q ' VMTEST INSTALL .*installed \(with dpkg\|by hand\)' "$logs/$name/serial.log" \
		|| bad "the project did not install: $(grep -a -o 'VMTEST INSTALL.*' "$logs/$name/serial.log" | head -n1)"
}

# plan_cmd NAME: the kexec command line the plan printed in boot 1.
plan_cmd() { grep -a ' VMTEST PLAN ' "$logs/$1/serial.log" | sed -E 's/^[0-9.]+ r[0-9]+ VMTEST PLAN //' | grep -E '^ *(kexec|/sbin/kexec) -l' | head -n1 | sed 's/^ *//'; }

check_1-kexec() { check_reboots 1-kexec; }
check_2-skip-once() {
	check_reboots 2-skip-once
	grep -q 'VMTEST FLAG present before' "$logs/2-skip-once/serial.log" || bad "the flag was not set before the reboot"
	grep -q 'VMTEST FLAG absent after the reboot; control file kept' "$logs/2-skip-once/serial.log" \
		|| bad "after the cold reboot: $(grep -a -o 'VMTEST FLAG.*after.*' "$logs/2-skip-once/serial.log")"
}
check_3-no-kexec() { check_reboots 3-no-kexec; }
check_4-grub() {
	check_reboots 4-grub
	local c2 c3; c2=$(boot_field 4-grub 2 6); c3=$(boot_field 4-grub 3 6)
	[[ " $c2 " == *" kexec_marker=4 "* ]] || bad "the kexec'ed kernel's cmdline has no kexec_marker=4: $c2"
	[[ " $c2 " != *" single "* ]] || bad "the kexec'ed kernel's cmdline has single: $c2"
	[ "${c3#BOOT_IMAGE=* }" = "$c2" ] || bad "GRUB's own boot of its default ($c3) is not what kexec booted ($c2)"
}
# Scenario 5: what `kexec-reboot plan` printed before the reboot is what the kexec'ed kernel got.
check_5-plan() {
	local s cmd want append kernel uname
	: > "$logs/5-plan.notes"
	for s in 1-kexec 4-grub; do
		[ -f "$logs/$s/serial.log" ] || { bad "scenario $s did not run"; continue; }
		cmd=$(plan_cmd "$s")
		[ -n "$cmd" ] || { bad "$s: the plan printed no kexec command"; continue; }
		want=$(boot_field "$s" 2 6)
		append=$(sed -E "s/.*--append=//; s/['\"]\$//" <<< "$cmd")   # /sbin/kexec -l K --initrd=I '--append=…'
		kernel=$(awk '{ print $3 }' <<< "$cmd")
		uname=$(sed -n -E 's/.* VMTEST BOOT n=2 .* uname=([^ ]+) .*/\1/p' "$logs/$s/serial.log")
		[ "$append" = "$want" ] || bad "$s: plan appends \"$append\", the kexec'ed kernel has \"$want\""
		# /vmlinuz is Debian's link to the newest kernel (the image has one); otherwise the version
		[[ "$kernel" == /vmlinuz || "$kernel" == *"-$uname" ]] || bad "$s: plan's kernel $kernel is not the kexec'ed $uname"
		printf '    %s: plan:  %s\n    %s: boot 2 (kexec): uname %s, cmdline %s\n' "$s" "$cmd" "$s" "$uname" "$want" >> "$logs/5-plan.notes"
	done
}

scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(1-kexec 2-skip-once 3-no-kexec 4-grub 5-plan)
passed=0 failed=0
: > "$logs/times"
for s in "${scenarios[@]}"; do
	t=$SECONDS
	problems=""
	if [ "$s" != 5-plan ]; then
		[ -f "$here/scenarios/$s.sh" ] || { say "no scenario $s"; failed=$((failed + 1)); continue; }
		[ "$recheck" = 1 ] || run_vm "$s" || bad "qemu runs ended without DONE"
	fi
	"check_$s"
	if [ -z "$problems" ]; then
		passed=$((passed + 1)); say "PASS $s ($((SECONDS - t)) s)"
		[ -f "$logs/$s/serial.log" ] && grep -a -E ' VMTEST (BOOT|REBOOT|FLAG|GRUB)' "$logs/$s/serial.log" | sed -E 's/^[0-9.]+ (r[0-9]+) VMTEST /    \1 /'
		[ -f "$logs/$s.notes" ] && cat "$logs/$s.notes"
	else
		failed=$((failed + 1)); say "FAIL $s ($((SECONDS - t)) s):"; printf '%s' "$problems"
		if [ -f "$logs/$s/serial.log" ]; then say "serial log of $s ($logs/$s/serial.log):"; sed -E 's/^[0-9.]+ //' "$logs/$s/serial.log"; fi
	fi
done

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo
echo "reboot → next boot's marker (s, accel=$accel, GRUB timeout 5 s, host clock; cold includes qemu's restart):"
printf '  %-6s %5s %8s  %s\n' path runs median "all"
for p in kexec cold; do
	printf '  %-6s %5s %8s  %s\n' "$p" "$(grep -c "^$p " "$logs/times")" "$(awk -v p=$p '$1 == p { print $2 }' "$logs/times" | median)" \
		"$(awk -v p=$p '$1 == p { printf "%s(%s) ", $2, $3 }' "$logs/times")"
done
echo "total $((SECONDS - T0)) s; serial logs in $logs"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

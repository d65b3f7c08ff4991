#!/bin/bash
# End-to-end test of kexec-reboot on real (virtual) Debian machines: Debian 12 with sysvinit, Debian
# 12 with systemd 252, Debian 13 with systemd 257. qemu boots a disk image through SeaBIOS and GRUB,
# the guest reboots, and each scenario checks from the serial log whether the reboot came back
# through kexec or through the firmware.
#
# Run as root after `mvn -q -DskipTests package`:  src/test/vm/vm-test.sh [SCENARIO…]
#   KEXEC_REBOOT_CACHE      where the built images are kept (default /var/cache/kexec-reboot-test)
#   KEXEC_REBOOT_VM_ACCEL   qemu accelerator (default: kvm when it works here, else tcg)
#   KEXEC_REBOOT_VM_JOBS    guests run at the same time (default 2)
#   KEXEC_REBOOT_VM_LOGS    where the serial logs go (default: a fresh directory under /tmp)
#   KEXEC_REBOOT_VM_RECHECK=1  boot nothing: check the serial logs already in KEXEC_REBOOT_VM_LOGS again
# Exits non-zero on any failure, prints the serial log of a failing scenario, and ends with
# "N passed, M failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
. "$here/accel.sh"
declare -A accels   # per image: its kernel decides whether KVM works (vm_accel)
jobs=${KEXEC_REBOOT_VM_JOBS:-2}
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
command -v ansible-playbook > /dev/null || need+=(ansible-core)   # 8-ansible: contrib/ansible from the host
command -v ssh-keygen > /dev/null || need+=(openssh-client)
if [ ${#need[@]} -gt 0 ]; then
	say "installing ${need[*]}"
	{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"; } > "$logs/apt.log" 2>&1 \
		|| { cat "$logs/apt.log"; die "apt-get install ${need[*]} failed"; }
fi

recheck=${KEXEC_REBOOT_VM_RECHECK:-0}
if [ "$recheck" = 1 ]; then say "rechecking the serial logs in $logs"; else
say "images cached in ${KEXEC_REBOOT_CACHE:-/var/cache/kexec-reboot-test}"
# The project as the guest installs it: the .deb when the build made one, else the files for
# docs/installing-by-hand.md (guest/install.sh decides).
proj=$logs/project
mkdir -p "$proj/init.d" "$proj/etc-default" "$proj/systemd"
cp "$top/target/kexec-reboot.jar" "$proj/"
cp "$top/init.d/kexec-load" "$top/init.d/kexec" "$proj/init.d/"
cp "$top/etc-default/kexec" "$proj/etc-default/"
cp "$top/systemd/kexec-load.service" "$top/systemd/kexec.service" "$proj/systemd/"
cp "$top/src/main/sh/kexec-reboot" "$top/src/main/sh/launch.sh" "$top/src/main/sh/make-archive" "$proj/"
deb=$(ls "$top"/target/kexec-reboot_*.deb 2>/dev/null | tail -n1)
[ -n "$deb" ] && [ "${KEXEC_REBOOT_VM_INSTALL:-}" != hand ] && cp "$deb" "$proj/"
cp "$here/guest/install.sh" "$here/guest/lib.sh" "$proj/"
fi

# Which image and which script each scenario runs: 1-5 on Debian 12 + sysvinit, the systemd chain
# on each systemd image, 8-ansible (contrib/ansible driven from this host) on Debian 13 + systemd.
image_of() { case $1 in 6-systemd12) echo systemd12 ;; 7-systemd13 | 8-ansible) echo systemd13 ;; *) echo sysvinit12 ;; esac; }
script_of() { case $1 in 6-systemd12 | 7-systemd13) echo systemd-chain ;; 8-ansible) echo ansible ;; *) echo "$1" ;; esac; }
declare -A images
# build_image IMAGE: build (or find in the cache) one image; its path in images[IMAGE].
build_image() {
	local t=$SECONDS path
	[ -n "${images[$1]:-}" ] && return 0
	path=$("$here/build-image.sh" "$1" 2> "$logs/build-image-$1.log" | tail -n1) && [ -s "$path" ] \
		|| { cat "$logs/build-image-$1.log"; say "building the $1 image failed"; return 1; }
	cat "$logs/build-image-$1.log"
	images[$1]=$path
	accels[$1]=$(vm_accel "$path.vmlinuz")
	say "image $1: $path ready after $((SECONDS - t)) s; accelerator ${accels[$1]}"
}

# stamp RUN: prefix each serial line with the host's time and the qemu run it came from.
# The console is shared (a getty's "login: " prompt, systemd's status lines): a marker that comes
# after other output on a line gets a line of its own.
stamp() {
	local l
	while IFS= read -r l; do
		l=${l//$'\r'/}
		if [[ "$l" == ?*"VMTEST "* ]]; then
			printf '%s r%s %s\n' "$EPOCHREALTIME" "$1" "${l%%VMTEST *}"
			l="VMTEST ${l#*VMTEST }"
		fi
		printf '%s r%s %s\n' "$EPOCHREALTIME" "$1" "$l"
	done
}

# run_vm NAME: boot the scenario on a copy-on-write overlay of its image until it says DONE;
# each time qemu exits without DONE (a reset: -no-reboot, or a poweroff), start it again, as the
# firmware (or the user) would.
run_vm() {
	local name=$1 dir=$logs/$1 run=0 img=${images[$(image_of "$1")]} accel=${accels[$(image_of "$1")]}
	mkdir -p "$dir/payload"
	cp -a "$proj/." "$dir/payload/"
	cp "$here/scenarios/$(script_of "$name").sh" "$dir/payload/scenario.sh"
	# 8-ansible: a key of its own, qemu's user network with the guest's SSH at 127.0.0.1:PORT only,
	# and the controller that runs the playbook once the guest says SSH-READY.
	local nic=(-nic none) port
	if [ "$name" = 8-ansible ]; then
		rm -f "$dir/ansible-key" "$dir/ansible-key.pub"
		ssh-keygen -q -t ed25519 -N '' -C vmtest -f "$dir/ansible-key" || return 1
		cp "$dir/ansible-key.pub" "$dir/payload/ansible.pub"
		port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		nic=(-nic "user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:$port-:22")
		ansible_controller "$name" "$port" &
	fi
	tar -cf "$dir/payload.tar" -C "$dir/payload" .
	qemu-img create -q -f qcow2 -b "$img" -F raw "$dir/disk.qcow2" || return 1
	: > "$dir/serial.log"
	while [ $run -lt 12 ]; do
		run=$((run + 1))
		echo "$accel" > "$dir/accel"
		timeout 1800 qemu-system-x86_64 -machine pc,accel="$accel" -m 1024 -smp 1 -display none -vga none "${nic[@]}" \
			-serial stdio -monitor none -no-reboot \
			-drive file="$dir/disk.qcow2",if=virtio,format=qcow2 \
			-drive file="$dir/payload.tar",if=virtio,format=raw,readonly=on \
			< /dev/null 2>&1 | stamp $run >> "$dir/serial.log"
		grep -q ' VMTEST DONE ' "$dir/serial.log" && break
		grep -q ' VMTEST FAIL' "$dir/serial.log" && break
	done
	wait   # the Ansible controller (8-ansible)
	# The logs stay; the guest's disk, the payload and 8-ansible's key go (the disk is shared).
	rm -rf "$dir/disk.qcow2" "$dir/payload.tar" "$dir/payload" "$dir/ansible-key" "$dir/ansible-key.pub"
	grep -q ' VMTEST DONE ' "$dir/serial.log" && ! grep -q ' VMTEST FAIL' "$dir/serial.log"
}

# ansible_controller NAME PORT: once the guest's first boot says SSH-READY, contrib/ansible/site.yml
# with the .deb (install, enable, plan --check, reboot, assert status --json), its output in
# ansible.log and exit status in ansible.rc; then the guest is told to end the scenario.
ansible_controller() {
	local dir=$logs/$1 port=$2 waited=0 ssh_opts
	ssh_opts=(-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o ConnectTimeout=20)
	until grep -a -q ' VMTEST SSH-READY n=1 ' "$dir/serial.log" 2>/dev/null; do
		sleep 5; waited=$((waited + 5))
		if [ $waited -ge 1500 ] || grep -q ' VMTEST \(DONE\|FAIL\)' "$dir/serial.log"; then
			echo "the guest never said SSH-READY ($waited s)" > "$dir/ansible.log"; echo 1 > "$dir/ansible.rc"; return
		fi
	done
	# (the test logs in as root and the image has no sudo: the play's become is switched off here)
	printf 'guest ansible_host=127.0.0.1 ansible_port=%s ansible_user=root ansible_become=false ansible_ssh_private_key_file=%s ansible_python_interpreter=/usr/bin/python3\n' \
		"$port" "$dir/ansible-key" > "$dir/inventory"
	mkdir -p "$dir/ansible-home"
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME="$dir/ansible-home" ANSIBLE_HOME="$dir/ansible-home" \
		ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_NOCOLOR=1 ANSIBLE_SSH_ARGS="${ssh_opts[*]}" \
		timeout 1500 ansible-playbook -i "$dir/inventory" "$top/contrib/ansible/site.yml" \
		-e "kexec_reboot_deb=$(ls "$dir"/payload/kexec-reboot_*.deb | tail -n1)" -e kexec_reboot_timeout=900 \
		> "$dir/ansible.log" 2>&1
	echo $? > "$dir/ansible.rc"
	timeout 60 ssh "${ssh_opts[@]}" -i "$dir/ansible-key" -p "$port" root@127.0.0.1 \
		"echo 'ansible-playbook exit $(cat "$dir/ansible.rc")' > /run/vmtest-ansible-done" >> "$dir/ansible.log" 2>&1 \
		|| echo "could not tell the guest to end" >> "$dir/ansible.log"
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
		cold | poweroff) [ "$brun" != "$run" ] && [ "$bvia" = grub ] || bad "boot $((n + 1)) should have come through the firmware: qemu run $brun after run $run, loader $bvia" ;;
		esac
		# systemd-shutdown's last word (systemd images): what it did, and whether a kernel was loaded.
		final=$(final_of "$name" "$run" "$n")
		if [ -n "$final" ]; then
			case $expect in
			kexec) want="verb=kexec kexec_loaded=1" ;;
			cold) want="verb=reboot kexec_loaded=0" ;;
			poweroff) want="verb=poweroff kexec_loaded=0" ;;
			esac
			[[ "$final" == "$want "* ]] || bad "reboot $n ($expect): systemd-shutdown's last word was \"$final\", not \"$want\""
		fi
		# The boot after a kexec: its root was unmounted cleanly.
		fsc=$(sed -n -E "s/^[0-9.]+ r[0-9]+ VMTEST FSCHECK n=$((n + 1)) //p" "$logs/$name/serial.log" | head -n1)
		[ -z "$fsc" ] || [ "$fsc" = clean ] || bad "boot $((n + 1)) (after $expect): root not cleanly unmounted: $fsc"
		echo "$expect $(awk -v a="$t" -v b="$bt" 'BEGIN { printf "%.1f", b - a }') $name" >> "$logs/times"
	done < <(reboots "$name")
	check_finished "$name"
	grep -a -q ' VMTEST INSTALL .*installed \(with dpkg\|by hand\)' "$logs/$name/serial.log" \
		|| bad "the project did not install: $(grep -a -o 'VMTEST INSTALL.*' "$logs/$name/serial.log" | head -n1)"
}

# check_finished NAME: the scenario said DONE, and no step said FAIL.
check_finished() {
	grep -q ' VMTEST DONE ' "$logs/$1/serial.log" || bad "the scenario did not finish (no DONE)"
	if grep -q ' VMTEST FAIL' "$logs/$1/serial.log"; then bad "$(grep -a -o 'VMTEST FAIL.*' "$logs/$1/serial.log" | head -n3)"; fi
}

# final_of NAME RUN N: the FINAL line systemd-shutdown's hook printed after REBOOT n=N in qemu run
# RUN, without the prefix ("verb=kexec kexec_loaded=1 ro=ro"); empty on sysvinit.
final_of() {
	# (the console is shared: a marker may follow other output on its line)
	awk -v run="r$2" -v n="$3" '$2 == run && index($0, "VMTEST REBOOT n=" n " ") { on = 1; next }
		on && match($0, /VMTEST FINAL .*/) { print substr($0, RSTART + 13); exit }
		on && index($0, "VMTEST BOOT ") { exit }' "$logs/$1/serial.log"
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
	grep -a -q ' VMTEST FOREIGNPLAN .*boots a kernel on another file system (search fs-uuid 0f0f0f0f-4a4a-4b4b-8c8c-0d0d0d0d0d0d)' \
		"$logs/4-grub/serial.log" || bad "the entry on another disk's UUID was not refused: $(grep -a ' VMTEST FOREIGNPLAN ' "$logs/4-grub/serial.log" | tail -n2)"
	grep -a -E -q ' VMTEST MOUNTEDPLAN .*-l /mnt/other/boot/vmlinuz-other .*kexec_marker=mounted' "$logs/4-grub/serial.log" \
		|| bad "the entry on a mounted file system's UUID was not read there: $(grep -a ' VMTEST MOUNTEDPLAN ' "$logs/4-grub/serial.log" | tail -n3)"
}
# The systemd chain (scenarios/systemd-chain.sh) on Debian 12 + systemd and Debian 13 + systemd.
check_systemd_chain() {
	local name=$1 log=$logs/$1/serial.log c12 c14
	check_reboots "$name"
	grep -a -q ' VMTEST UNITS init=systemd .*enabled=enabled,enabled, active=active' "$log" \
		|| bad "after install: $(grep -a -o 'VMTEST UNITS.*' "$log" | head -n1)"
	grep -a -q ' VMTEST PLAN Init system: systemd' "$log" || bad "the plan does not say systemd"
	grep -a -q 'VMTEST FLAG /no-kexec-reboot absent after the reboot' "$log" || bad "/no-kexec-reboot was not removed"
	grep -a -q 'VMTEST FLAG /no-kexec-reboot absent after coldreboot' "$log" || bad "coldreboot's /no-kexec-reboot was not removed"
	grep -a -q -E 'kexec-load: (no java found|java failed .*); rebooting without kexec' "$log" || bad "no java: the shim's line is not on the console"
	grep -a -q 'kexec-load: systemd is powering off, not rebooting; not loading a kernel' "$log" \
		|| bad "poweroff: kexec-load's line is not on the console"
	# What a program reads: plan --check before the first reboot (kexec, exit 0) and with LOAD_KEXEC=false
	# (firmware, exit 4); status --json in the boot after a kexec (boot 2) and after a cold reboot (boot 6).
	grep -a -q ' VMTEST CHECK n=1 exit=0 next reboot: kexec' "$log" \
		|| bad "plan --check before the first reboot: $(grep -a -o 'VMTEST CHECK n=1 .*' "$log" | head -n1)"
	grep -a -q ' VMTEST CHECK n=11 exit=4 next reboot: firmware: LOAD_KEXEC' "$log" \
		|| bad "plan --check with LOAD_KEXEC=false: $(grep -a -o 'VMTEST CHECK n=11 .*' "$log" | head -n1)"
	grep -a -q ' VMTEST STATUSJSON n=2 {"version":1,.*"booted_via_kexec":true' "$log" \
		|| bad "status --json after the kexec reboot: $(grep -a -o 'VMTEST STATUSJSON n=2 .*' "$log" | head -n1)"
	grep -a -q ' VMTEST STATUSJSON n=6 {"version":1,.*"booted_via_kexec":false' "$log" \
		|| bad "status --json after the cold reboot: $(grep -a -o 'VMTEST STATUSJSON n=6 .*' "$log" | head -n1)"
	# The proof (issue 19 item 4): the journal lines of the reboot before and of this boot's arrival,
	# and `kexec-reboot last`: boot 2 after a kexec, boot 6 after the skip flag's firmware reboot.
	grep -a -q -E ' VMTEST JOURNAL n=2 before=kexec-load: loaded /vmlinuz .*\(kexec -l\): the reboot goes through kexec booted=kexec-reboot boot-complete: this boot \(\S+\) came through kexec and reached multi-user.target [0-9]+ s after its reboot began' "$log" \
		|| bad "the journal after the kexec reboot: $(grep -a -o 'VMTEST JOURNAL n=2 .*' "$log" | head -n1)"
	grep -a -q -E ' VMTEST LAST n=2 [0-9-]{10} [0-9:]{8} [-+][0-9]{4}  kexec +[0-9]+  \S+ +loaded /vmlinuz' "$log" \
		|| bad "last after the kexec reboot: $(grep -a 'VMTEST LAST n=2 ' "$log" | head -n3)"
	grep -a -q -E ' VMTEST LASTJSON n=2 \{"version":1,"reboots":\[\{"boot_id":"[0-9a-f-]{36}","booted_at":[0-9]+,"via":"kexec",' "$log" \
		|| bad "last --json after the kexec reboot: $(grep -a -o 'VMTEST LASTJSON n=2 .*' "$log" | head -n1)"
	grep -a -q -E ' VMTEST JOURNAL n=6 before=kexec-load: the skip flag /tmp/no-kexec-reboot is set: .* booted=kexec-reboot boot-complete: this boot \(\S+\) came through the firmware and reached multi-user.target [0-9]+ s after' "$log" \
		|| bad "the journal after the skip: $(grep -a -o 'VMTEST JOURNAL n=6 .*' "$log" | head -n1)"
	grep -a -q -E ' VMTEST LAST n=6 kexec: [1-9][0-9]* timed reboots?, median [0-9]+ s; firmware: 1 timed reboot, median [0-9]+ s; a kexec reboot took [0-9]+ s (less|more) here' "$log" \
		|| bad "last's summary after the skip: $(grep -a 'VMTEST LAST n=6 ' "$log" | tail -n1)"
	c12=$(boot_field "$name" 13 6); c14=$(boot_field "$name" 14 6)
	[[ " $c12 " == *" kexec_marker=12 "* ]] || bad "the kexec'ed kernel's cmdline has no kexec_marker=12: $c12"
	[ "${c14#BOOT_IMAGE=* }" = "$c12" ] || bad "GRUB's own boot of its default ($c14) is not what kexec booted ($c12)"
}
check_6-systemd12() { check_systemd_chain 6-systemd12; }
# 8-ansible: contrib/ansible/site.yml ran clean (its own assert: status --json booted_via_kexec) and
# the boot after its reboot came through kexec in the same qemu run.
check_8-ansible() {
	local dir=$logs/8-ansible log=$logs/8-ansible/serial.log via run
	check_finished 8-ansible
	[ "$(cat "$dir/ansible.rc" 2>/dev/null)" = 0 ] || bad "ansible-playbook exit $(cat "$dir/ansible.rc" 2>/dev/null): $(tail -n 25 "$dir/ansible.log" 2>/dev/null)"
	grep -q 'booted via kexec (bootloader_type 208)' "$dir/ansible.log" || bad "the playbook's assert did not report a kexec boot"
	grep -E -q 'guest +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0' "$dir/ansible.log" || bad "PLAY RECAP: $(grep -a -A1 'PLAY RECAP' "$dir/ansible.log" | tail -n1)"
	read -r run via < <(boots 8-ansible | awk '$3 == 2 { print $2, $4 }')
	[ "${run:-}" = 1 ] && [ "${via:-}" = kexec ] || bad "boot 2 should have come through kexec in qemu run 1: run ${run:-none}, loader ${via:-none}"
	fsc=$(sed -n -E 's/^[0-9.]+ r[0-9]+ VMTEST FSCHECK n=2 //p' "$log" | head -n1)
	[ "$fsc" = clean ] || bad "boot 2: root not cleanly unmounted: $fsc"
	grep -a -E '^(TASK|ok|changed|fatal|guest) |"msg"' "$dir/ansible.log" | sed 's/^/    ansible: /' > "$logs/8-ansible.notes"
}
check_7-systemd13() { check_systemd_chain 7-systemd13; }
# 9-breaker: the kexec'd boot that never reached runlevel 2 trips the breaker in the cold boot after
# it; one reboot through the firmware, then kexec again (scenarios/9-breaker.sh).
check_9-breaker() {
	local log=$logs/9-breaker/serial.log
	check_reboots 9-breaker
	grep -a -q ' VMTEST CHECK n=1 exit=0 next reboot: kexec' "$log" \
		|| bad "plan --check before the first reboot: $(grep -a -o 'VMTEST CHECK n=1 .*' "$log" | head -n1)"
	grep -a -q '^[0-9.]* r1 .*Rebooting automatically due to panic= boot argument' "$log" \
		|| bad "the kexec'd kernel of qemu run 1 did not give up on its root device"
	grep -a -q ' VMTEST BREAKER n=2 tripped=boot_id=.* found_in=.* marks=tripped $' "$log" \
		|| bad "boot 2 (cold): $(grep -a -o 'VMTEST BREAKER n=2 .*' "$log" | head -n1)"
	grep -a -q 'kexec-reboot: the kexec boot into /vmlinuz (loaded in boot [0-9a-f]*) did not reach its target' "$log" \
		|| bad "kexec-boot-complete did not say that the breaker tripped"
	grep -a -q ' VMTEST CHECK n=2 exit=4 next reboot: firmware: the kexec boot into /vmlinuz (loaded in boot [0-9a-f]*) did not reach its target' "$log" \
		|| bad "plan --check after the trip: $(grep -a -o 'VMTEST CHECK n=2 .*' "$log" | head -n1)"
	grep -a -q ' VMTEST BREAKER n=3 marks=$' "$log" || bad "boot 3: $(grep -a -o 'VMTEST BREAKER n=3 .*' "$log" | head -n1)"
	grep -a -q ' VMTEST CHECK n=3 exit=0 next reboot: kexec' "$log" \
		|| bad "plan --check after the cold reboot: $(grep -a -o 'VMTEST CHECK n=3 .*' "$log" | head -n1)"
	grep -a -q 'kexec-reboot: this boot came through kexec (/vmlinuz, loaded in boot [0-9a-f]*) and reached its target' "$log" \
		|| bad "kexec-boot-complete did not take the mark away after the kexec boot"
	grep -a -q ' VMTEST BREAKER n=4 marks=$' "$log" || bad "boot 4: $(grep -a -o 'VMTEST BREAKER n=4 .*' "$log" | head -n1)"
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
# The long systemd chains first, so that the two guest slots end at about the same time.
[ ${#scenarios[@]} -gt 0 ] || scenarios=(6-systemd12 7-systemd13 1-kexec 2-skip-once 3-no-kexec 4-grub 8-ansible 9-breaker 5-plan)
passed=0 failed=0
: > "$logs/times"
declare -A took
if [ "$recheck" != 1 ]; then
	# The images the scenarios need, then the guests, $jobs at a time (each its own overlay).
	# Missing images are built $jobs at a time (each build-image.sh caches its own); then each is
	# looked up (at once, from the cache) and its accelerator probed.
	needed=$(for s in "${scenarios[@]}"; do [ "$s" = 5-plan ] || image_of "$s"; done | sort -u)
	building=0
	for i in $needed; do
		if [ "$building" -ge "$jobs" ]; then wait -n; building=$((building - 1)); fi
		( "$here/build-image.sh" "$i" > /dev/null 2> "$logs/build-image-$i.first.log" ) &
		building=$((building + 1))
	done
	wait
	for i in $needed; do cat "$logs/build-image-$i.first.log"; build_image "$i" || true; done
	running=0
	for s in "${scenarios[@]}"; do
		[ "$s" != 5-plan ] && [ -f "$here/scenarios/$(script_of "$s").sh" ] && [ -n "${images[$(image_of "$s")]:-}" ] || continue
		if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
		say "starting $s on $(image_of "$s")"
		( t=$SECONDS; run_vm "$s"; echo $? > "$logs/$s.rc"; echo $((SECONDS - t)) > "$logs/$s.secs" ) &
		running=$((running + 1))
	done
	wait
fi
for s in "${scenarios[@]}"; do
	problems=""
	if [ "$s" != 5-plan ]; then
		[ -f "$here/scenarios/$(script_of "$s").sh" ] || { say "no scenario $s"; failed=$((failed + 1)); continue; }
		[ "$recheck" = 1 ] || [ -n "${images[$(image_of "$s")]:-}" ] || bad "no $(image_of "$s") image"
		[ "$recheck" = 1 ] || [ "$(cat "$logs/$s.rc" 2>/dev/null)" = 0 ] || bad "qemu runs ended without DONE"
	fi
	secs=$(cat "$logs/$s.secs" 2>/dev/null || echo 0)
	"check_$s"
	if [ -z "$problems" ]; then
		passed=$((passed + 1)); say "PASS $s ($secs s)"
		[ -f "$logs/$s/serial.log" ] && grep -a -E ' VMTEST (BOOT|REBOOT|FLAG|GRUB|FINAL|UNITS|NOJAVA|POWEROFF|CHECK|STATUSJSON|SSH-READY|ANSIBLE-DONE|FSCHECK n=[0-9]+ dirty)' "$logs/$s/serial.log" | sed -E 's/^[0-9.]+ (r[0-9]+) VMTEST /    \1 /'
		[ -f "$logs/$s.notes" ] && cat "$logs/$s.notes"
	else
		failed=$((failed + 1)); say "FAIL $s ($secs s):"; printf '%s' "$problems"
		if [ -f "$logs/$s/serial.log" ]; then say "serial log of $s ($logs/$s/serial.log):"; sed -E 's/^[0-9.]+ //' "$logs/$s/serial.log"; fi
	fi
done

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo
echo "reboot → next boot's marker (s, accel $(cat "$logs"/*/accel 2>/dev/null | sort -u | paste -sd/), $jobs guests at a time, GRUB timeout 5 s, host clock; cold and poweroff include qemu's restart):"
printf '  %-6s %5s %8s  %s\n' path runs median "all"
for p in kexec cold poweroff; do
	printf '  %-6s %5s %8s  %s\n' "$p" "$(grep -c "^$p " "$logs/times")" "$(awk -v p=$p '$1 == p { print $2 }' "$logs/times" | median)" \
		"$(awk -v p=$p '$1 == p { printf "%s(%s) ", $2, $3 }' "$logs/times")"
done
echo "total $((SECONDS - T0)) s; serial logs in $logs"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

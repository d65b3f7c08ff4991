# Helpers for scenario steps (sourced by vmtest-hook; $S, $P, $n and say() are set there).

# reboot_expecting kexec|cold [COMMAND…]: note what the next boot should be, then reboot with
# COMMAND (default: reboot, the sysvinit way, or systemd's compat command).
reboot_expecting() {
	expect=$1; shift
	[ $# -gt 0 ] || set -- /sbin/reboot
	echo "$expect" > "$S/expect"
	sync
	say "REBOOT n=$n expect=$expect cmd=$*"
	exec "$@"
}

# The init system this boot runs, as sd_booted() tells.
init_system() {
	if [ -d /run/systemd/system ]; then echo systemd; else echo sysvinit; fi
}

# The scenario is over: dump the markers file and power off (qemu exits).
finish() {
	say "MARKERS-BEGIN"
	sed 's/^/VMTEST   /' "$S/markers.log" > /dev/ttyS0
	say "DONE n=$n"
	sync
	exec /sbin/poweroff
}

# Install the project from the payload (the one place that knows how).
install_project() {
	say "INSTALL $(sh "$P/install.sh" 2>&1 | tr '\n' '|')"
}

# set_kexec_defaults LOAD_KEXEC=true USE_GRUB_CONFIG=false …: set these as a user would. Debian 12:
# in /etc/default/kexec (the one kexec-tools generated: KERNEL_IMAGE="/vmlinuz", INITRD="/initrd.img").
# Later releases: in /etc/default/kexec.d/50-local, as the README says, because Debian 13's
# kexec-tools deletes every LOAD_KEXEC line from /etc/default/kexec whenever it is configured.
set_kexec_defaults() {
	file=/etc/default/kexec
	case $(cat /etc/debian_version) in
		12*) ;;
		*) file=/etc/default/kexec.d/50-local; mkdir -p /etc/default/kexec.d; touch "$file" ;;
	esac
	for kv in "$@"; do
		if grep -q "^${kv%%=*}=" "$file"; then
			sed -i "s|^${kv%%=*}=.*|$kv|" "$file"
		else
			echo "$kv" >> "$file"
		fi
	done
	say "DEFAULTS ($file) $(cat /etc/default/kexec /etc/default/kexec.d/* 2>/dev/null | grep -v '^#' | grep . | tr '\n' ' ')"
}

# The plan the project prints now, one VMTEST line per line.
show_plan() {
	/usr/sbin/kexec-reboot plan 2>&1 | sed 's/^/VMTEST PLAN /' > /dev/ttyS0
}

# What a monitoring check sees: plan --check's line and its exit status (0 kexec, 4 firmware).
show_check() {
	check=$(/usr/sbin/kexec-reboot plan --check 2>&1); rc=$?
	say "CHECK n=$n exit=$rc $check"
}

# What a fleet tool reads after the boot: status --json (one line).
show_status_json() {
	say "STATUSJSON n=$n $(/usr/sbin/kexec-reboot status --json 2>&1 | tr '\n' ' ')"
}

# The proof of the reboot before this boot (systemd): the journal lines kexec-reboot left for it
# (the last boot's decision, this boot's arrival, by MESSAGE_ID) and `kexec-reboot last`. Starting
# kexec-boot-complete.service waits for a run in progress; one that ran already records nothing more.
show_history() {
	systemctl start kexec-boot-complete.service > /dev/null 2>&1
	say "JOURNAL n=$n before=$(journalctl -b -1 -t kexec-reboot -o cat 2>/dev/null | tail -n1)" \
		"booted=$(journalctl -b 0 MESSAGE_ID=eaa5779e60274e2cb66b85167995ad3b -o cat 2>/dev/null | tail -n1)"
	/usr/sbin/kexec-reboot last 2>&1 | sed "s/^/VMTEST LAST n=$n /" > /dev/ttyS0
	say "LASTJSON n=$n $(/usr/sbin/kexec-reboot last --json 2>&1 | tr '\n' ' ')"
}

# add_grub_marker_entry MARK: a 40_custom entry after the generated ones whose linux line carries
# kexec_marker=MARK, made GRUB's saved default (GRUB_DEFAULT=saved, update-grub, grub-set-default).
add_grub_marker_entry() {
	k=$(readlink -f /vmlinuz); i=$(readlink -f /initrd.img); uuid=$(grub-probe --target=fs_uuid /)
	cat >> /etc/grub.d/40_custom <<CUSTOM
menuentry 'Debian GNU/Linux, kexec marker entry' --id kexec-marker {
	insmod part_msdos
	insmod ext2
	search --no-floppy --fs-uuid --set=root $uuid
	linux $k root=UUID=$uuid ro console=ttyS0,115200 kexec_marker=$1
	initrd $i
}
CUSTOM
	sed -i 's/^GRUB_DEFAULT=.*/GRUB_DEFAULT=saved/' /etc/default/grub
	update-grub > /dev/null 2>&1 || say "FAIL update-grub"
	grub-set-default kexec-marker
	say "GRUB entries: $(grep -E "^[[:space:]]*(menuentry|submenu) " /boot/grub/grub.cfg | cut -d"'" -f2 | tr '\n' '|') grubenv: $(grep -a saved_entry /boot/grub/grubenv)"
}

# Helpers for scenario steps (sourced by vmtest-hook; $S, $P, $n and say() are set there).

# reboot_expecting kexec|cold: note what the next boot should be, then reboot the sysvinit way.
reboot_expecting() {
	echo "$1" > "$S/expect"
	sync
	say "REBOOT n=$n expect=$1"
	exec /sbin/reboot
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

# set_kexec_defaults LOAD_KEXEC=true USE_GRUB_CONFIG=false …: set these in /etc/default/kexec
# (the one kexec-tools generated: KERNEL_IMAGE="/vmlinuz", INITRD="/initrd.img"), as a user would.
set_kexec_defaults() {
	for kv in "$@"; do
		if grep -q "^${kv%%=*}=" /etc/default/kexec; then
			sed -i "s|^${kv%%=*}=.*|$kv|" /etc/default/kexec
		else
			echo "$kv" >> /etc/default/kexec
		fi
	done
	say "DEFAULTS $(grep -v '^#' /etc/default/kexec | grep . | tr '\n' ' ')"
}

# The plan the project prints now, one VMTEST line per line.
show_plan() {
	/usr/sbin/kexec-reboot plan 2>&1 | sed 's/^/VMTEST PLAN /' > /dev/ttyS0
}

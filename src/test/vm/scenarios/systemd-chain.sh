# The systemd images (Debian 12 + systemd 252, Debian 13 + systemd 257): one guest, one chain of
# reboots, each boot checking what the one before did. systemd-shutdown's last word on each
# shutdown (verb, kexec_loaded) is printed by the image's /usr/lib/systemd/system-shutdown hook.
#
# Debian 13: kexec-tools' postinst deletes every LOAD_KEXEC line from /etc/default/kexec when it is
# configured; it is configured before our steps run, so set_kexec_defaults adds it afterwards.

# 1: install; `reboot` (systemd's compat command) → kexec
step_1() {
	install_project
	say "UNITS init=$(init_system) systemd=$(systemctl --version | head -n1 | cut -d' ' -f2)" \
		"enabled=$(systemctl is-enabled kexec-load.service kexec.service 2>&1 | tr '\n' ,)" \
		"active=$(systemctl is-active kexec-load.service 2>&1)" \
		"kexec-tools=$(dpkg-query -W -f='${Version}' kexec-tools)" \
		"diversions=$(dpkg-divert --list 'kexec-reboot' 2>/dev/null | grep -c .)"
	# Emulation on a busy host: the JVM's start and kexec -l (sha256 of a 40 MB initrd, in TCG) can
	# take longer than on hardware; give both room, so that a slow host is not taken for a failure.
	mkdir -p /etc/systemd/system/kexec-load.service.d
	printf '[Service]\nTimeoutStopSec=300s\n' > /etc/systemd/system/kexec-load.service.d/vmtest.conf
	systemctl daemon-reload
	set_kexec_defaults LOAD_KEXEC=true KEXEC_TIMEOUT=150
	show_plan
	show_check
	reboot_expecting kexec /sbin/reboot
}
# 2: this boot came through kexec, and status --json says so, as do the journal and `last`;
# `systemctl reboot` → kexec
step_2() {
	show_status_json
	show_history
	reboot_expecting kexec systemctl reboot
}
# 3: `shutdown -r now` → kexec
step_3() { reboot_expecting kexec shutdown -r now; }
# 4: a desktop's reboot: logind's Reboot method over D-Bus → kexec
step_4() {
	reboot_expecting kexec busctl call org.freedesktop.login1 /org/freedesktop/login1 \
		org.freedesktop.login1.Manager Reboot b false
}
# 5: /tmp/no-kexec-reboot (a tmpfs on Debian 13): skips once → cold
step_5() {
	touch /tmp/no-kexec-reboot
	say "FLAG /tmp/no-kexec-reboot $( [ -f /tmp/no-kexec-reboot ] && echo present || echo absent) before the reboot; /tmp is $(findmnt -n -o FSTYPE --target /tmp)"
	reboot_expecting cold
}
# 6: this boot came through the firmware, and status --json, the journal and `last` say so; the
# next reboot kexecs again
step_6() {
	say "FLAG /tmp/no-kexec-reboot $( [ -e /tmp/no-kexec-reboot ] && echo present || echo absent) after the reboot"
	show_status_json
	show_history
	reboot_expecting kexec
}
# 7: Debian's /no-kexec-reboot → cold, and it is removed
step_7() {
	touch /no-kexec-reboot
	reboot_expecting cold
}
# 8: the flag on / is gone (nothing but kexec-load removes it); kexec-tools' coldreboot → cold
step_8() {
	say "FLAG /no-kexec-reboot $( [ -e /no-kexec-reboot ] && echo present || echo absent) after the reboot"
	reboot_expecting cold "$(command -v coldreboot)"
}
# 9: coldreboot's flag is gone too; then no java: one line, a cold reboot
step_9() {
	say "FLAG /no-kexec-reboot $( [ -e /no-kexec-reboot ] && echo present || echo absent) after coldreboot"
	java=$(readlink -f "$(command -v java)")
	echo "$java" > "$S/java"
	mv "$java" "$java.vmtest-off"
	reboot_expecting cold
}
# 10: java back (the journal of the last boot has the shim's line); poweroff → off, nothing loaded
step_10() {
	java=$(cat "$S/java"); mv "$java.vmtest-off" "$java"
	say "NOJAVA $(journalctl -b -1 -u kexec-load.service -o cat 2>/dev/null | grep -a 'no java' | head -n1)"
	reboot_expecting poweroff poweroff
}
# 11: LOAD_KEXEC=false → cold
step_11() {
	say "POWEROFF $(journalctl -b -1 -u kexec-load.service -o cat 2>/dev/null | grep -a 'kexec-load:' | head -n1)"
	set_kexec_defaults LOAD_KEXEC=false
	show_check
	reboot_expecting cold
}
# 12: USE_GRUB_CONFIG=true, GRUB's saved default a custom entry after the generated ones → kexec
# into that entry's command line
step_12() {
	set_kexec_defaults LOAD_KEXEC=true USE_GRUB_CONFIG=true
	add_grub_marker_entry 12
	show_plan
	reboot_expecting kexec
}
# 13: a cold reboot shows GRUB itself boots that same command line
step_13() {
	touch /tmp/no-kexec-reboot
	reboot_expecting cold
}
step_14() { finish; }

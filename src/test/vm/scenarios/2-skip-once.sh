# Scenario 2: /tmp/no-kexec-reboot skips kexec once (the reboot goes through the firmware, the flag
# is removed); the reboot after that kexecs again. /tmp is not cleaned at boot in this image
# (TMPTIME=-1), which /tmp/vmtest-control shows.
step_1() {
	install_project
	set_kexec_defaults LOAD_KEXEC=true
	touch /tmp/no-kexec-reboot /tmp/vmtest-control
	say "FLAG $( [ -f /tmp/no-kexec-reboot ] && echo present || echo absent) before the reboot"
	reboot_expecting cold
}
step_2() {
	say "FLAG $( [ -e /tmp/no-kexec-reboot ] && echo present || echo absent) after the reboot; control file $( [ -e /tmp/vmtest-control ] && echo kept || echo gone)"
	reboot_expecting kexec
}
step_3() { finish; }

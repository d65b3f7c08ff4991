# Scenario b (Secure Boot enforced): KERNEL_IMAGE is the running kernel with its signature removed
# (sbattach --remove): the locked-down kernel refuses it, kexec-load says so in one line, nothing is
# loaded, and the reboot goes through the firmware.
step_1() {
	install_project
	record_kexec_argv
	show_lockdown
	cp "/boot/vmlinuz-$(uname -r)" /boot/vmlinuz-unsigned
	sbattach --remove /boot/vmlinuz-unsigned > /dev/null 2>&1 || say "FAIL sbattach --remove"
	say "SIGNATURE signed: $(sbverify --list "/boot/vmlinuz-$(uname -r)" 2>&1 | grep -c 'signature [0-9]') unsigned: $(sbverify --list /boot/vmlinuz-unsigned 2>&1 | grep -c 'signature [0-9]')"
	set_kexec_defaults LOAD_KEXEC=true KERNEL_IMAGE=/boot/vmlinuz-unsigned
	show_status_and_plan
	reboot_expecting cold
}
step_2() {
	show_lockdown
	say "ARGV $(tr '\n' '|' < "$S/kexec-argv")"
	finish
}

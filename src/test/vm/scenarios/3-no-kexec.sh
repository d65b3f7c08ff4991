# Scenario 3: LOAD_KEXEC=false: a cold reboot (firmware, GRUB menu).
step_1() {
	install_project
	set_kexec_defaults LOAD_KEXEC=false
	reboot_expecting cold
}
step_2() { finish; }

# Scenario 1: LOAD_KEXEC=true: `reboot` comes back through kexec (a second boot in the same qemu).
step_1() {
	install_project
	set_kexec_defaults LOAD_KEXEC=true
	show_plan
	reboot_expecting kexec
}
step_2() { finish; }

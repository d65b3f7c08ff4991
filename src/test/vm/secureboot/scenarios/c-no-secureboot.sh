# Scenario c (the same image, firmware without Secure Boot): the kernel is not locked down and
# kexec-load runs the original's argv (kexec -l, no -s); `reboot` comes back through kexec.
step_1() {
	install_project
	record_kexec_argv
	show_lockdown
	set_kexec_defaults LOAD_KEXEC=true
	show_status_and_plan
	reboot_expecting kexec
}
step_2() {
	show_lockdown
	say "ARGV $(tr '\n' '|' < "$S/kexec-argv")"
	finish
}

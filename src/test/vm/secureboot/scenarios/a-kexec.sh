# Scenario a (Secure Boot enforced), and with the same steps scenario c (plain firmware, see
# secureboot-test.sh): the locked-down kernel loads the next one with kexec_file_load
# (kexec -s) and `reboot` comes back through kexec; the kexec'ed kernel is locked down too.
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

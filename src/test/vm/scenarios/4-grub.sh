# Scenario 4: USE_GRUB_CONFIG=true with the grub.cfg update-grub writes here, GRUB's saved default
# set to a custom entry after the first ones whose linux line carries kexec_marker=4. The reboot
# kexecs that entry; then one cold reboot (skip flag) shows GRUB itself boots the same entry.
step_1() {
	install_project
	set_kexec_defaults LOAD_KEXEC=true USE_GRUB_CONFIG=true
	add_grub_marker_entry 4
	show_plan
	reboot_expecting kexec
}
step_2() {
	touch /tmp/no-kexec-reboot
	reboot_expecting cold
}
step_3() { finish; }

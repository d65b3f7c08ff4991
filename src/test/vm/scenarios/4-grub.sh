# Scenario 4: USE_GRUB_CONFIG=true with the grub.cfg update-grub writes here, GRUB's saved default
# set to a custom entry after the first ones whose linux line carries kexec_marker=4. The reboot
# kexecs that entry; then one cold reboot (skip flag) shows GRUB itself boots the same entry.
step_1() {
	install_project
	set_kexec_defaults LOAD_KEXEC=true USE_GRUB_CONFIG=true
	k=$(readlink -f /vmlinuz); i=$(readlink -f /initrd.img); uuid=$(grub-probe --target=fs_uuid /)
	cat >> /etc/grub.d/40_custom <<CUSTOM
menuentry 'Debian GNU/Linux, kexec marker entry' --id kexec-marker {
	insmod part_msdos
	insmod ext2
	search --no-floppy --fs-uuid --set=root $uuid
	linux $k root=UUID=$uuid ro console=ttyS0,115200 kexec_marker=4
	initrd $i
}
CUSTOM
	sed -i 's/^GRUB_DEFAULT=.*/GRUB_DEFAULT=saved/' /etc/default/grub
	update-grub > /dev/null 2>&1 || say "FAIL update-grub"
	grub-set-default kexec-marker
	say "GRUB entries: $(grep -E "^[[:space:]]*(menuentry|submenu) " /boot/grub/grub.cfg | cut -d"'" -f2 | tr '\n' '|') grubenv: $(grep -a saved_entry /boot/grub/grubenv)"
	show_plan
	reboot_expecting kexec
}
step_2() {
	touch /tmp/no-kexec-reboot
	reboot_expecting cold
}
step_3() { finish; }

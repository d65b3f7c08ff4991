# Scenario d (OVMF without Secure Boot): `efibootmgr -n` sets EFI BootNext, as fwupd and "restart
# into the other OS" tools do. The firmware has work, so kexec-load loads nothing and the reboot
# goes through the firmware, which boots that entry once and deletes BootNext; the reboot after
# that goes through kexec again.

# efivarfs where the kernel presents the variables (sysvinit does not always mount it).
mount_efivarfs() {
	mountpoint -q /sys/firmware/efi/efivars || mount -t efivarfs efivarfs /sys/firmware/efi/efivars \
		|| say "FAIL cannot mount efivarfs"
}

# 1: BootNext = the entry this boot came from (BootCurrent) → plan --check says firmware; reboot → cold
step_1() {
	install_project
	record_kexec_argv
	set_kexec_defaults LOAD_KEXEC=true
	mount_efivarfs
	current=$(efibootmgr | sed -n 's/^BootCurrent: //p')
	efibootmgr -q -n "$current" || say "FAIL efibootmgr -n $current"
	say "BOOTNEXT n=$n set: $(efibootmgr | grep -E '^Boot(Current|Next)' | tr '\n' ' ')"
	show_plan
	show_check
	reboot_expecting cold
}
# 2: the firmware booted BootNext's entry and deleted the variable; the next reboot kexecs again
step_2() {
	mount_efivarfs
	say "BOOTNEXT n=$n after the firmware: $(efibootmgr | grep -E '^Boot(Current|Next)' | tr '\n' ' ')"
	say "ARGV $(tr '\n' '|' < "$S/kexec-argv" 2>/dev/null)"
	show_check
	reboot_expecting kexec
}
step_3() {
	say "ARGV $(tr '\n' '|' < "$S/kexec-argv")"
	finish
}

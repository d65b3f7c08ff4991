# Scenario 4: USE_GRUB_CONFIG=true with the grub.cfg update-grub writes here, GRUB's saved default
# set to a custom entry after the first ones whose linux line carries kexec_marker=4. The reboot
# kexecs that entry; then one cold reboot (skip flag) shows GRUB itself boots the same entry.
# Before that, on this real disk: an os-prober-like entry that finds its root by another file
# system's UUID (but names this disk's kernel) must be refused by the plan. That takes udev's
# /dev/disk/by-uuid: the link for this root's UUID names the device the root is on, no link names
# the foreign UUID, so the project knows the entry's files are not these (issue 11, cause 8). And an
# entry whose file system is mounted here (an ext4 image on a loop device, which udev names by UUID):
# its kernel is read where that file system is mounted, as GRUB would read it from that file system.
FOREIGN_UUID=0f0f0f0f-4a4a-4b4b-8c8c-0d0d0d0d0d0d
MOUNTED_UUID=6e6e6e6e-1b1b-4c2c-9d3d-5e5e5e5e5e5e
step_1() {
	install_project
	set_kexec_defaults LOAD_KEXEC=true USE_GRUB_CONFIG=true
	k=$(readlink -f /vmlinuz)
	truncate -s 64M /var/tmp/other.img && mkfs.ext4 -q -U $MOUNTED_UUID -L kexec-other /var/tmp/other.img
	mkdir -p /mnt/other && mount -o loop /var/tmp/other.img /mnt/other \
		&& mkdir /mnt/other/boot && cp "$k" /mnt/other/boot/vmlinuz-other || say "FAIL the loop file system"
	udevadm settle --timeout=30 || true
	cat >> /etc/grub.d/40_custom <<CUSTOM
menuentry 'Other Linux (on another disk)' --id kexec-foreign {
	search --no-floppy --fs-uuid --set=root $FOREIGN_UUID
	linux $k root=UUID=$FOREIGN_UUID ro kexec_marker=foreign
}
menuentry 'Other Linux (mounted here)' --id kexec-mounted {
	search --no-floppy --fs-uuid --set=root $MOUNTED_UUID
	linux /boot/vmlinuz-other root=UUID=$MOUNTED_UUID ro kexec_marker=mounted
}
CUSTOM
	add_grub_marker_entry 4
	say "BYUUID $(ls -l /dev/disk/by-uuid 2>&1 | tr '\n' ' ')"
	say "MOUNTED $(grep ' /mnt/other ' /proc/self/mountinfo) link $(stat -L -c '%t:%T %F' /dev/disk/by-uuid/$MOUNTED_UUID 2>&1) dir $(stat -c '%d' /mnt/other)"
	grub-set-default kexec-foreign
	/usr/sbin/kexec-reboot plan 2>&1 | sed 's/^/VMTEST FOREIGNPLAN /' > /dev/ttyS0
	grub-set-default kexec-mounted
	/usr/sbin/kexec-reboot plan 2>&1 | sed 's/^/VMTEST MOUNTEDPLAN /' > /dev/ttyS0
	umount /mnt/other; rm -f /var/tmp/other.img
	grub-set-default kexec-marker
	show_plan
	reboot_expecting kexec
}
step_2() {
	touch /tmp/no-kexec-reboot
	reboot_expecting cold
}
step_3() { finish; }

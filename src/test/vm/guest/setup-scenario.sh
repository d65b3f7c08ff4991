# The image's one setup boot (started with qemu -kernel, as the disk has no boot loader yet):
# install GRUB on the disk and write grub.cfg the Debian way, inside the guest, then power off.
step_1() {
	say "SETUP grub-install"
	if grub-install --target=i386-pc /dev/vda > /dev/ttyS0 2>&1 && update-grub > /dev/ttyS0 2>&1; then
		say "SETUP-OK $(grep -c '^menuentry\|^[[:space:]]*menuentry' /boot/grub/grub.cfg) menu entries"
	else
		say "SETUP-FAILED"
	fi
	rm -rf "$S"        # the scenarios start from boot 1
	sync
	exec /sbin/poweroff
}

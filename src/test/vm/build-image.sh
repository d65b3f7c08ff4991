#!/bin/bash
# Builds one of the test VM's disk images, once: prints its path on stdout.
#   build-image.sh [IMAGE]   IMAGE: sysvinit12 (default: Debian 12 + sysvinit), systemd12 (Debian 12 +
#                            systemd), systemd13 (Debian 13 + systemd); packages in packages-IMAGE.list
# The image is cached as $CACHE/vm-IMAGE-<sha256 of this recipe and its inputs>.img, so a second run (or
# CI with the same cache) does not rebuild. Root needed (mmdebstrap's root mode, chroot).
#
#  1. mmdebstrap --variant=minbase the packages of packages-IMAGE.list
#  2. bake in: fstab, serial console for the kernel and GRUB, /tmp kept across boots (sysvinit), the
#     boot hook (from /etc/inittab on sysvinit, a unit on systemd), a systemd-shutdown hook (systemd)
#  3. a raw disk with one partition (sfdisk), the tree copied in with mkfs.ext4 -d at 1 MiB: no loop
#     devices or mounts on the host (losetup -P gives no partition nodes in this container)
#  4. one setup boot with qemu -kernel: inside the guest, grub-install /dev/vda and update-grub, as an
#     installer does; from then on the disk boots as real hardware does: SeaBIOS → GRUB → kernel
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
CACHE=${KEXEC_REBOOT_CACHE:-/var/cache/kexec-reboot-test}
image=${1:-sysvinit12}
case $image in
sysvinit12) suite=bookworm init=sysvinit ;;
systemd12) suite=bookworm init=systemd ;;
systemd13) suite=trixie init=systemd ;;
*) echo "build-image: unknown image $image (sysvinit12, systemd12, systemd13)" >&2; exit 2 ;;
esac
inputs=("$here/build-image.sh" "$here/debian-tree.sh" "$here/packages-$image.list" "$here/guest/vmtest-hook" "$here/guest/setup-scenario.sh"
	"$here/guest/vmtest-hook.service" "$here/guest/vmtest-final")
# (accel.sh is not an input: the image is the same whichever accelerator made it)
key=$( { echo "$image"; cat "${inputs[@]}"; } | sha256sum | cut -c1-16)
img=$CACHE/vm-$image-$key.img
if [ -s "$img" ]; then echo "$img"; exit 0; fi

log() { echo "build-image: $*" >&2; }
. "$here/debian-tree.sh"
mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
t0=$SECONDS

tree=$work/tree
debian_tree "$suite" "$tree" "$here/packages-$image.list"
if chroot "$tree" dpkg-query -W -f='${Status}' systemd-sysv 2>/dev/null | grep -q '^install ok installed'; then
	[ "$init" = systemd ] || { log "systemd-sysv got installed: the image must boot sysvinit"; exit 1; }
else
	[ "$init" = sysvinit ] || { log "systemd-sysv is missing: the image must boot systemd"; exit 1; }
fi

# Bake in what every boot needs.
echo kexec-vm > "$tree/etc/hostname"
echo '/dev/vda1 / ext4 errors=remount-ro 0 1' > "$tree/etc/fstab"
sed -i -e 's/^GRUB_CMDLINE_LINUX=.*/GRUB_CMDLINE_LINUX="console=ttyS0,115200"/' \
	-e 's/^#\?GRUB_TERMINAL=.*/GRUB_TERMINAL=serial/' "$tree/etc/default/grub"
cat >> "$tree/etc/default/grub" <<'GRUB'
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_DISABLE_OS_PROBER=true
GRUB
grep -q '^GRUB_TIMEOUT=5$' "$tree/etc/default/grub"   # Debian's default menu timeout, kept
install -m 755 "$here/guest/vmtest-hook" "$tree/usr/local/sbin/vmtest-hook"
if [ "$init" = sysvinit ]; then
	# /tmp is not cleaned at boot, so that "the flag is gone" proves kexec-load removed it.
	sed -i 's/^#\?TMPTIME=.*/TMPTIME=-1/' "$tree/etc/default/rcS"
	grep -q '^TMPTIME=-1' "$tree/etc/default/rcS" || echo 'TMPTIME=-1' >> "$tree/etc/default/rcS"
	echo 'vt:2345:once:/usr/local/sbin/vmtest-hook' >> "$tree/etc/inittab"
else
	# The hook as a unit, enabled by hand (no systemd runs in the chroot); the shutdown hook.
	install -m 644 "$here/guest/vmtest-hook.service" "$tree/etc/systemd/system/vmtest-hook.service"
	mkdir -p "$tree/etc/systemd/system/multi-user.target.wants"
	ln -s ../vmtest-hook.service "$tree/etc/systemd/system/multi-user.target.wants/vmtest-hook.service"
	install -D -m 755 "$here/guest/vmtest-final" "$tree/usr/lib/systemd/system-shutdown/vmtest-final"
	mkdir -p "$tree/var/log/journal"   # a persistent journal: a step reads the boot before's
fi
kernel=$(ls "$tree"/boot/vmlinuz-* | tail -n1); initrd=$(ls "$tree"/boot/initrd.img-* | tail -n1)
cp "$kernel" "$work/vmlinuz"; cp "$initrd" "$work/initrd.img"
rm -rf "$tree"/var/cache/apt/archives/*.deb "$tree"/var/lib/apt/lists/*

# A raw disk, one partition from 1 MiB, the tree in it as ext4.
size_mib=2048
truncate -s ${size_mib}M "$work/disk.img"
printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk --quiet "$work/disk.img"
mkfs.ext4 -q -F -L kexec-vm -d "$tree" "$work/part.img" $((size_mib - 1))M >&2
dd if="$work/part.img" of="$work/disk.img" bs=1M seek=1 conv=notrunc,sparse status=none
rm -f "$work/part.img"; rm -rf "$tree"
log "disk image done after $((SECONDS - t0)) s"

# The setup boot: GRUB installed and configured inside the guest.
mkdir "$work/payload"
cp "$here/guest/setup-scenario.sh" "$work/payload/scenario.sh"
tar -cf "$work/payload.tar" -C "$work/payload" .
. "$here/accel.sh"; accel=$(vm_accel "$work/vmlinuz")
log "setup boot with accel=$accel"
timeout 900 qemu-system-x86_64 -machine pc,accel="$accel" -m 1024 -smp 1 -display none -vga none -nic none \
	-serial stdio -monitor none -no-reboot \
	-drive file="$work/disk.img",if=virtio,format=raw -drive file="$work/payload.tar",if=virtio,format=raw,readonly=on \
	-kernel "$work/vmlinuz" -initrd "$work/initrd.img" -append "root=/dev/vda1 ro console=ttyS0,115200" \
	< /dev/null > "$work/setup.log" 2>&1 || true
if ! grep -q 'VMTEST SETUP-OK' "$work/setup.log"; then
	log "the setup boot did not install GRUB; its serial log:"; tr -d '\r' < "$work/setup.log" >&2; exit 1
fi
log "setup boot done after $((SECONDS - t0)) s: $(grep -a -o 'SETUP-OK.*' "$work/setup.log" | tr -d '\r')"
tr -d '\r' < "$work/setup.log" > "$img.setup.log"
cp "$work/vmlinuz" "$img.vmlinuz"   # for vm-test.sh's accelerator probe
mv "$work/disk.img" "$img"
echo "$img"

#!/bin/bash
# Builds the UEFI Secure Boot test VM's disk image from Debian 12 packages, once: prints its path.
# Cached as $CACHE/vm-secureboot-<sha256 of this recipe and its inputs>.img. Root needed (mmdebstrap).
#
# The boot chain is Debian's signed one, as an installer leaves it: the firmware (OVMF with
# Microsoft's keys) starts shim (signed by Microsoft), shim starts GRUB (signed by Debian), GRUB
# starts the kernel (signed by Debian; shim checks it). No setup boot and no loop devices:
#  1. mmdebstrap --variant=minbase the packages of packages.list
#  2. bake in: fstab, grub.cfg (written here: grub-mkconfig needs the real disk), the boot hook
#  3. a GPT disk (sfdisk) with an ESP made with mkfs.vfat and filled with mtools (shim as the
#     removable-media path \EFI\BOOT\BOOTX64.EFI, GRUB beside it, a grub.cfg that finds the root)
#     and the root file system made with mkfs.ext4 -d
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
vm=$(cd "$here/.." && pwd)
CACHE=${KEXEC_REBOOT_CACHE:-/var/cache/kexec-reboot-test}
inputs=("$here/build-image.sh" "$vm/debian-tree.sh" "$here/packages.list" "$vm/guest/vmtest-hook")
key=$(cat "${inputs[@]}" | sha256sum | cut -c1-16)
img=$CACHE/vm-secureboot-$key.img
if [ -s "$img" ]; then echo "$img"; exit 0; fi

log() { echo "build-image: $*" >&2; }
. "$vm/debian-tree.sh"
mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
t0=$SECONDS

tree=$work/tree
debian_tree bookworm "$tree" "$here/packages.list"
if chroot "$tree" dpkg-query -W -f='${Status}' systemd-sysv 2>/dev/null | grep -q '^install ok installed'; then
	log "systemd-sysv got installed: the image must boot sysvinit"; exit 1
fi

uuid=6b3c2a3e-5e1f-4c1e-9d55-6b657865632d
kernel=$(cd "$tree/boot" && ls vmlinuz-* | tail -n1); initrd=initrd.img-${kernel#vmlinuz-}
[ -f "$tree/boot/$initrd" ] || { log "no $initrd"; exit 1; }
echo kexec-sb-vm > "$tree/etc/hostname"
echo "UUID=$uuid / ext4 errors=remount-ro 0 1" > "$tree/etc/fstab"
sed -i 's/^#\?TMPTIME=.*/TMPTIME=-1/' "$tree/etc/default/rcS"
install -m 755 "$vm/guest/vmtest-hook" "$tree/usr/local/sbin/vmtest-hook"
echo 'vt:2345:once:/usr/local/sbin/vmtest-hook' >> "$tree/etc/inittab"
# grub.cfg as grub-mkconfig would write its first entry (a 1 s menu: the test is about the kernel).
mkdir -p "$tree/boot/grub"
cat > "$tree/boot/grub/grub.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set default=0
set timeout=1
menuentry 'Debian GNU/Linux' --id debian {
	search --no-floppy --fs-uuid --set=root $uuid
	linux /boot/$kernel root=UUID=$uuid ro console=ttyS0,115200
	initrd /boot/$initrd
}
CFG
cp "$tree/usr/lib/shim/shimx64.efi.signed" "$work/BOOTX64.EFI"
cp "$tree/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed" "$work/grubx64.efi"
# What grub-install writes next to GRUB on the ESP: find the root file system, read its grub.cfg.
printf 'search.fs_uuid %s root\nset prefix=($root)/boot/grub\nconfigfile $prefix/grub.cfg\n' "$uuid" > "$work/esp-grub.cfg"
rm -rf "$tree"/var/cache/apt/archives/*.deb "$tree"/var/lib/apt/lists/*

# GPT: an ESP of 64 MiB from 1 MiB, the root after it.
size_mib=2560 esp_mib=64
truncate -s ${size_mib}M "$work/disk.img"
printf 'label: gpt\nstart=2048, size=%d, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=ESP\nstart=%d, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=root\n' \
	$((esp_mib * 2048)) $(((esp_mib + 1) * 2048)) | sfdisk --quiet "$work/disk.img"
mkfs.vfat -C -n ESP "$work/esp.img" $((esp_mib * 1024)) > /dev/null
export MTOOLS_SKIP_CHECK=1
mmd -i "$work/esp.img" ::/EFI ::/EFI/BOOT ::/EFI/debian
mcopy -i "$work/esp.img" "$work/BOOTX64.EFI" "$work/grubx64.efi" ::/EFI/BOOT/
mcopy -i "$work/esp.img" "$work/esp-grub.cfg" ::/EFI/BOOT/grub.cfg
mcopy -i "$work/esp.img" "$work/esp-grub.cfg" ::/EFI/debian/grub.cfg
dd if="$work/esp.img" of="$work/disk.img" bs=1M seek=1 conv=notrunc status=none
root_mib=$((size_mib - esp_mib - 2))
mkfs.ext4 -q -F -L kexec-sb-vm -U "$uuid" -d "$tree" "$work/root.img" ${root_mib}M >&2
dd if="$work/root.img" of="$work/disk.img" bs=1M seek=$((esp_mib + 1)) conv=notrunc,sparse status=none
rm -rf "$tree" "$work/root.img" "$work/esp.img"
log "disk image done after $((SECONDS - t0)) s (kernel $kernel)"
mv "$work/disk.img" "$img"
echo "$img"

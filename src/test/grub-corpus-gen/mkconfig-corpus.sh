#!/bin/bash
# Generates the corpus cases src/test/resources/grub-corpus/mkconfig-*: real grub-mkconfig output of
# Debian 12 (GRUB 2.06), Debian 13 (GRUB 2.12), Ubuntu 22.04 (2.06) and Ubuntu 24.04 (2.12), made in
# throw-away chroots. Not run by CI: its output is committed; rerun it to regenerate.
#
# How to run (as root, on Debian with mmdebstrap, e2fsprogs, dosfstools, mtools, util-linux (sfdisk,
# losetup, partx, unshare), curl, gpg; network to deb.debian.org and archive.ubuntu.com):
#   src/test/grub-corpus-gen/mkconfig-corpus.sh chroot RELEASE        # bookworm trixie jammy noble
#   src/test/grub-corpus-gen/mkconfig-corpus.sh cases RELEASE [OUT]   # OUT: the corpus directory
#   src/test/grub-corpus-gen/mkconfig-corpus.sh all [OUT]             # both steps, all releases
# WORK (default /var/tmp/mkconfig-corpus) holds the chroots (about 250 MB each, two a release);
# delete it after. A case's log (grub-mkconfig's messages) stays in WORK/out-NAME/log.
#
# A chroot: mmdebstrap --variant=minbase with grub-pc, grub-efi-amd64-bin, os-prober, memtest86+ and
# udev (Ubuntu: lsb-release too, as ubuntu-minimal has it); a copy with grub-efi-amd64 in place of
# grub-pc for the EFI cases. No kernel is installed: /boot gets dummy kernels, initrds and configs
# (grub-mkconfig only looks at the names).
#
# A case: a GPT disk image (sparse, 256 MB) on a loop device: 1 BIOS boot, 2 ESP (FAT, fixed serial;
# on BIOS Windows's "System Reserved"), 3 root, 4 /boot, 5 another Linux (ext4, UUIDs fixed from the
# case's name), in a private mount namespace (unshare --mount) with a private /dev (the loop device,
# its partitions, /dev/disk/by-uuid as udev makes it, so 10_linux writes root=UUID=), /proc and /sys.
# The root image holds a copy of the chroot with the chroot's /usr bound read-only. EFI firmware is
# shown by a tmpfs on /sys/firmware with efi/efivars/OsIndicationsSupported-... (firmware setup
# supported). This kernel has no vfat: the ESP is filled with mtools and not mounted, so for EFI the
# files grub-install would put into /boot/grub are put there instead. The release's own grub-install
# (BIOS), grub-mkconfig, grub-editenv, grub-set-default and grub-reboot run in the chroot; the case
# keeps grub.cfg and grubenv as they wrote them, `platform`, and `filesystems` with one tree per file
# system holding the files GRUB and the project look at (kernels, initrds, memtest, the other
# systems' files), as small dummy files. Nothing is left mounted or attached: the namespace's mounts
# end with it, the loop device is detached and the image deleted on exit.
set -euo pipefail
ulimit -f 1048576   # no file over 512 MB (blocks of 512 bytes)
here=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:-/var/tmp/mkconfig-corpus}
mkdir -p "$WORK"

mirror() {
  case $1 in
    bookworm|trixie) echo "deb http://deb.debian.org/debian $1 main" ;;
    jammy|noble) echo "deb http://archive.ubuntu.com/ubuntu $1 main"
                 echo "deb http://archive.ubuntu.com/ubuntu $1-updates main" ;;
  esac
}

ubuntu_keyring() {
  # Ubuntu's archive keys, from Ubuntu's mirror (Debian 12 has no ubuntu-keyring package); the
  # archive key's fingerprint is checked against the one Ubuntu publishes.
  local k=$WORK/ubuntu-keyring
  if [ ! -s "$k/ubuntu-archive-keyring.gpg" ]; then
    mkdir -p "$k/x"
    curl -fsS -o "$k/kr.deb" http://archive.ubuntu.com/ubuntu/pool/main/u/ubuntu-keyring/ubuntu-keyring_2023.11.28.1_all.deb
    echo "36de43b15853ccae0028e9a767613770c704833f82586f28eb262f0311adb8a8  $k/kr.deb" | sha256sum -c --quiet
    dpkg-deb -x "$k/kr.deb" "$k/x"
    gpg --show-keys --with-colons "$k/x/usr/share/keyrings/ubuntu-archive-keyring.gpg" \
      | grep -q '^fpr:*F6ECB3762474EDA9D21B7022871920D1991BC93C:' || { echo "unexpected Ubuntu key" >&2; exit 1; }
    cp "$k/x/usr/share/keyrings/ubuntu-archive-keyring.gpg" "$k/"
  fi
  echo "$k/ubuntu-archive-keyring.gpg"
}

make_chroot() {
  local rel=$1 dir=$WORK/chroot-$1 opts=()
  rm -rf "$dir"
  # Ubuntu: lsb-release as ubuntu-minimal has it (jammy's GRUB_DISTRIBUTOR asks lsb_release)
  case $rel in jammy|noble) opts+=(--keyring="$(ubuntu_keyring)" --include=lsb-release) ;; esac
  local IFS=$'\n'
  # shellcheck disable=SC2046
  mmdebstrap --variant=minbase "${opts[@]}" \
    --include=apt,udev,grub-pc,grub-efi-amd64-bin,os-prober,memtest86+ \
    --customize-hook='chroot "$1" sh -c "cd /root && apt-get download grub-efi-amd64"' \
    "$rel" "$dir" $(mirror "$rel")
  # the EFI variant: grub-efi-amd64 in place of grub-pc, as an EFI installation has it
  rm -rf "$dir-efi"; cp -a "$dir" "$dir-efi"
  chroot "$dir-efi" sh -c 'dpkg --purge grub-gfxpayload-lists grub-pc && DEBIAN_FRONTEND=noninteractive dpkg -i /root/grub-efi-amd64_*.deb'
}

# uuid NAME: a fixed UUID for a case's file system (from its name, so a rerun gives the same)
uuid() { echo -n "$1" | md5sum | sed -E 's/^(.{8})(.{4}).(.{3}).(.{3})(.{12}).*/\1-\2-4\3-a\4-\5/'; }
# fat_serial NAME: a fixed FAT volume serial, as 8 hex digits
fat_serial() { echo -n "$1" | md5sum | cut -c1-8 | tr a-f A-F; }

# a BCD store as os-prober's 20microsoft reads it (the name in UTF-16)
windows_bcd() { mkdir -p "$(dirname "$1")"; printf 'regf\0W\0i\0n\0d\0o\0w\0s\0 \0001\0000\0' > "$1"; }

dummy() { mkdir -p "$(dirname "$1")"; printf 'dummy %s for the corpus\n' "${1##*/}" > "$1"; }

# The other Linux for os-prober: a root file system with what os-probes/mounted/90linux-distro and
# linux-boot-probes look for (ld.so, /etc/os-release, /boot with a kernel and initramfs).
other_linux() {
  local d=$1
  mkdir -p "$d/etc" "$d/usr/lib64" "$d/boot"
  ln -s usr/lib64 "$d/lib64"
  dummy "$d/usr/lib64/ld-linux-x86-64.so.2"
  printf 'NAME="Fedora Linux"\nVERSION="39 (Workstation Edition)"\nID=fedora\nPRETTY_NAME="Fedora Linux 39 (Workstation Edition)"\n' > "$d/etc/os-release"
  dummy "$d/boot/vmlinuz-6.5.6-300.fc39.x86_64"
  dummy "$d/boot/initramfs-6.5.6-300.fc39.x86_64.img"
  printf 'UUID=%s / ext4 defaults 1 1\n' "$2" > "$d/etc/fstab"
}

# case_in_namespace: runs in a private mount namespace (see gen_case); everything mounted here goes
# with the namespace.
case_in_namespace() {
  local name=$1 rel=$2 platform=$3 chroot=$4 loop=$5 out=$6 ndev=$7
  local m=$WORK/mnt-$name b=${loop#/dev/} p u v DISK=${loop#/dev/}p
  mount --make-rprivate /
  # a private /dev (this namespace's; the host's is untouched): the disk and its partitions, and
  # /dev/disk/by-uuid as udev makes it; mounted from there, so that /proc/self/mountinfo names them
  # as grub-probe finds them in the chroot
  mount -t tmpfs -o size=1m,mode=755 devtmp /dev
  mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/zero c 1 5
  mknod -m 666 /dev/random c 1 8; mknod -m 666 /dev/urandom c 1 9
  ln -s /proc/self/fd /dev/fd
  mknod -m 666 /dev/fuse c 10 229   # for grub-mount, which os-prober mounts other file systems with
  mkdir -p /dev/disk/by-uuid
  cp -a "$ndev/." /dev/
  [ -e "/dev/${DISK%p}" ] || cp -a "$ndev/$b" "/dev/${DISK%p}"
  for p in /dev/"$b"p*; do
    [ -e "/dev/$DISK${p##*p}" ] || cp -a "$p" "/dev/$DISK${p##*p}"
    u=$(blkid -s UUID -o value "$p" || true)
    [ -n "$u" ] && ln -s "../../$DISK${p##*p}" "/dev/disk/by-uuid/$u"
  done
  mkdir -p "$m"
  mount "/dev/$DISK$ROOTPART" "$m"
  # the system: /usr from the chroot (read-only), the rest copied (small), so / is the root image
  mkdir -p "$m/usr" "$m/dev" "$m/proc" "$m/sys" "$m/tmp" "$m/boot"
  (cd "$chroot" && tar -c --exclude=./usr --exclude=./dev --exclude=./proc --exclude=./sys --exclude=./boot .) | tar -x -C "$m"
  mount --rbind "$chroot/usr" "$m/usr"; mount -o remount,bind,ro "$m/usr"
  if [ -n "$BOOTPART" ]; then mount "/dev/$DISK$BOOTPART" "$m/boot"; fi
  cp -a "$chroot/boot/." "$m/boot/"
  # the ESP is not mounted: this kernel has no vfat (see grub-install below)
  # the kernels: dummy files; memtest86+'s binaries (the package's) too
  for p in "$m"/boot/memtest86+*; do [ -f "$p" ] && dummy "$p"; done
  for v in $KERNELS; do
    dummy "$m/boot/vmlinuz-$v"; dummy "$m/boot/initrd.img-$v"; dummy "$m/boot/System.map-$v"
    printf 'CONFIG_BLK_DEV_INITRD=y\nCONFIG_VT_HW_CONSOLE_BINDING=y\nCONFIG_FB_EFI=y\n' > "$m/boot/config-$v"
  done
  mount --rbind /dev "$m/dev"
  mount -t proc proc "$m/proc"
  mount --rbind /sys "$m/sys"
  if [ "$platform" = efi ]; then
    # EFI firmware as the grub.d scripts and os-prober see it: efivars with OsIndicationsSupported
    # bit 0 (boot to firmware UI) set
    mount -t tmpfs -o size=1m firmware "$m/sys/firmware"
    mkdir -p "$m/sys/firmware/efi/efivars"
    printf '\x06\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00' > "$m/sys/firmware/efi/efivars/OsIndicationsSupported-8be4df61-93ca-11d2-aa0d-00e098032b8c"
  fi
  {
    echo "UUID=$ROOTUUID / ext4 errors=remount-ro 0 1"
    [ -n "$BOOTPART" ] && echo "UUID=$BOOTUUID /boot ext4 defaults 0 2"
    [ "$platform" = efi ] && echo "UUID=$ESPUUID /boot/efi vfat umask=0077 0 1"
  } > "$m/etc/fstab"
  # /etc/default/grub: the package's, with the case's settings appended
  if [ -n "$DEFAULTS" ]; then printf '\n# corpus case %s\n%s\n' "$name" "$DEFAULTS" >> "$m/etc/default/grub"; fi
  local id=debian; case $rel in jammy|noble) id=ubuntu ;; esac
  local install
  if [ "$platform" = efi ]; then
    # grub-install --target=x86_64-efi needs the ESP mounted, and this kernel cannot mount FAT: what
    # it puts into /boot/grub instead (modules, font, an empty grubenv)
    install="mkdir -p /boot/grub/fonts && cp -r /usr/lib/grub/x86_64-efi /boot/grub/ && cp /usr/share/grub/unicode.pf2 /boot/grub/fonts/ && grub-editenv /boot/grub/grubenv create"
  else
    install="grub-install --target=i386-pc --force $loop"
  fi
  # GRUB's tools list no loop device as a BIOS disk by themselves: device.map names it hd0 (the
  # partitions' start they read with udevadm, as HDIO_GETGEO does not answer for a loop partition)
  mkdir -p "$m/boot/grub"; echo "(hd0) $loop" > "$m/boot/grub/device.map"
  local envcmds=${ENVCMDS//@ROOT@/$ROOTUUID}; envcmds=${envcmds//@OTHER@/$OTHERUUID}
  chroot "$m" /bin/sh -exc "
    export LC_ALL=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin
    $install
    grub-mkconfig -o /boot/grub/grub.cfg
    $envcmds
  " > "$out/log" 2>&1 || { cat "$out/log" >&2; return 1; }
  # the case
  local c=$out/case
  mkdir -p "$c"
  cp "$m/boot/grub/grub.cfg" "$c/grub.cfg"
  cp "$m/boot/grub/grubenv" "$c/grubenv"
  echo "$platform" > "$c/platform"
  local keep=(--exclude=./grub --exclude=./efi --exclude=./lost+found)
  {
    echo "# DIR UUID LABEL MOUNTPOINT: made by src/test/grub-corpus-gen/mkconfig-corpus.sh ($rel, $platform)"
    if [ -n "$BOOTPART" ]; then
      mkdir -p "$c/fs-boot"; (cd "$m/boot" && tar -c "${keep[@]}" .) | tar -x -C "$c/fs-boot"
      [ -e "$m/boot/grub/gfxblacklist.txt" ] && mkdir -p "$c/fs-boot/grub" && cp "$m/boot/grub/gfxblacklist.txt" "$c/fs-boot/grub/"
      # GRUB's hwmatch module where grub-install put it (Ubuntu, i386-pc): whether this GRUB has the command
      [ -e "$m/boot/grub/i386-pc/hwmatch.mod" ] && dummy "$c/fs-boot/grub/i386-pc/hwmatch.mod"
      echo "- $ROOTUUID root /"
      echo "fs-boot $BOOTUUID boot /boot"
    else
      mkdir -p "$c/fs-root/boot"; (cd "$m/boot" && tar -c "${keep[@]}" .) | tar -x -C "$c/fs-root/boot"
      [ -e "$m/boot/grub/gfxblacklist.txt" ] && mkdir -p "$c/fs-root/boot/grub" && cp "$m/boot/grub/gfxblacklist.txt" "$c/fs-root/boot/grub/"
      [ -e "$m/boot/grub/i386-pc/hwmatch.mod" ] && dummy "$c/fs-root/boot/grub/i386-pc/hwmatch.mod"
      echo "fs-root $ROOTUUID root /"
    fi
    if [ "$platform" = efi ]; then
      if [ -n "$OSPROBER" ]; then
        mkdir -p "$c/fs-esp"; mcopy -s -i "/dev/${b}p$ESPPART" ::/EFI "$c/fs-esp/"
        echo "fs-esp $ESPUUID ESP /boot/efi"
      else
        echo "- $ESPUUID ESP /boot/efi"
      fi
    elif [ -n "$OSPROBER" ]; then
      mkdir -p "$c/fs-windows"; windows_bcd "$c/fs-windows/Boot/BCD"; dummy "$c/fs-windows/bootmgr"
      echo "fs-windows $ESPUUID SYSTEM -"
    fi
    if [ -n "$OSPROBER" ]; then
      other_linux "$c/fs-fedora" "$OTHERUUID"
      echo "fs-fedora $OTHERUUID fedora -"
    fi
  } > "$c/filesystems"
}

# gen_case NAME RELEASE PLATFORM: one case, settings in the variables KERNELS, DEFAULTS (lines for
# /etc/default/grub), ENVCMDS (shell commands run after grub-mkconfig, @ROOT@ for the root UUID,
# @OTHER@ for the other Linux's),
# SEPBOOT (non-empty: a separate /boot), OSPROBER (non-empty: Windows (its boot manager on the ESP on
# EFI, its "System Reserved" partition on BIOS) and a Fedora root file system)
gen_case() {
  local name=$1 rel=$2 platform=$3 outdir=$4
  local chroot=$WORK/chroot-$rel; [ "$platform" = efi ] && chroot=$chroot-efi
  local img=$WORK/$name.img out=$WORK/out-$name
  rm -rf "$out" "$img"; mkdir -p "$out"
  export ESPLABEL ROOTUUID BOOTUUID ESPUUID OTHERUUID ROOTPART BOOTPART ESPPART KERNELS DEFAULTS ENVCMDS OSPROBER
  ROOTUUID=$(uuid "$name-root"); BOOTUUID=$(uuid "$name-boot"); OTHERUUID=$(uuid "$name-other")
  local serial; serial=$(fat_serial "$name-esp"); ESPUUID=${serial:0:4}-${serial:4:4}
  ESPLABEL=ESP; [ "$platform" = pc ] && ESPLABEL=SYSTEM
  # the disk: GPT; 1 BIOS boot, 2 ESP, 3 root, 4 /boot, 5 the other Linux
  truncate -s 256M "$img"
  {
    echo "label: gpt"
    echo "size=1MiB, type=21686148-6453-6F6E-6F74-446F6E746565"
    echo "size=32MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
    echo "size=128MiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4"
    echo "size=40MiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4"
    echo "type=0FC63DAF-8483-4772-8E79-3D69D8477DE4"
  } | sfdisk -q "$img"
  local loop; loop=$(losetup -f --show -P "$img")
  trap "losetup -d $loop 2>/dev/null; rm -f '$img'" EXIT
  # the partitions' device nodes (no udev here): in a directory of this case's
  local ndev=$WORK/dev-$name b=${loop#/dev/} p
  rm -rf "$ndev"; mkdir -p "$ndev"
  trap "losetup -d $loop 2>/dev/null; rm -rf '$img' '$ndev'" EXIT
  partx -a "$loop" 2>/dev/null || true   # where the kernel did not scan them at losetup -P
  for _ in 1 2 3 4 5 6 7 8 9 10; do [ -e "/sys/class/block/${b}p5" ] && break; sleep 0.2; done
  for p in "$b" /sys/class/block/"$b"p*; do p=${p##*/}; mknod "$ndev/$p" b $(tr : ' ' < "/sys/class/block/$p/dev"); done
  loop=$ndev/$b
  ROOTPART=3; ESPPART=2; BOOTPART=; [ -n "${SEPBOOT:-}" ] && BOOTPART=4
  mkfs.vfat -i "$serial" -n "$ESPLABEL" "${loop}p2" >/dev/null
  mkfs.ext4 -q -F -U "$ROOTUUID" -L root "${loop}p3"
  mkfs.ext4 -q -F -U "$BOOTUUID" -L boot "${loop}p4"
  mkfs.ext4 -q -F -U "$OTHERUUID" -L fedora "${loop}p5"
  if [ -n "${OSPROBER:-}" ]; then
    local t=$WORK/tmp-$name; rm -rf "$t"; mkdir -p "$t/other" "$t/esp"
    other_linux "$t/other" "$OTHERUUID"
    mount "${loop}p5" "$t/esp" && cp -a "$t/other/." "$t/esp/" && umount "$t/esp"
    # FAT: this kernel has no vfat, so the files go in with mtools
    if [ "$platform" = efi ]; then
      # Windows's boot manager on the ESP, as os-probes/mounted/efi/20microsoft looks for it
      windows_bcd "$t/win/EFI/Microsoft/Boot/BCD"; dummy "$t/win/EFI/Microsoft/Boot/bootmgfw.efi"
    else
      # Windows's "System Reserved" partition (FAT here), as os-probes/mounted/20microsoft looks for it
      windows_bcd "$t/win/Boot/BCD"; dummy "$t/win/bootmgr"
    fi
    mcopy -s -i "${loop}p2" "$t/win/"* ::/
    rm -rf "$t"
  fi
  unshare --mount --propagation private "$0" _case "$name" "$rel" "$platform" "$chroot" "/dev/$b" "$out" "$ndev"
  rmdir "$WORK/mnt-$name"   # its mount point, empty once the namespace is gone
  rm -rf "${outdir:?}/$name"; cp -a "$out/case" "$outdir/$name"
  echo "$name: $(grep -c '^menuentry\|^	menuentry\|^submenu' "$outdir/$name/grub.cfg") entries/submenus"
}

# The cases. Each line: NAME RELEASE PLATFORM, then the settings (as for gen_case) in the environment.
D12="6.1.0-25-amd64 6.1.0-26-amd64 6.1.0-27-amd64"
D13="6.12.38+deb13-amd64 6.12.41+deb13-amd64 6.12.48+deb13-amd64"
U2204="5.15.0-124-generic 5.15.0-125-generic"
U2404="6.8.0-45-generic 6.8.0-48-generic 6.8.0-49-generic"
NL=$'\n'
cases_of() {
  local rel=$1 out=$2
  mkdir -p "$out"
  run() { KERNELS=$K DEFAULTS=${DEFAULTS:-} ENVCMDS=${ENVCMDS:-} SEPBOOT=${SEPBOOT:-} OSPROBER=${OSPROBER:-} \
          "$0" case "$@" "$out"; }
  case $rel in
  bookworm)
    K=$D12
    run mkconfig-debian12-bios-submenu bookworm pc
    OSPROBER=y DEFAULTS="GRUB_DISABLE_OS_PROBER=false" run mkconfig-debian12-efi-osprober bookworm efi
    OSPROBER=y DEFAULTS="GRUB_DISABLE_OS_PROBER=false" run mkconfig-debian12-bios-osprober-windows bookworm pc
    DEFAULTS="GRUB_DEFAULT=saved${NL}GRUB_SAVEDEFAULT=true" \
      ENVCMDS="grub-set-default 'gnulinux-advanced-@ROOT@>gnulinux-6.1.0-26-amd64-advanced-@ROOT@'${NL}grub-reboot 'Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-25-amd64'" \
      run mkconfig-debian12-bios-savedefault-grub-reboot bookworm pc
    SEPBOOT=y DEFAULTS="GRUB_DISABLE_SUBMENU=y${NL}GRUB_DEFAULT=3" run mkconfig-debian12-efi-separate-boot-nosubmenu bookworm efi
    OSPROBER=y DEFAULTS="GRUB_DISABLE_OS_PROBER=false${NL}GRUB_DEFAULT=saved" ENVCMDS="grub-reboot 'Windows 10 (on /dev/loop0p2)'" \
      run mkconfig-debian12-bios-osprober-grub-reboot-windows bookworm pc
    ;;
  trixie)
    K=$D13
    run mkconfig-debian13-efi-submenu trixie efi
    DEFAULTS="GRUB_DEFAULT=saved${NL}GRUB_SAVEDEFAULT=true" ENVCMDS="grub-set-default '1>2'" \
      run mkconfig-debian13-bios-savedefault trixie pc
    OSPROBER=y DEFAULTS="GRUB_DISABLE_OS_PROBER=false" run mkconfig-debian13-efi-osprober trixie efi
    OSPROBER=y DEFAULTS="GRUB_DISABLE_OS_PROBER=false${NL}GRUB_DEFAULT=saved" ENVCMDS="grub-set-default 'osprober-gnulinux-simple-@OTHER@'" \
      run mkconfig-debian13-efi-osprober-saved-fedora trixie efi
    SEPBOOT=y DEFAULTS="GRUB_DEFAULT=saved" \
      ENVCMDS="grub-set-default 0${NL}grub-reboot 'gnulinux-advanced-@ROOT@>gnulinux-6.12.41+deb13-amd64-recovery-@ROOT@'" \
      run mkconfig-debian13-bios-separate-boot-grub-reboot trixie pc
    ;;
  jammy)
    K=$U2204
    run mkconfig-ubuntu2204-bios-submenu jammy pc
    OSPROBER=y DEFAULTS="GRUB_DISABLE_OS_PROBER=false" run mkconfig-ubuntu2204-efi-osprober jammy efi
    DEFAULTS="GRUB_DEFAULT=saved" \
      ENVCMDS="grub-set-default 0${NL}grub-reboot 'Advanced options for Ubuntu>Ubuntu, with Linux 5.15.0-124-generic'" \
      run mkconfig-ubuntu2204-efi-grub-reboot jammy efi
    DEFAULTS="GRUB_DISABLE_SUBMENU=y${NL}GRUB_DEFAULT=saved${NL}GRUB_SAVEDEFAULT=true" \
      ENVCMDS="grub-set-default 'Ubuntu, with Linux 5.15.0-124-generic'" \
      run mkconfig-ubuntu2204-bios-savedefault-nosubmenu jammy pc
    ;;
  noble)
    K=$U2404
    run mkconfig-ubuntu2404-efi-submenu noble efi
    DEFAULTS="GRUB_DEFAULT=saved${NL}GRUB_SAVEDEFAULT=true" \
      ENVCMDS="grub-set-default 'gnulinux-advanced-@ROOT@>gnulinux-6.8.0-48-generic-advanced-@ROOT@'" \
      run mkconfig-ubuntu2404-bios-savedefault noble pc
    SEPBOOT=y DEFAULTS="GRUB_DEFAULT=saved${NL}GRUB_TIMEOUT_STYLE=menu${NL}GRUB_TIMEOUT=5" ENVCMDS="grub-reboot '1>2'" \
      run mkconfig-ubuntu2404-efi-separate-boot-grub-reboot noble efi
    OSPROBER=y DEFAULTS="GRUB_DISABLE_OS_PROBER=false" run mkconfig-ubuntu2404-bios-osprober-windows noble pc
    ;;
  esac
}

case ${1:-} in
  chroot) make_chroot "$2" ;;
  _case) shift; case_in_namespace "$@" ;;
  case) shift; gen_case "$@" ;;
  cases) cases_of "$2" "${3:-$here/../resources/grub-corpus}" ;;
  all)
    for r in bookworm trixie jammy noble; do make_chroot "$r"; done
    for r in bookworm trixie jammy noble; do cases_of "$r" "${2:-$here/../resources/grub-corpus}"; done ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
esac

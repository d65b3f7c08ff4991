#!/bin/bash
# Runs corpus cases through two grub-emu builds and compares what they boot: GRUB 2.06 (this
# machine's /usr) against another /usr, e.g. a Debian 13 (GRUB 2.12) chroot's with grub-emu installed:
#   src/test/grub-corpus-gen/emu-cross-check.sh OTHER_USR CASE_DIR...
# (OTHER_USR: e.g. WORK/emu-trixie/usr, made with `mkconfig-corpus.sh chroot trixie`, then
#  `cp -a WORK/chroot-trixie WORK/emu-trixie; chroot WORK/emu-trixie apt-get install grub-emu`.)
# Not run by CI. GRUB 2.12's grub-emu has a linux and an initrd command of its own (2.06's has none),
# and GRUB finds commands before functions, so GrubOracleIT's recording functions cannot stand in for
# them there: here the loader commands at the start of a line are renamed (linux -> rec_linux …) and
# functions of the new names record their arguments, in the same grub.cfg given to both GRUBs. Each
# file system of the case becomes an ext4 (FAT for a XXXX-XXXX UUID) image as in GrubOracleIT; the
# output compared is the entry booted ("Booting `…'"), the recorded loader lines and the grubenv after.
set -euo pipefail
other=$(readlink -f "$1"); shift
run=$(cd "$(dirname "$0")/../grub-oracle" && pwd)/grub-emu-run
cmds="linux linux16 linuxefi initrd initrd16 initrdefi chainloader"
status=0
for case in "$@"; do
  case=$(readlink -f "$case"); name=${case##*/}
  w=$(mktemp -d /tmp/emu-cross.XXXXXX)
  platform=pc; [ -f "$case/platform" ] && platform=$(cat "$case/platform")
  if [ -f "$case/filesystems" ]; then grep -v '^#' "$case/filesystems" > "$w/fs"
  else echo "$( [ -d "$case/tree" ] && echo tree || echo -) 3f2a9c1e-5b7d-4e8f-a1c2-9d8e7f6a5b4c rootfs /" > "$w/fs"; fi
  grubmp=/; grep -q ' /boot$' "$w/fs" && grubmp=/boot
  # the file system holding grub.cfg first (hd0)
  { grep " $grubmp\$" "$w/fs"; grep -v " $grubmp\$" "$w/fs" || true; } > "$w/fs.sorted"
  mkdir -p "$w/disks"; : > "$w/disks/device.map"; i=0
  while read -r dir uuid label mp; do
    t=$w/tree$i; mkdir -p "$t"
    [ "$dir" != - ] && cp -a "$case/$dir/." "$t/"
    if [ "$mp" = "$grubmp" ]; then
      g=$t/boot/grub; [ "$grubmp" = /boot ] && g=$t/grub
      mkdir -p "$g"
      {
        echo "set grub_platform=$platform"
        for c in $cmds; do
          echo "function rec_$c { echo \"@@$c \$root\"; for a in \"\$@\"; do echo \"@@arg \$a\"; done; echo \"@@end\"; }"
        done
        sed -E "s/^([[:space:]]*)($(echo $cmds | tr ' ' '|'))([[:space:]]|\$)/\\1rec_\\2\\3/" "$case/grub.cfg"
        printf '\nset timeout=0\n'
      } > "$g/grub.cfg"
      [ -f "$case/grubenv" ] && cp "$case/grubenv" "$g/grubenv"
      envpath=${g#$t}/grubenv; envimg=$i
    fi
    if [[ $uuid =~ ^[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}$ ]]; then
      mkfs.vfat -C -i "${uuid/-/}" -n "$label" "$w/disks/fs$i.img" 16384 >/dev/null
      [ -n "$(ls -A "$t")" ] && mcopy -s -i "$w/disks/fs$i.img" "$t"/* ::/ 2>/dev/null
    else
      mkfs.ext4 -q -F -d "$t" -U "$uuid" -L "$label" "$w/disks/fs$i.img" 16M
    fi
    echo "(hd$i) /disks/fs$i.img" >> "$w/disks/device.map"; i=$((i + 1))
  done < "$w/fs.sorted"
  prefix=/boot/grub; [ "$grubmp" = /boot ] && prefix=/grub
  for which in 206 other; do
    cp -a "$w/disks" "$w/disks-$which"
    usr=/usr; [ $which = other ] && usr=$other
    GRUB_EMU_USR=$usr "$run" "$w/disks-$which" hd0 "$prefix" 15 | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' \
      | grep -aoE "Booting \`[^']*'|@@.*" > "$w/out-$which" || true
    if [ -f "$case/grubenv" ]; then
      if [[ $(sed -n "$((envimg + 1))p" "$w/fs.sorted" | cut -d' ' -f2) =~ ^[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}$ ]]; then
        mtype -i "$w/disks-$which/fs$envimg.img" "::$envpath" 2>/dev/null | grep -av '^#' >> "$w/out-$which" || true
      else
        debugfs -R "cat $envpath" "$w/disks-$which/fs$envimg.img" 2>/dev/null | grep -av '^#' >> "$w/out-$which" || true
      fi
    fi
  done
  [ -n "${VERBOSE:-}" ] && sed "s/^/    /" "$w/out-206"
  if cmp -s "$w/out-206" "$w/out-other"; then
    echo "$name: same ($(grep Booting "$w/out-206" | tail -1 || true))"
  else
    echo "$name: DIFFERENT"; { diff "$w/out-206" "$w/out-other" || true; } | sed 's/^/    /'; status=1
  fi
  rm -rf "$w"
done
exit $status

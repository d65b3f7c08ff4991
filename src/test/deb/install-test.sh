#!/bin/bash
# Install test of the kexec-reboot .deb in a throw-away Debian 12 root (run as root):
#   mvn package && bash src/test/deb/install-test.sh target/kexec-reboot_*.deb
# One PASS/FAIL line per check, then "N passed, M failed"; exit status 0 only if nothing failed.
# The Debian root is built once with mmdebstrap and cached as a tarball outside the checkout:
#   ${KEXEC_REBOOT_CACHE:-/var/cache/kexec-reboot-test}/debian12-<hash of the recipe>.tar
set -u -o pipefail

die() { echo "install-test: $*" >&2; exit 2; }

[ $# -eq 1 ] || die "usage: $0 path/to/kexec-reboot_VERSION_all.deb"
[ "$(id -u)" = 0 ] || die "must run as root (chroot, mounts, dpkg)"
deb=$(readlink -f "$1") && [ -f "$deb" ] || die "no such .deb: $1"
export DEBIAN_FRONTEND=noninteractive

command -v mmdebstrap >/dev/null || {
	apt-get update -q >/dev/null && apt-get install -y -q mmdebstrap >/dev/null
} || die "cannot install mmdebstrap"

# --- the Debian 12 root -------------------------------------------------------------------------

# Debian mirrors as this machine's apt uses them: the deb822 stanzas and one-line entries for
# bookworm* suites of Debian archives (third-party repositories are left out).
sources=$(
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'BEGIN { RS = ""; ORS = "\n\n" }
		     /(^|\n)URIs:[^\n]*\/debian(-security)?\/?[ \n]/ && /(^|\n)Suites:[^\n]*bookworm/' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		grep -hE '^deb[[:space:]]' "$f" | grep -E '/debian(-security)?/?[[:space:]]+bookworm' || true
	done
)
[ -n "$sources" ] || die "no Debian bookworm sources found in /etc/apt"
case $sources in
	Types:*) srcext=sources ;;
	*) srcext=list ;;
esac

include=kexec-tools,openjdk-17-jre-headless
if apt-cache show sysvinit-core >/dev/null 2>&1; then include=$include,sysvinit-core; fi
variant=minbase
recipe="v1 no-recommends variant=$variant include=$include
$sources"
hash=$(printf '%s' "$recipe" | sha256sum | cut -c1-16)
cache=${KEXEC_REBOOT_CACHE:-/var/cache/kexec-reboot-test}
tarball=$cache/debian12-$hash.tar
partial=$cache/.partial-$$-debian12-$hash.tar  # mmdebstrap writes here, then it is renamed

work=$(mktemp -d /tmp/kexec-reboot-test.XXXXXX)
root=
cleanup() {
	if [ -n "$root" ]; then umount_root; fi
	rm -rf --one-file-system "$work"
	rm -f "$partial"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -f "$tarball" ]; then
	echo "# using cached Debian root $tarball"
else
	echo "# building Debian root $tarball (include=$include)"
	mkdir -p "$cache"
	printf '%s\n' "$sources" >"$work/debian.$srcext"
	# kexec-tools' debconf question gets its default answer (DEBIAN_FRONTEND=noninteractive).
	mmdebstrap --quiet --format=tar --variant="$variant" --include="$include" \
		--aptopt='APT::Install-Recommends "false"' \
		bookworm "$partial" "$work/debian.$srcext" ||
		{ rm -f "$partial"; die "mmdebstrap failed"; }
	mv "$partial" "$tarball"
fi

# --- checks -------------------------------------------------------------------------------------

passed=0 failed=0
check() { # check "description" command...
	local what=$1; shift
	if "$@" >"$work/check.out" 2>&1; then
		echo "PASS: $what"; passed=$((passed + 1))
	else
		echo "FAIL: $what"; sed 's/^/    | /' "$work/check.out" | head -20; failed=$((failed + 1))
	fi
}

umount_root() {
	local m
	for m in sys dev/pts dev proc; do
		if mountpoint -q "$root/$m"; then umount -l "$root/$m"; fi
	done
}

# A fresh root from the tarball for one scenario.
new_root() {
	[ -z "$root" ] || { umount_root; rm -rf --one-file-system "$root"; }
	root=$work/root-$1
	mkdir -p "$root"
	tar -C "$root" -xf "$tarball" || die "cannot unpack $tarball"
	mount -t proc proc "$root/proc"
	mount --bind /dev "$root/dev"
	mount -t sysfs -o ro sysfs "$root/sys"
	cp "$deb" "$root/tmp/kexec-reboot.deb"
}

in_root() { # run a shell command inside the root
	chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
		LANG=C.UTF-8 /bin/sh -c "$1"
}

# What must be identical before install and after remove/purge: kexec-tools' scripts with their
# sha256, the rc links to them, the diversions, /etc/default/kexec.
state() {
	in_root '
		cd / && for f in etc/init.d/kexec*; do [ -e "$f" ] && sha256sum "$f"; done
		for l in /etc/rc?.d/*kexec*; do [ -L "$l" ] && echo "$l -> $(readlink "$l")"; done
		dpkg-divert --list | grep -i kexec | sort
		[ -e /etc/default/kexec ] && sha256sum /etc/default/kexec || echo "no /etc/default/kexec"
		true'
}

same_state() { diff -u "$1" <(state); }
sha_of() { in_root "sha256sum < '$1'" | cut -d' ' -f1; }
diverted() { in_root "dpkg-divert --list /etc/init.d/$1 | grep -qx 'diversion of /etc/init.d/$1 to /etc/init.d/$1.kexec-tools by kexec-reboot'"; }
not_diverted() { in_root "[ -z \"\$(dpkg-divert --list '/etc/init.d/$1*')\" ]"; }
is_ours() { cmp "$root/etc/init.d/$1" "$src/init.d/$1"; }
absent() { in_root "[ ! -e '$1' ] && [ ! -L '$1' ]"; }
present() { in_root "[ -e '$1' ]"; }
# Every rc6.d link to the script resolves, and there is at least one.
rc6_links_ok() {
	in_root "n=0; for l in /etc/rc6.d/[SK][0-9][0-9]$1; do [ -L \"\$l\" ] || continue
		[ \"\$(readlink \"\$l\")\" = ../init.d/$1 ] && [ -f \"\$l\" ] || { ls -l \"\$l\"; exit 1; }; n=\$((n+1)); done
		[ \$n -gt 0 ] || { echo no rc6.d link to $1; ls -l /etc/rc6.d; exit 1; }"
}
no_dangling_links() { in_root 'for l in /etc/rc?.d/*kexec*; do [ ! -L "$l" ] || [ -e "$l" ] || { echo "dangling $l"; exit 1; }; done'; }
dpkg_ok() { in_root "$1" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; return 1; }; }
status_is() { # dpkg-query prints nothing for a package it has forgotten
	local st; st=$(in_root "dpkg-query -W -f='\${db:Status-Status}' kexec-reboot 2>/dev/null")
	echo "status: '$st'"; [ "${st:-not-installed}" = "$1" ]
}
runs_start() { # start: exit 0, silent on stderr (a missing jar or java would say so and still exit 0)
	in_root "$1 start 2>/tmp/err; rc=\$?; cat /tmp/err; [ \$rc = 0 ] && [ ! -s /tmp/err ]"
}
runs_usage() { # no argument: exit 3 and the Usage line, which only the Java code writes
	in_root "$1 >/tmp/out 2>&1; rc=\$?; cat /tmp/out; [ \$rc = 3 ] && grep -q '^Usage: $1 start|stop\$' /tmp/out"
}

src=$(cd "$(dirname "$0")/../../.." && pwd)
[ -f "$src/init.d/kexec-load" ] || die "cannot find the checkout (init.d/kexec-load) from $0"

check_installed() { # $1: scenario tag
	local s
	for s in kexec-load kexec; do
		check "$1: $s diverted to $s.kexec-tools" diverted $s
		check "$1: /etc/init.d/$s is our shim" is_ours $s
		check "$1: kexec-tools' $s kept as $s.kexec-tools, byte-identical" \
			test "$(sha_of /etc/init.d/$s.kexec-tools)" = "$(grep " etc/init.d/$s\$" "$work/before-$1" | cut -d' ' -f1)"
		check "$1: rc6.d links to $s resolve" rc6_links_ok $s
	done
	check "$1: jar installed" present /usr/share/kexec-reboot/kexec-reboot.jar
	check "$1: class-data sharing archive made for the installed jar" present /usr/share/kexec-reboot/kexec-reboot.jsa
	check "$1: kexec-reboot plan runs (any user, changes nothing)" \
		in_root 'su nobody -s /bin/sh -c "/usr/sbin/kexec-reboot plan" | grep -q "^The next reboot"'
	check "$1: kexec-reboot(8) man page installed" present /usr/share/man/man8/kexec-reboot.8
	check "$1: /etc/init.d/kexec-load start exits 0, silent" runs_start /etc/init.d/kexec-load
	check "$1: /etc/init.d/kexec start exits 0, silent" runs_start /etc/init.d/kexec
	check "$1: /etc/init.d/kexec-load (no argument) exits 3 with Usage (java ran)" runs_usage /etc/init.d/kexec-load
	check "$1: /etc/init.d/kexec (no argument) exits 3 with Usage (java ran)" runs_usage /etc/init.d/kexec
	check "$1: through the rc6.d link, kexec-load start exits 0" \
		runs_start "\$(ls /etc/rc6.d/[SK][0-9][0-9]kexec-load | head -1)"
}

check_gone() { # $1: scenario tag, $2: remove|purge
	local s
	for s in kexec-load kexec; do
		check "$1 after $2: no diversion of $s" not_diverted $s
		check "$1 after $2: no $s.kexec-tools left" absent /etc/init.d/$s.kexec-tools
		check "$1 after $2: kexec-tools' $s back, same sha256" \
			test "$(sha_of /etc/init.d/$s)" = "$(grep " etc/init.d/$s\$" "$work/before-$1" | cut -d' ' -f1)"
		check "$1 after $2: rc6.d links to $s still resolve" rc6_links_ok $s
	done
	check "$1 after $2: /usr/share/kexec-reboot gone" absent /usr/share/kexec-reboot
	check "$1 after $2: /usr/sbin/kexec-reboot gone" absent /usr/sbin/kexec-reboot
	check "$1 after $2: /etc/default/kexec still there" present /etc/default/kexec
	check "$1 after $2: no dangling rc links" no_dangling_links
	check "$1 after $2: state identical to before install" same_state "$work/before-$1"
	if [ "$2" = purge ]; then
		check "$1 after purge: dpkg knows no kexec-reboot" status_is not-installed
	else
		check "$1 after remove: kexec-reboot is config-files" status_is config-files
	fi
}

# --- scenario A: kexec-tools installed as usual, /etc/default/kexec written by it ---------------
new_root A
state >"$work/before-A"
check "A: kexec-tools' scripts present before install" present /etc/init.d/kexec-load
check "A: /etc/default/kexec present before install (written by kexec-tools)" present /etc/default/kexec
default_sha=$(sha_of /etc/default/kexec)
check "A: dpkg -i succeeds" dpkg_ok 'dpkg -i /tmp/kexec-reboot.deb'
check_installed A
check "A: /etc/default/kexec unchanged by install" test "$(sha_of /etc/default/kexec)" = "$default_sha"
check "A: dpkg -r succeeds" dpkg_ok 'dpkg -r kexec-reboot'
check_gone A remove
check "A: /etc/default/kexec unchanged after remove" test "$(sha_of /etc/default/kexec)" = "$default_sha"
check "A: reinstall (dpkg -i) succeeds" dpkg_ok 'dpkg -i /tmp/kexec-reboot.deb'
check "A: dpkg -i again over the installed package (upgrade path) succeeds" dpkg_ok 'dpkg -i /tmp/kexec-reboot.deb'
cp "$work/before-A" "$work/before-A-again"
check_installed A-again
check "A: dpkg --purge succeeds" dpkg_ok 'dpkg --purge kexec-reboot'
check_gone A purge
check "A: /etc/default/kexec unchanged after purge" test "$(sha_of /etc/default/kexec)" = "$default_sha"

# --- scenario B: /etc/default/kexec absent: created from ours, and kept afterwards -------------
new_root B
in_root 'rm /etc/default/kexec'
state >"$work/before-B"
check "B: dpkg -i succeeds" dpkg_ok 'dpkg -i /tmp/kexec-reboot.deb'
check "B: /etc/default/kexec created, identical to etc-default/kexec" cmp "$root/etc/default/kexec" "$src/etc-default/kexec"
check "B: /etc/default/kexec is a plain file, mode 644" test "$(stat -c %F:%a "$root/etc/default/kexec")" = "regular file:644"
check "B: /etc/default/kexec belongs to no package (not a conffile)" \
	in_root '! dpkg -S /etc/default/kexec'
check_installed B
check "B: dpkg -r succeeds" dpkg_ok 'dpkg -r kexec-reboot'
check "B: /etc/default/kexec kept after remove" cmp "$root/etc/default/kexec" "$src/etc-default/kexec"
check "B: diversions gone after remove" in_root '[ -z "$(dpkg-divert --list "/etc/init.d/kexec*")" ]'
check "B: dpkg --purge succeeds" dpkg_ok 'dpkg --purge kexec-reboot'
check "B: /etc/default/kexec kept after purge" cmp "$root/etc/default/kexec" "$src/etc-default/kexec"
for s in kexec-load kexec; do
	check "B after purge: kexec-tools' $s back, same sha256" \
		test "$(sha_of /etc/init.d/$s)" = "$(grep " etc/init.d/$s\$" "$work/before-B" | cut -d' ' -f1)"
done

# --- scenario C: no update-rc.d: postinst creates the shipped links K18kexec-load, S85kexec ----
new_root C
in_root 'mv /usr/sbin/update-rc.d /usr/sbin/update-rc.d.hidden && rm -f /etc/rc?.d/*kexec*'
check "C: dpkg -i without update-rc.d succeeds" dpkg_ok 'dpkg -i /tmp/kexec-reboot.deb'
check "C: /etc/rc6.d/K18kexec-load -> ../init.d/kexec-load" \
	test "$(readlink "$root/etc/rc6.d/K18kexec-load")" = ../init.d/kexec-load
check "C: /etc/rc6.d/S85kexec -> ../init.d/kexec" test "$(readlink "$root/etc/rc6.d/S85kexec")" = ../init.d/kexec
check "C: rc6.d links to kexec-load resolve" rc6_links_ok kexec-load
check "C: rc6.d links to kexec resolve" rc6_links_ok kexec
check "C: through /etc/rc6.d/K18kexec-load, no argument gives Usage (java ran)" runs_usage /etc/rc6.d/K18kexec-load
check "C: dpkg -r succeeds" dpkg_ok 'dpkg -r kexec-reboot'
check "C: links kept after remove (kexec-tools still installed)" \
	test -L "$root/etc/rc6.d/K18kexec-load" -a -L "$root/etc/rc6.d/S85kexec"
check "C: rc6.d links to kexec-load resolve after remove" rc6_links_ok kexec-load
check "C: rc6.d links to kexec resolve after remove" rc6_links_ok kexec

# --- scenario D: kexec-tools' scripts deleted meanwhile: remove drops the dangling links --------
new_root D
check "D: dpkg -i succeeds" dpkg_ok 'dpkg -i /tmp/kexec-reboot.deb'
in_root 'rm /etc/init.d/kexec-load.kexec-tools /etc/init.d/kexec.kexec-tools'
check "D: dpkg -r succeeds" dpkg_ok 'dpkg -r kexec-reboot'
check "D: diversions gone" in_root '[ -z "$(dpkg-divert --list "/etc/init.d/kexec*")" ]'
check "D: no /etc/init.d/kexec* left" in_root '! ls /etc/init.d/kexec*'
check "D: the now dangling rc links are removed" in_root '! ls /etc/rc?.d/*kexec*'

# --- scenario E: kexec-tools and kexec-reboot purged together: no trace of either is left -------
new_root E
check "E: dpkg -i succeeds" dpkg_ok 'dpkg -i /tmp/kexec-reboot.deb'
check "E: dpkg --purge kexec-tools kexec-reboot succeeds" dpkg_ok 'dpkg --purge kexec-tools kexec-reboot'
check "E: no diversions left" in_root '[ -z "$(dpkg-divert --list "/etc/init.d/kexec*")" ]'
check "E: no /etc/init.d/kexec* left" in_root '! ls /etc/init.d/kexec*'
check "E: no rc links left" in_root '! ls /etc/rc?.d/*kexec*'
check "E: no /etc/default/kexec left (kexec-tools' purge)" absent /etc/default/kexec
check "E: no /usr/share/kexec-reboot left" absent /usr/share/kexec-reboot

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

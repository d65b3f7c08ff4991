#!/bin/bash
# Install test of the kexec-reboot .deb (run as root): lintian, then throw-away Debian 12 and 13
# roots, and a Debian 12 root upgraded to 13:
#   mvn package && bash src/test/deb/install-test.sh target/kexec-reboot_*.deb
# One PASS/FAIL (or SKIP) line per check, then "N passed, M failed"; exit status 0 only if nothing
# failed. The Debian roots are built once with mmdebstrap and cached as tarballs outside the checkout,
# with apt's downloads for the upgrade and the JVM swaps:
#   ${KEXEC_REBOOT_CACHE:-/var/cache/kexec-reboot-test}/debian1[23]-<hash of the recipe>.tar, apt-archives/
set -u -o pipefail

die() { echo "install-test: $*" >&2; exit 2; }

[ $# -eq 1 ] || die "usage: $0 path/to/kexec-reboot_VERSION_all.deb"
[ "$(id -u)" = 0 ] || die "must run as root (chroot, mounts, dpkg)"
deb=$(readlink -f "$1") && [ -f "$deb" ] || die "no such .deb: $1"
export DEBIAN_FRONTEND=noninteractive

# What the test needs on this machine: mmdebstrap (the roots), lintian (this machine's: Debian 12's
# on CI), unzip (a look into the jar).
need=()
for tool in mmdebstrap lintian unzip; do command -v $tool >/dev/null || need+=($tool); done
if [ ${#need[@]} -gt 0 ]; then
	{ apt-get update -q >/dev/null && apt-get install -y -q "${need[@]}" >/dev/null; } ||
		die "cannot install ${need[*]}"
fi

# --- the Debian roots ---------------------------------------------------------------------------

# Debian mirrors as this machine's apt uses them: the deb822 stanzas and one-line entries for
# bookworm* suites of Debian archives (third-party repositories are left out). Debian 13's are the
# same with trixie for bookworm (the same mirrors serve both).
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
trixie_sources=$(printf '%s\n' "$sources" | sed 's/bookworm/trixie/g')
case $sources in
	Types:*) srcext=sources ;;
	*) srcext=list ;;
esac

cache=${KEXEC_REBOOT_CACHE:-/var/cache/kexec-reboot-test}
work=$(mktemp -d /tmp/kexec-reboot-test.XXXXXX)
root=
partial=
cleanup() {
	if [ -n "$root" ]; then umount_root; fi
	rm -rf --one-file-system "$work"
	if [ -n "$partial" ]; then rm -f "$partial"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# debian_root VAR NAME SUITE SOURCES INCLUDE: sets VAR to the path of the cached tarball, building
# it first (mmdebstrap --variant=minbase, no recommends) when the recipe's hash has none yet.
debian_root() {
	local var=$1 name=$2 suite=$3 srcs=$4 include=$5 recipe hash file
	recipe="v1 no-recommends variant=minbase include=$include
$srcs"
	hash=$(printf '%s' "$recipe" | sha256sum | cut -c1-16)
	file=$cache/$name-$hash.tar
	if [ -f "$file" ]; then
		echo "# using cached Debian root $file"
	else
		echo "# building Debian root $file (include=$include)"
		mkdir -p "$cache"
		partial=$cache/.partial-$$-$name-$hash.tar  # mmdebstrap writes here, then it is renamed
		printf '%s\n' "$srcs" >"$work/$name.$srcext"
		# kexec-tools' debconf question gets its default answer (DEBIAN_FRONTEND=noninteractive).
		mmdebstrap --quiet --format=tar --variant=minbase --include="$include" \
			--aptopt='APT::Install-Recommends "false"' \
			"$suite" "$partial" "$work/$name.$srcext" ||
			{ rm -f "$partial"; die "mmdebstrap $suite failed"; }
		mv "$partial" "$file"
		partial=
	fi
	printf -v "$var" '%s' "$file"
}

# Debian 12 with sysvinit, kexec-tools 2.0.25 (init scripts, rc links, the kexec.service mask) and
# Java 17; Debian 13 with sysvinit, kexec-tools 2.0.29 (no init scripts) and its default Java (21).
include=kexec-tools,openjdk-17-jre-headless
if apt-cache show sysvinit-core >/dev/null 2>&1; then include=$include,sysvinit-core; fi
t0=$SECONDS
debian_root tarball debian12 bookworm "$sources" "$include"
debian_root tarball13 debian13 trixie "$trixie_sources" kexec-tools,default-jre-headless,sysvinit-core
echo "# Debian roots ready after $((SECONDS - t0)) s"
# Downloads of the 12 -> 13 upgrade and of the JVM swaps, kept between runs (apt's own cache format).
apt_archives=$cache/apt-archives
mkdir -p "$apt_archives/partial"

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
	for m in var/cache/apt/archives sys dev/pts dev proc; do
		if mountpoint -q "$root/$m"; then umount -l "$root/$m"; fi
	done
}

# A fresh root for one scenario: new_root TAG [TARBALL] (default: Debian 12).
new_root() {
	[ -z "$root" ] || { umount_root; rm -rf --one-file-system "$root"; }
	root=$work/root-$1
	mkdir -p "$root"
	tar -C "$root" -xf "${2:-$tarball}" || die "cannot unpack ${2:-$tarball}"
	mount -t proc proc "$root/proc"
	mount --bind /dev "$root/dev"
	mount -t sysfs -o ro sysfs "$root/sys"
	cp "$deb" "$root/tmp/kexec-reboot.deb"
}

# Lets apt in the root reach the mirror (this machine's resolver) and keep its downloads in the
# cache between runs; no service is started in the root (policy-rc.d).
with_apt() {
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	mkdir -p "$root/var/cache/apt/archives"
	mount --bind "$apt_archives" "$root/var/cache/apt/archives"
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
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
# Where kexec-tools' init script waits while ours is in its place: outside /etc/init.d, which insserv reads.
waits=/etc/kexec-reboot/kexec-tools/init.d
diverted() { in_root "dpkg-divert --list /etc/init.d/$1 | grep -qx 'diversion of /etc/init.d/$1 to $waits/$1 by kexec-reboot'"; }
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
# dpkg_quiet COMMAND: dpkg_ok, and dpkg said only its own progress lines: nothing of our making
# (insserv's warnings, dpkg-divert's "Adding 'diversion ...'", a maintainer script's echo).
dpkg_quiet() {
	dpkg_ok "$1" || return 1
	! grep -vE '^(Selecting previously unselected package |\(Reading database \.\.\.|Preparing to unpack |Unpacking |Setting up |Removing |Purging configuration files for |Processing triggers for )' "$work/dpkg.log"
}
# The rc links to our scripts' names, with their numbers: what kexec-tools' postinst made, and ours.
# (kexec-boot-complete's are ours alone, checked by boot_complete_registered.)
rc_links() { in_root 'for l in /etc/rc?.d/*kexec*; do case $l in *kexec-boot-complete) continue ;; esac
	[ -L "$l" ] && echo "$l -> $(readlink "$l")"; done; true'; }
# The circuit breaker's end of a kexec boot: started in runlevels 2-5, after the others ($all), and
# the systemd unit beside it; with nothing pending it starts no JVM and says nothing.
boot_complete_registered() {
	in_root 'for r in 2 3 4 5; do ls /etc/rc$r.d/S[0-9][0-9]kexec-boot-complete >/dev/null || exit 1; done
		last=$(ls /etc/rc2.d | sed -n "s/^S\([0-9][0-9]\)kexec-boot-complete\$/\1/p")
		for l in /etc/rc2.d/S[0-9][0-9]*; do n=${l##*/S}; n=${n%%[!0-9]*}
			[ "$n" -le "$last" ] || { echo "$l starts after kexec-boot-complete (S$last)"; exit 1; }; done
		! ls /etc/rc[016S].d/*kexec-boot-complete 2>/dev/null
		[ -f /usr/lib/systemd/system/kexec-boot-complete.service ]'
}
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
		check "$1: $s diverted to $waits/$s" diverted $s
		check "$1: /etc/init.d/$s is our shim" is_ours $s
		check "$1: kexec-tools' $s kept as $waits/$s, byte-identical" \
			test "$(sha_of $waits/$s)" = "$(grep " etc/init.d/$s\$" "$work/before-$1" | cut -d' ' -f1)"
		check "$1: rc6.d links to $s resolve" rc6_links_ok $s
	done
	check "$1: nothing of ours in /etc/init.d but the two shims" in_root '! ls -d /etc/init.d/*.kexec-tools 2>/dev/null'
	check "$1: the rc links are kexec-tools' own, unchanged" diff -u "$work/links-$1" <(rc_links)
	check "$1: jar installed" present /usr/share/kexec-reboot/kexec-reboot.jar
	check "$1: class-data sharing archive made for the installed jar" present /usr/share/kexec-reboot/kexec-reboot.jsa
	check "$1: kexec-reboot plan runs (any user, changes nothing)" \
		in_root 'su nobody -s /bin/sh -c "/usr/sbin/kexec-reboot plan" | grep -q "^The next reboot"'
	check "$1: kexec-reboot(8) man page installed, gzipped" present /usr/share/man/man8/kexec-reboot.8.gz
	check "$1: /etc/init.d/kexec-load start exits 0, silent" runs_start /etc/init.d/kexec-load
	check "$1: /etc/init.d/kexec start exits 0, silent" runs_start /etc/init.d/kexec
	check "$1: /etc/init.d/kexec-load (no argument) exits 3 with Usage (java ran)" runs_usage /etc/init.d/kexec-load
	check "$1: /etc/init.d/kexec (no argument) exits 3 with Usage (java ran)" runs_usage /etc/init.d/kexec
	check "$1: through the rc6.d link, kexec-load start exits 0" \
		runs_start "\$(ls /etc/rc6.d/[SK][0-9][0-9]kexec-load | head -1)"
	check "$1: kexec-boot-complete started last in runlevels 2-5, its unit installed" boot_complete_registered
	check "$1: /etc/init.d/kexec-boot-complete start exits 0, silent" runs_start /etc/init.d/kexec-boot-complete
	# What a load leaves (kexec-load's mark): the purge must take it away.
	in_root 'mkdir -p /var/lib/kexec-reboot && printf "boot_id=x\nkernel=/vmlinuz\ntime=1\n" > /var/lib/kexec-reboot/pending'
}

check_gone() { # $1: scenario tag, $2: remove|purge
	local s
	for s in kexec-load kexec; do
		check "$1 after $2: no diversion of $s" not_diverted $s
		check "$1 after $2: no $s.kexec-tools left" absent /etc/init.d/$s.kexec-tools
		check "$1 after $2: nothing left in $waits" absent $waits/$s
		check "$1 after $2: kexec-tools' $s back, same sha256" \
			test "$(sha_of /etc/init.d/$s)" = "$(grep " etc/init.d/$s\$" "$work/before-$1" | cut -d' ' -f1)"
		check "$1 after $2: rc6.d links to $s still resolve" rc6_links_ok $s
	done
	check "$1 after $2: /etc/kexec-reboot gone" absent /etc/kexec-reboot
	check "$1 after $2: /usr/share/kexec-reboot gone" absent /usr/share/kexec-reboot
	check "$1 after $2: /usr/sbin/kexec-reboot gone" absent /usr/sbin/kexec-reboot
	check "$1 after $2: /etc/default/kexec still there" present /etc/default/kexec
	check "$1 after $2: no dangling rc links" no_dangling_links
	check "$1 after $2: state identical to before install" same_state "$work/before-$1"
	check "$1 after $2: /etc/init.d/kexec-boot-complete gone, and its links" \
		in_root '! ls /etc/init.d/kexec-boot-complete /etc/rc?.d/*kexec-boot-complete 2>/dev/null'
	if [ "$2" = purge ]; then
		check "$1 after purge: /var/lib/kexec-reboot gone" absent /var/lib/kexec-reboot
		check "$1 after purge: dpkg knows no kexec-reboot" status_is not-installed
	else
		check "$1 after remove: kexec-reboot is config-files" status_is config-files
	fi
}

# --- lintian: no error (a warning that remains has an override with its reason, or is listed) ----
lintian_clean() {
	lintian --fail-on error "$deb" >"$work/lintian.out" 2>&1; local rc=$?
	cat "$work/lintian.out"; return $rc
}
check "lintian $(lintian --version | cut -d' ' -f2): no errors on the .deb" lintian_clean
grep -v "running with root privileges" "$work/lintian.out" | sed 's/^/# lintian: /'

# --- scenario A: kexec-tools installed as usual, /etc/default/kexec written by it ---------------
new_root A
state >"$work/before-A"
rc_links >"$work/links-A"
check "A: kexec-tools' scripts present before install" present /etc/init.d/kexec-load
check "A: /etc/default/kexec present before install (written by kexec-tools)" present /etc/default/kexec
default_sha=$(sha_of /etc/default/kexec)
check "A: dpkg -i succeeds, saying nothing of ours (no insserv warning)" dpkg_quiet 'dpkg -i /tmp/kexec-reboot.deb'
check_installed A
check "A: /etc/default/kexec unchanged by install" test "$(sha_of /etc/default/kexec)" = "$default_sha"
check "A: dpkg -r succeeds, quietly" dpkg_quiet 'dpkg -r kexec-reboot'
check_gone A remove
check "A: /etc/default/kexec unchanged after remove" test "$(sha_of /etc/default/kexec)" = "$default_sha"
check "A: reinstall (dpkg -i) succeeds, quietly" dpkg_quiet 'dpkg -i /tmp/kexec-reboot.deb'
check "A: dpkg -i again over the installed package (upgrade path) succeeds, quietly" dpkg_quiet 'dpkg -i /tmp/kexec-reboot.deb'
cp "$work/before-A" "$work/before-A-again"
cp "$work/links-A" "$work/links-A-again"
check_installed A-again
check "A: dpkg --purge succeeds, quietly" dpkg_quiet 'dpkg --purge kexec-reboot'
check_gone A purge
check "A: /etc/default/kexec unchanged after purge" test "$(sha_of /etc/default/kexec)" = "$default_sha"

# --- scenario B: /etc/default/kexec absent: created from ours, and kept afterwards -------------
new_root B
in_root 'rm /etc/default/kexec'
state >"$work/before-B"
rc_links >"$work/links-B"
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
in_root "rm $waits/kexec-load $waits/kexec"
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

# --- scenario M: an earlier build's diversions (to PATH.kexec-tools, inside /etc/init.d) are moved ---
# The package installed, then its diversions put back where an earlier build's preinst made them
# (PATH.kexec-tools): the state that build left. Installing this one over it (preinst upgrade) moves
# kexec-tools' scripts and their diversions to $waits.
new_root M
state >"$work/before-M"
rc_links >"$work/links-M"
check "M: dpkg -i succeeds" dpkg_ok 'dpkg -i /tmp/kexec-reboot.deb'
for s in kexec-load kexec; do
	in_root "mv $waits/$s /etc/init.d/$s.kexec-tools &&
		dpkg-divert --package kexec-reboot --no-rename --remove /etc/init.d/$s >/dev/null &&
		dpkg-divert --package kexec-reboot --no-rename --divert /etc/init.d/$s.kexec-tools --add /etc/init.d/$s >/dev/null"
done
check "M: an earlier build's diversions in place" \
	in_root '[ -f /etc/init.d/kexec-load.kexec-tools ] && dpkg-divert --list | grep -q "to /etc/init.d/kexec-load.kexec-tools"'
check "M: dpkg -i over them (upgrade) succeeds, quietly" dpkg_quiet 'dpkg -i /tmp/kexec-reboot.deb'
check_installed M
check "M: dpkg -r succeeds, quietly" dpkg_quiet 'dpkg -r kexec-reboot'
check_gone M remove

# --- the class-data archive follows the JVM -------------------------------------------------------

# The shims' JVM flags, from where the installed package keeps them: launch.sh's KR_JVM_FLAGS when
# the package ships /usr/share/kexec-reboot/launch.sh (the start-up work), else pom.xml's
# cds.jvm.flags, which postinst dumps with (JvmFlagsTest: the shims use the same).
pom_flags=$(sed -n 's:.*<cds.jvm.flags>\(.*\)</cds.jvm.flags>.*:\1:p' "$src/pom.xml")
shim_flags() {
	in_root '[ -f /usr/share/kexec-reboot/launch.sh ] && . /usr/share/kexec-reboot/launch.sh && echo "$KR_JVM_FLAGS"' ||
		echo "$pom_flags"
}
jsa=/usr/share/kexec-reboot/kexec-reboot.jsa
# archive_accepted [ARCHIVE]: the JVM on the shims' PATH, started with the shims' flags, maps it.
# -Xshare:on makes an archive it cannot use (another JVM build, other flags) an error instead of
# being skipped silently as the shims' -Xshare:auto would.
archive_accepted() {
	local flags; flags=$(shim_flags)
	[ -n "$flags" ] || { echo "no JVM flags found (launch.sh, pom.xml's cds.jvm.flags)"; return 1; }
	in_root "PATH=/sbin:/bin:/usr/sbin:/usr/bin java $flags -Xshare:on -XX:SharedArchiveFile=${1:-$jsa} -Xlog:cds \
		-cp /usr/share/kexec-reboot/kexec-reboot.jar -version >/tmp/cds.log 2>&1; rc=\$?
		grep -E 'dynamic|rror|ersion' /tmp/cds.log; [ \$rc = 0 ] && grep -q 'Mapped dynamic region' /tmp/cds.log"
}
archive_rejected() { ! archive_accepted "$1"; }
java_version() { in_root 'PATH=/sbin:/bin:/usr/sbin:/usr/bin java -version 2>&1 | sed -n "s/.*Runtime Environment (build \(.*\))/\1/p"'; }

# --- Debian 13 ----------------------------------------------------------------------------------

# A kernel that plan would load in the root: regular files at KERNEL_IMAGE/INITRD's defaults.
fake_kernel() { in_root ': >/vmlinuz-fake && : >/initrd.img-fake && ln -sf vmlinuz-fake /vmlinuz && ln -sf initrd.img-fake /initrd.img'; }
plan_loads() { in_root '/usr/sbin/kexec-reboot plan >/tmp/plan 2>&1; cat /tmp/plan; grep -q -- "-l /vmlinuz" /tmp/plan'; }
plan_loads_nothing() { in_root '/usr/sbin/kexec-reboot plan >/tmp/plan 2>&1; cat /tmp/plan; ! grep -q -- "-l /vmlinuz" /tmp/plan'; }
# LOAD_KEXEC=true in /etc/default/kexec.d/ (where kexec-tools' postinst cannot delete it) needs a jar
# that reads that directory (issue 10 item 4); an older jar gets one SKIP line instead of the check.
reads_kexec_d() { # (not grep -q in the pipe: under pipefail, unzip's SIGPIPE would make it false)
	unzip -p "$deb_jar" 'org/kexecreboot/*' >"$work/classes.bin" 2>/dev/null
	grep -aq 'default/kexec\.d' "$work/classes.bin"
}
check_kexec_d() { # $1: tag
	in_root 'mkdir -p /etc/default/kexec.d && echo LOAD_KEXEC=true >/etc/default/kexec.d/50-local'
	if reads_kexec_d; then
		check "$1: LOAD_KEXEC=true in /etc/default/kexec.d/50-local: plan loads a kernel" plan_loads
	else
		echo "SKIP: $1: LOAD_KEXEC=true in /etc/default/kexec.d/ (this jar does not read /etc/default/kexec.d)"
	fi
}
deb_jar=$work/kexec-reboot.jar
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/kexec-reboot/kexec-reboot.jar >"$deb_jar"

no_kexec_diversions() { in_root '! dpkg-divert --list | grep -i kexec'; }
no_kexec_tools_copies() { in_root "! ls -d /etc/init.d/*.kexec-tools /etc/init.d/kexec*.dpkg-* /usr/lib/systemd/system/*.kexec-tools $waits/* 2>/dev/null"; }
no_kexec_rc_links() { in_root '! ls /etc/rc?.d/*kexec* 2>/dev/null'; }

# Diversions of the init scripts to nothing: after an upgrade from Debian 12, kexec-tools' file list
# keeps them as obsolete conffiles; the diversion lets our shims be unpacked there again.
diverted_to_nothing() {
	in_root "dpkg-divert --list /etc/init.d/$1 | grep -qx 'diversion of /etc/init.d/$1 to $waits/$1 by kexec-reboot' &&
		dpkg-query -W -f='\${Conffiles}\n' kexec-tools | grep -x ' /etc/init.d/$1 [0-9a-f]* obsolete'"
}

check_installed13() { # $1: scenario tag, $2: fresh|upgraded; a Debian 13 root
	local s
	if [ "$2" = fresh ]; then
		check "$1: no diversion (kexec-tools has nothing we replace)" no_kexec_diversions
	else
		for s in kexec-load kexec; do
			check "$1: $s diverted while kexec-tools lists it as an obsolete conffile" diverted_to_nothing $s
		done
	fi
	check "$1: no *.kexec-tools or *.dpkg-* copies" no_kexec_tools_copies
	for s in kexec-load kexec; do
		check "$1: /etc/init.d/$s is our shim" is_ours $s
		check "$1: rc6.d links to $s resolve" rc6_links_ok $s
	done
	check "$1: class-data sharing archive made" present $jsa
	check "$1: the archive is mapped by this JVM with the shims' flags" archive_accepted
	check "$1: /etc/init.d/kexec-load start exits 0, silent" runs_start /etc/init.d/kexec-load
	check "$1: /etc/init.d/kexec (no argument) exits 3 with Usage (java ran)" runs_usage /etc/init.d/kexec
	check "$1: kexec-boot-complete started last in runlevels 2-5, its unit installed" boot_complete_registered
}

# --- scenario T: Debian 13 (kexec-tools 2.0.29: no init scripts, no units), sysvinit -------------
new_root T "$tarball13"
state >"$work/before-T"
check "T: kexec-tools $(in_root "dpkg-query -W -f='\${Version}' kexec-tools") ships no /etc/init.d/kexec*" \
	in_root '! ls /etc/init.d/kexec* 2>/dev/null'
check "T: dpkg -i succeeds (Depends satisfied by Debian 13's default Java), quietly" dpkg_quiet 'dpkg -i /tmp/kexec-reboot.deb'
check_installed13 T fresh
check "T: the rc links are the ones kexec-tools' postinst makes on Debian 12" diff -u "$work/links-A" <(rc_links)
fake_kernel
in_root 'cp /etc/default/kexec /tmp/kexec.saved && echo LOAD_KEXEC=true >>/etc/default/kexec'
check "T: LOAD_KEXEC=true in /etc/default/kexec: plan loads a kernel" plan_loads
in_root 'cp /tmp/kexec.saved /etc/default/kexec'
check "T: without LOAD_KEXEC: plan loads nothing" plan_loads_nothing
check_kexec_d T
check "T: dpkg -r succeeds, quietly" dpkg_quiet 'dpkg -r kexec-reboot'
check "T after remove: no /etc/init.d/kexec*, no rc links" in_root '! ls /etc/init.d/kexec* /etc/rc?.d/*kexec* 2>/dev/null'
check "T after remove: state identical to before install" same_state "$work/before-T"
check "T after remove: kexec-reboot is config-files" status_is config-files
check "T: reinstall succeeds, quietly" dpkg_quiet 'dpkg -i /tmp/kexec-reboot.deb'
check "T: dpkg --purge succeeds, quietly" dpkg_quiet 'dpkg --purge kexec-reboot'
check "T after purge: state identical to before install" same_state "$work/before-T"
check "T after purge: dpkg knows no kexec-reboot" status_is not-installed
check "T after purge: /etc/default/kexec.d/50-local (the user's) kept" present /etc/default/kexec.d/50-local

# --- scenario J: a JVM update on Debian 12 (another openjdk-17 build) remakes the archive ---------
new_root J
with_apt
check "J: dpkg -i succeeds" dpkg_ok 'dpkg -i /tmp/kexec-reboot.deb'
check "J: apt-get update in the root" dpkg_ok 'apt-get update -q'
now=$(in_root "dpkg-query -W -f='\${Version}' openjdk-17-jre-headless")
other=$(in_root "apt-cache madison openjdk-17-jre-headless" | awk -v now="$now" '$3 != now { print $3; exit }')
if [ -z "$other" ]; then
	echo "SKIP: J: the mirror has no openjdk-17-jre-headless build other than $now"
else
	before_java=$(java_version)
	in_root "cp $jsa /tmp/old.jsa"
	check "J: before: the archive is mapped by the JVM that made it ($before_java)" archive_accepted /tmp/old.jsa
	check "J: openjdk-17-jre-headless $now -> $other (apt-get install)" \
		dpkg_ok "apt-get install -y -q --allow-downgrades openjdk-17-jre-headless=$other"
	check "J: java is another build now ($before_java -> $(java_version))" test "$(java_version)" != "$before_java"
	check "J: the old archive is refused by the new JVM (what the shims would silently skip)" archive_rejected /tmp/old.jsa
	check "J: the trigger remade the archive: mapped by the new JVM" archive_accepted
fi

# --- scenario U: Debian 12 with the package, upgraded to Debian 13 --------------------------------
new_root U
with_apt
check "U: dpkg -i on Debian 12 succeeds" dpkg_ok 'dpkg -i /tmp/kexec-reboot.deb'
in_root "cp $jsa /tmp/old.jsa"
before_java=$(java_version)
check "U: before: the archive is mapped by Debian 12's JVM ($before_java)" archive_accepted /tmp/old.jsa
in_root 'sed -i "s/^LOAD_KEXEC=.*/LOAD_KEXEC=true/" /etc/default/kexec; grep -q "^LOAD_KEXEC=true" /etc/default/kexec || echo LOAD_KEXEC=true >>/etc/default/kexec'
rm -f "$root"/etc/apt/sources.list "$root"/etc/apt/sources.list.d/*
printf '%s\n' "$trixie_sources" >"$root/etc/apt/sources.list.d/debian.$srcext"
t0=$SECONDS
check "U: apt-get full-upgrade to Debian 13 succeeds" \
	dpkg_ok 'apt-get update -q && apt-get full-upgrade -y -q -o Dpkg::Options::=--force-confold'
echo "# the upgrade took $((SECONDS - t0)) s; what it said about kexec:"
cp "$work/dpkg.log" "$work/upgrade.log"
grep -iE 'kexec|conffile' "$work/upgrade.log" | grep -v '^Get:' | sed 's/^/#   /'
# kexec-tools' own preinst (2.0.29) runs `update-rc.d -f kexec remove` before `-f kexec-load remove`,
# and insserv says "FATAL: service kexec has to be enabled to use service kexec-load" for that order:
# a pristine Debian 12 root without this package prints it too. Every other line is ours to avoid.
nothing_of_ours_in_upgrade() {
	grep -vx 'insserv: FATAL: service kexec has to be enabled to use service kexec-load' "$work/upgrade.log" |
		grep -E 'insserv:.*kexec|kexec-reboot:|\.kexec-tools|diversion of (/etc/init\.d/kexec|/usr/lib/systemd/system/kexec)'
	[ $? = 1 ]
}
check "U: the upgrade printed nothing of ours (insserv, diversions, our scripts)" nothing_of_ours_in_upgrade
check "U: the upgrade ran our trigger on kexec-tools' change" grep -q 'Processing triggers for kexec-reboot' "$work/upgrade.log"
check "U: kexec-tools is 2.0.27 or later now ($(in_root "dpkg-query -W -f='\${Version}' kexec-tools"))" \
	in_root "dpkg --compare-versions \"\$(dpkg-query -W -f='\${Version}' kexec-tools)\" ge 1:2.0.27"
check "U: dpkg --audit finds nothing half-done" in_root '[ -z "$(dpkg --audit)" ]'
check "U: kexec-reboot still installed" status_is installed
check "U: kexec-tools' postinst deleted LOAD_KEXEC from /etc/default/kexec" in_root '! grep -n LOAD_KEXEC /etc/default/kexec'
check_installed13 U upgraded
check "U: dpkg -i of the package again on Debian 13 (our upgrade) succeeds, quietly" dpkg_quiet 'dpkg -i /tmp/kexec-reboot.deb'
check_installed13 U-again upgraded
fake_kernel
check_kexec_d U
check "U: LOAD_KEXEC=true written again in /etc/default/kexec: plan loads a kernel" \
	in_root 'echo LOAD_KEXEC=true >>/etc/default/kexec && /usr/sbin/kexec-reboot plan | grep -- "-l /vmlinuz"'
# Debian 13's default Java (21) replaces 17 as `java` (during the upgrade, or now): the /usr/lib/jvm
# trigger remakes the archive.
check "U: apt-get install default-jre-headless (Java 21) succeeds" dpkg_ok 'apt-get install -y -q default-jre-headless'
check "U: java is another JVM than on Debian 12 ($before_java -> $(java_version))" test "$(java_version)" != "$before_java"
check "U: Debian 12's archive is refused by the new JVM" archive_rejected /tmp/old.jsa
check "U: the trigger remade the archive: mapped by the new JVM" archive_accepted
check "U: dpkg -r succeeds, quietly" dpkg_quiet 'dpkg -r kexec-reboot'
check "U after remove: no diversions" no_kexec_diversions
check "U after remove: no /etc/init.d/kexec*, no *.kexec-tools or *.dpkg-* copies" \
	in_root '! ls -d /etc/init.d/kexec* /usr/lib/systemd/system/*.kexec-tools 2>/dev/null'
check "U after remove: no rc links to kexec scripts" no_kexec_rc_links
check "U: dpkg --purge succeeds, quietly" dpkg_quiet 'dpkg --purge kexec-reboot'
check "U after purge: dpkg knows no kexec-reboot" status_is not-installed
check "U after purge: /etc/default/kexec kept" present /etc/default/kexec
# The same machine (upgraded to 13 without the package now) gets the package for the first time.
check "U2: dpkg -i on a Debian 13 upgraded from 12 succeeds, quietly" dpkg_quiet 'dpkg -i /tmp/kexec-reboot.deb'
check_installed13 U2 upgraded
check "U2: dpkg --purge succeeds, quietly" dpkg_quiet 'dpkg --purge kexec-reboot'
check "U2 after purge: no diversions, no /etc/init.d/kexec*, no rc links, no /etc/kexec-reboot" \
	in_root '! dpkg-divert --list | grep -i kexec && ! ls -d /etc/init.d/kexec* /etc/rc?.d/*kexec* /etc/kexec-reboot 2>/dev/null'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

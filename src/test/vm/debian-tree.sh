# Sourced by the image builders (build-image.sh, secureboot/build-image.sh): one way to make a
# guest's file tree from Debian's packages, so every test image is made alike. An input of each
# image's cache key.

# The Debian mirror this machine uses (KEXEC_REBOOT_MIRROR overrides; deb.debian.org when none).
debian_mirror() {
	local m=${KEXEC_REBOOT_MIRROR:-$(grep -h -s -E '^[[:space:]]*(URIs:|deb[[:space:]])' /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
		| grep -o -E 'https?://[^[:space:]]+/debian/?([[:space:]]|$)' | grep -v -- -security | head -n1 | tr -d '[:space:]' || true)}
	echo "${m:-http://deb.debian.org/debian}"
}

# debian_tree SUITE TREE PACKAGES-LIST: mmdebstrap --variant=minbase of the packages the list names
# (one a line, # comments), without recommends, man pages, docs (copyright kept) or locales.
debian_tree() {
	local suite=$1 tree=$2 list=$3 mirror pkgs t0=$SECONDS
	mirror=$(debian_mirror)
	pkgs=$(grep -v -E '^[[:space:]]*(#|$)' "$list" | paste -sd, -)
	log "mmdebstrap $suite from $mirror: $pkgs"
	mmdebstrap --variant=minbase --include="$pkgs" \
		--aptopt='APT::Install-Recommends "false"' --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
		--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
		"$suite" "$tree" "deb $mirror $suite main" >&2
	log "mmdebstrap done after $((SECONDS - t0)) s"
}

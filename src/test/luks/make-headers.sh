#!/bin/bash
# Makes src/test/resources/luks/*.hdr: the first 16 KiB (the primary LUKS2 binary header and its JSON
# area, no keyslot area, so no key material) of LUKS2 volumes whose TPM2 bindings were enrolled by the
# real tools against a software TPM: systemd-cryptenroll (Debian 12's systemd 252) and clevis 19.
# Not run by the tests (they read the committed headers); run it as root to make them again:
#   apt-get install cryptsetup-bin swtpm swtpm-tools libtss2-tcti-swtpm0 tpm2-tools clevis clevis-luks clevis-tpm2 openssl
#   bash src/test/luks/make-headers.sh src/test/resources/luks
set -euo pipefail
out=$(readlink -f "${1:?usage: make-headers.sh OUTPUT-DIR}")
work=$(mktemp -d)
trap 'kill "$(cat "$work/swtpm.pid" 2>/dev/null)" 2>/dev/null || :; rm -rf "$work"' EXIT
cd "$work"
ulimit -f 200000   # 32 MiB images at most
tcti=swtpm:host=localhost,port=2321
export TPM2TOOLS_TCTI=$tcti
printf secret > pass && chmod 600 pass
# A fresh software TPM for each enrolment: without a resource manager, each tool leaves sessions behind.
tpm() {
	[ -f swtpm.pid ] && kill "$(cat swtpm.pid)" 2>/dev/null && sleep 0.5
	rm -rf state && mkdir state
	swtpm socket --tpm2 --tpmstate dir="$work/state" --server type=tcp,port=2321,bindaddr=127.0.0.1 \
		--ctrl type=tcp,port=2322,bindaddr=127.0.0.1 --flags not-need-init,startup-clear --daemon --pid file="$work/swtpm.pid"
	sleep 0.5
}
volume() {
	truncate -s 32M "$1.img"
	cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-file pass "$1.img"
}
header() { head -c 16384 "$1.img" > "$out/$1.hdr"; echo "$1.hdr $(cryptsetup luksUUID "$1.img")"; }

volume passphrase-only && header passphrase-only
tpm; volume tpm2-pcrs-7-11 && systemd-cryptenroll --tpm2-device=$tcti --tpm2-pcrs=7+11 --unlock-key-file=pass tpm2-pcrs-7-11.img && header tpm2-pcrs-7-11
tpm; volume tpm2-pcrs-7 && systemd-cryptenroll --tpm2-device=$tcti --tpm2-pcrs=7 --unlock-key-file=pass tpm2-pcrs-7.img && header tpm2-pcrs-7
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out policy.pem 2>/dev/null
openssl rsa -pubout -in policy.pem -out policy.pub 2>/dev/null
tpm; volume tpm2-signed-11 && systemd-cryptenroll --tpm2-device=$tcti --tpm2-pcrs=7 --tpm2-public-key=policy.pub \
	--tpm2-public-key-pcrs=11 --unlock-key-file=pass tpm2-signed-11.img && header tpm2-signed-11
tpm; volume clevis-tpm2-7-9 && clevis luks bind -y -d clevis-tpm2-7-9.img -k pass tpm2 '{"pcr_ids":"7,9"}' && header clevis-tpm2-7-9
tpm; volume clevis-sss && clevis luks bind -y -d clevis-sss.img -k pass sss \
	'{"t":1,"pins":{"tpm2":[{"pcr_ids":"7"},{"pcr_ids":"4,7"}]}}' && header clevis-sss

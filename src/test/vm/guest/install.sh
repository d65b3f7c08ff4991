#!/bin/sh
# Installs kexec-reboot into the guest from the payload directory this script is in. With the
# Debian package in the payload (vm-test.sh puts target/kexec-reboot_*.deb there when `mvn package`
# built one) it is the one line `dpkg -i`; otherwise docs/installing-by-hand.md, step by step.
set -e
P=$(cd "$(dirname "$0")" && pwd)
if ls "$P"/kexec-reboot_*.deb > /dev/null 2>&1; then
	dpkg -i "$P"/kexec-reboot_*.deb
	echo "installed with dpkg -i $(cd "$P" && ls kexec-reboot_*.deb)"
	exit 0
fi
install -D -m 644 "$P/kexec-reboot.jar" /usr/share/kexec-reboot/kexec-reboot.jar
install -m 644 "$P/launch.sh" /usr/share/kexec-reboot/launch.sh
install -m 755 "$P/make-archive" /usr/share/kexec-reboot/make-archive
mkdir -p /etc/kexec-reboot/kexec-tools/init.d
dpkg-divert --rename --divert /etc/kexec-reboot/kexec-tools/init.d/kexec-load --add /etc/init.d/kexec-load
dpkg-divert --rename --divert /etc/kexec-reboot/kexec-tools/init.d/kexec --add /etc/init.d/kexec
install -m 755 "$P/init.d/kexec-load" "$P/init.d/kexec" /etc/init.d/
install -m 755 "$P/kexec-reboot" /usr/sbin/kexec-reboot
[ -e /etc/default/kexec ] || install -m 644 "$P/etc-default/kexec" /etc/default/kexec
update-rc.d kexec-load defaults && update-rc.d kexec defaults
dpkg-divert --rename --divert /usr/lib/systemd/system/kexec.service.kexec-tools --add /usr/lib/systemd/system/kexec.service
install -m 644 "$P/systemd/kexec-load.service" "$P/systemd/kexec.service" /usr/lib/systemd/system/
systemctl enable kexec-load.service kexec.service 2> /dev/null
if [ -d /run/systemd/system ]; then systemctl daemon-reload && systemctl start kexec-load.service; fi
echo "installed by hand (docs/installing-by-hand.md); runlevel 6: $(ls /etc/rc6.d | tr '\n' ' ')"

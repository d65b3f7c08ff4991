# Helpers of the Secure Boot scenarios (sourced by scenario.sh; vmtest-hook's say, $S, $P, $n and
# guest/lib.sh's helpers are there).

# The lockdown state and whether the firmware booted with Secure Boot, on the console.
show_lockdown() {
	say "LOCKDOWN n=$n $(cat /sys/kernel/security/lockdown 2>&1 | tr -d '\n')"
}

# Put a recording wrapper in front of kexec-tools' /sbin/kexec: each call's argv goes to the
# console (and, while / is writable, to $S/kexec-argv); then the real kexec runs with it unchanged.
record_kexec_argv() {
	[ -e /sbin/kexec.real ] || mv /sbin/kexec /sbin/kexec.real
	cat > /sbin/kexec <<'WRAP'
#!/bin/sh
echo "VMTEST KEXEC-ARGV $*" > /dev/ttyS0 2>/dev/null
echo "$*" >> /var/lib/vmtest/kexec-argv 2>/dev/null
exec /sbin/kexec.real "$@"
WRAP
	chmod 755 /sbin/kexec
}

# kexec-reboot status and plan, one VMTEST line per line.
show_status_and_plan() {
	/usr/sbin/kexec-reboot status 2>&1 | sed 's/^/VMTEST STATUS /' > /dev/ttyS0
	show_plan
}

# Scenario 9: the circuit breaker (Debian 12 + sysvinit). The first reboot kexecs into a kernel whose
# command line names a root device that does not exist: the initramfs gives up after rootdelay and
# panic=1 resets the machine (qemu's -no-reboot ends the run) before that boot reaches runlevel 2.
# The cold boot after it runs kexec-boot-complete, which finds kexec-load's mark of the load and a
# boot that came through the firmware: the breaker trips. The next reboot goes through the firmware
# once; the one after it kexecs again, and that boot's kexec-boot-complete takes the mark away.
# The breaker's own marks: the directory also keeps the reboot history (history, request).
breaker_marks() { ls /var/lib/kexec-reboot 2>/dev/null | grep -v -x -E 'history|request' | tr '\n' ' '; }
step_1() {
	install_project
	set_kexec_defaults LOAD_KEXEC=true 'APPEND="root=UUID=00000000-0000-4000-8000-00000000dead ro rootdelay=2 panic=1 console=ttyS0,115200"'
	show_check
	reboot_expecting cold
}
step_2() {
	say "BREAKER n=$n tripped=$(tr '\n' ' ' < /var/lib/kexec-reboot/tripped 2>/dev/null) marks=$(breaker_marks)"
	set_kexec_defaults 'APPEND=""'
	show_check
	reboot_expecting cold
}
step_3() {
	say "BREAKER n=$n marks=$(breaker_marks)"
	show_check
	reboot_expecting kexec
}
step_4() {
	say "BREAKER n=$n marks=$(breaker_marks)"
	finish
}

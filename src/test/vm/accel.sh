# Sourced by vm-test.sh and build-image.sh: the qemu accelerator. KEXEC_REBOOT_VM_ACCEL wins; else
# KVM when /dev/kvm opens and qemu starts with it (qemu stays up until killed, or exits at once
# when KVM cannot be used), else TCG, plain emulation.
if [ -z "${KEXEC_REBOOT_VM_ACCEL:-}" ]; then
	KEXEC_REBOOT_VM_ACCEL=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		kvm_probe=0
		timeout 2 qemu-system-x86_64 -machine none,accel=kvm -nodefaults -display none -S -monitor none \
			< /dev/null > /dev/null 2>&1 || kvm_probe=$?
		if [ "$kvm_probe" = 124 ]; then KEXEC_REBOOT_VM_ACCEL=kvm; fi
	fi
	export KEXEC_REBOOT_VM_ACCEL
fi

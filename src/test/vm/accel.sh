# Sourced by vm-test.sh and build-image.sh. vm_accel KERNEL: the qemu accelerator for guests that
# run KERNEL. KEXEC_REBOOT_VM_ACCEL wins; else KVM when /dev/kvm opens and that kernel, started
# with KVM and no root file system, gets as far as its "Kernel panic" (VFS: no root) within 20 s;
# else TCG, plain emulation. Starting qemu with KVM is not enough: some hosts (nested or emulated
# KVM) start qemu fine and then fail a real guest ("KVM internal error ... emulation failure", or
# no output at all).
vm_accel() {
	if [ -n "${KEXEC_REBOOT_VM_ACCEL:-}" ]; then echo "$KEXEC_REBOOT_VM_ACCEL"; return; fi
	local out
	if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ -f "$1" ]; then
		out=$(timeout 20 qemu-system-x86_64 -machine pc,accel=kvm -m 256 -smp 1 -display none -vga none -nic none \
			-serial stdio -monitor none -no-reboot -kernel "$1" -append "console=ttyS0 panic=-1" < /dev/null 2>&1 || true)
		if grep -q 'Kernel panic' <<< "$out" && ! grep -q 'KVM internal error' <<< "$out"; then echo kvm; return; fi
	fi
	echo tcg
}

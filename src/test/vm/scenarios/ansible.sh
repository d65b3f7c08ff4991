# Ansible drives this guest from the host (contrib/ansible/site.yml, vm-test.sh's ansible_controller):
# boot 1 opens SSH on qemu's user network and waits; the playbook installs the .deb, enables it,
# checks `plan --check`, reboots with ansible.builtin.reboot (`shutdown -r 0`) and asserts that
# `status --json` says booted_via_kexec; then the host marks /run/vmtest-ansible-done and the guest
# powers off. The host reaches the guest only at 127.0.0.1 (qemu's hostfwd to port 22).

# This boot's network: qemu's user network gives the guest 10.0.2.15, its gateway 10.0.2.2
# (no DHCP client in the image, so set by hand at each boot).
network_up() {
	dev=$(ls /sys/class/net | grep -v '^lo$' | head -n1)
	ip link set "$dev" up && ip addr add 10.0.2.15/24 dev "$dev" && ip route add default via 10.0.2.2 \
		|| say "FAIL network on $dev: $(ip -o addr 2>&1 | tr '\n' ' ')"
	systemctl start ssh.service || say "FAIL sshd: $(systemctl status ssh.service 2>&1 | tail -n3 | tr '\n' ' ')"
}

# Wait for the host's mark (at most 20 minutes), then end the scenario.
await_controller() {
	i=0
	while [ ! -e /run/vmtest-ansible-done ] && [ $i -lt 240 ]; do sleep 5; i=$((i + 1)); done
	[ -e /run/vmtest-ansible-done ] || say "FAIL no word from the Ansible controller after $((i * 5)) s"
	say "ANSIBLE-DONE n=$n $(cat /run/vmtest-ansible-done 2>/dev/null)"
	finish
}

# 1: SSH for the controller; the reboot it makes should come back through kexec
step_1() {
	network_up
	install -d -m 700 /root/.ssh && install -m 600 "$P/ansible.pub" /root/.ssh/authorized_keys
	echo kexec > "$S/expect"
	say "SSH-READY n=$n dev=$dev"
	await_controller
}
# 2: after the playbook's reboot; the playbook asserts the rest
step_2() {
	network_up
	say "SSH-READY n=$n dev=$dev"
	await_controller
}

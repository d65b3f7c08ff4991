package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.cli.JsonSchemas;

/**
 * A machine a remote verifier attests (issue 24 item 2): keylime's agent started at boot by systemd,
 * with the real shims and command line. The fake root's /etc and /usr are the host's, read-only, so
 * the agent is enabled in /run (`systemctl enable --runtime`); AttestationRuleTest has /etc, /lib and
 * sysvinit's links.
 */
class AttestationIT {

    private static final String UNIT_STOP = "/etc/init.d/kexec-load stop";
    private static final String CLI = "/project/src/main/sh/kexec-reboot";
    private static final String REBOOT_JOB = "1180 reboot.target start waiting\n1203 kexec-load.service stop running\n";
    private static final String LINE = "keylime's agent keylime_agent.service starts at boot"
            + " (/run/systemd/system/multi-user.target.wants/keylime_agent.service): a remote verifier checks this"
            + " machine's measured boot, and after a kexec the TPM's PCRs and event log are the previous boot's (and"
            + " IMA's log starts afresh), so this reboot goes through the firmware";
    private static final String LOAD = "kexec [-l] [/vmlinuz] [--initrd=/initrd.img]"
            + " [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n";

    @TempDir
    Path dir;

    private FakeRoot attested() {
        return FakeRoot.standard(dir).with("systemd", REBOOT_JOB)
                .file("/run/systemd/system/keylime_agent.service", "[Unit]\nDescription=The Keylime compute agent\n")
                .symlink("/run/systemd/system/multi-user.target.wants/keylime_agent.service", "../keylime_agent.service");
    }

    @Test
    void theRebootGoesThroughTheFirmwareWithOneLine() {
        var result = attested().run(UNIT_STOP);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(LINE + "\n", result.stdout());
        assertEquals("", result.stderr());
        assertEquals("", result.kexecLog());
    }

    @Test
    void planCheckJsonAndStatusSayIt() {
        var root = attested();
        var plan = root.run(CLI + " plan");
        assertTrue(plan.stdout().contains(". remote attestation: " + LINE + "\n"), plan.stdout());
        assertEquals(4, root.run(CLI + " plan --check").rc());
        var json = JsonSchemas.plan(root.run(CLI + " plan --json").stdout());
        assertEquals("firmware", json.get("next_reboot").asString());
        // (its reason is the fake root's: the host's /etc enables no kexec-load.service; the check is the rule's)
        boolean seen = false;
        for (var check : json.get("checks")) {
            if (check.get("name").asString().equals("remote attestation")) {
                assertEquals(true, check.get("ok").asBoolean(), "found, not something wrong (plan-v1.json)");
                assertEquals(LINE, check.get("detail").asString());
                seen = true;
            }
        }
        assertTrue(seen, json.toString());
        var status = root.run(CLI + " status");
        assertTrue(status.stdout().contains("\nfirmware work pending: yes (attestation): " + LINE + "\n"), status.stdout());
    }

    @Test
    void kexecIgnoreRulesKexecsForAVerifierThatToleratesIt() {
        var result = attested().file("/etc/default/kexec.d/50-attested", "KEXEC_IGNORE_RULES=attestation\n").run(UNIT_STOP);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(LOAD, result.kexecLog());
    }

    @Test
    void aMaskedAgentDoesNotCount() {
        var result = attested().run("rm /run/systemd/system/keylime_agent.service && ln -s /dev/null /run/systemd/system/keylime_agent.service"
                        + " && " + UNIT_STOP);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(LOAD, result.kexecLog());
    }
}

package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;

/** {@code attestation}: an agent of a remote verifier that starts at boot, from files alone. */
class AttestationRuleTest {

    private static final String WHY = ": a remote verifier checks this machine's measured boot, and after a kexec the"
            + " TPM's PCRs and event log are the previous boot's (and IMA's log starts afresh), so this reboot goes through"
            + " the firmware";

    @TempDir
    Path dir;

    private FakeSystem system;

    @BeforeEach
    void system() throws IOException {
        system = new FakeSystem(dir);
    }

    private FirmwareRule.Finding check() {
        return new AttestationRule().check(system.context("/etc/init.d/kexec-load"),
                new KexecDefaults("true", "", "", "", "", ""), new Trace());
    }

    /** systemd runs; the package's unit in /lib (Debian 12), enabled as deb-systemd-helper does. */
    private void systemdWith(String unit, String target) throws IOException {
        Files.createDirectories(system.path("/run/systemd/system"));
        system.write("/lib/systemd/system/" + unit, "[Unit]\n");
        Path link = system.path("/etc/systemd/system/" + target + ".wants/" + unit);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of("/lib/systemd/system/" + unit));
    }

    @Test
    void noAgentNoLine() {
        assertEquals(FirmwareRule.Finding.notHere(), check());
    }

    @Test
    void keylimesAgentEnabledOnSystemdGoesThroughTheFirmware() throws IOException {
        systemdWith("keylime_agent.service", "multi-user.target");
        assertEquals(FirmwareRule.Finding.yes("keylime's agent keylime_agent.service starts at boot"
                + " (/etc/systemd/system/multi-user.target.wants/keylime_agent.service)" + WHY), check());
    }

    @Test
    void thePushModelAgentAndTheOldPackagesDefaultTargetCountToo() throws IOException {
        systemdWith("keylime_push_model_agent.service", "default.target");
        assertEquals(FirmwareRule.Finding.yes("keylime's agent keylime_push_model_agent.service starts at boot"
                + " (/etc/systemd/system/default.target.wants/keylime_push_model_agent.service)" + WHY), check());
    }

    @Test
    void aLinkLeftByARemovedPackageOrAMaskedUnitDoesNotCount() throws IOException {
        systemdWith("keylime_agent.service", "multi-user.target");
        Files.delete(system.path("/lib/systemd/system/keylime_agent.service"));
        assertEquals(FirmwareRule.Finding.notHere(), check(), "removed, not purged: the link dangles");
        system.write("/lib/systemd/system/keylime_agent.service", "[Unit]\n");
        Files.createSymbolicLink(system.path("/etc/systemd/system/keylime_agent.service"), Path.of("/dev/null"));
        assertEquals(FirmwareRule.Finding.notHere(), check(), "masked");
    }

    @Test
    void servicesThatDoNotAttestDoNotCount() throws IOException {
        systemdWith("tpm2-abrmd.service", "multi-user.target");
        systemdWith("tcsd.service", "multi-user.target");
        systemdWith("strongswan.service", "multi-user.target");
        assertEquals(FirmwareRule.Finding.notHere(), check());
    }

    @Test
    void onSysvinitAStartLinkAndAnExecutableScript() throws IOException {
        Path script = system.write("/etc/init.d/keylime_agent", "#!/bin/sh\n");
        Files.createDirectories(system.path("/etc/rc2.d"));
        Files.createSymbolicLink(system.path("/etc/rc2.d/K01keylime_agent"), Path.of("../init.d/keylime_agent"));
        assertEquals(FirmwareRule.Finding.notHere(), check(), "update-rc.d disable: K links only");
        Files.createDirectories(system.path("/etc/rc3.d"));
        Files.createSymbolicLink(system.path("/etc/rc3.d/S03keylime_agent"), Path.of("../init.d/keylime_agent"));
        assertEquals(FirmwareRule.Finding.notHere(), check(), "removed: dpkg took the execute bit");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(FirmwareRule.Finding.yes("keylime's agent starts at boot (/etc/rc3.d/S03keylime_agent)" + WHY), check());
    }

    @Test
    void azuresGuestAttestationExtensionWithItsAgentEnabled() throws IOException {
        Files.createDirectories(system.path(
                "/var/lib/waagent/Microsoft.Azure.Security.LinuxAttestation.GuestAttestation-1.0.5.2"));
        Files.createDirectories(system.path("/var/lib/waagent/Microsoft.CPlat.Core.RunCommandLinux-1.0.5"));
        assertEquals(FirmwareRule.Finding.notHere(), check(), "walinuxagent does not start at boot");
        systemdWith("walinuxagent.service", "multi-user.target");
        assertEquals(FirmwareRule.Finding.yes("Azure's Guest Attestation extension"
                + " (/var/lib/waagent/Microsoft.Azure.Security.LinuxAttestation.GuestAttestation-1.0.5.2) is installed and"
                + " walinuxagent starts at boot" + WHY), check());
    }

    @Test
    void walinuxagentAloneDoesNotAttest() throws IOException {
        systemdWith("walinuxagent.service", "multi-user.target");
        Files.createDirectories(system.path("/var/lib/waagent/Microsoft.CPlat.Core.RunCommandLinux-1.0.5"));
        assertEquals(FirmwareRule.Finding.notHere(), check());
    }
}

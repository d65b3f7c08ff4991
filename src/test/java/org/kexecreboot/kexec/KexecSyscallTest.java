package org.kexecreboot.kexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.kexecreboot.kexec.Lockdown.Mode;

class KexecSyscallTest {

    private static final Lockdown LOCKED = new Lockdown(Mode.INTEGRITY, "none [integrity] confidentiality");
    private static final Lockdown OPEN = new Lockdown(Mode.NONE, "[none] integrity confidentiality");
    private static final Lockdown ABSENT = new Lockdown(Mode.ABSENT, "absent");

    @Test
    void autoFollowsLockdown() {
        assertEquals(KexecSyscall.KEXEC_FILE_LOAD, KexecSyscall.choose("", LOCKED).syscall());
        assertEquals(KexecSyscall.KEXEC_FILE_LOAD, KexecSyscall.choose("auto", LOCKED).syscall());
        assertEquals(KexecSyscall.KEXEC_FILE_LOAD,
                KexecSyscall.choose("", new Lockdown(Mode.CONFIDENTIALITY, "x")).syscall());
        assertEquals(KexecSyscall.DEFAULT, KexecSyscall.choose("", OPEN).syscall());
        assertEquals(KexecSyscall.DEFAULT, KexecSyscall.choose("auto", ABSENT).syscall());
        assertEquals(KexecSyscall.DEFAULT, KexecSyscall.choose("", new Lockdown(Mode.UNKNOWN, "?")).syscall());
        assertNull(KexecSyscall.choose("auto", LOCKED).complaint());
    }

    @Test
    void theVariableForcesEither() {
        assertEquals(KexecSyscall.KEXEC_LOAD, KexecSyscall.choose("kexec_load", LOCKED).syscall());
        assertEquals(KexecSyscall.KEXEC_FILE_LOAD, KexecSyscall.choose("kexec_file_load", OPEN).syscall());
        assertNull(KexecSyscall.choose("kexec_load", LOCKED).complaint());
    }

    @Test
    void aBadValueIsAutoWithOneComplaint() {
        KexecSyscall.Choice choice = KexecSyscall.choose("KEXEC_FILE_LOAD", LOCKED);
        assertEquals(KexecSyscall.KEXEC_FILE_LOAD, choice.syscall());
        assertEquals("KEXEC_SYSCALL=\"KEXEC_FILE_LOAD\" is not auto, kexec_load or kexec_file_load; using auto",
                choice.complaint());
        assertEquals(KexecSyscall.DEFAULT, KexecSyscall.choose(" auto", OPEN).syscall());
    }

    @Test
    void theOptions() {
        assertEquals(java.util.List.of(), KexecSyscall.DEFAULT.options());
        assertEquals(java.util.List.of("-s"), KexecSyscall.KEXEC_FILE_LOAD.options());
        assertEquals(java.util.List.of("-c"), KexecSyscall.KEXEC_LOAD.options());
    }
}

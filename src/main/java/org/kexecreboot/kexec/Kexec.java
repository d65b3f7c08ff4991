package org.kexecreboot.kexec;

import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.kexecreboot.boot.BootTarget;
import org.kexecreboot.exec.Programs;
import org.kexecreboot.exec.BoundedCommand.Outcome;

/**
 * The kexec binary, run with an argv array exactly as the original's shell would have built it,
 * never for longer than a bound: by the init script's shell on the reboot path, else by the JVM
 * ({@link Programs}).
 *
 * @param binary the kexec program (/sbin/kexec)
 * @param environment its environment (the init script's, with the script's PATH)
 * @param limit how long one kexec call may take before it is killed
 */
public record Kexec(String binary, Map<String, String> environment, Duration limit, OutputStream out,
        OutputStream err) {

    /**
     * {@code kexec [-s|-c] -l KERNEL [--initrd=INITRD] --append=APPEND}; several initrds must be joined
     * first.
     */
    public Outcome load(BootTarget target, KexecSyscall syscall) {
        return Programs.run(loadArgv(binary, target, syscall), environment, limit, out, err);
    }

    /** {@code kexec -e}: jumps into the loaded kernel and, when that works, never returns. */
    public Outcome execute() {
        return Programs.run(List.of(binary, "-e"), environment, limit, out, err);
    }

    /** {@code kexec [-s|-c] -u}: unloads the loaded kernel (see {@link #unloadArgv}). */
    public Outcome unload(KexecSyscall syscall) {
        return Programs.run(unloadArgv(binary, syscall), environment, limit, out, err);
    }

    /**
     * The argv of a load, as the original's shell builds it; with {@link KexecSyscall#DEFAULT} exactly
     * the original's.
     */
    public static List<String> loadArgv(String binary, BootTarget target, KexecSyscall syscall) {
        if (target.initrds().size() > 1) {
            throw new IllegalArgumentException("kexec takes one initrd: join them first");
        }
        List<String> argv = new ArrayList<>();
        argv.add(binary);
        argv.addAll(syscall.options());
        argv.add("-l");
        argv.add(target.kernel());
        for (String initrd : target.initrds()) {
            argv.add("--initrd=" + initrd);
        }
        argv.add("--append=" + target.append());
        return argv;
    }

    /**
     * The argv that unloads a loaded kernel: a locked-down kernel refuses {@code kexec -u} (kexec_load
     * with no segments) from kexec-tools 2.0.25, and takes {@code kexec -s -u}.
     */
    public static List<String> unloadArgv(String binary, KexecSyscall syscall) {
        List<String> argv = new ArrayList<>();
        argv.add(binary);
        argv.addAll(syscall.options());
        argv.add("-u");
        return argv;
    }
}

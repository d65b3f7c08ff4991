package org.kexecreboot.initd;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.OutputStream;
import java.util.List;

import org.kexecreboot.config.DefaultsFile;
import org.kexecreboot.config.KexecDefaults;

/**
 * Where an init script gets /etc/default/kexec's values: from the shim, which evaluated the file
 * beside the JVM's start and hands the values on our stdin ({@code -Dkexec.defaults=stdin}: the
 * JVM then starts no process for them), or else from a /bin/sh this JVM runs (tests, the CDS training,
 * `kexec-reboot`).
 */
final class Defaults {

    private Defaults() {
    }

    private static KexecDefaults shimValues;
    private static DefaultsFile.Unreadable shimFailure;

    /** True when the shim started us with the values on stdin. */
    static boolean fromShim() {
        return "stdin".equals(System.getProperty("kexec.defaults"));
    }

    /**
     * @param path the script's PATH, in effect while the file is sourced (when the JVM runs the shell)
     * @param configOutput where the file's own output goes (when the JVM runs the shell)
     * @param runAs the argv prefix the shell is started through (setpriv for an image's file); the
     *     shim's values never come with one: the shim evaluates only the running system's file
     */
    static KexecDefaults read(Context context, String path, OutputStream configOutput, List<String> runAs)
            throws DefaultsFile.Unreadable {
        if (fromShim()) {
            // Read once: stdin carries one record, and then the shim's answers (exec.ShimRunner).
            synchronized (Defaults.class) {
                if (shimValues == null && shimFailure == null) {
                    try {
                        shimValues = DefaultsFile.fromShim(new FileInputStream(FileDescriptor.in), context.paths());
                    } catch (DefaultsFile.Unreadable e) {
                        shimFailure = e;
                    }
                }
                if (shimFailure != null) {
                    throw shimFailure;
                }
                return shimValues;
            }
        }
        return DefaultsFile.read(context.paths(), context.invokedAs(), context.environmentWithPath(path), configOutput,
                context.stderr(), runAs);
    }
}

package org.kexecreboot.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.boot.InitrdBundle;
import org.kexecreboot.console.OneLine;

/**
 * The journal lines of one run, handed to the shim that started the JVM: the JVM never starts a
 * process for them (that would cost the reboot 25-40 ms, issue 23) and cannot write to the journal
 * itself (journald's socket and /dev/log are datagram sockets; Java has UNIX-domain stream sockets
 * only). Each event is one file, {@code /run/kexec-reboot/events-PID.N}, holding a journal entry as
 * {@code logger --journald} reads it (FIELD=value lines); the shim ({@code kr_events} in launch.sh)
 * sends each with logger under {@code timeout} once the JVM has exited, to syslog on sysvinit, and
 * removes it. PID is the shim's, given as {@code -Dkexec.events}: without it (a test, a JVM started by
 * hand) nothing is written. Each write is bounded as a boot mark's is (2 s, a thread of its own); a
 * full or hung /run loses the line, never the reboot.
 */
public final class EventLog {

    private static final String PROPERTY = "kexec.events";
    private static final EventLog NONE = new EventLog(null, null);
    /** More than any run makes (a load and its warning): a bug cannot fill /run. */
    static final int MAX_EVENTS = 8;

    private final Path directory;
    private final String prefix;
    private int written;

    EventLog(Path directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
    }

    /** The log of this run, as the shim asked for it; one that writes nothing without the shim. */
    public static EventLog forThisRun(SystemPaths paths) {
        String pid = System.getProperty(PROPERTY, "");
        if (pid.isEmpty() || pid.length() > 10) {
            return NONE;
        }
        for (int i = 0; i < pid.length(); i++) { // no lambda: a bootstrap costs milliseconds at every reboot
            if (pid.charAt(i) < '0' || pid.charAt(i) > '9') {
                return NONE;
            }
        }
        return new EventLog(paths.resolve(InitrdBundle.DIRECTORY), "events-" + pid + ".");
    }

    /**
     * Hands one event to the shim.
     *
     * @param script who says it: the init script (kexec-load, kexec) or kexec-reboot's command
     * @param message one line (escaped here): what happened and why
     * @param fields more fields, name then value, in this order, KEXEC_REBOOT_ added in front of each name
     *     (KERNEL, VIA, SECONDS...); empty values are left out
     * @return null when handed over (or nothing is to be written), else why not
     */
    public synchronized String add(Event event, String script, String message, String... fields) {
        if (directory == null || written >= MAX_EVENTS) {
            return null;
        }
        String problem;
        try {
            InitrdBundle.privateDirectory(directory);
            if (written == 0 && Files.exists(directory.resolve(prefix + 0), LinkOption.NOFOLLOW_LINKS)) {
                // Left by an earlier shim with this PID (the init scripts do not remove what they sent):
                // never sent twice. /run is a tmpfs (as for the directory above: no hang to bound).
                for (int i = 0; i < MAX_EVENTS; i++) {
                    Files.deleteIfExists(directory.resolve(prefix + i));
                }
            }
            problem = BootMarks.writeIn(directory, InitrdBundle.DIRECTORY, prefix + written,
                    entry(event, script, message, fields).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            problem = InitrdBundle.DIRECTORY + "/" + prefix + "*: " + SystemFiles.reason(e);
        } catch (InitrdBundle.JoinFailed e) {
            // A read-only /run (a rescue system, a test root) records nothing, silently, as /var does.
            problem = e.getMessage().contains("Read-only file system") ? null : e.getMessage();
        }
        written++;
        return problem == null || problem.isEmpty() ? null : problem;
    }

    /** The journal entry: one FIELD=value a line, every value one line. */
    static String entry(Event event, String script, String message, String... fields) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("MESSAGE_ID", event.messageId());
        all.put("MESSAGE", script + ": " + message);
        all.put("PRIORITY", Integer.toString(event.priority()));
        all.put("SYSLOG_FACILITY", "3");
        all.put("SYSLOG_IDENTIFIER", Event.IDENTIFIER);
        all.put("KEXEC_REBOOT_EVENT", event.word());
        all.put("KEXEC_REBOOT_SCRIPT", script);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (fields[i + 1] != null && !fields[i + 1].isEmpty()) {
                all.put("KEXEC_REBOOT_" + fields[i], fields[i + 1]);
            }
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> field : all.entrySet()) {
            text.append(field.getKey()).append('=').append(OneLine.escape(field.getValue())).append('\n');
        }
        return text.toString();
    }
}

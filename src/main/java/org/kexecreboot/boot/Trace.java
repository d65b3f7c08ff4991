package org.kexecreboot.boot;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks a decision made, in order, with what each found: `kexec-reboot plan` prints them all,
 * the init script prints only the warnings (one line each on stderr).
 */
public final class Trace {

    /** One check: what was looked at, and what was found there. */
    public record Step(String subject, String finding, boolean warning) {
    }

    private final List<Step> steps = new ArrayList<>();

    public void note(String subject, String finding) {
        steps.add(new Step(subject, finding, false));
    }

    /** Something is wrong but the decision goes on with a fallback: worth a line on stderr at reboot. */
    public void warn(String subject, String finding) {
        steps.add(new Step(subject, finding, true));
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }
}

package org.kexecreboot.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kexecreboot.boot.BootTarget;
import org.kexecreboot.boot.InitrdBundle;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.initd.LoadDecision.Decision;
import org.kexecreboot.initd.LoadDecision.Verdict;
import org.kexecreboot.kexec.Kexec;
import org.kexecreboot.systemd.InitSystem;
import org.kexecreboot.systemd.RebootPath;

/**
 * `plan --json`: the text plan's answer as one object of schema plan-v1.json (src/main/schema,
 * installed as /usr/share/kexec-reboot/plan-v1.json). The same decision, the same checks in the same
 * order as the text, so the two cannot disagree.
 */
final class PlanJson {

    /** The schema's version; a change that could break a reader makes a plan-v2.json. */
    static final int VERSION = 1;

    /** The first check of a systemd plan, as the text plan numbers it. */
    static final String PENDING_SHUTDOWN = "the pending shutdown";
    static final String PENDING_SHUTDOWN_DETAIL = "only a reboot (a reboot.target job) loads; poweroff and halt never do";

    private PlanJson() {
    }

    static Map<String, Object> of(RebootPath path, Decision decision, NextReboot next, String kexecBinary) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("version", VERSION);
        plan.put("init_system", path.init().toString());
        plan.put("next_reboot", next.way());
        plan.put("reason", next.reason());
        BootTarget target = decision.verdict() instanceof Verdict.Load load ? load.target() : null;
        plan.put("kernel", target == null ? null : target.kernel());
        plan.put("initrd", target == null ? null : target.initrds());
        plan.put("cmdline", target == null ? null : target.append());
        if (decision.verdict() instanceof Verdict.Load load) {
            BootTarget asLoaded = target.initrds().size() > 1
                    ? new BootTarget(target.kernel(), List.of(InitrdBundle.JOINED), target.append())
                    : target;
            plan.put("command", Kexec.loadArgv(kexecBinary, asLoaded, load.syscall()));
        } else {
            plan.put("command", null);
        }
        List<Object> checks = new ArrayList<>();
        if (path.init() == InitSystem.SYSTEMD) {
            checks.add(check(PENDING_SHUTDOWN, true, PENDING_SHUTDOWN_DETAIL));
        }
        for (Trace.Step step : decision.trace().steps()) {
            checks.add(check(step.subject(), !step.warning(), step.finding()));
        }
        plan.put("checks", checks);
        return plan;
    }

    private static Map<String, Object> check(String name, boolean ok, String detail) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("name", name);
        check.put("ok", ok);
        check.put("detail", detail);
        return check;
    }
}

package org.kexecreboot.exec;

/**
 * What a shell says when a program it ran was killed by a signal ("Segmentation fault"). Java
 * reports such a program's exit status as 128 + the signal number, as the shell's $? does.
 */
public final class Signals {

    /** strsignal(3)'s words on Linux, by signal number (x86, arm, most others). */
    private static final String[] NAMES = {null, "SIGHUP: Hangup", "SIGINT: Interrupt", "SIGQUIT: Quit",
        "SIGILL: Illegal instruction", "SIGTRAP: Trace/breakpoint trap", "SIGABRT: Aborted", "SIGBUS: Bus error",
        "SIGFPE: Floating point exception", "SIGKILL: Killed", "SIGUSR1: User defined signal 1",
        "SIGSEGV: Segmentation fault", "SIGUSR2: User defined signal 2", "SIGPIPE: Broken pipe",
        "SIGALRM: Alarm clock", "SIGTERM: Terminated", "SIGSTKFLT: Stack fault", "SIGCHLD: Child exited",
        "SIGCONT: Continued", "SIGSTOP: Stopped (signal)", "SIGTSTP: Stopped", "SIGTTIN: Stopped (tty input)",
        "SIGTTOU: Stopped (tty output)", "SIGURG: Urgent I/O condition", "SIGXCPU: CPU time limit exceeded",
        "SIGXFSZ: File size limit exceeded", "SIGVTALRM: Virtual timer expired", "SIGPROF: Profiling timer expired",
        "SIGWINCH: Window changed", "SIGIO: I/O possible", "SIGPWR: Power failure", "SIGSYS: Bad system call"};

    private Signals() {
    }

    /**
     * The signal behind an exit status, in words ("signal 11 (SIGSEGV: Segmentation fault)"), or null
     * when the status is an ordinary exit (0-128, or above 128 + 64, the largest signal number).
     */
    public static String describe(int exitStatus) {
        int signal = exitStatus - 128;
        if (signal < 1 || signal > 64) {
            return null;
        }
        String name = signal < NAMES.length ? NAMES[signal] : "SIGRTMIN+" + (signal - 34) + ": Real-time signal";
        return "signal " + signal + " (" + name + ")";
    }
}

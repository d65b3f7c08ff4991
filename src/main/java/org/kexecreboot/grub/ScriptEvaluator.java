package org.kexecreboot.grub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a parsed GRUB script statically, in one environment context.
 *
 * <p>What it does with each kind of statement:
 * <ul>
 *   <li>assignments ({@code set a=b}, {@code a=b}), {@code unset}, {@code export}: applied in order;</li>
 *   <li>{@code menuentry}/{@code submenu}: registered in this context's menu with their body, which is not run;</li>
 *   <li>{@code if}: the condition is run and the branch GRUB would take is run; a condition whose status cannot be
 *       known statically (file tests, {@code loadfont}, {@code search} …) counts as false;</li>
 *   <li>{@code for}, {@code while} and {@code until} run as grub-core/script/execute.c runs them, with
 *       {@code break [N]} and {@code continue [N]} (clamped to the loops open in this function, as GRUB's
 *       active_loops, which a function call sets to 0). A condition whose status cannot be known counts as false,
 *       as in {@code if}. All loops of a run together run at most {@link ScriptRun#MAX_LOOP_ITERATIONS} times:
 *       beyond that the reading ends with one line (GRUB's own loop, bounded by nothing, would depend on the
 *       machine, or never end);</li>
 *   <li>{@code function} defines a function (GRUB's functions are global, whatever context defines them); a command
 *       word that is not one of the commands handled here and names a defined function calls it, with the call's
 *       arguments as $1, $2 … and everything else shared, as grub_script_function_call does. GRUB finds commands
 *       before functions, so a function named like a loader command is never called. Calls nest at most
 *       {@link #MAX_CALL_DEPTH} deep (GRUB itself has no limit and would run out of stack);</li>
 *   <li>loader commands ({@code linux}, {@code initrd}, {@code chainloader} …) are recorded for an entry body.</li>
 * </ul>
 * Recursion follows the syntax tree, whose depth the parser limits to {@link Parser#MAX_DEPTH}, times the call depth.
 */
final class ScriptEvaluator {
    /** Deeper calls are not run (their status is unknown); GRUB's own scripts nest two or three. */
    static final int MAX_CALL_DEPTH = 16;
    /** What one call costs from the expansion budget (1 MiB), so that branching recursion stays bounded in time. */
    private static final int CALL_COST = 64;

    private final Variables vars;
    private final Expander expander;
    private final ScriptRun run;
    private final List<MenuItem> menu;
    private final BootRecorder boot;
    private final int callDepth;

    ScriptEvaluator(Variables vars, List<String> positional, ScriptRun run) {
        this(vars, positional, run, new ArrayList<>(), new BootRecorder(), 0);
    }

    private ScriptEvaluator(Variables vars, List<String> positional, ScriptRun run, List<MenuItem> menu,
                            BootRecorder boot, int callDepth) {
        this.vars = vars;
        this.expander = new Expander(vars, positional, run.budget);
        this.run = run;
        this.menu = menu;
        this.boot = boot;
        this.callDepth = callDepth;
    }

    List<MenuItem> menu() {
        return List.copyOf(menu);
    }

    BootRecorder boot() {
        return boot;
    }

    Status run(List<Statement> statements) throws GrubConfigException {
        Status last = Status.TRUE;
        for (Statement statement : statements) {
            if (run.loops.breaks > 0 || run.shown != null) {
                break; // grub_script_execute_cmdlist: a pending break or continue skips the rest of the list; after
                       // configfile showed a menu, nothing here runs any more
            }
            last = execute(statement);
            // GRUB keeps the last status in "?", which scripts test with [ "$?" = 0 ].
            vars.set("?", last == Status.TRUE ? "0" : "1", "status of line " + statement.line(), last == Status.UNKNOWN);
        }
        return last;
    }

    private Status execute(Statement statement) throws GrubConfigException {
        if (statement instanceof Statement.Command command) {
            return executeCommand(command);
        }
        if (statement instanceof Statement.IfChain chain) {
            for (Statement.Branch branch : chain.branches()) {
                if (run(branch.condition()).isTrue()) {
                    return run(branch.body());
                }
            }
            return run(chain.otherwise());
        }
        if (statement instanceof Statement.FunctionDefinition function) {
            run.functions.put(function.name(), function);
            return Status.TRUE;
        }
        if (statement instanceof Statement.For loop) {
            return runFor(loop);
        }
        return runWhile((Statement.While) statement);
    }

    /** grub_script_execute_cmdfor: the words are expanded once, then the body runs once per word. */
    private Status runFor(Statement.For loop) throws GrubConfigException {
        Expander.Arguments items = expander.expand(loop.items());
        ScriptRun.Loops loops = run.loops;
        loops.active++;
        Status result = Status.TRUE;
        for (String item : items.words()) {
            if (loops.isContinue && loops.breaks == 1) {
                loops.breaks = 0;
            }
            if (loops.breaks > 0 || run.shown != null) {
                break;
            }
            run.iteration("for", loop.line());
            vars.set(loop.variable(), item, "set by 'for' on grub.cfg line " + loop.line(), items.uncertain());
            result = run(loop.body());
        }
        loops.leave();
        return result;
    }

    /** grub_script_execute_cmdwhile: until the condition fails (succeeds for until) or a break. */
    private Status runWhile(Statement.While loop) throws GrubConfigException {
        ScriptRun.Loops loops = run.loops;
        loops.active++;
        Status result;
        while (true) {
            result = run(loop.condition());
            // an undecidable condition counts as false, as in if: while stops, until goes on
            if (loop.until() == result.isTrue() || run.shown != null) {
                break;
            }
            run.iteration(loop.until() ? "until" : "while", loop.line());
            result = run(loop.body());
            if (loops.breaks == 1 && loops.isContinue) {
                loops.breaks = 0;
            }
            if (loops.breaks > 0) {
                break;
            }
        }
        loops.leave();
        return result;
    }

    /** break [N] / continue [N] (grub_script_break): N loops, at most those open; N must be a positive number. */
    private Status breakLoops(boolean isContinue, List<String> args) {
        long count = 1;
        if (args.size() > 1) {
            return Status.FALSE;
        }
        if (args.size() == 1) {
            // grub_strtoul(arg, &end, 10) with nothing after the digits
            String n = args.get(0);
            if (!n.matches("[0-9]{1,18}") || Long.parseLong(n) == 0) {
                return Status.FALSE; // "unrecognized number", "can't break 0 loops"
            }
            count = Long.parseLong(n);
        }
        run.loops.isContinue = isContinue;
        run.loops.breaks = (int) Math.min(count, run.loops.active);
        return Status.TRUE;
    }

    private Status executeCommand(Statement.Command command) throws GrubConfigException {
        Expander.Arguments expanded = expander.expand(command.words());
        List<String> argv = expanded.words();
        if (argv.isEmpty()) {
            return Status.TRUE;
        }
        if (argv.get(0).equals("!")) {
            // "! cmd" inverts the status of cmd (grub_script_execute_cmdline)
            if (argv.size() < 2) {
                return Status.FALSE;
            }
            return dispatch(argv.get(1), argv.subList(2, argv.size()), command, expanded.uncertain(), 1).invert();
        }
        return dispatch(argv.get(0), argv.subList(1, argv.size()), command, expanded.uncertain(), 0);
    }

    private Status dispatch(String name, List<String> args, Statement.Command command, boolean uncertain, int nameIndex)
            throws GrubConfigException {
        switch (name) {
            case "set":
                if (args.isEmpty()) {
                    return Status.TRUE;
                }
                return assign(args.get(0), command, nameIndex + 1, uncertain);
            case "unset":
                args.forEach(vars::unset);
                return Status.TRUE;
            case "export":
                args.forEach(vars::export);
                return Status.TRUE;
            case "[":
            case "test":
                // GRUB 2.06's grub_cmd_test drops a last "]" for both names and never requires one.
                if (uncertain) {
                    return Status.UNKNOWN;
                }
                boolean bracket = !args.isEmpty() && args.get(args.size() - 1).equals("]");
                return TestCommand.evaluate(bracket ? args.subList(0, args.size() - 1) : args, fileTests);
            case "search":
                return search(args);
            case "hwmatch":
                return hwmatch(args, uncertain);
            case "source":
            case ".":
                return source(args, command, uncertain);
            case "configfile":
                return configfile(args, command, uncertain);
            case "true":
                return Status.TRUE;
            case "break":
            case "continue":
                return breakLoops(name.equals("continue"), args);
            case "false":
                return Status.FALSE;
            case "menuentry":
            case "submenu":
                return define(name.equals("submenu"), args, command);
            default:
                break;
        }
        if (BootRecorder.LINUX.contains(name)) {
            Variables.Value root = vars.lookup("root");
            if (root != null && !root.uncertain() && root.text().equals(GrubDefaultEntry.CONFIG_DEVICE)) {
                boot.linux(name, args, null, true); // grub.cfg's own file system
            } else if (root != null && root.origin().startsWith(ELSEWHERE)) {
                boot.linux(name, args, root.origin().substring(ELSEWHERE.length()), true);
            } else if (root != null && !root.uncertain() && run.own.isDevice(root.text())) {
                boot.linux(name, args, null, true); // set root='hd0,gpt2' as 10_linux wrote it for this system's kernels
            } else if (root != null && root.origin().startsWith(UNIDENTIFIED)) {
                boot.linux(name, args, root.origin().substring(UNIDENTIFIED.length()), false);
            } else {
                // set root='hd1,gpt2', or $root from grubenv, an uncertain branch …: GRUB's name for a device, which
                // depends on the machine's disks; it is not taken for grub.cfg's file system
                boot.linux(name, args, "device " + (root == null ? "" : root.text()), false);
            }
        } else if (BootRecorder.INITRD.contains(name)) {
            boot.initrd(args);
        } else if (BootRecorder.OTHER.contains(name)) {
            boot.other(name, args);
        } else if (name.equals("save_env")) {
            return saveEnv(args);
        } else if (run.functions.containsKey(name)) {
            return call(run.functions.get(name), args, command);
        } else if (name.indexOf('=') > 0) {
            // GRUB's last resort for an unknown command word: treat "name=value" as an assignment.
            return assign(name, command, nameIndex, uncertain);
        }
        // Any other command (insmod, search, loadfont, a function call …) has an effect or status that depends on
        // the machine.
        return Status.UNKNOWN;
    }

    /**
     * A file test as test.c's get_fileinfo does it: the path's device, or $root, must be the device of grub.cfg
     * (unchanged since GRUB set it) for the running system to know the answer. The whole device ("" or "(dev)")
     * is a directory; -s opens the file, so a directory is not a non-empty file.
     */
    /** No lambda or method reference: each costs a bootstrap at every reboot that reads grub.cfg. */
    private final TestCommand.FileTest fileTests = new TestCommand.FileTest() {
        @Override
        public Status test(String op, String path) {
            return fileTest(op, path);
        }
    };

    /**
     * The path on the file system holding grub.cfg that a GRUB file name names: its device, or $root, must be the
     * device of grub.cfg (unchanged since GRUB set it); null when it is another device or one this system cannot
     * name.
     */
    private String onConfigFileSystem(String operand) {
        String path = operand;
        String device;
        if (path.startsWith("(")) {
            int close = path.indexOf(')');
            if (close < 0) {
                return null;
            }
            device = path.substring(1, close);
            path = path.substring(close + 1);
        } else {
            Variables.Value root = vars.lookup("root");
            device = root == null || root.uncertain() ? null : root.text();
        }
        return GrubDefaultEntry.CONFIG_DEVICE.equals(device) ? path : null;
    }

    private Status fileTest(String op, String operand) {
        String path = onConfigFileSystem(operand);
        if (path == null) {
            return Status.UNKNOWN;
        }
        GrubFiles.Kind kind;
        if (path.replace("/", "").isEmpty()) {
            kind = GrubFiles.Kind.DIRECTORY;
        } else if (!path.startsWith("/")) {
            return Status.UNKNOWN;
        } else {
            kind = run.files.lookup(path);
            if (kind == null) {
                return Status.UNKNOWN;
            }
        }
        return Status.of(switch (op) {
            case "-d" -> kind == GrubFiles.Kind.DIRECTORY;
            case "-e" -> kind != GrubFiles.Kind.MISSING;
            case "-f" -> kind == GrubFiles.Kind.FILE || kind == GrubFiles.Kind.EMPTY_FILE;
            default -> kind == GrubFiles.Kind.FILE; // -s: a file that opens and has a size
        });
    }

    /**
     * search … --set[=VAR] …: VAR (root by default) becomes a device the running system cannot name; the status
     * depends on the machine's disks.
     */
    private Status search(List<String> args) {
        String variable = null;
        String how = "file";
        String name = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--set") || a.equals("-s")) {
                boolean valued = i + 1 < args.size() && !args.get(i + 1).startsWith("-");
                variable = valued ? args.get(++i) : "root";
            } else if (a.startsWith("--set=")) {
                variable = a.substring(6);
            } else if (a.equals("--fs-uuid") || a.equals("-u")) {
                how = "fs-uuid";
            } else if (a.equals("--label") || a.equals("-l")) {
                how = "label";
            } else if (a.equals("--file") || a.equals("-f")) {
                how = "file";
            } else if (!a.startsWith("-")) {
                name = a; // grub_cmd_search uses the first name; grub-mkconfig writes one
                if (variable == null) {
                    continue;
                }
            }
        }
        if (variable == null) {
            return Status.UNKNOWN; // search without --set only prints what it finds
        }
        Boolean ours = name == null ? null
                : how.equals("file") ? holdsFile(name) : run.files.isThisFileSystem(how, name);
        if (Boolean.TRUE.equals(ours)) {
            vars.set(variable, GrubDefaultEntry.CONFIG_DEVICE, "set by search: grub.cfg's own file system", false);
            return Status.TRUE;
        }
        if (ours == null && name != null && !how.equals("file") && run.own.names(how, name)) {
            // cannot be identified here, but it is the name grub-mkconfig's 10_linux gave this system's kernels
            vars.set(variable, GrubDefaultEntry.CONFIG_DEVICE,
                    "set by search: the file system 10_linux names for this system's kernels", false);
            return Status.TRUE;
        }
        Variables.Value old = vars.lookup(variable);
        String origin = name == null ? "set by search (a device found at boot)"
                : ours == null ? UNIDENTIFIED + how + " " + name
                : how.equals("file") ? ELSEWHERE + "file " + name + ", which no file system of this system has"
                : ELSEWHERE + how + " " + name;
        vars.set(variable, old == null ? "" : old.text(), origin, true);
        return Status.UNKNOWN;
    }

    /**
     * search --file: true when grub.cfg's file system has the file (GRUB opens it there; that another disk earlier in
     * the firmware's order has one too only the machine can tell), false when neither it nor the other file systems
     * this system has do (GRUB finds it on a disk this system does not see, or nowhere), null when it cannot be told
     * (the root file system has it: GRUB's name for that device is the machine's).
     */
    private Boolean holdsFile(String path) {
        if (!path.startsWith("/")) {
            return null;
        }
        GrubFiles.Kind here = run.files.lookup(path);
        if (here == GrubFiles.Kind.FILE || here == GrubFiles.Kind.EMPTY_FILE) {
            return true;
        }
        if (here == null) {
            return null;
        }
        return run.files.lookupElsewhere(path) == GrubFiles.Kind.MISSING ? Boolean.FALSE : null;
    }

    /**
     * source FILE (and "."), as grub_cmd_source: FILE's statements run here, in this context (its variables and
     * functions stay, its menu entries are added to this menu), parsed as grub.cfg is, syntax errors dropping their
     * statements; config_file and config_directory name FILE meanwhile. A missing file sources nothing. FILE is read
     * on grub.cfg's file system as kernels are ({@link GrubFiles#read}); on any other device, or when it cannot be
     * read, or sourced deeper than {@link ScriptRun#MAX_SOURCE_DEPTH}, what GRUB reads cannot be told and the
     * reading ends with one line.
     */
    private Status source(List<String> args, Statement.Command command, boolean uncertain) throws GrubConfigException {
        if (args.size() != 1) {
            return Status.FALSE; // "filename expected"
        }
        ScriptFile script = scriptFile("source", args.get(0), command, uncertain);
        if (script == null) {
            return Status.TRUE; // no such file: GRUB sources nothing and goes on
        }
        Variables.Value oldFile = vars.lookup("config_file");
        Variables.Value oldDirectory = vars.lookup("config_directory");
        script.name(vars, "set by source on grub.cfg line " + command.line());
        try {
            run.sourceDepth++;
            run(script.parsed().statements());
        } finally {
            run.sourceDepth--;
            restore(vars, "config_file", oldFile);
            restore(vars, "config_directory", oldDirectory);
        }
        return Status.TRUE;
    }

    /**
     * hwmatch FILE CLASS, Ubuntu's GRUB command for i386-pc (its BIOS grub.cfg: {@code elif hwmatch
     * ${prefix}/gfxblacklist.txt 3; then if [ ${match} = 0 ]; then set linux_gfx_mode=keep …}): match is 1 when a PCI
     * function of base class CLASS has an ID ({@link PciFunction#hwmatchId}) that a line of FILE matches as
     * {@code ^LINE$}, an extended regular expression; else 0. Whether this machine's GRUB has the command is on its
     * disk: the module in GRUB's directory for the platform. Without it, hwmatch is a command GRUB cannot find, and
     * GRUB takes such a command as succeeding (status 0, match unchanged: grub_script_execute_cmdline; grub-emu
     * prints B for {@code if false; then A; elif nosuchcmd; then B; fi}).
     */
    private Status hwmatch(List<String> args, boolean uncertain) {
        Variables.Value platform = vars.lookup("grub_platform");
        Variables.Value prefix = vars.lookup("prefix");
        if (uncertain || platform == null || prefix == null || platform.uncertain() || prefix.uncertain()) {
            return Status.UNKNOWN;
        }
        String directory = platform.text().equals("pc") ? "i386-pc" : "x86_64-" + platform.text();
        String module = onConfigFileSystem(prefix.text() + "/" + directory + "/hwmatch.mod");
        GrubFiles.Kind kind = module == null ? null : run.files.lookup(module);
        if (kind == null) {
            return Status.UNKNOWN;
        }
        if (kind == GrubFiles.Kind.MISSING) {
            return Status.TRUE; // a command this GRUB does not have
        }
        if (args.size() < 2) {
            return Status.FALSE; // "list file and class required"
        }
        String list = onConfigFileSystem(args.get(0));
        if (list == null || !list.startsWith("/")) {
            return Status.UNKNOWN;
        }
        byte[] bytes;
        try {
            bytes = run.files.read(list, Hwmatch.MAX_LIST_BYTES);
        } catch (java.nio.file.NoSuchFileException e) {
            return Status.FALSE; // GRUB cannot open it: an error, match unchanged
        } catch (java.io.IOException e) {
            return Status.UNKNOWN;
        }
        Boolean match = Hwmatch.matches(new String(bytes, java.nio.charset.StandardCharsets.UTF_8),
                Hwmatch.decimal(args.get(1)), run.files.pciFunctions());
        String origin = "set by hwmatch " + args.get(0) + " " + args.get(1);
        if (match == null) {
            vars.set("match", "", origin + ": this machine's PCI functions cannot be told", true);
        } else {
            vars.set("match", match ? "1" : "0", origin + " (this machine's PCI functions)", false);
        }
        return Status.TRUE;
    }

    /**
     * A script file that source or configfile reads, parsed.
     *
     * @param full its name as GRUB gives it to config_file ("(hd0)/boot/grub/custom.cfg")
     */
    private record ScriptFile(String full, Parser.Parsed parsed) {
        /** config_file and config_directory name the file while it runs. */
        void name(Variables context, String origin) {
            context.set("config_file", full, origin, false);
            context.set("config_directory", full.substring(0, full.lastIndexOf('/')), origin, false);
        }
    }

    /** The file source or configfile names, read and parsed; null when there is none (GRUB reads nothing). */
    private ScriptFile scriptFile(String commandName, String file, Statement.Command command, boolean uncertain)
            throws GrubConfigException {
        String path = scriptPath(commandName, file, command, uncertain);
        byte[] bytes = run.readSourced(commandName, path, file, command.line());
        if (bytes == null) {
            return null;
        }
        return new ScriptFile("(" + GrubDefaultEntry.CONFIG_DEVICE + ")" + path,
                Parser.parse(GrubDefaultEntry.text(bytes, file), file));
    }

    /** The path on grub.cfg's file system of a script file that source or configfile names; else one line. */
    private String scriptPath(String commandName, String file, Statement.Command command, boolean uncertain)
            throws GrubConfigException {
        String path = uncertain ? null : onConfigFileSystem(file);
        if (path == null || !path.startsWith("/")) {
            throw Lexer.error(command.line(), commandName + " " + file + ": not a file on grub.cfg's file system;"
                    + " cannot tell what GRUB reads there");
        }
        return path;
    }

    /**
     * configfile FILE, as grub_cmd_source with a new environment: FILE runs in a new context (only exported
     * variables, a menu of its own); when that menu has entries GRUB shows it at once and boots its default, so
     * nothing after this command runs ({@link ScriptRun#shown}); without entries (or without the file) GRUB goes on
     * after the command. Read under the same rules and bounds as source. grub-emu: lang-configfile-*.
     */
    private Status configfile(List<String> args, Statement.Command command, boolean uncertain)
            throws GrubConfigException {
        if (args.size() != 1) {
            return Status.FALSE; // "filename expected"
        }
        String file = args.get(0);
        ScriptFile script = scriptFile("configfile", file, command, uncertain);
        if (script == null) {
            return Status.TRUE;
        }
        Variables inner = vars.newContext();
        Variables.Value oldFile = inner.lookup("config_file");
        Variables.Value oldDirectory = inner.lookup("config_directory");
        script.name(inner, "set by configfile on grub.cfg line " + command.line());
        ScriptEvaluator other = new ScriptEvaluator(inner, List.of(), run);
        try {
            run.sourceDepth++;
            other.run(script.parsed().statements());
        } finally {
            run.sourceDepth--;
        }
        if (run.shown == null && !other.menu().isEmpty()) {
            // read_config_file puts back config_file and config_directory as the new context had them
            restore(inner, "config_file", oldFile);
            restore(inner, "config_directory", oldDirectory);
            run.shown = new ScriptRun.Configfile(file, other.menu(), inner);
        }
        return Status.TRUE;
    }

    private static void restore(Variables context, String name, Variables.Value old) {
        if (old == null) {
            context.unset(name);
        } else {
            context.set(name, old.text(), old.origin(), old.uncertain());
        }
    }

    /** Origin of a variable set by search to a file system that is known not to hold grub.cfg. */
    private static final String ELSEWHERE = "another file system: ";
    /** The origin of a $root that search set to a file system this system cannot tell from grub.cfg's. */
    private static final String UNIDENTIFIED = "a file system this system cannot identify: ";

    /** grub_script_function_call: the body runs with new positional parameters, in the same variable context. */
    private Status call(Statement.FunctionDefinition function, List<String> args, Statement.Command command)
            throws GrubConfigException {
        if (callDepth >= MAX_CALL_DEPTH) {
            return Status.UNKNOWN;
        }
        run.budget.spend(CALL_COST, command.line()); // every call costs: at most 16 384 calls in one run
        ScriptEvaluator body = new ScriptEvaluator(vars, args, run, menu, boot, callDepth + 1);
        // grub_script_function_call: the body's breaks reach no loop of the caller's
        int callersLoops = run.loops.active;
        run.loops.active = 0;
        try {
            return body.run(function.body());
        } finally {
            run.loops.active = callersLoops;
            run.loops.breaks = 0;
        }
    }

    /**
     * save_env [-f FILE] NAME …: GRUB writes each variable's value into grubenv (deleting it when unset). Writes to
     * another file, and values that depend on what a static reader cannot know, are not recorded: nothing is
     * written that GRUB might not have written.
     */
    private Status saveEnv(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-f") || a.startsWith("--file")) {
                return Status.UNKNOWN;
            }
        }
        for (String name : args) {
            Variables.Value value = vars.lookup(name);
            if (value != null && value.uncertain()) {
                continue;
            }
            run.save(name, value == null ? null : value.text());
        }
        return Status.TRUE;
    }

    private Status assign(String assignment, Statement.Command command, int wordIndex, boolean uncertain) {
        int eq = assignment.indexOf('=');
        if (eq < 0) {
            return Status.FALSE; // GRUB's set: "not an assignment"
        }
        String name = assignment.substring(0, eq);
        String value = assignment.substring(eq + 1);
        vars.set(name, value, origin(command, wordIndex), uncertain);
        return Status.TRUE;
    }

    /**
     * Where an assigned value comes from, for the reason line: when the value word is nothing but one variable
     * (as in {@code set default="${saved_entry}"}) the value inherits that variable's origin, so the reason can say
     * "from saved_entry in grubenv"; otherwise it is the line of the assignment.
     */
    private String origin(Statement.Command command, int wordIndex) {
        String here = "set on grub.cfg line " + command.line();
        if (wordIndex >= command.words().size()) {
            return here;
        }
        Word word = command.words().get(wordIndex);
        Word.Variable only = null;
        boolean afterEquals = false;
        for (Word.Part part : word.parts()) {
            if (part instanceof Word.Literal lit) {
                String text = lit.text();
                if (!afterEquals) {
                    int eq = text.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    afterEquals = true;
                    text = text.substring(eq + 1);
                }
                if (!text.isEmpty()) {
                    return here;
                }
            } else if (afterEquals) {
                if (only != null) {
                    return here;
                }
                only = (Word.Variable) part;
            }
        }
        if (only == null) {
            return here;
        }
        Variables.Value source = vars.lookup(only.name());
        return source == null ? here : source.origin();
    }

    private Status define(boolean submenu, List<String> args, Statement.Command command) {
        if (!command.hasBlock()) {
            return Status.FALSE;
        }
        MenuItem item = MenuItem.of(submenu, args, command.block(), command.line());
        if (item == null) {
            return Status.FALSE;
        }
        menu.add(item);
        return Status.TRUE;
    }
}

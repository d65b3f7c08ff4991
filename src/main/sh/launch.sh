# launch.sh: sourced (never run) by init.d/kexec-load, init.d/kexec and kexec-reboot, which set
# kr_name (their name in messages), kr_jar (the jar they chose: installed or checkout) and PATH.
# Installed as /usr/share/kexec-reboot/launch.sh. The one place that knows how java is started:
# the shims, the CLI, the build's CDS training (pom.xml) and the package's (make-archive) use it.

# The JVM flags. An archive is only used by a JVM started with the flags of the one that dumped it,
# so make-archive dumps with exactly these. The default collector (G1), on purpose: with
# -XX:+UseSerialGC, JDK 17 ignores the archive's heap objects and with them the full module graph
# (`-Xlog:cds`: "CDS heap data is being ignored"): ~30 ms more at every start (issue 13).
# Bounded memory (a 256 MB machine, a tight ulimit); nothing written (the root may be read-only).
KR_JVM_FLAGS='-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -Xss512k -Xms8m -Xmx48m -XX:MaxMetaspaceSize=48m -XX:CompressedClassSpaceSize=16m -XX:ReservedCodeCacheSize=8m -Xshare:auto'

# What steers a JVM (or the dynamic linker under it) is not inherited from whoever started us: a
# -javaagent in JAVA_TOOL_OPTIONS would run as root, a collector option can break the archive.
unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS JAVA_OPTIONS CLASSPATH JAVA_HOME JDK_HOME \
	JRE_HOME _JAVA_LAUNCHER_DEBUG _JAVA_SR_SIGNUM JAVA_VERSION JAVA_COMPILER LD_PRELOAD \
	LD_LIBRARY_PATH LD_AUDIT LD_BIND_NOW LD_DEBUG LD_PROFILE MALLOC_CHECK_ MALLOC_ARENA_MAX \
	GLIBC_TUNABLES 2>/dev/null

# The defaults reader: what /bin/sh runs to evaluate /etc/default/kexec, then every file that
# `run-parts --list /etc/default/kexec.d` names (as Debian 12's kexec-tools does), and hand back
# the values on descriptor 8, which the file has no reason to touch: its own output (even after
# `exec >/dev/null` or `exec 1>&2`) goes where the original's would, and never into the record.
# $1 is the file, $2 the directory. Aliases and functions the file made cannot change our printf.
# The same text is DefaultsFile.READER (JvmFlagsTest keeps the two identical).
# --- reader begins
KR_READER='test -r "$1" && . "$1"
if [ -d "$2" ]; then
	for snippet in $(run-parts --list "$2"); do
		. "$snippet"
	done
fi
\unalias -a 2>/dev/null
\unset -f printf command 2>/dev/null
command printf "\0kexec-reboot-defaults\0%s\0%s\0%s\0%s\0%s\0%s\0%s\0%s\0%s\0" "${LOAD_KEXEC-}" "${KERNEL_IMAGE-}" "${INITRD-}" "${APPEND-}" "${USE_GRUB_CONFIG-}" "${KEXEC_TIMEOUT-}" "${KEXEC_SYSCALL-}" "${KEXEC_IGNORE_RULES-}" "${KEXEC_COLD_EVERY-}" >&8 2>/dev/null
exit 0'
# --- reader ends

# The class-data sharing archive beside the jar (made by `mvn package` or by make-archive when the
# package is configured), when there is one; one dumped by another JVM build is ignored without a
# word (-Xlog:cds=off): `kexec-reboot status` says whether it is in use.
# kexec-reboot sets kr_use_archive=false: it must start even with a damaged archive (JDK 17 dies on one)
# to say so in `status`, and it is not on the reboot path.
kr_archive() {
	kr_jsa=${kr_jar%.jar}.jsa
	[ "${kr_use_archive-}" != false ] && [ -f "$kr_jsa" ] || kr_jsa=
}

# kr_java MAIN ARG...: java with the flags, the archive and the locale (init gives none, and Java
# would then pass non-ASCII paths and arguments as `?`). Stdin, stdout, stderr as the caller's.
# One malloc arena: glibc reserves 64 MB of address space per arena, and G1's threads would each
# get one; with it the JVM starts under a 364 MB address-space limit (ulimit -v), without it ~730.
# -Dkexec.events: the JVM leaves its journal lines for kr_events in /run/kexec-reboot/events-$$.N.
kr_java() {
	kr_archive
	MALLOC_ARENA_MAX=1 LC_ALL=C.UTF-8 java $KR_JVM_FLAGS -XX:ErrorFile=/dev/null ${kr_jsa:+"-XX:SharedArchiveFile=$kr_jsa"} \
		-Xlog:cds=off,cds+dynamic=off -Dkexec.stdout.tty=$kr_tty -Dkexec.events=$$ -cp "$kr_jar" "$@"
}

# kr_events [keep]: once the JVM has exited, each journal line it left (org.kexecreboot.state.EventLog:
# a journal entry, FIELD=value lines) goes to the journal with `logger --journald` where journald
# listens, else to syslog with its MESSAGE and PRIORITY (sysvinit), and is removed. Each logger is
# bounded (timeout: 2 s, then SIGKILL 1 s later) and says nothing: a journal that is gone or hung
# loses the line, never the reboot. No line, no process; else builtins, timeout and logger (~15 ms).
# `keep` (the init scripts, at the reboot): no rm (~5 ms more): /run goes with the reboot, and a
# later JVM of a shim with the same PID removes what is left before it writes (EventLog).
kr_events() {
	kr_sent=
	for kr_e in /run/kexec-reboot/events-$$.*; do
		[ -f "$kr_e" ] || continue
		kr_sent=yes
		if [ -S /run/systemd/journal/socket ]; then
			/usr/bin/timeout -k 1 2 logger --journald="$kr_e"
		else
			kr_msg= kr_prio=5
			while IFS= read -r kr_l; do
				case $kr_l in MESSAGE=*) kr_msg=${kr_l#MESSAGE=} ;; PRIORITY=?) kr_prio=${kr_l#PRIORITY=} ;; esac
			done <"$kr_e"
			/usr/bin/timeout -k 1 2 logger -t kexec-reboot -p "daemon.$kr_prio" -- "$kr_msg"
		fi </dev/null >/dev/null 2>&1
	done
	[ -z "$kr_sent" ] || [ "${1-}" = keep ] || rm -f /run/kexec-reboot/events-$$.*
}

# kr_java_with_defaults MAIN ARG...: the same, with /etc/default/kexec evaluated beside the JVM's
# start by a bounded /bin/sh (10 s, then SIGKILL 2 s later) and its values on the JVM's stdin: the
# reader's record (a header, then each value NUL-terminated), then "S<sh's exit status>\n" from us.
# The file's own output goes to our stdout and stderr, as when the original sourced it. The JVM
# reads the record with a deadline of its own. A JVM that needs no values (S85 with nothing loaded)
# may be gone before they are written: with SIGPIPE ignored (systemd's default for services)
# printf would then complain on the console; it says nothing.
# The file sees the original script's PATH (kr_defaults_path: S85's is /sbin:/bin); coreutils'
# timeout is /usr/bin/timeout on every Debian.
# kexec is run here, not by the JVM (kr_serve; -Dkexec.runner=shim): the JVM's descriptor 7 is the
# pipe to kr_serve, and its exit status comes last on that pipe ("X<status>"), which is how it
# becomes this function's.
kr_java_with_defaults() {
	{ { PATH=${kr_defaults_path:-$PATH} /usr/bin/timeout -k 2 10 /bin/sh -c "$KR_READER" "$0" /etc/default/kexec \
		/etc/default/kexec.d 8>&1 1>&9 9>&-
	    printf 'S%d\n' $? 2>/dev/null
	  } | { kr_java -Dkexec.defaults=stdin -Dkexec.runner=shim "$@" 7>&1 1>&9 9>&-; printf 'X%d\n' $?; } | kr_serve 9>&-
	} 9>&1
}

# kr_serve: runs the programs the JVM asks for (org.kexecreboot.exec.ShimRunner: kexec -l, -u, -e),
# so that the JVM never starts a process of its own on the reboot path (issue 23: 25-40 ms). Reads
# the JVM's requests on stdin until its exit status, "X<status>", which it returns. A request is
# "run JVMPID ARGC MODE", the program's PATH, then each argument as its number of lines and the lines:
# the argv is built with read and set --, never evaluated. The program gets /dev/null as stdin,
# this shell's stdout (the console) and, as its stderr, the JVM's stdin (/proc/JVMPID/fd/0: the
# pipe the values came on, read to its end), followed by "\0kexec-reboot-pid N" and
# "\0kexec-reboot-exit STATUS" lines. The JVM keeps the clock and kills it at its bound; it is
# waited for in a subshell of its own, so one stuck in the kernel past SIGKILL holds nothing here.
kr_serve() {
	kr_status=1
	while IFS= read -r kr_line; do
		case $kr_line in
			X*) kr_status=${kr_line#X} ;;
			"run "*) kr_run ${kr_line#run } ;;
		esac
	done
	case $kr_status in ''|*[!0-9]*) kr_status=1 ;; esac
	return "$kr_status"
}

# kr_run JVMPID ARGC MODE: the rest of one request (see kr_serve), then the program, in the
# background. MODE out (systemctl's answers): its stdout goes back instead of its stderr, which is
# thrown away.
kr_run() {
	kr_jvm=${1-} kr_argc=${2-} kr_mode=${3-}
	case $kr_jvm in ''|*[!0-9]*) return 0 ;; esac
	case $kr_argc in ''|0|*[!0-9]*) return 0 ;; esac
	IFS= read -r kr_path || return 0
	set --
	while [ "$kr_argc" -gt 0 ] && IFS= read -r kr_lines && IFS= read -r kr_arg; do
		case $kr_lines in ''|0|*[!0-9]*) return 0 ;; esac
		while [ "$kr_lines" -gt 1 ] && IFS= read -r kr_l; do
			kr_arg="$kr_arg
$kr_l"
			kr_lines=$((kr_lines - 1))
		done
		set -- "$@" "$kr_arg"
		kr_argc=$((kr_argc - 1))
	done
	[ "$kr_argc" = 0 ] && [ "$kr_lines" = 1 ] || return 0
	case $1 in /*) ;; *) return 0 ;; esac
	{
		if [ "$kr_mode" = out ]; then
			PATH=$kr_path "$@" </dev/null >&5 2>/dev/null 5>&- &
		else
			PATH=$kr_path "$@" </dev/null 2>&5 5>&- &
		fi
		printf '\0kexec-reboot-pid %d\n' $! >&5
		wait $!
		printf '\0kexec-reboot-exit %d\n' $? >&5
	} 5>"/proc/$kr_jvm/fd/0" 2>/dev/null &
}

if [ -t 1 ]; then kr_tty=true; else kr_tty=false; fi

#!/usr/bin/env bash
# startup-bench.sh: how long the kexec init-script shims take to start and decide, against a bare
# `java` hello world (the floor) and, when ../shared/reference exists, the original shell scripts.
#
# usage: src/test/bench/startup-bench.sh [--runs N] [--system DIR] [--java PATH] [--levers] [--classes] [--probes]
#   --runs N    timed runs per scenario (default 30), interleaved round-robin; medians are reported
#   --system DIR  the fake root's /usr and /etc come from DIR (default /): e.g. a Debian 13 root made
#               with `mmdebstrap --include=openjdk-21-jre-headless trixie DIR` to time its JDK 21
#   --java PATH   the JVM the shims and the floor run (PATH inside the system, e.g.
#               /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; default: `java` there, its alternative)
#               With --system or --java the archive is dumped again by that JVM (make-archive).
#   --compare DIR another built checkout (say, a clone of main): its shims are timed in the same
#               interleaved batch (cmp-*), for a before/after on a busy machine
#   --levers    also time the java command line with one JVM option set at a time (no shim)
#   --only RE   with --levers: only the option sets whose name matches the bash regex RE
#   --classes   also count the classes each path loads (-Xlog:class+load) and list the non-JDK ones
#   --probes    also time what tinylog costs at its first Logger.warn, and what commons-configuration2
#               would cost (fetched with mvn into a temp dir; needs Maven Central or ~/.m2)
#
# Run by hand, as root, on a built checkout (mvn -DskipTests package). Everything happens in a
# private mount namespace, in a throw-away fake root on a tmpfs: the shims find a recording fake
# /sbin/kexec (exits 0, writes 1 to the fake /sys/kernel/kexec_loaded), a fake /proc/cmdline and the
# fixture's /etc/default/kexec. /usr and /etc are the machine's own, read-only. The checkout is
# mounted read-only at its own absolute path: a CDS archive only matches the jar it was made with,
# found under the same path (or the same inode).
#
# Figures: wall and CPU (user+sys) time from bash's `time` around `chroot ROOT COMMAND`, so every
# scenario (floor included) pays the same fork+exec of chroot; peak RSS is /usr/bin/time -f %M of
# separate runs (the largest process of the tree: the JVM).
set -euo pipefail

runs=30 levers=false classes=false probes=false
only="" system=/ javabin="" compare=""
while [ $# -gt 0 ]; do
  case $1 in
    --system) system=$(readlink -f "$2"); shift 2 ;;
    --java) javabin=$2; shift 2 ;;
    --compare) compare=$(readlink -f "$2"); shift 2 ;;
    --only) only=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --levers) levers=true; shift ;;
    --classes) classes=true; shift ;;
    --probes) probes=true; shift ;;
    *) sed -n '2,20p' "$0" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "startup-bench: needs root (mount namespace + chroot)" >&2; exit 2; }
repo=$(cd "$(dirname "$(readlink -f "$0")")/../../.." && pwd)
jar=$repo/target/kexec-reboot.jar
[ -f "$jar" ] || { echo "startup-bench: build first: mvn -DskipTests package ($jar is missing)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "startup-bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
command -v javac >/dev/null || { echo "startup-bench: needs javac (a JDK) for the floor" >&2; exit 2; }

if [ -z "${STARTUP_BENCH_NS:-}" ]; then
  exec env STARTUP_BENCH_NS=1 unshare --mount --propagation private -- "$0" \
    --runs "$runs" --system "$system" ${javabin:+--java "$javabin"} ${compare:+--compare "$compare"} ${only:+--only "$only"} $($levers && echo --levers) $($classes && echo --classes) $($probes && echo --probes)
fi

# ---------------------------------------------------------------- the fake root (in our namespace)
W=$(mktemp -d /tmp/startup-bench.XXXXXX)
# Unmount before removing anything: /dev and the checkout are bind mounts in there.
trap 'umount -R "$W/root" 2>/dev/null || umount -Rl "$W/root" 2>/dev/null || true
      mountpoint -q "$W/root" || rm -rf --one-file-system "$W"' EXIT
R=$W/root
mkdir -p "$R"
mount -t tmpfs -o mode=755 bench-root "$R"
(
  cd "$R"
  mkdir -p usr etc dev proc sys run tmp boot bench var/lib
  chmod 1777 tmp
  # Writable as at a real K18: /run (a tmpfs, the journal lines' files) and /var/lib (the marks).
  mount -t tmpfs bench-run run; mount -t tmpfs bench-var-lib var/lib
  mount -t tmpfs bench-state bench     # ours: the floor's class, the kexec log (the root goes read-only)
  ln -s usr/bin bin; ln -s usr/sbin sbin; ln -s usr/lib lib
  [ -e /lib64 ] && ln -s usr/lib64 lib64
  mount --bind "$system/usr" usr; mount -o remount,bind,ro usr
  mount --bind "$system/etc" etc; mount -o remount,bind,ro etc
  if [ -n "$javabin" ]; then   # that JVM as `java` (the alternative's link), for the shims and the floor
    mount -t tmpfs bench-alternatives etc/alternatives
    cp -a "$system/etc/alternatives/." etc/alternatives/
    ln -sfn "$javabin" etc/alternatives/java
  fi
  mount --bind /dev dev
  mount -t proc proc proc
  mount -t tmpfs sys sys
  for d in etc/default etc/init.d etc/rc6.d usr/sbin; do mount -t tmpfs "bench-${d//\//-}" "$d"; done
  mkdir -p sys/kernel "./$repo"
  echo 0 > sys/kernel/kexec_loaded
  echo "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet" > bench/cmdline
  mount --bind bench/cmdline proc/cmdline
  : > vmlinuz; : > initrd.img
  cat > usr/sbin/kexec <<'FAKE'
#!/bin/sh
# a recording fake kexec: never touches a kernel
{ printf kexec; for a in "$@"; do printf " [%s]" "$a"; done; echo; } >> /bench/kexec.log
case " $* " in *" -l "*) echo 1 > /sys/kernel/kexec_loaded ;; esac
exit 0
FAKE
  chmod 755 usr/sbin/kexec
  mount --bind "$repo" "./$repo"; mount -o remount,bind,ro "./$repo"
  if [ -n "$compare" ]; then
    mkdir -p "./$compare"; mount --bind "$compare" "./$compare"; mount -o remount,bind,ro "./$compare"
    ln -s "$compare/init.d/kexec-load" etc/init.d/cmp-kexec-load
    ln -s "$compare/init.d/kexec" etc/init.d/cmp-kexec
  fi
  ln -s "$repo/init.d/kexec-load" etc/init.d/kexec-load
  ln -s "$repo/init.d/kexec" etc/init.d/kexec
  ln -s ../init.d/kexec-load etc/rc6.d/K18kexec-load
  ln -s ../init.d/kexec etc/rc6.d/S85kexec
)
ref=$repo/../shared/reference
have_ref=false
if [ -f "$ref/K18kexec-load" ] && [ -f "$ref/S85kexec" ]; then
  install -m 755 "$ref/K18kexec-load" "$R/etc/init.d/ref-kexec-load"
  install -m 755 "$ref/S85kexec" "$R/etc/init.d/ref-kexec"
  have_ref=true
fi
jsa=${jar%.jar}.jsa
if [ -n "$javabin" ] || [ "$system" != / ]; then
  # An archive is only used by the JVM build that dumped it: dump one with this JVM, over the build's.
  if chroot "$R" /bin/sh "$repo/src/main/sh/make-archive" "$jar" /bench/kexec-reboot.jsa /bench >"$W/make-archive.log" 2>&1; then
    mount --bind "$R/bench/kexec-reboot.jsa" "$R$jsa"
  else
    echo "startup-bench: no archive for this JVM (see $W/make-archive.log): the build's is ignored by it" >&2
  fi
fi
# As after umountroot: the root is read-only (/sys, /run, /var/lib, /etc/default and /bench stay writable), so a JVM
# or shim that wanted to write there (hsperfdata in /tmp, a CDS archive) would show up on stderr.
mount -o remount,ro "$R"
defaults() { # LOAD_KEXEC value
  printf 'LOAD_KEXEC=%s\nKERNEL_IMAGE="/vmlinuz"\nINITRD="/initrd.img"\nAPPEND=""\nUSE_GRUB_CONFIG=false\n' "$1" \
    > "$R/etc/default/kexec"
}

# The floor: a bare hello world, compiled here.
mkdir -p "$W/hello"
cat > "$W/hello/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] args) {
        System.out.println("Hello, world");
    }
}
JAVA
javac -d "$R/bench" "$W/hello/Hello.java"

# ---------------------------------------------------------------- scenarios
# name | setup (LOAD_KEXEC, kexec_loaded before the run) | command in the fake root | check afterwards
declare -a names=() loads=() loaded=() cmds=() checks=()
add() { names+=("$1"); loads+=("$2"); loaded+=("$3"); cmds+=("$4"); checks+=("$5"); }
# A shim flag set, taken from the shim itself (so that --levers compares against what ships).
shim_flags="$(. "$repo/src/main/sh/launch.sh"; echo "$KR_JVM_FLAGS") -XX:ErrorFile=/dev/null"

add floor-java-hello      true  0 "java -cp /bench Hello" ""
add k18-load              true  0 "/etc/rc6.d/K18kexec-load stop" loaded1
add k18-LOAD_KEXEC=false  false 0 "/etc/rc6.d/K18kexec-load stop" loaded0
add s85-nothing-loaded    true  0 "/etc/rc6.d/S85kexec stop" loaded0
if [ -n "$compare" ]; then
  add cmp-k18-load             true  0 "/etc/init.d/cmp-kexec-load stop" loaded1
  add cmp-k18-LOAD_KEXEC=false false 0 "/etc/init.d/cmp-kexec-load stop" loaded0
  add cmp-s85-nothing-loaded   true  0 "/etc/init.d/cmp-kexec stop" loaded0
fi
if $have_ref; then
  add ref-k18-load             true  0 "/etc/init.d/ref-kexec-load stop" loaded1
  add ref-k18-LOAD_KEXEC=false false 0 "/etc/init.d/ref-kexec-load stop" loaded0
  add ref-s85-nothing-loaded   true  0 "/etc/init.d/ref-kexec stop" loaded0
fi

# lever option sets: each is timed on the three paths, as `java OPTIONS -cp JAR MAIN $0 stop`
declare -a lever_names=() lever_opts=()
lever() { lever_names+=("$1"); lever_opts+=("$2"); }
if $levers; then
  cds_on="-XX:SharedArchiveFile=$jsa -Xlog:cds=off,cds+dynamic=off"
  lever "none (JVM defaults)"          ""
  lever "-Xshare:off (no CDS at all)"  "-Xshare:off"
  lever "+UseSerialGC"                 "-XX:+UseSerialGC"
  lever "+TieredStopAtLevel=1"         "-XX:TieredStopAtLevel=1"
  lever "-UsePerfData"                 "-XX:-UsePerfData"
  lever "heap -Xss512k -Xms8m -Xmx64m" "-Xss512k -Xms8m -Xmx64m"
  lever "code: CICompilerCount=1 ReservedCodeCacheSize=16m (+C1 only)" \
        "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m"
  [ -f "$jsa" ] && lever "AppCDS archive only" "$cds_on"
  lever "shim flags, no AppCDS"        "$shim_flags -Xlog:cds=off,cds+dynamic=off"
  [ -f "$jsa" ] && lever "shim flags + AppCDS (shipped)" "$shim_flags $cds_on"
  [ -f "$jsa" ] && lever "shim + AppCDS + Xshare:off (AppCDS needs the base)" "$shim_flags $cds_on -Xshare:off"
  [ -f "$jsa" ] && lever "shim + AppCDS + VFORK (JDK 25 warns on it)" "$shim_flags $cds_on -Djdk.lang.Process.launchMechanism=VFORK"
  [ -f "$jsa" ] && lever "shim + AppCDS + Serial (JDK 17 ignores the archive heap)" "$shim_flags $cds_on -XX:+UseSerialGC"
  [ -f "$jsa" ] && lever "shim + AppCDS + CICompilerCount=1 ReservedCodeCacheSize=16m" \
        "$shim_flags $cds_on -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m"
  [ -f "$jsa" ] && lever "shim + AppCDS + -Xint" "$shim_flags $cds_on -Xint"
  for i in "${!lever_names[@]}"; do
    [ -n "$only" ] && ! [[ ${lever_names[$i]} =~ $only ]] && continue
    o=${lever_opts[$i]}
    add "L$i floor  ${lever_names[$i]}" true 0 "java $o -cp /bench Hello" ""
    add "L$i k18-load" true 0 "java $o -cp $jar org.kexecreboot.initd.KexecLoad /etc/rc6.d/K18kexec-load stop" loaded1
    add "L$i k18-off" false 0 "java $o -cp $jar org.kexecreboot.initd.KexecLoad /etc/rc6.d/K18kexec-load stop" loaded0
    add "L$i s85-idle" true 0 "java $o -cp $jar org.kexecreboot.initd.KexecExec /etc/rc6.d/S85kexec stop" loaded0
  done
fi

prepare() { # index
  defaults "${loads[$1]}"
  echo "${loaded[$1]}" > "$R/sys/kernel/kexec_loaded"
  rm -f "$R/bench/kexec.log"
}
run_in_root() { # command line (split on blanks, as written above)
  # shellcheck disable=SC2086
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb LANG=C.UTF-8 chroot "$R" $1 </dev/null
}
bad=0
check() { # index, stderr file
  local why=""
  case ${checks[$1]} in
    loaded1) [ "$(cat "$R/sys/kernel/kexec_loaded")" = 1 ] || why="no kernel loaded" ;;
    loaded0) [ "$(cat "$R/sys/kernel/kexec_loaded")" = 0 ] || why="a kernel was loaded" ;;
  esac
  [ -s "$2" ] && why="${why:+$why; }stderr: $(head -c 200 "$2")"
  if [ -n "$why" ]; then
    [ -f "$W/bad.${1}" ] || echo "!! ${names[$1]}: $why" >&2
    touch "$W/bad.${1}"; bad=$((bad + 1))
  fi
}

n=${#names[@]}
TIMEFORMAT='%3R %3U %3S'   # bash's time: seconds with ms; below turned into ms
echo "startup-bench: $n scenarios x $runs runs (+3 warm-up, +$(( runs < 10 ? runs : 10 )) for RSS each)" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((i = 0; i < n; i++)); do
  for _ in 1 2 3; do prepare "$i"; run_in_root "${cmds[$i]}" >/dev/null 2>"$W/err" || true; check "$i" "$W/err"; done
done
for ((r = 0; r < runs; r++)); do
  for ((k = 0; k < n; k++)); do
    i=$(( (k + r) % n ))   # rotate the order from run to run
    prepare "$i"
    { time run_in_root "${cmds[$i]}" >/dev/null 2>"$W/err"; } 2>"$W/time.now" || true
    check "$i" "$W/err"
    read -r real user sys < "$W/time.now"
    awk -v r="$real" 'BEGIN { print r * 1000 }' >> "$W/t.$i"                 # wall, ms
    awk -v u="$user" -v s="$sys" 'BEGIN { print (u + s) * 1000 }' >> "$W/c.$i" # user+sys of the tree, ms
  done
done
rss_runs=$(( runs < 10 ? runs : 10 ))
for ((r = 0; r < rss_runs; r++)); do
  for ((i = 0; i < n; i++)); do
    prepare "$i"
    # shellcheck disable=SC2086
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb LANG=C.UTF-8 \
      /usr/bin/time -f %M -o "$W/rss.now" chroot "$R" ${cmds[$i]} </dev/null >/dev/null 2>&1 || true
    tail -n1 "$W/rss.now" >> "$W/rss.$i"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report
pct() { # file (one number a line), percentile 50|90: nearest rank
  sort -n "$1" | awk -v p="$2" '{ v[NR] = $1 } END { k = int((p * NR + 99) / 100); if (k < 1) k = 1; print v[k] }'
}
floor=$(pct "$W/t.0" 50)
printf '\n%-66s %8s %8s %8s %8s %7s\n' scenario "median" "p90" "cpu" "RSS" "ratio"
printf '%-66s %8s %8s %8s %8s %7s\n' "" "ms" "ms" "ms" "MB" "/floor"
for ((i = 0; i < n; i++)); do
  case ${names[$i]} in L*" floor "*) [ -z "${seen_levers:-}" ] && seen_levers=1 && echo "-- levers: java OPTIONS -cp JAR MAIN (no shim); the ratio is to the bare floor above" ;; esac
  med=$(pct "$W/t.$i" 50); p90=$(pct "$W/t.$i" 90); cpu=$(pct "$W/c.$i" 50); rss=$(pct "$W/rss.$i" 50)
  flag=""; [ -f "$W/bad.$i" ] && flag="  (!)"
  awk -v name="${names[$i]}" -v m="$med" -v p="$p90" -v c="$cpu" -v r="$rss" -v f="$floor" -v flag="$flag" \
    'BEGIN { printf "%-66s %8.1f %8.1f %8.1f %8.1f %7.2f%s\n", name, m, p, c, r / 1024, m / f, flag }'
done
echo
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r)"
echo "java: $(chroot "$R" java -version 2>&1 | sed -n 2p) (system: $system)"
echo "AppCDS archive: $([ -f "$jsa" ] && echo "$jsa ($(du -k "$jsa" | cut -f1) kB)" || echo none)"
[ -n "$compare" ] && echo "cmp-*: the shims of $compare ($(git -C "$compare" log -1 --format='%h %s' 2>/dev/null | cut -c1-80))"
echo "load average before: $load_before, after: $load_after; busiest other processes at the end:"
ps -eo pcpu=,comm= --sort=-pcpu | head -3 | sed 's/^/   /'
echo "runs: $runs per scenario, interleaved (wall median and nearest-rank p90; cpu: median user+sys of the process tree), RSS: median of $rss_runs runs of /usr/bin/time -f %M"
[ "$bad" = 0 ] || echo "!! $bad runs wrote to stderr or did not do what the scenario expects: marked (!)"

# ---------------------------------------------------------------- classes loaded per path
if $classes; then
  echo
  echo "-- classes loaded (-Xlog:class+load), java with the shim's flags:"
  for cds in "without AppCDS" "with AppCDS"; do
    o="$shim_flags -Xlog:cds=off,cds+dynamic=off"
    [ "$cds" = "with AppCDS" ] && { [ -f "$jsa" ] || continue; o="$o -XX:SharedArchiveFile=$jsa"; }
    for s in "k18-load:true:KexecLoad:K18kexec-load" "k18-off:false:KexecLoad:K18kexec-load" "s85-idle:true:KexecExec:S85kexec"; do
      IFS=: read -r name load main script <<<"$s"
      defaults "$load"; echo 0 > "$R/sys/kernel/kexec_loaded"
      log=$W/classes.$name.$([ "$cds" = "with AppCDS" ] && echo cds || echo nocds)
      run_in_root "java $o -Xlog:class+load=info:file=/bench/classes.log -cp $jar org.kexecreboot.initd.$main /etc/rc6.d/$script stop" \
        >/dev/null 2>&1 || true
      cp "$R/bench/classes.log" "$log"
      total=$(grep -c 'source:' "$log" || true)
      base=$(grep -c 'source: shared objects file$' "$log" || true)
      top=$(grep -c 'source: shared objects file (top)' "$log" || true)
      jrt=$(grep -c 'source: jrt:/' "$log" || true)
      jarn=$(grep -c "source: file:" "$log" || true)
      other=$((total - base - top - jrt - jarn))
      printf '%-9s %-15s %4d classes: %4d JDK archive, %4d AppCDS archive, %4d parsed from jrt:/, %3d parsed from the jar, %3d generated\n' \
        "$name" "$cds" "$total" "$base" "$top" "$jrt" "$jarn" "$other"
      if [ "$cds" = "without AppCDS" ]; then
        awk '/ org\.(kexecreboot|apache|tinylog)\./ { sub(/.*\] /, ""); sub(/ source:.*/, ""); print "            " $0 }' "$log" |
          awk -v name="$name" '{ a[NR] = $1 } END { printf "            %d non-JDK classes:", NR; for (i = 1; i <= NR; i++) printf " %s", a[i]; print "" }' |
          fold -s -w 160
      fi
    done
  done
fi

# ---------------------------------------------------------------- probes: tinylog, commons-configuration2
if $probes; then
  echo
  echo "-- probes (java with the shim's flags, no AppCDS; $runs runs each, median ms):"
  mkdir -p "$W/probe" "$R/bench/probe"
  cat > "$W/probe/TinylogProbe.java" <<'JAVA'
public class TinylogProbe {
    public static void main(String[] args) {
        if (args.length > 0) {
            org.tinylog.Logger.warn("{}: {}", "kexec-load", "probe");
        }
        Runtime.getRuntime().halt(0);
    }
}
JAVA
  cat > "$W/probe/Config2Probe.java" <<'JAVA'
import java.io.StringReader;
import org.apache.commons.configuration2.PropertiesConfiguration;

public class Config2Probe {
    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            PropertiesConfiguration config = new PropertiesConfiguration();
            config.read(new StringReader("LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\n"));
            if (!config.getBoolean("LOAD_KEXEC")) throw new AssertionError();
        }
        Runtime.getRuntime().halt(0);
    }
}
JAVA
  javac -d "$R/bench/probe" -cp "$jar" "$W/probe/TinylogProbe.java"
  cfgcp=""
  cat > "$W/probe/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>probe</groupId><artifactId>probe</artifactId><version>1</version>
  <dependencies><dependency><groupId>org.apache.commons</groupId><artifactId>commons-configuration2</artifactId>
    <version>2.11.0</version></dependency></dependencies></project>
POM
  if (cd "$W/probe" && mvn -q dependency:copy-dependencies -DoutputDirectory="$R/bench/probe/lib" >"$W/probe/mvn.log" 2>&1); then
    cfgcp=$(printf '%s:' "$R"/bench/probe/lib/*.jar); cfgcp=${cfgcp%:}
    javac -d "$R/bench/probe" -cp "$cfgcp" "$W/probe/Config2Probe.java"
    cfgcp=$(printf '/bench/probe/lib/%s:' $(cd "$R/bench/probe/lib" && ls)); cfgcp=${cfgcp%:}
  else
    echo "   (commons-configuration2 could not be fetched: $W/probe/mvn.log)"
  fi
  declare -a pn=() pc=()
  pn+=("tinylog on the classpath, not used");        pc+=("java $shim_flags -cp /bench/probe:$jar TinylogProbe")
  pn+=("tinylog, one Logger.warn (to stderr)");       pc+=("java $shim_flags -cp /bench/probe:$jar TinylogProbe warn")
  if [ -n "$cfgcp" ]; then
    pn+=("commons-configuration2 on the classpath, not used"); pc+=("java $shim_flags -cp /bench/probe:$cfgcp Config2Probe")
    pn+=("commons-configuration2: new PropertiesConfiguration + read"); pc+=("java $shim_flags -cp /bench/probe:$cfgcp Config2Probe load")
  fi
  for i in "${!pn[@]}"; do
    for ((r = 0; r < runs + 3; r++)); do
      { time run_in_root "${pc[$i]}" >/dev/null 2>&1; } 2>"$W/time.now" || true
      read -r real user sys < "$W/time.now"
      [ "$r" -ge 3 ] && awk -v r="$real" -v u="$user" -v s="$sys" 'BEGIN { print r * 1000, (u + s) * 1000 }' >> "$W/p.$i"
    done
    cls=$(run_in_root "$(echo "${pc[$i]}" | sed 's/^java /java -Xlog:class+load /')" 2>/dev/null | grep -c 'source:' || true)
    cut -d' ' -f1 "$W/p.$i" > "$W/pw.$i"; cut -d' ' -f2 "$W/p.$i" > "$W/pc.$i"
    awk -v name="${pn[$i]}" -v m="$(pct "$W/pw.$i" 50)" -v u="$(pct "$W/pc.$i" 50)" -v c="$cls" \
      'BEGIN { printf "   %-60s wall %6.1f ms  cpu %6.1f ms  %4d classes\n", name, m, u, c }'
  done
fi

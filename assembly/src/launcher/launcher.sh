#!/bin/sh
# jnet launcher for @MAIN@. Runtimes exec this with CNI_* variables and no arguments (or the
# native client execs it when the engine cannot take the call), so it resolves its own location (through
# symlinks) to find the jars. Every such call is a new JVM, so each flag here earns its place in start-up time
# (bench/startup-bench.sh).
p=$0
if [ -L "$p" ]; then p=$(readlink -f "$p"); fi
case $p in */*) ;; *) p=./$p ;; esac
here=$(cd -P "${p%/*}" && pwd) # canonical, so the class path matches the one the CDS archive was dumped with
home=${here%/*} # the dist directory: bin/ and cni/ are one level below it, lib/jvm/ two
if [ @DEPTH@ = 2 ]; then home=${home%/*}; fi
lib=$home/lib
# The JDK dist/ was built and trained with (its CDS/AOT archive only fits that JVM); JAVA_HOME overrides it.
java="@JAVA@"
if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then java=$JAVA_HOME/bin/java
elif [ ! -x "$java" ]; then java=java; fi

# JNET_JAVA_OPTS: extra JVM flags (word-split), after ours so they win.
# jnet.home (the dist directory) lets the jnet CLI find its own plugins (dist/cni) and launcher.
set -- $JNET_JAVA_OPTS -cp "$lib/*" -Djnet.home="$home" @MAIN@ "$@"
# JNA's native library, unpacked at build time: without it JNA writes and deletes a temp copy on every start.
if [ -f "$lib/native/libjnidispatch.so" ]; then
  set -- -Djna.boot.library.path="$lib/native" -Djna.nounpack=true "$@"
fi
# Set, JNA skips its search-path probe, which runs `ldconfig -p` on every start; libc loads by name (ld.so).
set -- -Djna.platform.library.path= "$@"
# Flags for the build's JDK only (assembly/pom.xml): the GC, VFORK up to JDK 23 (the engine: 25), native access from JDK 24.
if [ "$java" = "@JAVA@" ]; then set -- @JDK_FLAGS@ "$@"; fi
# Class-data sharing: an AOT cache (JDK 24+) or AppCDS archive made at build time by train-cds.sh, which also
# sets JNET_CDS while it records. A stale archive is only a slower start (-Xshare:auto / AOTMode=auto).
cds=$lib/cds/@NAME@
case $JNET_CDS in
  record-jsa) set -- -Xshare:off -XX:DumpLoadedClassList="$cds.$$.classlist" "$@" ;;
  record-aot) set -- -XX:AOTMode=record -XX:AOTConfiguration="$cds.$$.aotconf" "$@" ;;
  dump-jsa) set -- -Xshare:dump -XX:SharedClassListFile="$cds.classlist" -XX:SharedArchiveFile="$cds.jsa" "$@" ;;
  dump-aot) set -- -XX:AOTMode=create -XX:AOTConfiguration="$cds.aotconf" -XX:AOTCache="$cds.aot" "$@" ;;
  *) if [ "$java" != "@JAVA@" ]; then set -- -Xshare:auto "$@"
     elif [ -f "$cds.aot" ]; then set -- -XX:AOTCache="$cds.aot" "$@"
     # An AppCDS archive names its jars by absolute path: a moved copy (jnet install) would lose all sharing.
     elif [ -f "$cds.jsa" ] && read -r at < "$lib/cds/dist" && [ "$at" = "$home" ]; then
       set -- -XX:SharedArchiveFile="$cds.jsa" -Xshare:auto "$@"
     else set -- -Xshare:auto "$@"; fi ;;
esac
# JVM output goes to stderr: stdout carries exactly one CNI JSON document.
exec "$java" @RUN_FLAGS@ -XX:-UsePerfData \
  -Xlog:disable -Xlog:all=warning:stderr -XX:+DisplayVMOutputToStderr \
  "$@"

#!/bin/sh
# jnet launcher for @MAIN@. Runtimes exec this with CNI_* variables and no arguments,
# so it resolves its own location (through symlinks) to find the jars.
here=$(dirname "$(readlink -f "$0")")
if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
# jnet.home (the dist directory) lets the jnet CLI find its own plugins (dist/cni) and launcher.
exec "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
  -Djnet.home="${here%/*}" -cp "$here/../lib/*" @MAIN@ "$@"

#!/bin/sh
# Build-time training of the class-data-sharing archives the launchers use (dist/lib/cds/<name>.{jsa,aot}).
# Usage: train-cds.sh <dist> <java> <mode: auto|jsa|aot|none>
#
# Each launcher is run on harmless work while it records the classes it loads (JNET_CDS=record-*):
# VERSION and --help everywhere; then, when a throwaway network+mount namespace can be made, a real
# bridge+host-local+portmap ADD, CHECK and DEL inside it, on state in a temp dir. Nothing outside is touched
# and nothing stays behind: the namespaces die with the unshare'd shell.
#   jsa (JDK 17+): the class lists of all runs of a launcher are merged into one static AppCDS archive.
#   aot (JDK 24+): AOT cache (classes loaded and linked, with profiles) from that launcher's largest run.
# Training failures beyond VERSION only make the archive smaller; a missing archive only makes starts slower.
set -eu
dist=$(cd -P "$1" && pwd); java=$2; mode=${3:-auto}
cds=$dist/lib/cds
rm -rf "$cds"
[ "$mode" = none ] && { echo "train-cds: skipped (jnet.cds=none)"; exit 0; }
if [ "$mode" = auto ]; then
  if "$java" -XX:AOTMode=off -version >/dev/null 2>&1; then mode=aot; else mode=jsa; fi
fi
mkdir -p "$cds"
export JNET_CDS=record-$mode
export JNET_ENGINE=off # the per-call JVMs (lib/jvm) are what is trained; no engine is started
unset JAVA_HOME JNET_JAVA_OPTS # train exactly what a plain start runs

# Outside any namespace: only things that read nothing and change nothing.
for p in bridge host-local portmap firewall; do
  CNI_COMMAND=VERSION "$dist/lib/jvm/$p" </dev/null >/dev/null
done
"$dist/lib/jvm/jnet" --help >/dev/null 2>&1 || true

# Inside throwaway namespaces: a full chain on a throwaway config.
inside=$(dirname "$0")/train-chain.sh
if [ "$(id -u)" = 0 ]; then userns=; else userns="--user --map-root-user"; fi
# shellcheck disable=SC2086
if unshare $userns --net --mount --propagation private true 2>/dev/null; then
  unshare $userns --net --mount --propagation private sh "$inside" "$dist" || echo "train-cds: chain training incomplete (see above); archives cover what ran"
else
  echo "train-cds: cannot create throwaway namespaces here; archives cover VERSION only"
fi

# One archive per launcher.
for p in bridge host-local portmap firewall jnet; do
  if [ "$mode" = jsa ]; then
    # Class lists of newer JDKs number classes ("name id: N"); ids differ between runs and only matter for
    # classes of custom loaders (" source: "), which are left out.
    cat "$cds/$p".*.classlist 2>/dev/null | grep -v ' source: ' | sed 's/ id: [0-9]*$//' | awk '!seen[$0]++' > "$cds/$p.classlist"
  else
    big=$(ls -S "$cds/$p".*.aotconf 2>/dev/null | head -n 1)
    [ -n "$big" ] && mv "$big" "$cds/$p.aotconf"
  fi
  rm -f "$cds/$p".*.classlist "$cds/$p".*.aotconf
  if [ -s "$cds/$p.classlist" ] || [ -f "$cds/$p.aotconf" ]; then
    JNET_CDS=dump-$mode "$dist/lib/jvm/$p" </dev/null >"$cds/$p.log" 2>&1 || true
  fi
  rm -f "$cds/$p.classlist" "$cds/$p.aotconf"
  if [ -f "$cds/$p.$mode" ]; then rm -f "$cds/$p.log"
  else echo "train-cds: no $mode archive for $p (starts will be slower):"; cat "$cds/$p.log" 2>/dev/null || true; rm -f "$cds/$p.log"
  fi
done
echo "$dist" > "$cds/dist" # where the jars were: launchers of a moved copy skip AppCDS archives
echo "train-cds: $mode archives in $cds: $(cd "$cds" && ls | tr '\n' ' ')"

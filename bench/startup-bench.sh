#!/usr/bin/env bash
# Start-up: wall time of one CNI VERSION call (reads nothing, changes nothing), jnet's launchers vs the
# reference bridge, alternating, median and min of ROUNDS. Rows:
#   reference bridge            the Go binary
#   <dist> bridge|host-local|portmap   the dist launcher as a runtime execs it (archive, flags)
#   <dist> bridge, plain JVM    the same jars started the way the launcher did before start-up work
#                               (-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp lib/*)
#   <dist> JVM floor            `java -version` with the launcher's GC/JIT flags: no application at all
# Extra DIST dirs (e.g. one built with -Djnet.java.home=<JDK 25>) add their rows: JDK 17 vs 25 side by side.
#
# usage: bench/startup-bench.sh [ROUNDS] [DIST...]      (defaults 21, and dist/)
set -euo pipefail
source "$(dirname "$0")/chain-lib.sh"
bench_prereqs
ROUNDS=${1:-21}
shift || true
DISTS=("$@")
[ ${#DISTS[@]} -gt 0 ] || DISTS=("$DIST")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

labels=() cmds=()
add() { labels+=("$1"); shift; cmds+=("$(printf '%q ' "$@")"); }
add "reference bridge" "$REF/bridge"
for d in "${DISTS[@]}"; do
  j=$(sed -n 's/^java="\(.*\)"$/\1/p' "$d/cni/bridge")
  v=$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  tag="jdk$v $(basename "$(cd "$d" && pwd)")"
  for p in bridge host-local portmap; do add "$tag $p" "$d/cni/$p"; done
  add "$tag bridge, plain JVM" "$j" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$d/lib/*" io.jnet.plugin.bridge.BridgeMain
  add "$tag JVM floor" "$j" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto -version
done

for i in "${!labels[@]}"; do : > "$TMP/$i"; done
export CNI_COMMAND=VERSION
for ((r = 0; r <= ROUNDS; r++)); do # round 0 warms the page cache, untimed
  for i in "${!labels[@]}"; do
    t0=$EPOCHREALTIME
    eval "${cmds[$i]}" < /dev/null > /dev/null 2>&1 || { echo "startup-bench: ${labels[$i]} failed" >&2; exit 1; }
    t1=$EPOCHREALTIME
    [ "$r" -gt 0 ] && echo $(( ${t1/./} - ${t0/./} )) | awk '{ printf "%.1f\n", $1 / 1000 }' >> "$TMP/$i"
  done
done

ref=$(median < "$TMP/0")
printf '%-40s %9s %9s %10s\n' "VERSION start-up (ms, $ROUNDS rounds)" median min "x reference"
for i in "${!labels[@]}"; do
  m=$(median < "$TMP/$i")
  printf '%-40s %9s %9s %10s\n' "${labels[$i]}" "$m" "$(sort -g "$TMP/$i" | head -n 1)" "$(ratio "$m" "$ref")"
done
load_note

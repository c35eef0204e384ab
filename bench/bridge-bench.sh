#!/usr/bin/env bash
# ADD and DEL latency of the bridge plugin: jnet's (a new JVM per call, started with the dist launcher's flags)
# against the reference /usr/lib/cni/bridge, same config (isGateway + ipMasq, host-local IPAM from the reference
# dir for both, so only the bridge differs). Each side runs in its own throwaway "host" namespace with a
# throwaway container namespace; every round times one ADD and one DEL of each (alternating which goes first).
# Prints per-operation medians and the ratio jnet/reference, plus the peak RSS of one call of each.
# Namespaces and state live only in this run's temp dir and names; all removed on exit.
#
# usage: sudo bench/bridge-bench.sh [ROUNDS]     (default 15)
set -euo pipefail

ROUNDS=${1:-15}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REF=/usr/lib/cni/bridge
WORK=$(mktemp -d)
TAG="jb-$$-"
cleanup() {
    for ns in ours-host ours-c ref-host ref-c; do ip netns del "$TAG$ns" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

[ -x "$REF" ] || { echo "bridge-bench: $REF missing (apt-get install containernetworking-plugins)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "bridge-bench: needs root (namespaces, links, iptables)" >&2; exit 1; }

echo "building bridge-plugin and its class path..." >&2
(cd "$ROOT" && mvn -B -q -o -pl bridge-plugin compile dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/cp.txt") >&2
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"${JAVA%java}jar" --create --file "$WORK/bridge-plugin.jar" -C "$ROOT/bridge-plugin/target/classes" .
CP="$WORK/bridge-plugin.jar:$(cat "$WORK/cp.txt")"
# The same flags as assembly/src/launcher/launcher.sh, behind a launcher file as a runtime would exec it.
mkdir -p "$WORK/bin"
printf '#!/bin/sh\nexec %s -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp %s io.jnet.plugin.bridge.BridgeMain "$@"\n' \
    "$JAVA" "$CP" > "$WORK/bin/bridge"
chmod +x "$WORK/bin/bridge"

for ns in ours-host ours-c ref-host ref-c; do ip netns add "$TAG$ns"; ip -n "$TAG$ns" link set lo up; done

config() { # dataDir
    printf '{"cniVersion":"1.0.0","name":"bench","type":"bridge","bridge":"br-bench","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","dataDir":"%s","subnet":"10.201.0.0/16"}}' "$1"
}

call() { # side command id plugin -> prints ms
    local side=$1 cmd=$2 id=$3 plugin=$4 t0 t1
    t0=$EPOCHREALTIME
    ip netns exec "$TAG$side-host" env CNI_COMMAND="$cmd" CNI_CONTAINERID="$id" CNI_NETNS="/run/netns/$TAG$side-c" \
        CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni "$plugin" <<< "$(config "$WORK/$side-data")" > "$WORK/out" 2> "$WORK/err" || {
        echo "bridge-bench: $side $cmd failed: $(cat "$WORK/out" "$WORK/err")" >&2
        exit 1
    }
    t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f\n", (b - a) * 1000}'
}

median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

rss() { # side plugin -> peak RSS in MB of one ADD (then DEL untimed)
    local side=$1 plugin=$2 kb
    kb=$( { /usr/bin/time -f '%M' ip netns exec "$TAG$side-host" env CNI_COMMAND=ADD CNI_CONTAINERID=rss \
        CNI_NETNS="/run/netns/$TAG$side-c" CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni "$plugin" \
        <<< "$(config "$WORK/$side-data")" > /dev/null; } 2>&1 | tail -1)
    call "$side" DEL rss "$plugin" > /dev/null
    awk -v k="$kb" 'BEGIN {printf "%.1f", k / 1024}'
}

# Warm-up (page cache, CDS), untimed.
call ours ADD warm "$WORK/bin/bridge" > /dev/null; call ours DEL warm "$WORK/bin/bridge" > /dev/null
call ref ADD warm "$REF" > /dev/null; call ref DEL warm "$REF" > /dev/null

: > "$WORK/ours.add"; : > "$WORK/ours.del"; : > "$WORK/ref.add"; : > "$WORK/ref.del"
for ((r = 0; r < ROUNDS; r++)); do
    if ((r % 2 == 0)); then order=(ours ref); else order=(ref ours); fi
    for side in "${order[@]}"; do
        plugin=$REF; [ "$side" = ours ] && plugin="$WORK/bin/bridge"
        call "$side" ADD "b$r" "$plugin" >> "$WORK/$side.add"
        call "$side" DEL "b$r" "$plugin" >> "$WORK/$side.del"
    done
done

# Both sides must end clean: no veth left, no masquerade chain left.
for side in ours ref; do
    left=$(ip -n "$TAG$side-host" -o link show type veth | wc -l)
    [ "$left" = 0 ] || { echo "bridge-bench: $side left $left veths" >&2; exit 1; }
    ! ip netns exec "$TAG$side-host" iptables-save -t nat | grep -q 'id: "b' || { echo "bridge-bench: $side left nat rules" >&2; exit 1; }
done

printf "%-6s %8s %12s %12s %10s\n" op rounds jnet_ms ref_ms ratio
for op in add del; do
    o=$(median < "$WORK/ours.$op"); f=$(median < "$WORK/ref.$op")
    printf "%-6s %8s %12s %12s %10s\n" "$op" "$ROUNDS" "$o" "$f" "$(awk -v a="$o" -v b="$f" 'BEGIN {printf "%.1fx", a / b}')"
done
if [ -x /usr/bin/time ]; then
    o=$(rss ours "$WORK/bin/bridge"); f=$(rss ref "$REF")
    printf "%-6s %8s %12s %12s %10s\n" rss_mb 1 "$o" "$f" "$(awk -v a="$o" -v b="$f" 'BEGIN {printf "%.1fx", a / b}')"
fi

#!/usr/bin/env bash
# ADD and DEL latency and peak RSS of portmap: jnet's (a new JVM per call, the dist launcher's flags) against
# the reference /usr/lib/cni/portmap, in a throwaway network namespace (never the real host's iptables),
# on a nat table that already holds 0 and then N other attachments (made by the reference, 2 mappings each).
# Each round times one ADD of each plugin (alternating which goes first) and then its DEL. Prints medians
# and the ratio jnet/reference. jnet applies a call as one iptables-restore per family; the reference runs
# one iptables exec per rule check/insert.
#
# usage: bench/portmap-bench.sh [ROUNDS] [ATTACHMENTS...]     (defaults 11, and 0 100)
set -euo pipefail

ROUNDS=${1:-11}
shift || true
SIZES=("$@")
[ $# -gt 0 ] || SIZES=(0 100)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REF=/usr/lib/cni/portmap
WORK=$(mktemp -d)
NS=jnet-pmbench-$$
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

[ -x "$REF" ] || { echo "portmap-bench: $REF missing (apt-get install containernetworking-plugins)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "portmap-bench: needs root (network namespaces, iptables)" >&2; exit 1; }

echo "building portmap-plugin and its class path..." >&2
(cd "$ROOT" && mvn -B -q -o -pl portmap-plugin compile dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/cp.txt") >&2
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"${JAVA%java}jar" --create --file "$WORK/portmap-plugin.jar" -C "$ROOT/portmap-plugin/target/classes" .
CP="$WORK/portmap-plugin.jar:$(cat "$WORK/cp.txt")"
# The same flags as assembly/src/launcher/launcher.sh.
OURS=("$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$CP" io.jnet.plugin.portmap.PortmapMain)

# The bench's "host": a bridge routing the containers' subnets, so route_localnet is really set.
ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add br0 type bridge
ip -n "$NS" addr add 10.88.0.1/16 dev br0
ip -n "$NS" addr add fd88::1/64 dev br0 nodad
ip -n "$NS" link set br0 up

config() { # index hostPortBase
    local i=$1 p=$2
    printf '{"cniVersion":"1.0.0","name":"bench","type":"portmap","capabilities":{"portMappings":true},'
    printf '"runtimeConfig":{"portMappings":[{"hostPort":%d,"containerPort":80,"protocol":"tcp"},' "$p"
    printf '{"hostPort":%d,"containerPort":53,"protocol":"udp"}]},' "$((p + 1))"
    printf '"prevResult":{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","sandbox":"/var/run/netns/x"}],'
    printf '"ips":[{"address":"10.88.%d.%d/16","interface":0},{"address":"fd88::%x/64","interface":0}]}}' \
        $(((i + 2) / 256)) $(((i + 2) % 256)) $((i + 2))
}

call() { # command id index port plugin...
    local cmd=$1 id=$2 idx=$3 port=$4
    shift 4
    config "$idx" "$port" > "$WORK/in"
    ip netns exec "$NS" env CNI_COMMAND="$cmd" CNI_CONTAINERID="$id" CNI_NETNS=/var/run/netns/x CNI_IFNAME=eth0 \
        CNI_PATH=/usr/lib/cni /usr/bin/time -f %M -o "$WORK/rss" "$@" < "$WORK/in" > "$WORK/out" 2> "$WORK/err" || {
        echo "portmap-bench: $cmd $id failed: $(cat "$WORK/out" "$WORK/err")" >&2
        exit 1
    }
}

timed() { # same arguments as call -> prints "ms rssKiB"
    local t0 t1
    t0=$EPOCHREALTIME
    call "$@"
    t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" -v r="$(tail -n1 "$WORK/rss")" 'BEGIN {printf "%.2f %d\n", (b - a) * 1000, r}'
}

median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

printf "%-12s %6s %10s %10s %7s %10s %10s %7s %10s %10s\n" attachments rounds jnet_add ref_add ratio jnet_del ref_del ratio jnet_rss ref_rss
have=0
for n in "${SIZES[@]}"; do
    while [ "$have" -lt "$n" ]; do # other attachments, made by the reference (it is the quicker to make them)
        call ADD "pre-$have" "$have" $((20000 + 2 * have)) "$REF"
        have=$((have + 1))
    done
    : > "$WORK/ja"; : > "$WORK/ra"; : > "$WORK/jd"; : > "$WORK/rd"; : > "$WORK/jm"; : > "$WORK/rm"
    for ((r = 0; r < ROUNDS; r++)); do
        for who in $( ((r % 2)) && echo "ref jnet" || echo "jnet ref"); do
            if [ "$who" = jnet ]; then plugin=("${OURS[@]}"); a=ja; d=jd; m=jm; else plugin=("$REF"); a=ra; d=rd; m=rm; fi
            read -r ms kib < <(timed ADD "bench-$who" 60000 8080 "${plugin[@]}")
            echo "$ms" >> "$WORK/$a"; echo "$kib" >> "$WORK/$m"
            grep -q '"ips"' "$WORK/out" || { echo "portmap-bench: no result: $(cat "$WORK/out")" >&2; exit 1; }
            read -r ms kib < <(timed DEL "bench-$who" 60000 8080 "${plugin[@]}")
            echo "$ms" >> "$WORK/$d"
        done
    done
    ja=$(median < "$WORK/ja"); ra=$(median < "$WORK/ra"); jd=$(median < "$WORK/jd"); rd=$(median < "$WORK/rd")
    printf "%-12s %6d %10s %10s %7.2f %10s %10s %7.2f %8sKiB %8sKiB\n" "$n" "$ROUNDS" "$ja" "$ra" \
        "$(awk -v a="$ja" -v b="$ra" 'BEGIN {print a / b}')" "$jd" "$rd" "$(awk -v a="$jd" -v b="$rd" 'BEGIN {print a / b}')" \
        "$(median < "$WORK/jm")" "$(median < "$WORK/rm")"
done

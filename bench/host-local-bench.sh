#!/usr/bin/env bash
# ADD latency of host-local: jnet's (a new JVM per call, started with the dist launcher's flags) against
# the reference /usr/lib/cni/host-local, on a store that already holds 1 and then 5000 reservations.
# Each round times one ADD of each (alternating which goes first), then DELs it untimed so every ADD sees
# the same store. Prints per-case medians and the ratio jnet/reference. State lives in a temp dir only.
# A third column, jnet+cds, runs ours with an AppCDS archive made in the temp dir for this class path: about
# what the dist launcher gets from the archive it ships (lib/cds/host-local.jsa).
#
# usage: bench/host-local-bench.sh [ROUNDS] [RESERVATIONS...]     (defaults 15, and 1 5000)
set -euo pipefail

ROUNDS=${1:-15}
shift || true
SIZES=("${@:-1}")
[ $# -gt 0 ] || SIZES=(1 5000)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REF=/usr/lib/cni/host-local
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

[ -x "$REF" ] || { echo "host-local-bench: $REF missing (apt-get install containernetworking-plugins)" >&2; exit 1; }

echo "building ipam-plugin and its class path..." >&2
(cd "$ROOT" && mvn -B -q -o -pl ipam-plugin compile dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/cp.txt") >&2
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# A jar like the one dist/lib holds (CDS archives only take jars, not class directories).
"${JAVA%java}jar" --create --file "$WORK/ipam-plugin.jar" -C "$ROOT/ipam-plugin/target/classes" .
CP="$WORK/ipam-plugin.jar:$(cat "$WORK/cp.txt")"
# The same flags as assembly/src/launcher/launcher.sh.
FLAGS=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto)
OURS=("$JAVA" "${FLAGS[@]}" -cp "$CP" io.jnet.plugin.ipam.HostLocalMain)
CDS=("$JAVA" "${FLAGS[@]}" -XX:SharedArchiveFile="$WORK/app.jsa" -cp "$CP" io.jnet.plugin.ipam.HostLocalMain)

config() { # dataDir
    printf '{"cniVersion":"1.0.0","name":"bench","type":"host-local","ipam":{"type":"host-local","dataDir":"%s","subnet":"10.200.0.0/16","routes":[{"dst":"0.0.0.0/0"}]}}' "$1"
}

populate() { # dataDir count: reservations pre-0 .. pre-(count-1) from 10.200.0.2 on, as the reference writes them
    local dir="$1/bench" i
    mkdir -p "$dir"
    : > "$dir/lock"
    for ((i = 0; i < $2; i++)); do
        printf 'pre-%d\r\neth0' "$i" > "$dir/10.200.$(((i + 2) / 256)).$(((i + 2) % 256))"
    done
    printf '10.200.%d.%d' $((($2 + 1) / 256)) $((($2 + 1) % 256)) > "$dir/last_reserved_ip.0"
}

call() { # command dataDir id plugin...
    local cmd=$1 data=$2 id=$3
    shift 3
    CNI_COMMAND=$cmd CNI_CONTAINERID=$id CNI_NETNS=/var/run/netns/bench CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni \
        "$@" <<< "$(config "$data")" > "$WORK/out" 2> "$WORK/err" || {
        echo "host-local-bench: $cmd failed: $(cat "$WORK/out" "$WORK/err")" >&2
        exit 1
    }
}

timed_add() { # dataDir id plugin... -> prints ms
    local t0 t1
    t0=$EPOCHREALTIME
    call ADD "$@"
    t1=$EPOCHREALTIME
    grep -q '"address"' "$WORK/out" || { echo "host-local-bench: no address in $(cat "$WORK/out")" >&2; exit 1; }
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b - a) * 1000}'
}

median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# Record the archive from one ADD+DEL (the classes a call loads), outside the measured stores.
mkdir -p "$WORK/cds"
call ADD "$WORK/cds" dump "$JAVA" "${FLAGS[@]}" -XX:ArchiveClassesAtExit="$WORK/app.jsa" -cp "$CP" io.jnet.plugin.ipam.HostLocalMain
call DEL "$WORK/cds" dump "${OURS[@]}"

# Start-up time dominates a JVM plugin and suffers most from other load: say how busy the machine was.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
printf "%-14s %8s %12s %12s %12s %10s %10s\n" reservations rounds jnet_ms jnet+cds_ms ref_ms ratio ratio_cds
for n in "${SIZES[@]}"; do
    rm -rf "$WORK/ours" "$WORK/cdsrun" "$WORK/ref"
    populate "$WORK/ours" "$n"
    populate "$WORK/cdsrun" "$n"
    populate "$WORK/ref" "$n"
    # One untimed warm-up each (page cache, JVM class data sharing archive).
    call ADD "$WORK/ours" warm "${OURS[@]}"; call DEL "$WORK/ours" warm "${OURS[@]}"
    call ADD "$WORK/cdsrun" warm "${CDS[@]}"; call DEL "$WORK/cdsrun" warm "${CDS[@]}"
    call ADD "$WORK/ref" warm "$REF"; call DEL "$WORK/ref" warm "$REF"
    : > "$WORK/ours.ms"
    : > "$WORK/cds.ms"
    : > "$WORK/ref.ms"
    for ((r = 0; r < ROUNDS; r++)); do
        if ((r % 2 == 0)); then
            timed_add "$WORK/ours" "b$r" "${OURS[@]}" >> "$WORK/ours.ms"; echo >> "$WORK/ours.ms"
            timed_add "$WORK/ref" "b$r" "$REF" >> "$WORK/ref.ms"; echo >> "$WORK/ref.ms"
            timed_add "$WORK/cdsrun" "b$r" "${CDS[@]}" >> "$WORK/cds.ms"; echo >> "$WORK/cds.ms"
        else
            timed_add "$WORK/cdsrun" "b$r" "${CDS[@]}" >> "$WORK/cds.ms"; echo >> "$WORK/cds.ms"
            timed_add "$WORK/ref" "b$r" "$REF" >> "$WORK/ref.ms"; echo >> "$WORK/ref.ms"
            timed_add "$WORK/ours" "b$r" "${OURS[@]}" >> "$WORK/ours.ms"; echo >> "$WORK/ours.ms"
        fi
        call DEL "$WORK/ours" "b$r" "${OURS[@]}"
        call DEL "$WORK/cdsrun" "b$r" "${CDS[@]}"
        call DEL "$WORK/ref" "b$r" "$REF"
    done
    # Both stores must end as they began: the pre-made reservations plus lock and last_reserved_ip.0.
    for side in ours cdsrun ref; do
        left=$(find "$WORK/$side/bench" -maxdepth 1 -type f | wc -l)
        [ "$left" = $((n + 2)) ] || { echo "host-local-bench: $side store has $left files, expected $((n + 2))" >&2; exit 1; }
    done
    ours_med=$(median < "$WORK/ours.ms")
    cds_med=$(median < "$WORK/cds.ms")
    ref_med=$(median < "$WORK/ref.ms")
    ratio=$(awk -v a="$ours_med" -v b="$ref_med" 'BEGIN {printf "%.1f", a / b}')
    ratio_cds=$(awk -v a="$cds_med" -v b="$ref_med" 'BEGIN {printf "%.1f", a / b}')
    printf "%-14s %8s %12s %12s %12s %10s %10s\n" "$n" "$ROUNDS" "$ours_med" "$cds_med" "$ref_med" "${ratio}x" "${ratio_cds}x"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Creates and deletes COUNT veth pairs through the jnet netlink library (one JVM, one handle) and
# through `ip -batch` (one ip process, one batch file), both inside a throwaway netns, in
# alternating rounds, and prints the times and the ratio ours/ip. Needs root.
#
# usage: bench/netlink-veth-bench.sh [COUNT] [ROUNDS]     (defaults 1000 and 3)
set -euo pipefail

COUNT=${1:-1000}
ROUNDS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS="jnet-bench-$$"
WORK=$(mktemp -d)

cleanup() {
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

if [ "$(id -u)" != 0 ]; then
    echo "netlink-veth-bench: needs root to create a network namespace" >&2
    exit 1
fi

echo "building the test classpath of netlink-it..." >&2
# -am: from a fresh clone netlink and test-netns come from the reactor (their target/classes)
(cd "$ROOT" && mvn -B -q -pl netlink-it -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt") >&2
CP="$ROOT/netlink-it/target/test-classes:$(cat "$WORK/cp.txt")"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

for i in $(seq 0 $((COUNT - 1))); do echo "link add vb$i type veth peer name vp$i"; done > "$WORK/create.batch"
for i in $(seq 0 $((COUNT - 1))); do echo "link del vb$i"; done > "$WORK/delete.batch"

ip netns add "$NS"

now_ms() { date +%s%N | awk '{printf "%.1f", $1 / 1e6}'; }
veths() { ip -n "$NS" -o link show type veth | wc -l; }

ours_total=0
ip_total=0
printf "%-6s %-5s %12s %12s %12s %14s\n" round tool create_ms delete_ms total_ms process_ms
for round in $(seq 1 "$ROUNDS"); do
    # ours: one JVM; its own timing excludes JVM start-up, process_ms includes it
    start=$(now_ms)
    line=$("$JAVA" -cp "$CP" io.jnet.netlink.it.VethBench "$NS" "$COUNT")
    end=$(now_ms)
    eval "$(echo "$line" | tr ' ' '\n' | sed 's/^/ours_/')"
    ours_proc=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}')
    printf "%-6s %-5s %12s %12s %12s %14s\n" "$round" jnet "$ours_create_ms" "$ours_delete_ms" "$ours_total_ms" "$ours_proc"
    [ "$(veths)" = 0 ] || { echo "jnet left veths behind" >&2; exit 1; }

    # ip -batch: one process per phase
    t0=$(now_ms); ip -n "$NS" -batch "$WORK/create.batch"; t1=$(now_ms)
    [ "$(veths)" = $((2 * COUNT)) ] || { echo "ip -batch did not create $COUNT pairs" >&2; exit 1; }
    t2=$(now_ms); ip -n "$NS" -batch "$WORK/delete.batch"; t3=$(now_ms)
    [ "$(veths)" = 0 ] || { echo "ip -batch left veths behind" >&2; exit 1; }
    ip_create=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
    ip_delete=$(awk -v a="$t2" -v b="$t3" 'BEGIN {printf "%.1f", b - a}')
    ip_sum=$(awk -v a="$ip_create" -v b="$ip_delete" 'BEGIN {printf "%.1f", a + b}')
    printf "%-6s %-5s %12s %12s %12s %14s\n" "$round" ip "$ip_create" "$ip_delete" "$ip_sum" "$ip_sum"

    ours_create_total=$(awk -v a="${ours_create_total:-0}" -v b="$ours_create_ms" 'BEGIN {print a + b}')
    ip_create_total=$(awk -v a="${ip_create_total:-0}" -v b="$ip_create" 'BEGIN {print a + b}')
    ours_total=$(awk -v a="$ours_total" -v b="$ours_total_ms" 'BEGIN {print a + b}')
    ours_proc_total=$(awk -v a="${ours_proc_total:-0}" -v b="$ours_proc" 'BEGIN {print a + b}')
    ip_total=$(awk -v a="$ip_total" -v b="$ip_sum" 'BEGIN {print a + b}')
done

awk -v o="$ours_total" -v p="$ours_proc_total" -v i="$ip_total" -v oc="$ours_create_total" -v ic="$ip_create_total" \
    -v n="$COUNT" -v r="$ROUNDS" 'BEGIN {
    printf "%d veth pairs created and deleted, %d rounds\n", n, r
    printf "mean jnet %.1f ms (%.1f ms with JVM start-up), ip -batch %.1f ms\n", o / r, p / r, i / r
    printf "ratio jnet/ip: %.2f (%.2f with JVM start-up)\n", o / i, p / i
    # deleting a veth waits for RCU grace periods in the kernel, the same for both tools
    printf "create only: jnet %.1f ms, ip -batch %.1f ms, ratio %.2f\n", oc / r, ic / r, oc / ic
}'

#!/usr/bin/env bash
# DNS: queries per second and p50/p99 latency of jnet's resolver beside aardvark-dns (Debian's, the resolver podman
# runs), each pinned to one core (core 1), answering a name of its network and forwarding to an upstream, over UDP.
# The askers (DnsLoad.java: THREADS sockets, one question in flight each) and a stand-in upstream (DnsLoad.java
# upstream: answers every question from its own bytes) share core 0. Both resolvers serve the same network in
# turn on the same gateway (10.77.0.1:53) of a throwaway host namespace, with /etc/resolv.conf bind-mounted (in the
# sandbox's private mount namespace) to name the stand-in upstream, 127.0.0.2. Each round starts each resolver
# afresh, warms it for WARMUP seconds, then measures; the table holds medians over ROUNDS.
#
# usage: bench/dns-bench.sh [SECONDS] [THREADS] [ROUNDS]     (defaults 10, 8, 3; WARMUP=5)
set -euo pipefail
source "$(dirname "$0")/chain-lib.sh"
bench_sandbox "$@"
SECS=${1:-10}
THREADS=${2:-8}
ROUNDS=${3:-3}
WARMUP=${WARMUP:-5}
AARDVARK=${AARDVARK:-/usr/lib/podman/aardvark-dns}
if [ ! -x "$AARDVARK" ]; then
  say "dns-bench: installing aardvark-dns"
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq aardvark-dns >&2
fi
JAVA=$(dist_java)
[ -x "$JAVA" ] || JAVA=java
LOAD=("$JAVA" -XX:+UseSerialGC -cp "$DIST/lib/*" "$BENCH_DIR/DnsLoad.java")

# the network: the sandbox is the host, "client" the namespaces asking (10.77.0.2), server1 a name to answer
ip netns add client
ip link add dnsgw type veth peer name eth0 netns client
ip addr add 10.77.0.1/24 dev dnsgw
ip link set dnsgw up
ip -n client addr add 10.77.0.2/24 dev eth0
ip -n client link set eth0 up
echo "nameserver 127.0.0.2" > "$BENCH_TMP/resolv.conf"
mount --bind "$BENCH_TMP/resolv.conf" /etc/resolv.conf
taskset -c 0 "${LOAD[@]}" upstream 127.0.0.2 > "$BENCH_TMP/upstream.log" 2>&1 &
UPSTREAM=$!
trap 'kill $UPSTREAM 2>/dev/null; ip netns del client 2>/dev/null; bench_cleanup' EXIT

mkdir -p "$BENCH_TMP/jnet/networks" "$BENCH_TMP/aardvark"
cat > "$BENCH_TMP/jnet/networks/bench.json" <<JSON
{"network":"bench","internal":false,"gateways":["10.77.0.1"],"subnets":["10.77.0.0/24"],"hosts":[
 {"id":"c1","names":["client"],"addresses":["10.77.0.2"]},{"id":"s1","names":["server1"],"addresses":["10.77.0.3"]}]}
JSON
printf '10.77.0.1\nc1 10.77.0.2  client\ns1 10.77.0.3  server1\n' > "$BENCH_TMP/aardvark/bench"

# start_PEER: the resolver up and answering; sets PID
start_jnet() {
  taskset -c 1 "$JAVA" -XX:+UseSerialGC -Xmx64m -cp "$DIST/lib/*" io.jnet.dns.ResolverMain --dir "$BENCH_TMP/jnet" \
    --resolv-conf "$BENCH_TMP/resolv.conf" >> "$BENCH_TMP/jnet.log" 2>&1 &
  PID=$!
  for _ in $(seq 200); do [ -f "$BENCH_TMP/jnet/resolver.pid" ] && return; sleep 0.1; done
  say "dns-bench: jnet's resolver did not start"; cat "$BENCH_TMP/jnet.log" >&2; exit 1
}
start_aardvark() {
  rm -f "$BENCH_TMP/aardvark/aardvark.pid"
  taskset -c 1 "$AARDVARK" --config "$BENCH_TMP/aardvark" -p 53 run >> "$BENCH_TMP/aardvark.log" 2>&1 # forks; returns when ready
  PID=$(cat "$BENCH_TMP/aardvark/aardvark.pid")
}
stop() { kill "$PID" 2>/dev/null || true; while kill -0 "$PID" 2>/dev/null; do sleep 0.1; done; }
load() { ip netns exec client taskset -c 0 "${LOAD[@]}" load 10.77.0.1 "$1" "$2" "$THREADS"; }

for peer in jnet aardvark; do for what in answer forward; do : > "$BENCH_TMP/$peer-$what"; done; done
for ((r = 1; r <= ROUNDS; r++)); do
  for peer in jnet aardvark; do
    "start_$peer"
    load server1 "$WARMUP" > /dev/null
    load example.org "$WARMUP" > /dev/null
    load server1 "$SECS" >> "$BENCH_TMP/$peer-answer"
    load example.org "$SECS" >> "$BENCH_TMP/$peer-forward"
    stop
    say "dns-bench: round $r $peer: $(tail -n 1 "$BENCH_TMP/$peer-answer") / $(tail -n 1 "$BENCH_TMP/$peer-forward")"
  done
done

field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" "$2" | median; }
printf '%-40s %8s %7s %7s   %8s %7s %7s   %9s\n' "DNS over UDP, $THREADS askers, ${SECS}s x $ROUNDS" "jnet qps" "p50 us" "p99 us" \
  "aard qps" "p50 us" "p99 us" "qps ratio"
for what in answer forward; do
  j=$BENCH_TMP/jnet-$what a=$BENCH_TMP/aardvark-$what
  label=$([ $what = answer ] && echo "answering (server1, a name of the network)" || echo "forwarding (example.org, to the upstream)")
  printf '%-40s %8s %7s %7s   %8s %7s %7s   %9s\n' "$label" "$(field qps "$j")" "$(field p50_us "$j")" "$(field p99_us "$j")" \
    "$(field qps "$a")" "$(field p50_us "$a")" "$(field p99_us "$a")" "$(ratio "$(field qps "$j")" "$(field qps "$a")")"
  t=$(field timeouts "$j")/$(field timeouts "$a")
  [ "$t" = "0/0" ] || echo "  timeouts (median, jnet/aardvark): $t"
done
echo "aardvark-dns: $("$AARDVARK" --version 2>/dev/null | tail -n 1); resolvers on core 1, askers and upstream on core 0"
load_note

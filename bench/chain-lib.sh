#!/usr/bin/env bash
# Shared by the chain and start-up benches (sourced, not run): prerequisites, the throwaway sandbox,
# namespaces, configs and statistics.
#
# Sandbox: bench_sandbox re-executes the calling script under `unshare --net --mount`, so its "host" is a
# fresh network namespace and its mounts (a tmpfs on /run for lock files, the namespace bind mounts) are
# private. The namespaces it makes are files in a temp dir; all of it dies with the script, even on SIGKILL;
# the trap unmounts and removes the temp dir. The real host network is never touched.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
DIST=${DIST:-$ROOT/dist}
REF=${REF:-/usr/lib/cni}
DRIVER=$BENCH_DIR/chain-driver.sh
export LC_ALL=C

say() { echo "$*" >&2; }

# Installs what is missing (the reference plugins, jq, iptables, iproute2, GNU time, util-linux) and builds
# dist/ when it is not there.
bench_prereqs() {
  [ "$(id -u)" = 0 ] || { say "bench: run as root (namespaces, bridges, iptables)"; exit 1; }
  local need=()
  [ -x "$REF/bridge" ] && [ -x "$REF/host-local" ] && [ -x "$REF/portmap" ] || need+=(containernetworking-plugins)
  command -v jq >/dev/null || need+=(jq)
  command -v iptables >/dev/null || need+=(iptables)
  command -v ip >/dev/null || need+=(iproute2)
  command -v nsenter >/dev/null || need+=(util-linux)
  [ -x /usr/bin/time ] || need+=(time)
  if [ ${#need[@]} -gt 0 ]; then
    say "bench: installing ${need[*]}"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
  fi
  if [ ! -x "$DIST/cni/bridge" ] || [ ! -x "$DIST/bin/jnet" ]; then
    say "bench: building dist/ (mvn -q -DskipTests package)"
    (cd "$ROOT" && mvn -q -DskipTests package) >&2
  fi
}

# Re-runs the calling script inside fresh network+mount namespaces (see above). Call first, with "$@".
bench_sandbox() {
  if [ -z "${JNET_BENCH_SANDBOX:-}" ]; then
    bench_prereqs
    export JNET_BENCH_SANDBOX=1
    exec unshare --net --mount --propagation private -- bash "$0" "$@"
  fi
  mount -t tmpfs jnet-bench /run
  ip link set lo up
  BENCH_TMP=$(mktemp -d /tmp/jnet-bench.XXXXXX)
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local f
  # engines the native client started in this sandbox (its private /run, or a dir a bench gave each side)
  for f in /run/jnet/engine.pid "$BENCH_TMP"/engine-*/engine.pid; do
    [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
  done
  for f in "$BENCH_TMP"/ns/*; do [ -e "$f" ] && umount "$f" 2>/dev/null; done
  rm -rf "$BENCH_TMP"
}

# A new network namespace bound to $BENCH_TMP/ns/NAME, loopback up; prints its path.
new_netns() {
  local f=$BENCH_TMP/ns/$1
  mkdir -p "$BENCH_TMP/ns"
  : > "$f"
  unshare --net="$f" ip link set lo up
  echo "$f"
}

del_netns() { umount "$1" && rm -f "$1"; }

# Runs a command in a namespace: in_ns NETNS_PATH CMD...
in_ns() { local ns=$1; shift; nsenter --net="$ns" -- "$@"; }

# The bench network: bridge (gateway, masquerade, hairpin) + host-local + portmap, as `jnet net create` makes it.
# conflist NAME BRIDGE SUBNET DATADIR
conflist() {
  cat <<EOF
{"cniVersion":"1.0.0","name":"$1","plugins":[
 {"type":"bridge","bridge":"$2","isGateway":true,"ipMasq":true,"hairpinMode":true,
  "ipam":{"type":"host-local","ranges":[[{"subnet":"$3"}]],"routes":[{"dst":"0.0.0.0/0"}],"dataDir":"$4"}},
 {"type":"portmap","capabilities":{"portMappings":true},"snat":true}]}
EOF
}

# One published port: ports_json HOSTPORT
ports_json() { printf '[{"hostPort":%d,"containerPort":80,"protocol":"tcp"}]' "$1"; }

# Median of the numbers on stdin.
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }'; }

# A side (ours or ref) of a bench: its own host namespace, plugin dir, conflist and cache.
# side_init SIDE PLUGIN_DIR: sets HOST_<SIDE>, CNI_<SIDE>, CONF_<SIDE>, CACHE_<SIDE>.
side_init() {
  local side=$1 dir=$2 base=$BENCH_TMP/$1
  mkdir -p "$base"
  printf -v "HOST_$side" '%s' "$(new_netns "host-$side")"
  printf -v "CNI_$side" '%s' "$dir"
  printf -v "CACHE_$side" '%s' "$base/cache"
  printf -v "CONF_$side" '%s' "$base/bench.conflist"
  conflist bench jb0 10.210.0.0/16 "$base/ipam" > "$base/bench.conflist"
}

# chain SIDE ADD|DEL ID NETNS [PORTS_JSON]: prints the plugins' ms.
chain() {
  local side=$1 cmd=$2 id=$3 netns=$4 ports=${5:-[]} host cni conf cache
  host=HOST_$side cni=CNI_$side conf=CONF_$side cache=CACHE_$side
  if [ -n "${ENGINE_PER_SIDE:-}" ]; then # an engine serves callers of its own namespace: one per side's host
    in_ns "${!host}" env JNET_ENGINE_DIR="$BENCH_TMP/engine-$side" "$DRIVER" "$cmd" "${!cni}" "${!conf}" "$id" "$netns" eth0 "${!cache}" "$ports"
  else
    in_ns "${!host}" "$DRIVER" "$cmd" "${!cni}" "${!conf}" "$id" "$netns" eth0 "${!cache}" "$ports"
  fi
}

# Wall time of a command run in a namespace, in ms; its output goes to $BENCH_TMP/last.log, failure aborts.
# timed_in_ns NETNS CMD...
timed_in_ns() {
  local ns=$1; shift
  in_ns "$ns" env LOG="$BENCH_TMP/last.log" bash -c 't0=$EPOCHREALTIME; "$@" > "$LOG" 2>&1 || { cat "$LOG" >&2; exit 1; }; t1=$EPOCHREALTIME
    echo $(( ${t1/./} - ${t0/./} )) | awk "{ printf \"%.1f\n\", \$1 / 1000 }"' timed "$@"
}

# One line about the machine's load, printed with every figure: the benches share the machine.
load_note() { echo "(load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs)"; }

# The JDK the dist launchers run (the one they were built and trained with).
dist_java() { sed -n 's/^java="\(.*\)"$/\1/p' "$DIST/cni/bridge"; }

#!/usr/bin/env bash
# Containers: wall time of a whole `jnet run --rm busybox true` (JVM start, image lookup, overlay mount,
# namespace, OCI spec, runc, teardown) against runc running the same busybox root by itself, alternating,
# median and min of ROUNDS; then the resident memory of a detached container's supervisor (jnet
# container-shim) and the peak RSS of a foreground jnet run. Rows:
#   runc run (the peer)            runc run of a bundle: plain directory root, new network namespace, same cgroup parent
#   jnet run --net none            overlay + a jnet namespace with loopback only
#   jnet run (default network)     the same plus CNI ADD and DEL through bridge, host-local, portmap, firewall
# Runs in the bench sandbox (chain-lib.sh): its own network and mount namespaces; the cgroups it makes are
# under jnet-bench-PID and removed at the end.
#
# usage: bench/container-bench.sh [ROUNDS]     (default 11; needs runc and busybox-static)
set -euo pipefail
source "$(dirname "$0")/chain-lib.sh"
command -v runc >/dev/null || { say "container-bench: needs runc (apt-get install runc)"; exit 1; }
[ -x /bin/busybox ] || { say "container-bench: needs busybox-static"; exit 1; }
bench_sandbox "$@"
ROUNDS=${1:-11}
CG=jnet-bench-$$
export JNET_DATA_DIR=$BENCH_TMP/data JNET_STATE_DIR=$BENCH_TMP/state JNET_CACHE_DIR=$BENCH_TMP/cache
export JNET_CONFIG_DIR=$BENCH_TMP/net.d JNET_CNI_PATH=$DIST/cni JNET_CGROUP_PARENT=$CG
mkdir -p /run/netns
cleanup_cgroups() { for d in /sys/fs/cgroup/"$CG" /sys/fs/cgroup/*/"$CG"; do [ -d "$d" ] && rmdir "$d" 2>/dev/null; done; return 0; }
trap 'cleanup_cgroups; bench_cleanup' EXIT

# the image: busybox with its applets, imported from a directory
root=$BENCH_TMP/rootfs
mkdir -p "$root/bin" "$root/etc" "$root/proc" "$root/sys" "$root/dev" "$root/tmp"
cp /bin/busybox "$root/bin/"
for a in sh true sleep; do ln -s busybox "$root/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
"$DIST/bin/jnet" image import "$root" busybox >/dev/null

# the peer: runc's own spec for the same root, with the same cgroup parent and no terminal
bundle=$BENCH_TMP/bundle
mkdir -p "$bundle"
(cd "$bundle" && runc spec)
jq --arg root "$root" --arg cg "/$CG/peer" '.root = {path: $root, readonly: true} | .process.terminal = false
  | .process.args = ["true"] | .linux.cgroupsPath = $cg' "$bundle/config.json" > "$bundle/c.json" && mv "$bundle/c.json" "$bundle/config.json"

labels=("runc run (the peer)" "jnet run --net none" "jnet run (default network)")
cmds=("runc --root $BENCH_TMP/runc-peer run --bundle $bundle peer"
  "$DIST/bin/jnet run --rm --net none busybox true"
  "$DIST/bin/jnet run --rm busybox true")
TMP=$BENCH_TMP/times
mkdir -p "$TMP"
for i in "${!labels[@]}"; do : > "$TMP/$i"; done
for ((r = 0; r <= ROUNDS; r++)); do # round 0 warms caches and makes the default network, untimed
  for i in "${!labels[@]}"; do
    t0=$EPOCHREALTIME
    eval "${cmds[$i]}" < /dev/null > /dev/null 2> "$TMP/err" || { say "container-bench: ${labels[$i]} failed: $(cat "$TMP/err")"; exit 1; }
    t1=$EPOCHREALTIME
    [ "$r" -gt 0 ] && echo $(( ${t1/./} - ${t0/./} )) | awk '{ printf "%.1f\n", $1 / 1000 }' >> "$TMP/$i"
  done
done

ref=$(median < "$TMP/0")
printf '%-40s %9s %9s %10s\n' "container run, wall time (ms, $ROUNDS rounds)" median min "x runc"
for i in "${!labels[@]}"; do
  m=$(median < "$TMP/$i")
  printf '%-40s %9s %9s %10s\n' "${labels[$i]}" "$m" "$(sort -g "$TMP/$i" | head -n 1)" "$(ratio "$m" "$ref")"
done

# memory: a detached container's supervisor once it waits, and a foreground run's peak
"$DIST/bin/jnet" run -d --net none --name idle busybox sleep 600 > /dev/null
sleep 3
shim=$(for p in $(pgrep -f 'container-shim' || true); do
  tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx "JNET_DATA_DIR=$JNET_DATA_DIR" && echo "$p"; done | head -n 1)
rss=$(awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$shim/status")
"$DIST/bin/jnet" rm -f idle > /dev/null
peak=$( { /usr/bin/time -f '%M' "$DIST/bin/jnet" run --rm --net none busybox true > /dev/null; } 2>&1 | tail -n 1)
printf '%-40s %9s MiB\n' "supervisor (jnet container-shim) RSS" "$rss"
printf '%-40s %9s MiB\n' "jnet run --rm --net none, peak RSS" "$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')"
load_note

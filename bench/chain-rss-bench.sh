#!/usr/bin/env bash
# Figure 4: peak RSS of one plugin call, jnet's vs the reference. How: chain-driver.sh runs each plugin exec
# under GNU time (RSS_LOG), whose %M is ru_maxrss from wait4(): the largest resident set the process (the
# launcher execs the JVM, same pid) reached, or any child it waited for. So bridge ADD/DEL also covers the
# host-local it execs; host-local is measured alone too, as the only plugin of a second network.
# Chain ADD+DEL rounds in throwaway namespaces as in chain-bench.sh; prints the largest value seen per
# plugin and command (MiB), and the ratio.
#
# usage: bench/chain-rss-bench.sh [ROUNDS]        (default 5)
set -euo pipefail
source "$(dirname "$0")/chain-lib.sh"
bench_sandbox "$@"
ROUNDS=${1:-5}

side_init ours "$DIST/cni"
side_init ref "$REF"
for side in ours ref; do
  base=$BENCH_TMP/$side
  printf '{"cniVersion":"1.0.0","name":"ipam","plugins":[{"type":"host-local","ipam":{"type":"host-local","ranges":[[{"subnet":"10.211.0.0/16"}]],"dataDir":"%s"}}]}' \
    "$base/ipam2" > "$base/ipam.conflist"
done

for ((r = 1; r <= ROUNDS; r++)); do
  for side in ours ref; do
    c=$(new_netns "c-$side-$r")
    export RSS_LOG=$BENCH_TMP/$side.rss
    chain "$side" ADD "rss-$r" "$c" "$(ports_json $((20000 + r)))" > /dev/null
    chain "$side" DEL "rss-$r" "$c" "$(ports_json $((20000 + r)))" > /dev/null
    host=HOST_$side cni=CNI_$side
    for cmd in ADD DEL; do
      in_ns "${!host}" "$DRIVER" "$cmd" "${!cni}" "$BENCH_TMP/$side/ipam.conflist" "rss-$r" "$c" eth0 "$BENCH_TMP/$side/cache2" > /dev/null
    done
    unset RSS_LOG
    del_netns "$c"
  done
done

peak() { awk -v k="$2 $3" '$1 " " $2 == k && $3 > m { m = $3 } END { printf "%.1f", m / 1024 }' "$BENCH_TMP/$1.rss"; }
printf '%-28s %10s %10s %8s\n' "peak RSS (MiB, max of $ROUNDS)" jnet reference ratio
for k in "bridge ADD" "bridge DEL" "portmap ADD" "portmap DEL" "host-local ADD" "host-local DEL"; do
  o=$(peak ours $k) f=$(peak ref $k)
  printf '%-28s %10s %10s %8s\n' "$k" "$o" "$f" "$(ratio "$o" "$f")"
done
load_note

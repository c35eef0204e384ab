#!/usr/bin/env bash
# Figure 2: `jnet attach` + `jnet detach` (the CLI's JVM and its runtime, which exec jnet's plugins) vs the
# same conflist run on the reference plugins by chain-driver.sh. The network is made by `jnet net create`;
# the reference side gets a copy of its conflist (cniVersion 1.0.0, which the reference speaks; its own
# dataDir). Each side has its own throwaway host namespace; a fresh container namespace with one published
# port per round; sides alternate which goes first; one untimed warm-up round each.
# jnet's figure is the wall time of the whole `jnet` process; the reference's is the plugins' (a Go
# runtime's own work is in-process and small).
#
# usage: bench/chain-attach-bench.sh [ROUNDS]        (default 15)
set -euo pipefail
source "$(dirname "$0")/chain-lib.sh"
bench_sandbox "$@"
ROUNDS=${1:-15}

side_init ours "$DIST/cni"
side_init ref "$REF"
J=$BENCH_TMP/ours
JNET=(env JNET_CONFIG_DIR="$J/conf" JNET_CACHE_DIR="$J/cache" JNET_STATE_DIR="$J/state" JNET_CNI_PATH="$DIST/cni" "$DIST/bin/jnet")
in_ns "$HOST_ours" "${JNET[@]}" net create bench --subnet 10.210.0.0/16 --bridge jb0 >&2
jq --arg d "$BENCH_TMP/ref/ipam" '.cniVersion = "1.0.0" | .plugins[0].ipam.dataDir = $d' "$J/conf/bench.conflist" > "$CONF_ref"
for side in ours ref; do : > "$BENCH_TMP/$side.times"; done

round() { # SIDE ROUND
  local side=$1 r=$2 c add del p
  p=$((20000 + r))
  c=$(new_netns "c-$side-$r")
  if [ "$side" = ours ]; then
    add=$(timed_in_ns "$HOST_ours" "${JNET[@]}" attach "$c" --net bench -p "$p:80")
    del=$(timed_in_ns "$HOST_ours" "${JNET[@]}" detach "$c" --net bench)
  else
    add=$(chain ref ADD "bench-$r" "$c" "$(ports_json "$p")")
    del=$(chain ref DEL "bench-$r" "$c" "$(ports_json "$p")")
  fi
  del_netns "$c"
  [ "$r" -gt 0 ] && echo "$add $del" >> "$BENCH_TMP/$side.times"
  return 0
}

say "chain-attach-bench: warm-up, then $ROUNDS alternating rounds"
round ours 0; round ref 0
for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2)); then round ours "$r"; round ref "$r"; else round ref "$r"; round ours "$r"; fi
done

col() { awk -v c="$2" '{ print (c == 3 ? $1 + $2 : $c) }' "$BENCH_TMP/$1.times" | median; }
printf '%-34s %10s %10s %8s\n' "attach/detach (ms, median of $ROUNDS)" jnet reference ratio
for c in 1 2 3; do
  name=$(case $c in 1) echo "jnet attach | chain ADD" ;; 2) echo "jnet detach | chain DEL" ;; 3) echo "both" ;; esac)
  o=$(col ours $c) f=$(col ref $c)
  printf '%-34s %10s %10s %8s\n' "$name" "$o" "$f" "$(ratio "$o" "$f")"
done
load_note

#!/usr/bin/env bash
# Figure 1: bridge+host-local+portmap chain ADD then DEL, driven by chain-driver.sh (a libcni-like
# runtime), jnet's plugins (dist/cni) vs the reference (/usr/lib/cni). Each side has its own throwaway host
# namespace; every round attaches a fresh container namespace with one published port and detaches it,
# sides alternating which goes first. One untimed warm-up round each (it creates the bridge and chains, as
# the first container on a host does). Prints medians of ADD, DEL and ADD+DEL per side and the ratios.
#
# usage: bench/chain-bench.sh [ROUNDS]        (default 15)
set -euo pipefail
source "$(dirname "$0")/chain-lib.sh"
bench_sandbox "$@"
ROUNDS=${1:-15}

side_init ours "$DIST/cni"
side_init ref "$REF"
for side in ours ref; do : > "$BENCH_TMP/$side.times"; done

round() { # SIDE ROUND -> appends "add del" to SIDE.times (unless warm-up)
  local side=$1 r=$2 c add del
  c=$(new_netns "c-$side-$r")
  add=$(chain "$side" ADD "bench-$r" "$c" "$(ports_json $((20000 + r)))")
  del=$(chain "$side" DEL "bench-$r" "$c" "$(ports_json $((20000 + r)))")
  del_netns "$c"
  [ "$r" -gt 0 ] && echo "$add $del" >> "$BENCH_TMP/$side.times"
  return 0
}

say "chain-bench: warm-up, then $ROUNDS alternating rounds"
round ours 0; round ref 0
for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2)); then round ours "$r"; round ref "$r"; else round ref "$r"; round ours "$r"; fi
done

col() { awk -v c="$2" '{ print (c == 3 ? $1 + $2 : $c) }' "$BENCH_TMP/$1.times" | median; }
printf '%-28s %10s %10s %8s\n' "chain (ms, median of $ROUNDS)" jnet reference ratio
for c in 1 2 3; do
  name=$(case $c in 1) echo ADD ;; 2) echo DEL ;; 3) echo ADD+DEL ;; esac)
  o=$(col ours $c) f=$(col ref $c)
  printf '%-28s %10s %10s %8s\n' "$name" "$o" "$f" "$(ratio "$o" "$f")"
done
load_note

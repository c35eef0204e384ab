#!/usr/bin/env bash
# Figure 3: chain ADD latency (bridge+host-local+portmap, one published port) with 1, 100 and 250 existing
# attachments on the same bridge, each with its own published port: jnet's plugins vs the reference.
# Each side has its own throwaway host namespace (so neither's iptables rules slow the other) and is filled
# by its own plugins, untimed. At each size, rounds alternate sides: one timed ADD of an extra container,
# then its untimed DEL, so every ADD sees the same number of attachments. Prints median ADD per size and
# side, the ratio jnet/reference, and each side's growth (ADD at the largest size / ADD at the smallest).
#
# usage: bench/chain-scale-bench.sh [ROUNDS] [SIZES...]      (defaults 7, and 1 100 250)
set -euo pipefail
source "$(dirname "$0")/chain-lib.sh"
bench_sandbox "$@"
ROUNDS=${1:-7}
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1 100 250)

side_init ours "$DIST/cni"
side_init ref "$REF"
declare -A have=([ours]=0 [ref]=0)

fill() { # SIDE N: attachments pre-0 .. pre-(N-1), ports 30000+i
  local side=$1 n=$2 c
  while [ "${have[$side]}" -lt "$n" ]; do
    c=$(new_netns "pre-$side-${have[$side]}")
    chain "$side" ADD "pre-${have[$side]}" "$c" "$(ports_json $((30000 + have[$side])))" > /dev/null
    have[$side]=$((have[$side] + 1))
    if ((have[$side] % 50 == 0)); then say "  $side: ${have[$side]} attachments"; fi
  done
}

one() { # SIDE SIZE ROUND -> prints the ADD ms; each plugin's ADD ms go to SIDE.SIZE.plugins
  local side=$1 n=$2 r=$3 c add id
  id=x-$n-$r
  c=$(new_netns "$id-$side")
  add=$(PLUGIN_LOG="$BENCH_TMP/$side.$n.plugins" chain "$side" ADD "$id" "$c" "$(ports_json $((40000 + r)))")
  chain "$side" DEL "$id" "$c" "$(ports_json $((40000 + r)))" > /dev/null
  del_netns "$c"
  echo "$add"
}

printf '%-30s %10s %10s %8s\n' "chain ADD (ms, median of $ROUNDS)" jnet reference ratio > "$BENCH_TMP/table"
for n in "${SIZES[@]}"; do
  say "chain-scale-bench: filling to $n attachments per side"
  fill ours "$n"; fill ref "$n"
  one ours "$n" 0 > /dev/null; one ref "$n" 0 > /dev/null # warm-up at this size
  : > "$BENCH_TMP/ours.$n"; : > "$BENCH_TMP/ref.$n"; : > "$BENCH_TMP/ours.$n.plugins"; : > "$BENCH_TMP/ref.$n.plugins"
  for ((r = 1; r <= ROUNDS; r++)); do
    if ((r % 2)); then order=(ours ref); else order=(ref ours); fi
    for side in "${order[@]}"; do one "$side" "$n" "$r" >> "$BENCH_TMP/$side.$n"; done
  done
  o=$(median < "$BENCH_TMP/ours.$n") f=$(median < "$BENCH_TMP/ref.$n")
  printf '%-30s %10s %10s %8s\n' "with $n attachments" "$o" "$f" "$(ratio "$o" "$f")" >> "$BENCH_TMP/table"
done
cat "$BENCH_TMP/table"
lo=${SIZES[0]} hi=${SIZES[${#SIZES[@]}-1]}
printf '%-30s %10s %10s\n' "growth (ADD at $hi / at $lo)" \
  "$(ratio "$(median < "$BENCH_TMP/ours.$hi")" "$(median < "$BENCH_TMP/ours.$lo")")" \
  "$(ratio "$(median < "$BENCH_TMP/ref.$hi")" "$(median < "$BENCH_TMP/ref.$lo")")"
# where the growth is: each plugin's median ADD per size (bridge's includes the host-local it runs)
echo
printf '%-30s' "per plugin (ms, median)"
for n in "${SIZES[@]}"; do printf ' %9s' "jnet@$n"; done
for n in "${SIZES[@]}"; do printf ' %9s' "ref@$n"; done
echo
for type in bridge portmap; do
  printf '%-30s' "$type ADD"
  for side in ours ref; do
    for n in "${SIZES[@]}"; do printf ' %9s' "$(awk -v t="$type" '$1 == t { print $3 }' "$BENCH_TMP/$side.$n.plugins" | median)"; done
  done
  echo
done
load_note

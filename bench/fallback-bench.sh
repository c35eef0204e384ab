#!/usr/bin/env bash
# The per-call fallback against an older build: chain ADD+DEL and VERSION on this dist's per-call JVMs
# (JNET_ENGINE=off through the native client), on OLD_DIST's launchers (e.g. a dist built from the commit before
# the engine), and on the reference, in one rotating run, so "no slower than before" is measured in one window.
#
# usage: bench/fallback-bench.sh ROUNDS OLD_DIST
set -euo pipefail
source "$(dirname "$0")/chain-lib.sh"
bench_sandbox "$@"
ROUNDS=${1:-9}
OLD=${2:?usage: fallback-bench.sh ROUNDS OLD_DIST}
export JNET_ENGINE=off JNET_ENGINE_DIR=/run/jnet

side_init new "$DIST/cni"
side_init old "$OLD/cni"
side_init ref "$REF"
for s in new old ref; do : > "$BENCH_TMP/$s.times"; : > "$BENCH_TMP/$s.version"; done

round() { # SIDE ROUND
  local side=$1 r=$2 c add del p cni
  p=$((20000 + r))
  c=$(new_netns "c-$side-$r-$RANDOM")
  add=$(chain "$side" ADD "bench-$r" "$c" "$(ports_json "$p")")
  del=$(chain "$side" DEL "bench-$r" "$c" "$(ports_json "$p")")
  del_netns "$c"
  local cni=CNI_$side host=HOST_$side v
  v=$(CNI_COMMAND=VERSION timed_in_ns "${!host}" "${!cni}/bridge" < /dev/null)
  if [ "$r" -gt 0 ]; then echo "$add $del" >> "$BENCH_TMP/$side.times"; echo "$v" >> "$BENCH_TMP/$side.version"; fi
  return 0
}

say "fallback-bench: warm-up, then $ROUNDS rounds in rotating order"
sides=(new old ref)
for s in "${sides[@]}"; do round "$s" 0; done
for ((r = 1; r <= ROUNDS; r++)); do
  for ((i = 0; i < ${#sides[@]}; i++)); do round "${sides[$(((i + r) % ${#sides[@]}))]}" "$r"; done
done
col() { awk '{ print $1 + $2 }' "$BENCH_TMP/$1.times" | median; }
printf '%-30s %10s %10s %10s %8s %8s\n' "ms, median of $ROUNDS" "per-call" "old dist" reference new/ref old/ref
n=$(col new) o=$(col old) f=$(col ref)
printf '%-30s %10s %10s %10s %8s %8s\n' "chain ADD+DEL" "$n" "$o" "$f" "$(ratio "$n" "$f")" "$(ratio "$o" "$f")"
n=$(median < "$BENCH_TMP/new.version") o=$(median < "$BENCH_TMP/old.version") f=$(median < "$BENCH_TMP/ref.version")
printf '%-30s %10s %10s %10s %8s %8s\n' "VERSION" "$n" "$o" "$f" "$(ratio "$n" "$f")" "$(ratio "$o" "$f")"
load_note

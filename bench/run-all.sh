#!/usr/bin/env bash
# The performance bench in one command, from a clean checkout (as root): installs the reference plugins and
# tools when missing, builds dist/ when missing, then prints start-up and the four figures of issue 8, each
# jnet vs the reference, and checks them against the targets:
#   1. chain ADD+DEL median ratio jnet/reference <= 1.5        (chain-bench.sh)
#   2. jnet attach+detach vs the reference chain                (chain-attach-bench.sh, no target)
#   3. ADD at 250 attachments <= 1.3 x ADD at 1                 (chain-scale-bench.sh)
#   4. peak RSS of a plugin call <= 64 MiB                      (chain-rss-bench.sh)
# Everything runs in throwaway namespaces (see chain-lib.sh). Rounds: ROUNDS (15), SCALE_ROUNDS (7);
# SCALE_SIZES ("1 100 250").
#
# usage: bench/run-all.sh
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
source "$BENCH_DIR/chain-lib.sh"
bench_prereqs
ROUNDS=${ROUNDS:-15}
SCALE_ROUNDS=${SCALE_ROUNDS:-7}
SCALE_SIZES=${SCALE_SIZES:-1 100 250}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

run() { # NAME SCRIPT ARGS...
  local name=$1; shift
  say "== $name"
  "$BENCH_DIR/$@" | tee "$OUT/$name"
  echo
}
run startup startup-bench.sh 21
run chain chain-bench.sh "$ROUNDS"
run attach chain-attach-bench.sh "$ROUNDS"
# shellcheck disable=SC2086
run scale chain-scale-bench.sh "$SCALE_ROUNDS" $SCALE_SIZES
run rss chain-rss-bench.sh 5

check() { # what value target
  if awk -v v="$2" -v t="$3" 'BEGIN { exit !(v != "nan" && v <= t) }'; then r=met; else r=MISSED; fi
  printf '%-44s %8s  (target <= %s) %s\n' "$1" "$2" "$3" "$r"
}
echo "== targets (issue 8)"
check "chain ADD+DEL, jnet/reference" "$(awk '$1 == "ADD+DEL" { print $4 }' "$OUT/chain")" 1.5
check "ADD at largest / at smallest size, jnet" "$(awk '/^growth/ { print $(NF-1) }' "$OUT/scale")" 1.3
check "peak RSS of a plugin call, jnet (MiB)" "$(awk 'NR > 1 && NF == 5 && $3 > m { m = $3 } END { print m }' "$OUT/rss")" 64
load_note

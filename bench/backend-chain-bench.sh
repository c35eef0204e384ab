#!/usr/bin/env bash
# The chain on each firewall backend: bridge+host-local+portmap ADD then DEL, driven by chain-driver.sh, with
# jnet's plugins on nftables (ipMasqBackend/backend "nftables": netlink batches, no process), jnet's plugins on
# iptables (one iptables-restore per family and call) and the reference plugins (1.1.1, iptables execs).
# Each side has its own throwaway host namespace; every round attaches a fresh container namespace with one
# published port and detaches it, the sides taking turns going first. One untimed warm-up round per side.
# Prints medians of ADD, DEL and ADD+DEL per side and the ratios against the reference and jnet-on-iptables.
#
# usage: bench/backend-chain-bench.sh [ROUNDS]        (default 15)
set -euo pipefail
source "$(dirname "$0")/chain-lib.sh"
bench_sandbox "$@"
ROUNDS=${1:-15}
SIDES=(nft ipt ref)
ENGINE_PER_SIDE=1 # jnet-nft and jnet-ipt each through an engine of their own host namespace

# side SIDE PLUGIN_DIR BACKEND: like side_init, with the backend keys written into the conflist
side() {
  local s=$1 dir=$2 backend=$3 base=$BENCH_TMP/$1
  mkdir -p "$base"
  printf -v "HOST_$s" '%s' "$(new_netns "host-$s")"
  printf -v "CNI_$s" '%s' "$dir"
  printf -v "CACHE_$s" '%s' "$base/cache"
  printf -v "CONF_$s" '%s' "$base/bench.conflist"
  conflist bench jb0 10.210.0.0/16 "$base/ipam" > "$base/plain.conflist"
  if [ -n "$backend" ]; then
    jq --arg b "$backend" '.plugins[0].ipMasqBackend = $b | .plugins[1].backend = $b' "$base/plain.conflist" > "$base/bench.conflist"
  else
    cp "$base/plain.conflist" "$base/bench.conflist"
  fi
  : > "$base.times"
}
side nft "$DIST/cni" nftables
side ipt "$DIST/cni" iptables
side ref "$REF" ""

round() { # SIDE ROUND -> appends "add del" to SIDE.times (unless warm-up)
  local s=$1 r=$2 c add del
  c=$(new_netns "c-$s-$r")
  add=$(chain "$s" ADD "bench-$r" "$c" "$(ports_json $((20000 + r)))")
  del=$(chain "$s" DEL "bench-$r" "$c" "$(ports_json $((20000 + r)))")
  del_netns "$c"
  [ "$r" -gt 0 ] && echo "$add $del" >> "$BENCH_TMP/$s.times"
  return 0
}

say "backend-chain-bench: warm-up, then $ROUNDS rounds, sides taking turns"
for s in "${SIDES[@]}"; do round "$s" 0; done
for ((r = 1; r <= ROUNDS; r++)); do
  k=$((r % 3))
  for s in "${SIDES[@]:k}" "${SIDES[@]:0:k}"; do round "$s" "$r"; done
done

col() { awk -v c="$2" '{ print (c == 3 ? $1 + $2 : $c) }' "$BENCH_TMP/$1.times" | median; }
printf '%-26s %10s %10s %10s %12s %12s\n' "chain (ms, median of $ROUNDS)" jnet-nft jnet-ipt reference "nft/ref" "nft/ipt"
for c in 1 2 3; do
  name=$(case $c in 1) echo ADD ;; 2) echo DEL ;; 3) echo ADD+DEL ;; esac)
  n=$(col nft $c) i=$(col ipt $c) f=$(col ref $c)
  printf '%-26s %10s %10s %10s %12s %12s\n' "$name" "$n" "$i" "$f" "$(ratio "$n" "$f")" "$(ratio "$n" "$i")"
done
load_note

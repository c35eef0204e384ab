#!/usr/bin/env bash
# ADD latency of one more published port with 1, 100 and 1000 ports already published on the host: portmap
# on nftables (jnet: a verdict map lookup per packet, a batch and a few single-key lookups per ADD), on iptables
# (jnet: iptables-save, then one iptables-restore) and the reference 1.1.1 (one iptables exec per rule check and
# insert). Each side has its own throwaway host namespace, filled by its own plugin, untimed, with attachments
# of 10 published ports each (to 1 port first). At each size the sides take turns: one timed ADD of an extra
# attachment publishing one port, then its untimed DEL, so every ADD meets the same number of ports. Prints
# the median ADD per size and side and each side's growth (ADD at the largest size / ADD at the smallest).
#
# usage: bench/ports-scale-bench.sh [ROUNDS] [SIZES...]      (defaults 9, and 1 100 1000)
set -euo pipefail
source "$(dirname "$0")/chain-lib.sh"
bench_sandbox "$@"
ROUNDS=${1:-9}
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1 100 1000)
SIDES=(nft ipt ref)
declare -A plugin=([nft]="$DIST/cni/portmap" [ipt]="$DIST/cni/portmap" [ref]="$REF/portmap")
declare -A backend=([nft]=nftables [ipt]=iptables [ref]="")
declare -A host have

for s in "${SIDES[@]}"; do
  host[$s]=$(new_netns "host-$s")
  have[$s]=0
  # the containers' subnet routed through a bridge, so route_localnet is really set
  in_ns "${host[$s]}" ip link add br0 type bridge
  in_ns "${host[$s]}" ip addr add 10.88.0.1/16 dev br0
  in_ns "${host[$s]}" ip link set br0 up
done

# config SIDE INDEX PORTS...: a portmap config for attachment INDEX (address 10.88.x.y) publishing PORTS
config() {
  local s=$1 i=$2 sep="" p
  shift 2
  printf '{"cniVersion":"1.0.0","name":"bench","type":"portmap","capabilities":{"portMappings":true},'
  [ -n "${backend[$s]}" ] && printf '"backend":"%s",' "${backend[$s]}"
  printf '"runtimeConfig":{"portMappings":['
  for p in "$@"; do printf '%s{"hostPort":%d,"containerPort":80,"protocol":"tcp"}' "$sep" "$p"; sep=,; done
  printf ']},"prevResult":{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","sandbox":"/var/run/netns/x"}],'
  printf '"ips":[{"address":"10.88.%d.%d/16","interface":0}]}}' $(((i + 2) / 250)) $(((i + 2) % 250 + 1))
}

# call SIDE COMMAND ID INDEX PORTS...: one plugin call; prints its wall time in ms
call() {
  local s=$1 cmd=$2 id=$3 i=$4 t0 t1
  shift 4
  config "$s" "$i" "$@" > "$BENCH_TMP/in.$s"
  t0=$EPOCHREALTIME
  # each side's own engine, in its own host namespace (an engine serves callers of its namespace only)
  in_ns "${host[$s]}" env JNET_ENGINE_DIR="$BENCH_TMP/engine-$s" CNI_COMMAND="$cmd" CNI_CONTAINERID="$id" CNI_NETNS=/var/run/netns/x CNI_IFNAME=eth0 \
    CNI_PATH="$(dirname "${plugin[$s]}")" "${plugin[$s]}" < "$BENCH_TMP/in.$s" > "$BENCH_TMP/out.$s" 2> "$BENCH_TMP/err.$s" || {
    say "ports-scale-bench: $s $cmd $id failed: $(cat "$BENCH_TMP/out.$s" "$BENCH_TMP/err.$s")"; exit 1; }
  t1=$EPOCHREALTIME
  echo $(( ${t1/./} - ${t0/./} )) | awk '{ printf "%.1f\n", $1 / 1000 }'
}

fill() { # SIDE N: published ports 30000.. in attachments of 10 (the first of 1)
  local s=$1 n=$2 k ports
  while [ "${have[$s]}" -lt "$n" ]; do
    k=$(( have[$s] == 0 ? 1 : (n - have[$s] < 10 ? n - have[$s] : 10) ))
    ports=$(seq $((30000 + have[$s])) $((30000 + have[$s] + k - 1)))
    # shellcheck disable=SC2086
    call "$s" ADD "pre-${have[$s]}" $((have[$s] / 10)) $ports > /dev/null
    have[$s]=$((have[$s] + k))
    if ((have[$s] % 200 == 0)); then say "  $s: ${have[$s]} ports"; fi
  done
}

printf '%-32s %10s %10s %10s\n' "portmap ADD of 1 port (ms, median)" jnet-nft jnet-ipt reference > "$BENCH_TMP/table"
for n in "${SIZES[@]}"; do
  say "ports-scale-bench: filling to $n published ports per side"
  for s in "${SIDES[@]}"; do fill "$s" "$n"; done
  for s in "${SIDES[@]}"; do # warm-up at this size
    call "$s" ADD warm 900 61000 > /dev/null; call "$s" DEL warm 900 61000 > /dev/null
    : > "$BENCH_TMP/$s.$n"
  done
  for ((r = 1; r <= ROUNDS; r++)); do
    k=$((r % 3))
    for s in "${SIDES[@]:k}" "${SIDES[@]:0:k}"; do
      call "$s" ADD "x-$r" 901 $((60000 + r)) >> "$BENCH_TMP/$s.$n"
      call "$s" DEL "x-$r" 901 $((60000 + r)) > /dev/null
    done
  done
  printf '%-32s %10s %10s %10s\n' "with $n ports published" "$(median < "$BENCH_TMP/nft.$n")" \
    "$(median < "$BENCH_TMP/ipt.$n")" "$(median < "$BENCH_TMP/ref.$n")" >> "$BENCH_TMP/table"
done
cat "$BENCH_TMP/table"
lo=${SIZES[0]} hi=${SIZES[${#SIZES[@]}-1]}
growth() { ratio "$(median < "$BENCH_TMP/$1.$hi")" "$(median < "$BENCH_TMP/$1.$lo")"; }
printf '%-32s %10s %10s %10s\n' "growth (ADD at $hi / at $lo)" "$(growth nft)" "$(growth ipt)" "$(growth ref)"
load_note

#!/usr/bin/env bash
# The engine's figures (issue 15), side by side with the reference in one alternating run: per round, in rotating
# order, the bridge+host-local+portmap chain ADD+DEL through the native client and the engine (dist/cni), the same
# on the per-call JVMs (JNET_ENGINE=off), on the reference plugins, and `jnet attach` + `jnet detach` through the
# engine; VERSION the same three ways. Then the cold first call (no engine yet), and the engine's RSS after 1,000
# and 10,000 calls. Every side has its own throwaway host namespace; the engine lives in ours and is killed at the
# end (chain-lib.sh's sandbox: private /run, so its /run/jnet is this script's alone).
#
# usage: bench/engine-bench.sh [ROUNDS] [RSS_CALLS]        (default 15, 10000)
set -euo pipefail
source "$(dirname "$0")/chain-lib.sh"
bench_sandbox "$@"
ROUNDS=${1:-15}
RSS_CALLS=${2:-10000}
export JNET_ENGINE_DIR=/run/jnet # the private /run of this sandbox
engine_pid() { cat /run/jnet/engine.pid 2>/dev/null; }
stop_engine() { local p; p=$(engine_pid) || true; [ -n "$p" ] && kill -9 "$p" 2>/dev/null; sleep 0.2; rm -f /run/jnet/engine.sock; }
trap 'stop_engine; bench_cleanup' EXIT

side_init eng "$DIST/cni"
side_init jvm "$DIST/cni"
side_init ref "$REF"
side_init att "$DIST/cni"
side_init refatt "$REF"
J=$BENCH_TMP/att
JNET=(env JNET_CONFIG_DIR="$J/conf" JNET_CACHE_DIR="$J/cache" JNET_STATE_DIR="$J/state" JNET_CNI_PATH="$DIST/cni" "$DIST/bin/jnet")
for s in eng jvm ref att nft dflt refatt; do : > "$BENCH_TMP/$s.times"; : > "$BENCH_TMP/$s.version"; done

# The engine serves the calls of one network namespace: ours (eng) and the attach side share it.
HOST_att=$HOST_eng
# The attach side is compared with the reference running the very same conflist (bridge, portmap, firewall), as
# chain-attach-bench.sh does: so no names and no userland proxy, which the reference has no part of. The side
# "dflt" attaches to a network with jnet's defaults (DNS, userland proxy): the resolver and the proxy start with
# the first attachment and stop with the last, which here is every round.
in_ns "$HOST_att" "${JNET[@]}" net create bench2 --subnet 10.211.0.0/16 --bridge jb1 --no-dns --userland-proxy=false >&2
in_ns "$HOST_att" "${JNET[@]}" net create bench3 --subnet 10.213.0.0/16 --bridge jb3 >&2
# The side "nft" is the attach side on the nftables backend (netlink, no program run); the reference 1.1.1 has
# iptables only, so it is compared with the same refatt row.
in_ns "$HOST_att" "${JNET[@]}" net create bench4 --subnet 10.215.0.0/16 --bridge jb4 --no-dns --userland-proxy=false \
  --firewall-backend nftables >&2
HOST_dflt=$HOST_att
jq --arg d "$BENCH_TMP/refatt/ipam" '.cniVersion = "1.0.0" | .plugins[0].ipam.dataDir = $d' "$J/conf/bench2.conflist" > "$CONF_refatt"

round() { # SIDE ROUND
  local side=$1 r=$2 c add del p
  p=$((20000 + r))
  c=$(new_netns "c-$side-$r-$RANDOM")
  case $side in
    att)
      add=$(timed_in_ns "$HOST_att" "${JNET[@]}" attach "$c" --net bench2 -p "$((p + 1000)):80")
      del=$(timed_in_ns "$HOST_att" "${JNET[@]}" detach "$c" --net bench2) ;;
    nft)
      add=$(timed_in_ns "$HOST_att" "${JNET[@]}" attach "$c" --net bench4 -p "$((p + 3000)):80")
      del=$(timed_in_ns "$HOST_att" "${JNET[@]}" detach "$c" --net bench4) ;;
    dflt)
      add=$(timed_in_ns "$HOST_att" "${JNET[@]}" attach "$c" --net bench3 -p "$((p + 2000)):80")
      del=$(timed_in_ns "$HOST_att" "${JNET[@]}" detach "$c" --net bench3) ;;
    jvm)
      add=$(JNET_ENGINE=off chain jvm ADD "bench-$r" "$c" "$(ports_json "$p")")
      del=$(JNET_ENGINE=off chain jvm DEL "bench-$r" "$c" "$(ports_json "$p")") ;;
    *)
      add=$(chain "$side" ADD "bench-$r" "$c" "$(ports_json "$p")")
      del=$(chain "$side" DEL "bench-$r" "$c" "$(ports_json "$p")") ;;
  esac
  del_netns "$c"
  [ "$r" -gt 0 ] && echo "$add $del" >> "$BENCH_TMP/$side.times"
  local v
  case $side in
    ref) v=$(CNI_COMMAND=VERSION timed_in_ns "$HOST_ref" "$REF/bridge" < /dev/null) ;;
    eng) v=$(CNI_COMMAND=VERSION timed_in_ns "$HOST_eng" "$DIST/cni/bridge" < /dev/null) ;;
    jvm) v=$(CNI_COMMAND=VERSION JNET_ENGINE=off timed_in_ns "$HOST_jvm" "$DIST/cni/bridge" < /dev/null) ;;
    att|nft|dflt|refatt) v= ;;
  esac
  [ "$r" -gt 0 ] && [ -n "$v" ] && echo "$v" >> "$BENCH_TMP/$side.version"
  return 0
}

say "engine-bench: cold first calls, warm-up, then $ROUNDS rounds in rotating order"
stop_engine
cold_version=$(CNI_COMMAND=VERSION timed_in_ns "$HOST_eng" "$DIST/cni/bridge" < /dev/null)
stop_engine
c=$(new_netns cold)
cold_add=$(chain eng ADD cold "$c" "$(ports_json 19999)")
chain eng DEL cold "$c" "$(ports_json 19999)" > /dev/null
del_netns "$c"
sides=(eng ref jvm att nft dflt refatt)
for w in 1 2 3; do for s in "${sides[@]}"; do round "$s" 0; done; done # warm-up: a resident engine is warm
for ((r = 1; r <= ROUNDS; r++)); do
  for ((i = 0; i < ${#sides[@]}; i++)); do round "${sides[$(((i + r) % ${#sides[@]}))]}" "$r"; done
done

col() { awk -v c="$2" '{ print (c == 3 ? $1 + $2 : $c) }' "$BENCH_TMP/$1.times" | median; }
printf '%-40s %9s %9s %9s %9s\n' "ms, median of $ROUNDS" engine per-call reference ratio
for c in 1 2 3; do
  name=$(case $c in 1) echo "chain ADD" ;; 2) echo "chain DEL" ;; 3) echo "chain ADD+DEL" ;; esac)
  e=$(col eng $c) j=$(col jvm $c) f=$(col ref $c)
  printf '%-40s %9s %9s %9s %9s\n' "$name" "$e" "$j" "$f" "$(ratio "$e" "$f")"
done
a=$(col att 3) f=$(col refatt 3)
printf '%-40s %9s %9s %9s %9s\n' "jnet attach+detach vs ref same conflist" "$a" - "$f" "$(ratio "$a" "$f")"
n=$(col nft 3)
printf '%-40s %9s %9s %9s %9s\n' "the same on the nftables backend" "$n" - "$f" "$(ratio "$n" "$f")"
d=$(col dflt 3)
printf '%-40s %9s %9s %9s %9s\n' "the same with DNS and proxy (defaults)" "$d" - "$f" "$(ratio "$d" "$f")"
ve=$(median < "$BENCH_TMP/eng.version") vj=$(median < "$BENCH_TMP/jvm.version") vr=$(median < "$BENCH_TMP/ref.version")
printf '%-40s %9s %9s %9s %9s\n' "VERSION" "$ve" "$vj" "$vr" "$(ratio "$ve" "$vr")"
printf '%-40s %9s %9s %9s %9s\n' "per-call vs reference (chain ADD+DEL)" - "$(col jvm 3)" "$(col ref 3)" "$(ratio "$(col jvm 3)" "$(col ref 3)")"
printf '%-40s %9s\n' "cold first call: VERSION (starts engine)" "$cold_version"
printf '%-40s %9s\n' "cold first call: chain ADD (starts engine)" "$cold_add"
load_note

# Memory: RSS of the engine after 1,000 and after RSS_CALLS calls (host-local ADD/DEL pairs, VERSION, and a whole
# chain ADD+DEL every 250th call, so netlink, iptables and the firewall lock are in the mix).
say "engine-bench: $RSS_CALLS calls for the RSS figure"
pid=$(engine_pid)
hl_conf='{"cniVersion":"1.0.0","name":"rss","ipam":{"type":"host-local","ranges":[[{"subnet":"10.212.0.0/16"}]],"dataDir":"'$BENCH_TMP/rss-ipam'"}}'
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$pid/status"; }
rss_1k= n=0 c=$(new_netns rss)
while [ "$n" -lt "$RSS_CALLS" ]; do
  k=$((n % 250))
  if [ $k -eq 0 ]; then
    chain eng ADD "rss-$n" "$c" "$(ports_json 21000)" > /dev/null
    chain eng DEL "rss-$n" "$c" "$(ports_json 21000)" > /dev/null
    n=$((n + 4))
  elif [ $((k % 3)) -eq 0 ]; then
    CNI_COMMAND=VERSION in_ns "$HOST_eng" "$DIST/cni/host-local" < /dev/null > /dev/null
    n=$((n + 1))
  else
    for cmd in ADD DEL; do
      printf '%s' "$hl_conf" | CNI_COMMAND=$cmd CNI_CONTAINERID="r$n" CNI_NETNS="$c" CNI_IFNAME=eth0 CNI_PATH="$DIST/cni" \
        in_ns "$HOST_eng" "$DIST/cni/host-local" > "$BENCH_TMP/rss.out" || { cat "$BENCH_TMP/rss.out" >&2; exit 1; }
    done
    n=$((n + 2))
  fi
  if [ -z "$rss_1k" ] && [ "$n" -ge 1000 ]; then rss_1k=$(rss); fi
done
rss_end=$(rss)
[ "$(engine_pid)" = "$pid" ] || { say "engine-bench: the engine changed during the RSS run"; exit 1; }
printf 'engine RSS after 1000 calls: %d KiB, after %d: %d KiB, growth %s (target <= 1.10); threads %s, fds %s\n' \
  "$rss_1k" "$n" "$rss_end" "$(ratio "$rss_end" "$rss_1k")" "$(awk '/^Threads/ { print $2 }' "/proc/$pid/status")" "$(ls "/proc/$pid/fd" | wc -l)"
load_note

#!/usr/bin/env bash
# A minimal CNI runtime for the chain benches: runs a conflist's plugins the way libcni does, for jnet's
# plugins and the reference ones alike, and prints how long the plugins took.
#
#   chain-driver.sh ADD|DEL CNI_PATH CONFLIST CONTAINER_ID NETNS IFNAME CACHE_DIR [PORT_MAPPINGS_JSON]
#
# ADD runs the plugins in order, each with name and cniVersion injected, runtimeConfig.portMappings for
# plugins declaring the portMappings capability, and the previous plugin's result as prevResult; the last
# result is cached. DEL runs them in reverse with the cached result as prevResult (libcni, CNI >= 0.4.0).
# Prints one number: the sum of the plugin execs' wall time in ms. Config building (jq) happens between
# execs and is not counted, as a Go runtime does it in-process. RSS_LOG=file: each exec runs under
# /usr/bin/time and appends "plugin COMMAND maxrss_kib" to it.
set -euo pipefail
export LC_ALL=C
cmd=$1 cni_path=$2 conflist=$3 id=$4 netns=$5 ifname=$6 cache=$7 ports=${8:-[]}
mkdir -p "$cache"
result=$cache/$id-$ifname.json
work=$(mktemp -d "$cache/.run.XXXXXX")
trap 'rm -rf "$work"' EXIT

n=$(jq '.plugins | length' "$conflist")
case $cmd in
  ADD) order=$(seq 0 $((n - 1))); prev=null ;;
  DEL) order=$(seq $((n - 1)) -1 0); prev=$(cat "$result" 2>/dev/null || echo null) ;;
  *) echo "chain-driver: ADD or DEL, not $cmd" >&2; exit 2 ;;
esac

total_us=0
for i in $order; do
  jq -c --argjson i "$i" --argjson prev "$prev" --argjson ports "$ports" '
    . as $l | $l.plugins[$i] + {name: $l.name, cniVersion: $l.cniVersion}
    | if (.capabilities.portMappings // false) then .runtimeConfig = {portMappings: $ports} else . end
    | if $prev != null then .prevResult = $prev else . end' "$conflist" > "$work/conf"
  type=$(jq -r '.type' "$work/conf")
  wrap=()
  [ -n "${RSS_LOG:-}" ] && wrap=(/usr/bin/time -a -o "$RSS_LOG" -f "$type $cmd %M")
  t0=$EPOCHREALTIME
  rc=0
  CNI_COMMAND=$cmd CNI_CONTAINERID=$id CNI_NETNS=$netns CNI_IFNAME=$ifname CNI_PATH=$cni_path \
    "${wrap[@]}" "$cni_path/$type" < "$work/conf" > "$work/out" 2> "$work/err" || rc=$?
  t1=$EPOCHREALTIME
  if [ $rc -ne 0 ]; then
    echo "chain-driver: $type $cmd failed (exit $rc): $(cat "$work/out") $(cat "$work/err")" >&2
    exit 1
  fi
  total_us=$((total_us + ${t1/./} - ${t0/./}))
  # PLUGIN_LOG: one "TYPE CMD MS" line per plugin call, for breakdowns
  [ -n "${PLUGIN_LOG:-}" ] && awk -v t="$type $cmd" -v us=$((${t1/./} - ${t0/./})) 'BEGIN { printf "%s %.1f\n", t, us / 1000 }' >> "$PLUGIN_LOG"
  if [ "$cmd" = ADD ]; then prev=$(cat "$work/out"); fi
done
case $cmd in
  ADD) printf '%s' "$prev" > "$result" ;;
  DEL) rm -f "$result" ;;
esac
awk -v us="$total_us" 'BEGIN { printf "%.1f\n", us / 1000 }'

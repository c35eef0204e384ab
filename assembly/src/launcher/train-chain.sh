#!/bin/sh
# Runs inside the throwaway network+mount namespaces train-cds.sh creates: a bridge+host-local+portmap chain
# ADD, CHECK and DEL through the launchers (which record their classes), like a runtime would drive it, then
# the same through `jnet attach/detach`.
# Usage: train-chain.sh <dist>
set -u
dist=$1
tmp=$(mktemp -d)
trap 'umount "$tmp/netns" 2>/dev/null; rm -rf "$tmp"' EXIT
# Private mounts from here on: a tmpfs over /run keeps lock files (xtables.lock) off the host.
mount -t tmpfs jnet-train /run 2>/dev/null || true
ip link set lo up
: > "$tmp/netns"
unshare --net="$tmp/netns" true || { echo "train-chain: cannot create the container namespace"; exit 1; }

export CNI_CONTAINERID=cdstraining CNI_NETNS="$tmp/netns" CNI_IFNAME=eth0 CNI_PATH="$dist/cni"
net='"cniVersion":"1.0.0","name":"jnet-cds-training"'
run() { # $1 command, $2 plugin, stdin: config; prints the plugin's stdout
  CNI_COMMAND=$1 "$dist/lib/jvm/$2"
}
ok=0
# The chain (bridge+host-local, portmap, firewall) on a firewall backend: $1 is "" (the plugins' default
# choice) or a backend name written into every plugin's backend key, so both backends' classes are archived.
chain() {
  b=${1:+',"ipMasqBackend":"'$1'"'}
  k=${1:+',"backend":"'$1'"'}
  bridge='{'$net',"type":"bridge","bridge":"jnettrain0","isGateway":true,"ipMasq":true'$b',
 "ipam":{"type":"host-local","dataDir":"'$tmp'/ipam","ranges":[[{"subnet":"10.254.254.0/24"}]],"routes":[{"dst":"0.0.0.0/0"}]}}'
  portmap() { # $1: prevResult
    printf '%s' '{'$net',"type":"portmap","capabilities":{"portMappings":true},"snat":true'$k',
 "runtimeConfig":{"portMappings":[{"hostPort":18080,"containerPort":80,"protocol":"tcp"},{"hostPort":18053,"containerPort":53,"protocol":"udp"}]},"prevResult":'"$1"'}'
  }
  firewall() { # $1: prevResult
    printf '%s' '{'$net',"type":"firewall","ingressPolicy":"same-bridge"'$k',"prevResult":'"$1"'}'
  }
  if res=$(printf '%s' "$bridge" | run ADD bridge); then
    if res2=$(portmap "$res" | run ADD portmap); then
      portmap "$res2" | run CHECK portmap >/dev/null || ok=1
      firewall "$res2" | run ADD firewall >/dev/null || ok=1
      firewall "$res2" | run CHECK firewall >/dev/null || ok=1
      firewall "$res2" | run DEL firewall >/dev/null || ok=1
      printf '%s' "${bridge%\}}"',"prevResult":'"$res2"'}' | run CHECK bridge >/dev/null || ok=1
    else ok=1; fi
    portmap "$res" | run DEL portmap >/dev/null || ok=1
  else ok=1; fi
  printf '%s' "$bridge" | run DEL bridge >/dev/null || ok=1
}
chain ""
chain nftables
# A bad config too: the error path (parse failure, CNI error JSON) is on every plugin's hot path.
printf '{"cniVersion":"1.0.0"}' | run ADD bridge >/dev/null 2>&1

# The jnet CLI's own path (network, attach with a published port, ps, detach), its state in the temp dir.
export JNET_CONFIG_DIR="$tmp/conf" JNET_CACHE_DIR="$tmp/cache" JNET_STATE_DIR="$tmp/state" JNET_CNI_PATH="$dist/cni"
jnet="$dist/lib/jvm/jnet"
if "$jnet" net create train --subnet 10.254.253.0/24 --bridge jnettrain1 >/dev/null; then
  "$jnet" attach "$CNI_NETNS" --net train -p 18081:80 >/dev/null || ok=1
  "$jnet" ps >/dev/null || ok=1
  "$jnet" detach "$CNI_NETNS" --net train >/dev/null || ok=1
else ok=1; fi
exit $ok

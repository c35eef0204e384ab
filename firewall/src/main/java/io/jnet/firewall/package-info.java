/**
 * The firewall layer the plugins are handed: {@link io.jnet.firewall.FirewallBackend}, with the bridge's
 * masquerade, portmap's published ports and the firewall plugin's forwarding rules, in two implementations:
 * {@code iptables} (the reference plugins' layout, each call's changes one atomic iptables-restore per family,
 * built on {@link io.jnet.firewall.Iptables}) and {@code nftables} (jnet's own tables, each change one nf_tables
 * batch over netlink, no process). {@link io.jnet.firewall.Backends} holds both and chooses one from a config
 * value as the reference plugins do.
 */
package io.jnet.firewall;

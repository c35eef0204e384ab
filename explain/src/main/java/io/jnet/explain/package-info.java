/**
 * The explain hook: {@link io.jnet.explain.Explain} receives, for every operation the netlink, sysctl and firewall
 * layers perform, the equivalent command a person would type; {@link io.jnet.explain.Commands} spells such commands.
 * It depends on nothing, so every layer that changes the kernel (rtnetlink, nf_tables, iptables) can report through it.
 */
package io.jnet.explain;

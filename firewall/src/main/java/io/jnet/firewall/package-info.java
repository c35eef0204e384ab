/**
 * The firewall layer shared by the bridge plugin (masquerade) and the portmap plugin (DNAT): an
 * {@link io.jnet.firewall.Iptables} backend that reads tables with iptables-save and applies each plugin
 * call's changes as one atomic iptables-restore transaction, instead of one iptables exec per rule.
 */
package io.jnet.firewall;

/**
 * The portmap CNI plugin (chained after bridge): publishes {@code runtimeConfig.portMappings} with the
 * reference plugin's nat-table layout ({@code CNI-HOSTPORT-DNAT}, {@code CNI-DN-<hash>},
 * {@code CNI-HOSTPORT-SETMARK}, {@code CNI-HOSTPORT-MASQ}), so a host mixing jnet and the reference stays
 * coherent. Unlike the reference it applies each call's changes as one iptables-restore transaction per
 * family, refuses a host port another attachment publishes (code 100), removes an attachment's rules on DEL
 * by its identity alone, reports missing rules on CHECK (code 101) and implements GC.
 */
package io.jnet.plugin.portmap;

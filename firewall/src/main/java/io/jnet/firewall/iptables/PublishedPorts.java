package io.jnet.firewall.iptables;

import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host ports already published in one family's nat table, read from the DNAT rules of every
 * {@code CNI-DN-*} chain (ours and the reference's look alike), with the attachment each chain belongs to.
 */
public final class PublishedPorts {

    /**
     * One published port.
     *
     * @param chain    the attachment chain holding the DNAT rule
     * @param owner    who published it ({@code network "n" container "c"}), or the chain name when unknown
     * @param protocol tcp, udp or sctp
     * @param hostPort the host port
     * @param hostIp   the destination address it is bound to, or null for any
     */
    public record Port(String chain, String owner, String protocol, int hostPort, String hostIp) {
        /** Whether a mapping of {@code protocol}/{@code port} on {@code ip} (null = any) would take the same traffic. */
        public boolean overlaps(String protocol, int port, String ip) {
            return this.protocol.equals(protocol) && hostPort == port
                    && (hostIp == null || ip == null || hostIp.equals(ip));
        }
    }

    private PublishedPorts() {}

    /** Every DNAT rule of every {@code CNI-DN-*} chain in {@code nat}. */
    public static List<Port> read(Table nat) {
        Map<String, String> owners = owners(nat);
        List<Port> out = new ArrayList<>();
        for (String chain : nat.chains()) {
            if (!chain.startsWith(Chains.DNAT_PREFIX)) {
                continue;
            }
            for (Rule r : nat.rules(chain)) {
                out.addAll(parse(chain, owners.getOrDefault(chain, "chain " + chain), r));
            }
        }
        return out;
    }

    /** The DNAT chain's owner named by the comment on the jumps into it. */
    private static Map<String, String> owners(Table nat) {
        Map<String, String> out = new HashMap<>();
        for (Rule r : nat.rules(Chains.TOP_DNAT)) {
            String target = value(r, "-j");
            String comment = value(r, "--comment");
            String[] id = comment == null ? null : Chains.parseDnatComment(comment);
            if (target != null && id != null) {
                out.put(target, "network \"" + id[0] + "\" container \"" + id[1] + "\"");
            }
        }
        return out;
    }

    /** A DNAT rule as the ports it publishes (one, or each of a range {@code A:B}); empty for any other rule. */
    static List<Port> parse(String chain, String owner, Rule r) {
        if (!"DNAT".equals(value(r, "-j"))) {
            return List.of();
        }
        String proto = value(r, "-p");
        String dport = value(r, "--dport");
        if (proto == null || dport == null) {
            return List.of();
        }
        String dst = value(r, "-d");
        if (dst != null && dst.indexOf('/') >= 0) {
            dst = dst.substring(0, dst.indexOf('/'));
        }
        int colon = dport.indexOf(':');
        try {
            int first = Integer.parseInt(colon < 0 ? dport : dport.substring(0, colon));
            int last = colon < 0 ? first : Integer.parseInt(dport.substring(colon + 1));
            List<Port> out = new ArrayList<>();
            for (int port = first; port <= last && port <= 65535; port++) {
                out.add(new Port(chain, owner, proto, port, dst));
            }
            return out;
        } catch (NumberFormatException e) {
            return List.of(); // a service name or something else someone wrote: not one of ours
        }
    }

    /** The token after the first {@code option}, or null. */
    public static String value(Rule r, String option) {
        List<String> a = r.args();
        for (int i = 0; i + 1 < a.size(); i++) {
            if (a.get(i).equals(option) && (i == 0 || !a.get(i - 1).equals("!"))) {
                return a.get(i + 1);
            }
        }
        return null;
    }
}

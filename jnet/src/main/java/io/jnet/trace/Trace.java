package io.jnet.trace;

import java.util.List;

/**
 * Where a packet goes, computed from live state: every step it takes (route lookups, the bridge, each netfilter
 * chain and the rule that decided), and the final verdict.
 *
 * @param from    where it starts, as given
 * @param to      where it is sent, as given
 * @param packet  the first packet as sent ("172.17.0.2 -> 172.17.0.3:80/tcp")
 * @param steps   what happens to it, in order
 * @param verdict how it ends
 * @param notes   what the trace could not evaluate (rules with unknown matches, nftables rules...)
 */
public record Trace(String from, String to, String packet, List<Step> steps, Verdict verdict, List<String> notes) {

    /** One thing that happens to the packet in one namespace. */
    public record Step(String ns, String stage, String text) {}

    /**
     * How it ends.
     *
     * @param kind    delivered, dropped, rejected, unreachable (no route, or the kernel refused to route it), or left
     *                (sent out of a device the trace cannot follow)
     * @param ns      the namespace where it ended
     * @param text    one sentence: where it was delivered, or what dropped it
     * @param address for a delivery, the address:port it reached ("" otherwise)
     */
    public record Verdict(Kind kind, String ns, String text, String address) {}

    public enum Kind {
        DELIVERED, DROPPED, REJECTED, UNREACHABLE, LEFT;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}

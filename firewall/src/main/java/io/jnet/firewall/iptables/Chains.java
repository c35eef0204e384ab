package io.jnet.firewall.iptables;

import io.jnet.cni.util.Sha512;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the reference portmap's iptables chains (nat table) and how an attachment's own chain is
 * derived from its identity. These names are shared with the reference plugin on the same host: never change them.
 */
public final class Chains {
    private Chains() {}

    /** Shared: PREROUTING and OUTPUT jump here for local destinations; it jumps to each attachment's chain. */
    public static final String TOP_DNAT = "CNI-HOSTPORT-DNAT";
    /** Shared: marks packets that need masquerading (hairpin, localhost). */
    public static final String SETMARK = "CNI-HOSTPORT-SETMARK";
    /** Shared: POSTROUTING jumps here first; masquerades marked packets. */
    public static final String MASQ = "CNI-HOSTPORT-MASQ";
    /** Shared by very old reference versions; their per-attachment chains are still torn down on DEL. */
    public static final String OLD_TOP_SNAT = "CNI-HOSTPORT-SNAT";

    public static final String DNAT_PREFIX = "CNI-DN-";
    private static final int MAX_CHAIN_LENGTH = 28;
    private static final int MAX_COMMENT_LENGTH = 255;
    private static final Pattern DNAT_COMMENT = Pattern.compile("dnat name: \"(.*)\" id: \"(.*)\"");

    /** The attachment's DNAT chain: {@code CNI-DN-} + sha512(network + containerID) in hex, 28 chars in all. */
    public static String dnatChain(String network, String containerId) {
        return withPrefix("DN-", network, containerId);
    }

    /** The per-attachment SNAT chain of old reference versions. */
    public static String oldSnatChain(String network, String containerId) {
        return withPrefix("SN-", network, containerId);
    }

    private static String withPrefix(String prefix, String network, String containerId) {
        String head = "CNI-" + prefix;
        return head + Sha512.hex(network + containerId).substring(0, MAX_CHAIN_LENGTH - head.length());
    }

    /**
     * The comment on the jumps into an attachment's chain, cut to the 255 characters iptables accepts (the
     * reference cuts to 253 + "...", 256 characters, which iptables refuses).
     */
    public static String dnatComment(String network, String containerId) {
        String c = "dnat name: \"" + network + "\" id: \"" + containerId + "\"";
        return c.length() <= MAX_COMMENT_LENGTH ? c : c.substring(0, MAX_COMMENT_LENGTH - 3) + "...";
    }

    /** The (network, containerID) a DNAT jump comment names, or null when it is not such a comment. */
    public static String[] parseDnatComment(String comment) {
        Matcher m = DNAT_COMMENT.matcher(comment);
        return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
    }

    /** {@code 0x2000/0x2000} for bit 13, as the reference spells the mark (Go's {@code %#x}). */
    public static String markDef(int bit) {
        String v = "0x" + Long.toHexString(1L << bit);
        return v + "/" + v;
    }
}

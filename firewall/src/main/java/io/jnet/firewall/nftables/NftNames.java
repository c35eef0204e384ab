package io.jnet.firewall.nftables;

import io.jnet.cni.util.Sha512;
import java.nio.charset.StandardCharsets;

/**
 * Names of jnet's nftables objects, derived from identities so DEL and GC find them without the attachment's
 * result: {@code PREFIX-<network hash>-<attachment hash>} for an attachment's chain, so a network's chains share a
 * prefix. Comments are for people (nft shows them); they are cut to what nft accepts and are never parsed.
 */
final class NftNames {
    private static final int HASH = 16;
    private static final int MAX_COMMENT_BYTES = 127;

    private NftNames() {}

    /** 16 hex chars of sha512(network). */
    static String network(String network) {
        return Sha512.hex(network).substring(0, HASH);
    }

    /** The chain of one attachment ({@code masq-…}, {@code dnat-…}, {@code fw-…}). */
    static String chain(String prefix, String network, String containerId) {
        // '/' cannot occur in a network name, so distinct (network, container) pairs hash distinct strings
        return chainPrefix(prefix, network) + Sha512.hex(network + "/" + containerId).substring(0, HASH);
    }

    /** What every attachment chain of {@code network} starts with. */
    static String chainPrefix(String prefix, String network) {
        return prefix + "-" + network(network) + "-";
    }

    /** A comment naming an owner, cut to nft's limit (without splitting a character) and without double quotes. */
    static String comment(String text) {
        String t = text.replace('"', '\'');
        byte[] b = t.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_COMMENT_BYTES) {
            return t;
        }
        int end = MAX_COMMENT_BYTES - 3;
        while (end > 0 && (b[end] & 0xc0) == 0x80) {
            end--;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8) + "...";
    }

    /** {@code jnet <what> name=<net> id=<cid>}, cut to nft's limit. */
    static String owner(String what, String network, String containerId) {
        return comment("jnet " + what + " name=" + network + " id=" + containerId);
    }
}

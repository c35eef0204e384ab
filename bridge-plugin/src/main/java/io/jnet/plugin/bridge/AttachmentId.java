package io.jnet.plugin.bridge;

import io.jnet.cni.util.Sha512;
import java.util.HexFormat;

/**
 * Names derived from an attachment's identity (network name + container ID), as the reference derives them,
 * so that DEL and GC find an attachment's firewall state without its result, netns or interface.
 */
final class AttachmentId {
    private AttachmentId() {}

    /** iptables chain names are at most 28 characters: "CNI-" + 24 hex chars. */
    private static final int MAX_CHAIN_LENGTH = 28;
    static final String CHAIN_PREFIX = "CNI-";

    /** {@code CNI-} + the first 24 hex chars of sha512(network + containerID) (utils.FormatChainName). */
    static String masqChain(String network, String containerId) {
        String hex = HexFormat.of().formatHex(Sha512.of(network + containerId));
        return (CHAIN_PREFIX + hex).substring(0, MAX_CHAIN_LENGTH);
    }

    /** {@code name: "<net>" id: "<cid>"} (utils.FormatComment). */
    static String comment(String network, String containerId) {
        return "name: \"" + network + "\" id: \"" + containerId + "\"";
    }

    /** The spoof-check identity: containerID-ifname. */
    static String spoofCheckId(String containerId, String ifname) {
        return containerId + "-" + ifname;
    }
}

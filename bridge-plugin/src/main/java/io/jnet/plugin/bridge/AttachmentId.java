package io.jnet.plugin.bridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
        String hex = HexFormat.of().formatHex(sha512(network + containerId));
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

    private static byte[] sha512(String s) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is required of every JVM", e);
        }
    }
}

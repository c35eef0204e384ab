package io.jnet.plugin.bridge;

/**
 * Names derived from an attachment's identity (network name + container ID), as the reference derives them,
 * so that DEL and GC find an attachment's firewall state without its result, netns or interface.
 */
final class AttachmentId {
    private AttachmentId() {}

    /** The spoof-check identity: containerID-ifname. */
    static String spoofCheckId(String containerId, String ifname) {
        return containerId + "-" + ifname;
    }
}

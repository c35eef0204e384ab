package io.jnet.firewall;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * Masquerade of an attachment's addresses when they leave their own subnet (the bridge plugin's {@code ipMasq}).
 * State is found by the attachment's identity (network and container ID) alone, so DEL and GC work without the
 * result, the netns or the interface.
 */
public interface Masquerading {

    /**
     * Adds the masquerade of {@code cidrs} (container addresses with their prefix length), leaving what is already
     * there alone. On failure nothing of the failed family was applied; the caller undoes the rest with
     * {@link #teardown}.
     */
    void setup(String network, String containerId, List<String> cidrs) throws FirewallException;

    /**
     * Removes the attachment's masquerade except that of the addresses in {@code keep} (those the container's other
     * interfaces on the network still hold); what is shared goes with its last user. Nothing there is fine.
     */
    void teardown(String network, String containerId, Set<InetAddress> keep) throws FirewallException;

    /** CHECK: what is missing of the masquerade of {@code cidrs}; empty when it is all there. */
    List<String> problems(String network, String containerId, List<String> cidrs) throws FirewallException;

    /**
     * GC: removes the masquerade of this network's attachments whose container ID is not in {@code validContainerIds};
     * returns what it removed. Keeps going past a failing family and throws the first failure at the end.
     */
    List<String> gc(String network, Set<String> validContainerIds) throws FirewallException;
}

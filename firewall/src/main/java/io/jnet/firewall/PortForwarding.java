package io.jnet.firewall;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Published ports (the portmap plugin): DNAT of host ports to a container, with hairpin and localhost
 * masquerade marks. State is found by the attachment's identity alone, so DEL and GC work without runtimeConfig,
 * prevResult or a netns.
 */
public interface PortForwarding {

    /**
     * Publishes {@code p}'s ports in every family it has a container address of: all of them or, on failure, none.
     * Throws {@link PortTakenException} when another attachment already publishes one of the ports.
     */
    void publish(PortPublication p, PrintStream log) throws FirewallException;

    /**
     * Removes everything the attachment published, in every family; returns the UDP host ports it published per
     * family (their conntrack entries are stale now). Nothing there is fine.
     */
    Map<Family, List<Integer>> unpublish(String network, String containerId, PrintStream log) throws FirewallException;

    /** CHECK: what is missing or changed of {@code p}'s rules; empty when they are all there. */
    List<String> problems(PortPublication p) throws FirewallException;

    /**
     * GC: unpublishes this network's attachments whose container ID is not in {@code validContainerIds}; returns
     * the UDP host ports removed per family. Keeps going past a failing attachment and throws at the end.
     */
    Map<Family, List<Integer>> gc(String network, Set<String> validContainerIds, PrintStream log) throws FirewallException;
}

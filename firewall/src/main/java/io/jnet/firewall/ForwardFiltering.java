package io.jnet.firewall;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The firewall plugin's rules: each container's traffic accepted through a locked-down forward path, isolation
 * between networks and internal networks. Per-container state carries its network and container ID, per-network
 * state its network, so DEL and GC find them without prevResult; shared state goes with its last user.
 */
public interface ForwardFiltering {

    /**
     * Adds what one attachment needs: its addresses ({@code hostCidrs}, /32 and /128 by family) accepted, and for
     * {@code bridge} (null when there is none) the isolation or internal rules of its network. All or nothing.
     */
    void add(ForwardSpec spec, String containerId, String bridge, Map<Family, List<String>> hostCidrs)
            throws FirewallException;

    /**
     * DEL: removes the container's state on {@code spec}'s network, then the network's rules once none of its
     * containers is left, then shared state nothing uses any more. Nothing there is fine.
     */
    void remove(ForwardSpec spec, String containerId) throws FirewallException;

    /** GC: the same for every container of the network whose ID is not in {@code validContainerIds}. */
    void gc(ForwardSpec spec, Set<String> validContainerIds) throws FirewallException;

    /** CHECK: what is missing of the attachment's rules; empty when they are all there. */
    List<String> problems(ForwardSpec spec, String containerId, String bridge, Map<Family, List<String>> hostCidrs)
            throws FirewallException;
}

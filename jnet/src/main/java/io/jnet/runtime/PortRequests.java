package io.jnet.runtime;

import java.util.ArrayList;
import java.util.List;

/** The host ports an attach publishes: {@code -p} specs resolved against the network and the host, then checked. */
final class PortRequests {
    private PortRequests() {}

    /** Whether {@code specs} make jnet choose a host port (and so must not race another attach doing the same). */
    static boolean needsAllocation(List<PortSpec> specs) {
        return specs.stream().anyMatch(s -> s.automatic() || s.picksFromRange());
    }

    /**
     * The mappings to publish, checked: {@code specs} expanded (ranges port by port, automatic ports picked) followed by
     * {@code fixed}, every host port free of {@code attachments} and host sockets. A routed network publishes
     * container ports on the container's address: host ports play no part there (Docker ignores them too), so each
     * mapping names its container port on both sides.
     */
    static List<PortMapping> resolve(List<PortSpec> specs, List<PortMapping> fixed, NetworkInfo net, List<AttachmentView> attachments) {
        List<PortMapping> out = new ArrayList<>();
        if ("routed".equals(net.gatewayMode())) {
            for (PortSpec s : specs) {
                for (int i = 0; i < s.containerCount(); i++) {
                    out.add(s.mapping(i, s.containerStart() + i));
                }
            }
            out.addAll(fixed);
            PortConflicts.checkDuplicates(out);
            return out;
        }
        if (!specs.isEmpty()) {
            List<PortMapping> published = attachments.stream().flatMap(a -> a.ports().stream()).toList();
            int[] pool = PortAllocator.pool(PortAllocator.LOCAL_PORT_RANGE);
            PortAllocator allocator = new PortAllocator(pool[0], pool[1],
                    m -> published.stream().noneMatch(m::clashesWith) && PortConflicts.listener(m) == null);
            out.addAll(allocator.resolve(specs, published));
        }
        out.addAll(fixed);
        PortConflicts.check(out, attachments);
        return out;
    }
}

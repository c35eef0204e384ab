package io.jnet.plugin.ipam.alloc;

import io.jnet.cni.result.IpConfig;
import io.jnet.cni.spec.CniException;
import io.jnet.plugin.ipam.config.Ip;
import io.jnet.plugin.ipam.config.Range;
import io.jnet.plugin.ipam.config.RangeSet;
import io.jnet.plugin.ipam.store.Owner;
import io.jnet.plugin.ipam.store.Store;
import java.io.IOException;
import java.util.Map;

/** Allocates one address of one range set for an attachment, as the reference's {@code IPAllocator.Get}. */
public final class Allocator {
    private final RangeSet set;
    private final int index;
    private final Store store;

    public Allocator(RangeSet set, int index, Store store) {
        this.set = set;
        this.index = index;
        this.store = store;
    }

    /**
     * Reserves {@code requested} (when not null) or the next free address round-robin.
     *
     * @return the address with the range's prefix length and gateway
     * @throws CniException 102 requested address unusable, 101 attachment already holds one in this set,
     *                      100 set exhausted, 5 store failure
     */
    public IpConfig allocate(String containerId, String ifname, Ip requested) throws CniException {
        try {
            if (requested != null) {
                return reserveRequested(containerId, ifname, requested);
            }
            for (Map.Entry<Ip, Owner> e : store.reservations().entrySet()) {
                Owner o = e.getValue();
                if ((o.is(containerId, ifname) || o.isOldFormat(containerId)) && set.contains(e.getKey())) {
                    throw AllocationException.of(AllocationException.DUPLICATE_ALLOCATION,
                            e.getKey().text() + " has been allocated to " + containerId + ", duplicate allocation is not allowed",
                            "range set " + index + ": " + set);
                }
            }
            RangeIterator it = new RangeIterator(set, store.lastReserved(index));
            for (RangeIterator.Candidate c = it.next(); c != null; c = it.next()) {
                if (store.reserve(containerId, ifname, c.ip(), index)) {
                    return result(c.ip(), c.range());
                }
            }
            throw AllocationException.of(AllocationException.NO_ADDRESS_AVAILABLE,
                    "no IP addresses available in range set: " + set, "range set " + index + " is exhausted");
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "host-local store failure", e.toString(), e);
        }
    }

    private IpConfig reserveRequested(String containerId, String ifname, Ip requested) throws CniException, IOException {
        Range r = set.rangeFor(requested);
        if (r == null) {
            throw AllocationException.of(AllocationException.REQUESTED_IP_UNAVAILABLE,
                    requested.text() + " not in range set " + set, "range set " + index);
        }
        if (requested.equals(r.gateway())) {
            throw AllocationException.of(AllocationException.REQUESTED_IP_UNAVAILABLE,
                    "requested ip " + requested.text() + " is subnet's gateway", "range set " + index);
        }
        if (!store.reserve(containerId, ifname, requested, index)) {
            throw AllocationException.of(AllocationException.REQUESTED_IP_UNAVAILABLE,
                    "requested IP address " + requested.text() + " is not available in range set " + set, "range set " + index);
        }
        return result(requested, r);
    }

    private static IpConfig result(Ip ip, Range r) {
        return new IpConfig(ip.text() + "/" + r.subnet().length(), r.gateway().text(), null);
    }
}

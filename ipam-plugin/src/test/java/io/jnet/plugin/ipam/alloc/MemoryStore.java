package io.jnet.plugin.ipam.alloc;

import io.jnet.plugin.ipam.config.Ip;
import io.jnet.plugin.ipam.store.Owner;
import io.jnet.plugin.ipam.store.Store;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** An in-memory {@link Store} for allocator tests; {@link StoreContractTest} checks it behaves like the disk store. */
final class MemoryStore implements Store {
    final Map<Ip, Owner> reservations = new HashMap<>();
    final Map<Integer, Ip> last = new HashMap<>();
    /** When set, the n-th reserve call (1-based) fails with an IOException. */
    int failOnReserve;
    private int reserveCalls;

    @Override
    public boolean reserve(String containerId, String ifname, Ip ip, int rangeSetIndex) throws IOException {
        if (++reserveCalls == failOnReserve) {
            throw new IOException("injected failure");
        }
        if (reservations.containsKey(ip)) {
            return false;
        }
        reservations.put(ip, new Owner(Owner.content(containerId, ifname)));
        last.put(rangeSetIndex, ip);
        return true;
    }

    @Override
    public Ip lastReserved(int rangeSetIndex) {
        return last.get(rangeSetIndex);
    }

    @Override
    public Map<Ip, Owner> reservations() {
        return reservations;
    }

    @Override
    public boolean release(Ip ip) {
        return reservations.remove(ip) != null;
    }

    @Override
    public void probeWritable() {
    }

    @Override
    public void close() {
    }
}

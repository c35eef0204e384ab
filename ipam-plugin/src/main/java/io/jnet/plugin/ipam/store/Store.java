package io.jnet.plugin.ipam.store;

import io.jnet.plugin.ipam.config.Ip;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Where reservations live. Every method is called while the store's lock is held (from {@link DiskStore#open}
 * until {@link #close}), so a snapshot read once stays true for the whole call.
 */
public interface Store extends AutoCloseable {
    /**
     * Reserves {@code ip} for the attachment unless someone holds it; remembers it as the range set's last
     * reserved address. False when the address was taken.
     */
    boolean reserve(String containerId, String ifname, Ip ip, int rangeSetIndex) throws IOException;

    /** The last address reserved in this range set, or null when unknown. */
    Ip lastReserved(int rangeSetIndex);

    /** Every reservation: address to the owner text (trimmed file content). */
    Map<Ip, Owner> reservations() throws IOException;

    /** The addresses held by this attachment, or by this container ID in the old ID-only format. */
    default List<Ip> held(String containerId, String ifname) throws IOException {
        List<Ip> out = new ArrayList<>();
        for (Map.Entry<Ip, Owner> e : reservations().entrySet()) {
            if (e.getValue().is(containerId, ifname) || e.getValue().isOldFormat(containerId)) {
                out.add(e.getKey());
            }
        }
        Collections.sort(out);
        return out;
    }

    /** Deletes one reservation; false when it was not there. */
    boolean release(Ip ip) throws IOException;

    /**
     * Releases what the attachment holds: every {@code id\r\nifname} reservation, or when there is none the
     * old-format {@code id} ones. Returns the released addresses.
     */
    default List<Ip> releaseAttachment(String containerId, String ifname) throws IOException {
        // Plain loops, no streams: each lambda is a class generated at start-up of a short-lived JVM.
        List<Ip> mine = new ArrayList<>();
        for (Map.Entry<Ip, Owner> e : reservations().entrySet()) {
            if (e.getValue().is(containerId, ifname)) {
                mine.add(e.getKey());
            }
        }
        if (mine.isEmpty()) {
            for (Map.Entry<Ip, Owner> e : reservations().entrySet()) {
                if (e.getValue().isOldFormat(containerId)) {
                    mine.add(e.getKey());
                }
            }
        }
        Collections.sort(mine);
        IOException failed = null;
        for (Ip ip : mine) {
            try {
                release(ip);
            } catch (IOException e) {
                // Keep releasing the rest; report the failure at the end.
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return mine;
    }

    /** Checks that new reservations can be written (STATUS); IOException when not. */
    void probeWritable() throws IOException;

    /** Releases the lock. */
    @Override
    void close();
}

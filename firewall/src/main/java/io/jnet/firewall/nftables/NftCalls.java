package io.jnet.firewall.nftables;

import io.jnet.firewall.FirewallException;
import io.jnet.firewall.FirewallLock;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.netfilter.NfBatch;
import io.jnet.netlink.netfilter.NfElement;
import io.jnet.netlink.netfilter.NfFamily;
import io.jnet.netlink.netfilter.NfSet;
import io.jnet.netlink.netfilter.NfTable;
import io.jnet.netlink.netfilter.NfTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the nftables backend talks to the kernel: a netlink socket for one operation in the calling thread's
 * namespace, under jnet's machine-wide firewall lock (our read-modify-writes never interleave), kernel errors as
 * {@link FirewallException}s naming what was being done.
 */
final class NftCalls {
    /** A chain still referenced (by a jump or a map element) cannot be deleted. */
    static final int EBUSY = 16;

    private NftCalls() {}

    @FunctionalInterface
    interface Work<T> {
        T run(NfTables nft) throws NetlinkException, FirewallException;
    }

    @SuppressWarnings("try")
    static <T> T locked(String what, Work<T> work) throws FirewallException {
        try (FirewallLock lock = FirewallLock.acquire(); NfTables nft = NfTables.open()) {
            return work.run(nft);
        } catch (NetlinkException e) {
            throw new FirewallException(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * A removal (DEL, GC): like {@link #locked}, but where nf_tables cannot even be reached (no NETLINK_NETFILTER
     * in this kernel) nothing of ours can exist, and {@code nothing} is the answer rather than a failure.
     */
    @SuppressWarnings("try")
    static <T> T removal(String what, Work<T> work, T nothing) throws FirewallException {
        NfTables nft;
        try {
            nft = NfTables.open();
        } catch (NetlinkException e) {
            return nothing;
        }
        try (FirewallLock lock = FirewallLock.acquire(); nft) {
            return work.run(nft);
        } catch (NetlinkException e) {
            throw new FirewallException(what + ": " + e.getMessage(), e);
        }
    }

    /** A read without the lock (CHECK). */
    static <T> T read(String what, Work<T> work) throws FirewallException {
        try (NfTables nft = NfTables.open()) {
            return work.run(nft);
        } catch (NetlinkException e) {
            throw new FirewallException(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds to {@code b} the deletion of every element of {@code maps} whose verdict goes to {@code chain}: the slow
     * way (a listing of each map), for when the chain's own rules no longer say which elements are its own.
     */
    static NfBatch withoutElementsTo(NfTables nft, NfBatch b, List<NfSet> maps, String chain) throws NetlinkException {
        for (NfSet map : maps) {
            List<NfElement> stale = new ArrayList<>();
            for (NfElement e : nft.elements(map.family(), map.table(), map.name())) {
                if (e.verdict() != null && chain.equals(e.verdict().chain())) {
                    stale.add(NfElement.of(e.key()));
                }
            }
            b.deleteElements(map, stale);
        }
        return b;
    }

    /**
     * Deletes the table once it holds no more than its {@code fixed} shared chains and sets (its last attachment
     * is gone): shared objects go with their last user. Called under the lock, after the attachment's removal.
     */
    static void dropIfUnused(NfTables nft, NfFamily family, String table, int fixed) throws NetlinkException {
        Optional<NfTable> t = nft.table(family, table);
        if (t.isPresent() && t.get().use() <= fixed) {
            nft.commit(new NfBatch().deleteTable(family, table));
        }
    }
}

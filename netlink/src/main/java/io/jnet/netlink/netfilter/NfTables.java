package io.jnet.netlink.netfilter;

import io.jnet.explain.Commands;
import io.jnet.explain.Explain;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.NotFoundException;
import io.jnet.netlink.internal.NetlinkSocket;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.wire.Message;
import io.jnet.netlink.wire.Nl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A handle on one network namespace's nf_tables: reads tables, chains, rules, sets and elements, and commits
 * {@link NfBatch batches} of changes, all or nothing, with no {@code nft} process. Its NETLINK_NETFILTER socket is
 * created inside the namespace once ({@link #open(NetNs)}) and is then usable from any thread; requests are
 * serialised. Every operation names its {@code nft} equivalent, and a committed batch reports those commands to
 * the {@link Explain} sink current when the handle was opened. Close the handle to release the socket.
 */
public final class NfTables implements AutoCloseable {
    private final NetlinkSocket socket;
    private final Explain explain;
    /** The handle's namespace as {@link Commands} names it (null: the opener's own); worked out only to explain. */
    private final String where;

    private NfTables(NetlinkSocket socket, Explain explain, String where) {
        this.socket = socket;
        this.explain = explain;
        this.where = where;
    }

    /** A handle on the calling thread's namespace. */
    public static NfTables open() throws NetlinkException {
        return new NfTables(NetlinkSocket.open(Nft.NETLINK_NETFILTER), Explain.current(), null);
    }

    /** A handle on {@code netns}, usable from any thread. */
    public static NfTables open(NetNs netns) throws NetlinkException {
        Explain explain = Explain.current();
        return new NfTables(netns.call(() -> NetlinkSocket.open(Nft.NETLINK_NETFILTER)), explain,
                explain.active() ? Commands.where(netns.path()) : null);
    }

    /**
     * {@code nft -f FILE} holding {@link NfBatch#commands()}: applies every change of the batch or, when the kernel
     * refuses one, none. The exception names the refused operation as its nft command.
     */
    public void commit(NfBatch batch) throws NetlinkException {
        if (batch.isEmpty()) {
            return;
        }
        NfWriter w = new NfWriter(1024 + 256 * batch.size());
        batch.encode(w);
        // index 0 is BATCH_BEGIN, the last is BATCH_END; operation i is message i + 1
        int last = batch.size() + 1;
        NetlinkSocket.BatchAnswer answer = socket.batch(w.buffer(), w.length(),
                i -> i == 0 || i == last ? "nft batch of " + batch.size() + " changes" : batch.command(i - 1));
        if (answer.failure() != null) {
            throw answer.failure();
        }
        if (explain.active()) { // after the kernel took it all: one nft command per change, as nft -f would read them
            for (String command : batch.commands()) {
                explain.command(Commands.in(where, "nft " + Commands.quote(command)));
            }
        }
    }

    // ---- reads

    /** {@code nft list tables}: every table of every family. */
    public List<NfTable> tables() throws NetlinkException {
        List<NfTable> out = new ArrayList<>();
        for (Message m : dump("nft list tables", Nft.GETTABLE, null, w -> { })) {
            out.add(NfTable.decode(m));
        }
        return out;
    }

    /** {@code nft list table FAMILY NAME} (the table alone, with its use count); empty when it does not exist. */
    public Optional<NfTable> table(NfFamily family, String name) throws NetlinkException {
        List<Message> r = get("nft list table " + family.nftName() + " " + name, Nft.GETTABLE, family,
                w -> w.string(Nft.TABLE_NAME, name));
        return r.isEmpty() ? Optional.empty() : Optional.of(NfTable.decode(r.get(0)));
    }

    /** {@code nft list chains FAMILY TABLE}: the table's chains; empty when the table does not exist. */
    public List<NfChain> chains(NfFamily family, String table) throws NetlinkException {
        List<NfChain> out = new ArrayList<>();
        for (Message m : dump("nft list chains " + family.nftName() + " " + table, Nft.GETCHAIN, family,
                w -> w.string(Nft.CHAIN_TABLE, table))) {
            NfChain c = NfChain.decode(m);
            if (table.equals(c.table())) { // older kernels ignore the filter of a chain dump
                out.add(c);
            }
        }
        return out;
    }

    /** {@code nft list chain FAMILY TABLE NAME} (without its rules); empty when it does not exist. */
    public Optional<NfChain> chain(NfFamily family, String table, String name) throws NetlinkException {
        List<Message> r = get("nft list chain " + family.nftName() + " " + table + " " + name, Nft.GETCHAIN, family,
                w -> w.string(Nft.CHAIN_TABLE, table).string(Nft.CHAIN_NAME, name));
        return r.isEmpty() ? Optional.empty() : Optional.of(NfChain.decode(r.get(0)));
    }

    /** {@code nft -a list chain FAMILY TABLE CHAIN}: the chain's rules in order, with handles; empty when absent. */
    public List<NfRule> rules(NfFamily family, String table, String chain) throws NetlinkException {
        return rules("nft -a list chain " + family.nftName() + " " + table + " " + chain, family,
                w -> w.string(Nft.RULE_TABLE, table).string(Nft.RULE_CHAIN, chain), table, chain);
    }

    /** {@code nft -a list table FAMILY TABLE}: every rule of the table, chain by chain, with handles. */
    public List<NfRule> rules(NfFamily family, String table) throws NetlinkException {
        return rules("nft -a list table " + family.nftName() + " " + table, family,
                w -> w.string(Nft.RULE_TABLE, table), table, null);
    }

    private List<NfRule> rules(String op, NfFamily family, java.util.function.Consumer<NfWriter> filter, String table,
            String chain) throws NetlinkException {
        List<NfRule> out = new ArrayList<>();
        for (Message m : dump(op, Nft.GETRULE, family, filter)) {
            NfRule r = NfRule.decode(m);
            if (table.equals(r.table()) && (chain == null || chain.equals(r.chain()))) {
                out.add(r);
            }
        }
        return out;
    }

    /** {@code nft list sets FAMILY TABLE} and {@code nft list maps}: the table's sets and maps. */
    public List<NfSet> sets(NfFamily family, String table) throws NetlinkException {
        List<NfSet> out = new ArrayList<>();
        for (Message m : dump("nft list sets " + family.nftName() + " " + table, Nft.GETSET, family,
                w -> w.string(Nft.SET_TABLE, table))) {
            NfSet s = NfSet.decode(m);
            if (table.equals(s.table())) {
                out.add(s);
            }
        }
        return out;
    }

    /** {@code nft list set|map FAMILY TABLE NAME}: its elements; empty when the set does not exist. */
    public List<NfElement> elements(NfFamily family, String table, String set) throws NetlinkException {
        List<NfElement> out = new ArrayList<>();
        for (Message m : dump("nft list set " + family.nftName() + " " + table + " " + set, Nft.GETSETELEM, family,
                w -> w.string(Nft.SET_ELEM_LIST_TABLE, table).string(Nft.SET_ELEM_LIST_SET, set))) {
            for (NfAttrs e : NfAttrs.of(m).list(Nft.SET_ELEM_LIST_ELEMENTS)) {
                out.add(NfElement.decode(e));
            }
        }
        return out;
    }

    /**
     * {@code nft get element FAMILY TABLE SET { KEY }}: the element with this key, with its verdict and comment;
     * empty when the set has no such element (or does not exist). One lookup, however big the set.
     */
    public Optional<NfElement> element(NfSet set, byte[] key) throws NetlinkException {
        NfElement probe = NfElement.of(key);
        List<Message> r = get("nft get element " + set.spec() + " { " + set.keyText(key) + " }", Nft.GETSETELEM,
                set.family(), w -> {
                    w.string(Nft.SET_ELEM_LIST_TABLE, set.table()).string(Nft.SET_ELEM_LIST_SET, set.name());
                    int list = w.nest(Nft.SET_ELEM_LIST_ELEMENTS);
                    probe.encode(w, true);
                    w.close(list);
                });
        for (Message m : r) {
            for (NfAttrs e : NfAttrs.of(m).list(Nft.SET_ELEM_LIST_ELEMENTS)) {
                return Optional.of(NfElement.decode(e));
            }
        }
        return Optional.empty();
    }

    /** Which namespace this handle acts on, as a number no other namespace gets while the machine runs (Linux 5.14+). */
    public long netnsCookie() throws NetlinkException {
        return socket.netnsCookie();
    }

    /** The ruleset's generation ({@code nft list ruleset} shows it as the "generation" of a monitor). */
    public long generation() throws NetlinkException {
        List<Message> r = get("nft generation", Nft.GETGEN, NfFamily.INET, w -> { });
        return r.isEmpty() ? -1 : Integer.toUnsignedLong(NfAttrs.of(r.get(0)).be32(Nft.GEN_ID, -1));
    }

    private List<Message> dump(String op, int msg, NfFamily family, java.util.function.Consumer<NfWriter> attrs)
            throws NetlinkException {
        byte[] request = request(msg, Nl.F_REQUEST | Nl.F_DUMP, family, attrs);
        try {
            return socket.dump(op, w -> w.raw(request));
        } catch (NotFoundException e) {
            return List.of(); // the table or set filtered on does not exist
        }
    }

    private List<Message> get(String op, int msg, NfFamily family, java.util.function.Consumer<NfWriter> attrs)
            throws NetlinkException {
        byte[] request = request(msg, Nl.F_REQUEST | Nl.F_ACK, family, attrs);
        try {
            return socket.execute(op, w -> w.raw(request));
        } catch (NotFoundException e) {
            return List.of();
        }
    }

    private static byte[] request(int msg, int flags, NfFamily family, java.util.function.Consumer<NfWriter> attrs) {
        NfWriter w = new NfWriter(256);
        w.begin(Nft.type(msg), flags, family == null ? 0 : family.code(), 0);
        attrs.accept(w);
        w.end();
        return w.toBytes();
    }

    @Override
    public void close() {
        socket.close();
    }
}

package io.jnet.netlink.netfilter;

import io.jnet.netlink.wire.Nl;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Changes to nf_tables committed together by {@link NfTables#commit}: the kernel applies every one or none
 * (an nfnetlink batch between NFNL_MSG_BATCH_BEGIN and END). Operations run in the order they were added and may
 * refer to tables, chains and sets added earlier in the same batch. Each operation describes itself as the
 * {@code nft} command that does the same ({@link #commands()}).
 */
public final class NfBatch {
    private static final int ADD = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE;
    private static final int DEL = Nl.F_REQUEST | Nl.F_ACK;

    private record Op(String command, int msg, int flags, NfFamily family, Consumer<NfWriter> body) {}

    private final List<Op> ops = new ArrayList<>();
    private int nextSetId = 1;

    /** {@code nft add table FAMILY NAME}: creates the table, or leaves an existing one as it is. */
    public NfBatch addTable(NfTable table) {
        String c = table.comment() == null ? "" : " { comment " + UserData.quoted(table.comment()) + "; }";
        return op("add table " + table.spec() + c, Nft.NEWTABLE, ADD, table.family(), table::encode);
    }

    /** {@code nft delete table FAMILY NAME}: the table and everything in it. */
    public NfBatch deleteTable(NfFamily family, String name) {
        return op("delete table " + family.nftName() + " " + name, Nft.DELTABLE, DEL, family,
                w -> w.string(Nft.TABLE_NAME, name));
    }

    /** {@code nft add chain FAMILY TABLE NAME [{ type T hook H priority P; policy accept; }]}: idempotent. */
    public NfBatch addChain(NfChain chain) {
        return op("add chain " + chain.declaration(), Nft.NEWCHAIN, ADD, chain.family(), chain::encode);
    }

    /** {@code nft flush chain FAMILY TABLE NAME}: removes every rule of the chain. */
    public NfBatch flushChain(NfFamily family, String table, String chain) {
        return op("flush chain " + family.nftName() + " " + table + " " + chain, Nft.DELRULE, DEL, family,
                w -> w.string(Nft.RULE_TABLE, table).string(Nft.RULE_CHAIN, chain));
    }

    /** {@code nft delete chain FAMILY TABLE NAME}: the chain must be empty and not jumped to. */
    public NfBatch deleteChain(NfFamily family, String table, String chain) {
        return op("delete chain " + family.nftName() + " " + table + " " + chain, Nft.DELCHAIN, DEL, family,
                w -> w.string(Nft.CHAIN_TABLE, table).string(Nft.CHAIN_NAME, chain));
    }

    /** {@code nft add set|map FAMILY TABLE NAME { type K [: verdict]; }}: idempotent for the same type. */
    public NfBatch addSet(NfSet set) {
        int id = nextSetId++;
        return op("add " + set.declaration(), Nft.NEWSET, ADD, set.family(), w -> set.encode(w, id));
    }

    /** {@code nft delete set|map FAMILY TABLE NAME}: the set must not be referenced by a rule. */
    public NfBatch deleteSet(NfSet set) {
        return op("delete " + (set.isMap() ? "map " : "set ") + set.spec(), Nft.DELSET, DEL, set.family(),
                w -> w.string(Nft.SET_TABLE, set.table()).string(Nft.SET_NAME, set.name()));
    }

    /** {@code nft add element FAMILY TABLE SET { K [: VERDICT], ... }}. */
    public NfBatch addElements(NfSet set, List<NfElement> elements) {
        return elements(set, elements, false);
    }

    /** {@code nft delete element FAMILY TABLE SET { K, ... }}: every key must be there. */
    public NfBatch deleteElements(NfSet set, List<NfElement> elements) {
        return elements(set, elements, true);
    }

    private NfBatch elements(NfSet set, List<NfElement> elements, boolean delete) {
        if (elements.isEmpty()) {
            return this;
        }
        List<String> texts = new ArrayList<>();
        for (NfElement e : elements) {
            texts.add(e.text(set, delete));
        }
        String command = (delete ? "delete" : "add") + " element " + set.spec() + " { " + String.join(", ", texts) + " }";
        List<NfElement> copy = List.copyOf(elements);
        return op(command, delete ? Nft.DELSETELEM : Nft.NEWSETELEM, delete ? DEL : ADD, set.family(), w -> {
            w.string(Nft.SET_ELEM_LIST_TABLE, set.table()).string(Nft.SET_ELEM_LIST_SET, set.name());
            int list = w.nest(Nft.SET_ELEM_LIST_ELEMENTS);
            for (NfElement e : copy) {
                e.encode(w, delete);
            }
            w.close(list);
        });
    }

    /** {@code nft add rule FAMILY TABLE CHAIN ...}: appends the rule to its chain. */
    public NfBatch addRule(NfRule rule) {
        return op("add rule " + rule.chainSpec() + " " + rule.body(), Nft.NEWRULE, ADD | Nft.NLM_F_APPEND,
                rule.family(), rule::encode);
    }

    /** {@code nft insert rule FAMILY TABLE CHAIN ...}: puts the rule first in its chain. */
    public NfBatch insertRule(NfRule rule) {
        return op("insert rule " + rule.chainSpec() + " " + rule.body(), Nft.NEWRULE, ADD, rule.family(), rule::encode);
    }

    /** {@code nft delete rule FAMILY TABLE CHAIN handle N}. */
    public NfBatch deleteRule(NfFamily family, String table, String chain, long handle) {
        return op("delete rule " + family.nftName() + " " + table + " " + chain + " handle " + handle, Nft.DELRULE,
                DEL, family, w -> w.string(Nft.RULE_TABLE, table).string(Nft.RULE_CHAIN, chain)
                        .be64(Nft.RULE_HANDLE, handle));
    }

    /** {@code nft delete rule ... handle N} of a rule read back from the kernel. */
    public NfBatch deleteRule(NfRule rule) {
        if (rule.handle() == 0) {
            throw new IllegalArgumentException("a rule is deleted by its handle; this one was not read back: " + rule);
        }
        return deleteRule(rule.family(), rule.table(), rule.chain(), rule.handle());
    }

    private NfBatch op(String command, int msg, int flags, NfFamily family, Consumer<NfWriter> body) {
        ops.add(new Op(command, msg, flags, family, body));
        return this;
    }

    /** The operations as {@code nft} commands, in order: what {@code nft -f} would need to do the same. */
    public List<String> commands() {
        List<String> out = new ArrayList<>(ops.size());
        for (Op op : ops) {
            out.add(op.command());
        }
        return out;
    }

    /** The command of operation {@code index} (0-based, as {@link #commands()} lists them). */
    String command(int index) {
        return ops.get(index).command();
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    public int size() {
        return ops.size();
    }

    /** The whole batch: BEGIN, each operation (asking for an ACK), END. */
    void encode(NfWriter w) {
        w.begin(Nft.NFNL_MSG_BATCH_BEGIN, Nl.F_REQUEST, 0, Nft.NFNL_SUBSYS_NFTABLES).end();
        for (Op op : ops) {
            w.begin(Nft.type(op.msg()), op.flags(), op.family().code(), 0);
            op.body().accept(w);
            w.end();
        }
        w.begin(Nft.NFNL_MSG_BATCH_END, Nl.F_REQUEST, 0, Nft.NFNL_SUBSYS_NFTABLES).end();
    }

    @Override
    public String toString() {
        return String.join("\n", commands());
    }
}

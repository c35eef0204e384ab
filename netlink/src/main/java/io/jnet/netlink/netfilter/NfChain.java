package io.jnet.netlink.netfilter;

import io.jnet.netlink.wire.Message;

/**
 * An nf_tables chain: a base chain (attached to a hook, with a type, priority and policy) or a regular chain
 * reached by jumps.
 *
 * @param family   the table's family
 * @param table    the table's name
 * @param name     the chain's name
 * @param handle   the kernel's handle (0 before it exists)
 * @param type     {@code filter}, {@code nat} or {@code route} for a base chain, else null
 * @param hook     the hook ({@link Nft#HOOK_PREROUTING}...) of a base chain, else -1
 * @param priority the base chain's priority
 * @param policy   {@link Nft#NF_ACCEPT} or {@link Nft#NF_DROP} for a base chain
 * @param comment  its comment, or null
 */
public record NfChain(NfFamily family, String table, String name, long handle, String type, int hook, int priority,
        int policy, String comment) {

    /** A regular chain. */
    public static NfChain regular(NfFamily family, String table, String name) {
        return new NfChain(family, table, name, 0, null, -1, 0, Nft.NF_ACCEPT, null);
    }

    /** A base chain with policy accept. */
    public static NfChain base(NfFamily family, String table, String name, String type, int hook, int priority) {
        return new NfChain(family, table, name, 0, type, hook, priority, Nft.NF_ACCEPT, null);
    }

    public NfChain withPolicy(int newPolicy) {
        return new NfChain(family, table, name, handle, type, hook, priority, newPolicy, comment);
    }

    public NfChain withComment(String text) {
        return new NfChain(family, table, name, handle, type, hook, priority, policy, text);
    }

    public boolean isBase() {
        return hook >= 0;
    }

    void encode(NfWriter w) {
        w.string(Nft.CHAIN_TABLE, table).string(Nft.CHAIN_NAME, name);
        if (isBase()) {
            int h = w.nest(Nft.CHAIN_HOOK);
            w.be32(Nft.HOOK_HOOKNUM, hook).be32(Nft.HOOK_PRIORITY, priority);
            w.close(h);
            w.be32(Nft.CHAIN_POLICY, policy);
            w.string(Nft.CHAIN_TYPE, type);
        }
        if (comment != null) {
            w.bytes(Nft.CHAIN_USERDATA, UserData.comment(UserData.COMMENT, comment));
        }
    }

    static NfChain decode(Message m) {
        NfAttrs a = NfAttrs.of(m);
        NfAttrs hook = a.nested(Nft.CHAIN_HOOK);
        boolean base = a.has(Nft.CHAIN_HOOK);
        return new NfChain(NfFamily.of(m.u8(0)), a.string(Nft.CHAIN_TABLE), a.string(Nft.CHAIN_NAME),
                a.be64(Nft.CHAIN_HANDLE, 0), a.string(Nft.CHAIN_TYPE), base ? hook.be32(Nft.HOOK_HOOKNUM, -1) : -1,
                hook.be32(Nft.HOOK_PRIORITY, 0), a.be32(Nft.CHAIN_POLICY, Nft.NF_ACCEPT),
                UserData.comment(a.bytes(Nft.CHAIN_USERDATA), UserData.COMMENT));
    }

    /** {@code FAMILY TABLE NAME}, as nft names a chain in its commands. */
    public String spec() {
        return family.nftName() + " " + table + " " + name;
    }

    /** The chain's declaration as {@code nft add chain} takes it. */
    String declaration() {
        StringBuilder sb = new StringBuilder(spec());
        if (isBase() || comment != null) {
            sb.append(" {");
            if (isBase()) {
                sb.append(" type ").append(type).append(" hook ").append(Nft.hookName(hook)).append(" priority ")
                        .append(priority).append("; policy ").append(policy == Nft.NF_DROP ? "drop" : "accept").append(";");
            }
            if (comment != null) {
                sb.append(" comment ").append(UserData.quoted(comment)).append(";");
            }
            sb.append(" }");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "chain " + declaration();
    }
}

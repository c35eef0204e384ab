package io.jnet.netlink.netfilter;

import io.jnet.netlink.wire.Message;

/**
 * An nf_tables table.
 *
 * @param family  its family
 * @param name    its name
 * @param handle  the kernel's handle (0 before it exists)
 * @param use     how many chains, sets and objects it holds (as read)
 * @param comment its comment, or null
 */
public record NfTable(NfFamily family, String name, long handle, int use, String comment) {

    /** A table to add. */
    public static NfTable of(NfFamily family, String name) {
        return new NfTable(family, name, 0, 0, null);
    }

    public NfTable withComment(String text) {
        return new NfTable(family, name, handle, use, text);
    }

    void encode(NfWriter w) {
        w.string(Nft.TABLE_NAME, name);
        if (comment != null) {
            w.bytes(Nft.TABLE_USERDATA, UserData.comment(UserData.COMMENT, comment));
        }
    }

    static NfTable decode(Message m) {
        NfAttrs a = NfAttrs.of(m);
        return new NfTable(NfFamily.of(m.u8(0)), a.string(Nft.TABLE_NAME), a.be64(Nft.TABLE_HANDLE, 0),
                a.be32(Nft.TABLE_USE, 0), UserData.comment(a.bytes(Nft.TABLE_USERDATA), UserData.COMMENT));
    }

    /** {@code FAMILY NAME}, as nft names a table in its commands. */
    public String spec() {
        return family.nftName() + " " + name;
    }

    @Override
    public String toString() {
        return "table " + spec();
    }
}

package io.jnet.netlink.netfilter;

import io.jnet.netlink.wire.Message;

/**
 * An nf_tables set, or a map when it has data: a verdict map ({@code type K : verdict}) sends each key to its
 * own verdict, which is how one lookup replaces a chain of rules.
 *
 * @param family   the table's family
 * @param table    the table's name
 * @param name     the set's name
 * @param flags    NFT_SET_* ({@link Nft#SET_F_MAP} for a map)
 * @param keyType  nft's type identifier of the key
 * @param keyLen   the key's length in bytes
 * @param dataType the data's type identifier ({@link Nft#DATA_TYPE_VERDICT} for a verdict map), 0 for a set
 * @param dataLen  the data's length (0 for a set or a verdict map)
 * @param handle   the kernel's handle (0 before it exists)
 * @param comment  its comment, or null
 * @param key      the key's fields when known (built here), else null (read from the kernel)
 */
public record NfSet(NfFamily family, String table, String name, int flags, int keyType, int keyLen, int dataType,
        int dataLen, long handle, String comment, SetKey key) {

    /** A set of keys ({@code add set FAMILY TABLE NAME { type K; }}). */
    public static NfSet of(NfFamily family, String table, String name, SetKey key) {
        return new NfSet(family, table, name, 0, key.type(), key.length(), 0, 0, 0, null, key);
    }

    /** A verdict map ({@code add map FAMILY TABLE NAME { type K : verdict; }}). */
    public static NfSet verdictMap(NfFamily family, String table, String name, SetKey key) {
        return new NfSet(family, table, name, Nft.SET_F_MAP, key.type(), key.length(), Nft.DATA_TYPE_VERDICT, 0, 0,
                null, key);
    }

    public NfSet withComment(String text) {
        return new NfSet(family, table, name, flags, keyType, keyLen, dataType, dataLen, handle, text, key);
    }

    public boolean isMap() {
        return (flags & Nft.SET_F_MAP) != 0;
    }

    void encode(NfWriter w, int id) {
        w.string(Nft.SET_TABLE, table).string(Nft.SET_NAME, name).be32(Nft.SET_FLAGS, flags)
                .be32(Nft.SET_KEY_TYPE, keyType).be32(Nft.SET_KEY_LEN, keyLen);
        if (isMap()) {
            w.be32(Nft.SET_DATA_TYPE, dataType).be32(Nft.SET_DATA_LEN, dataLen);
        }
        w.be32(Nft.SET_ID, id);
        if (comment != null) {
            w.bytes(Nft.SET_USERDATA, UserData.comment(UserData.SET_COMMENT, comment));
        }
    }

    static NfSet decode(Message m) {
        NfAttrs a = NfAttrs.of(m);
        return new NfSet(NfFamily.of(m.u8(0)), a.string(Nft.SET_TABLE), a.string(Nft.SET_NAME),
                a.be32(Nft.SET_FLAGS, 0), a.be32(Nft.SET_KEY_TYPE, 0), a.be32(Nft.SET_KEY_LEN, 0),
                a.be32(Nft.SET_DATA_TYPE, 0), a.be32(Nft.SET_DATA_LEN, 0), a.be64(Nft.SET_HANDLE, 0),
                UserData.comment(a.bytes(Nft.SET_USERDATA), UserData.SET_COMMENT), null);
    }

    /** {@code FAMILY TABLE NAME}. */
    public String spec() {
        return family.nftName() + " " + table + " " + name;
    }

    /** The declaration as {@code nft add set|map} takes it. */
    String declaration() {
        String type = Nft.typeName(keyType) + (isMap() ? " : " + Nft.typeName(dataType == Nft.DATA_TYPE_VERDICT
                ? Nft.TYPE_VERDICT : dataType) : "");
        return (isMap() ? "map " : "set ") + spec() + " { type " + type + ";"
                + (comment == null ? "" : " comment " + UserData.quoted(comment) + ";") + " }";
    }

    /** An element's key as nft writes it. */
    String keyText(byte[] k) {
        return key != null ? key.text(k) : "0x" + java.util.HexFormat.of().formatHex(k);
    }

    @Override
    public String toString() {
        return declaration();
    }
}

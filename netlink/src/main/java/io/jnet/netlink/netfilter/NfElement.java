package io.jnet.netlink.netfilter;

import java.util.Arrays;

/**
 * One element of a set or map: its key, the verdict (verdict map) or data (map) it maps to, and a comment.
 *
 * @param key     the key bytes (see {@link SetKey#key})
 * @param verdict the verdict of a verdict map's element, else null
 * @param data    the data of a data map's element, else null
 * @param comment its comment, or null
 */
public record NfElement(byte[] key, Verdict verdict, byte[] data, String comment) {

    public NfElement {
        key = key.clone();
        data = data == null ? null : data.clone();
    }

    /** An element of a set. */
    public static NfElement of(byte[] key) {
        return new NfElement(key, null, null, null);
    }

    /** An element of a verdict map. */
    public static NfElement of(byte[] key, Verdict verdict) {
        return new NfElement(key, verdict, null, null);
    }

    public NfElement withComment(String text) {
        return new NfElement(key, verdict, data, text);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    /** Whether {@code other} is a key equal to this element's. */
    public boolean hasKey(byte[] other) {
        return Arrays.equals(key, other);
    }

    /** Writes one NFTA_LIST_ELEM { KEY, DATA, USERDATA }; {@code keyOnly} for a deletion or lookup. */
    void encode(NfWriter w, boolean keyOnly) {
        int e = w.nest(Nft.LIST_ELEM);
        int k = w.nest(Nft.SET_ELEM_KEY);
        w.bytes(Nft.DATA_VALUE, key);
        w.close(k);
        if (!keyOnly) {
            if (verdict != null) {
                int d = w.nest(Nft.SET_ELEM_DATA);
                verdict.encode(w);
                w.close(d);
            } else if (data != null) {
                int d = w.nest(Nft.SET_ELEM_DATA);
                w.bytes(Nft.DATA_VALUE, data);
                w.close(d);
            }
            if (comment != null) {
                w.bytes(Nft.SET_ELEM_USERDATA, UserData.comment(UserData.COMMENT, comment));
            }
        }
        w.close(e);
    }

    static NfElement decode(NfAttrs e) {
        byte[] k = e.nested(Nft.SET_ELEM_KEY).bytes(Nft.DATA_VALUE);
        NfAttrs d = e.nested(Nft.SET_ELEM_DATA);
        Verdict v = d.has(Nft.DATA_VERDICT) ? Verdict.decode(d) : null;
        byte[] data = d.has(Nft.DATA_VALUE) ? d.bytes(Nft.DATA_VALUE) : null;
        return new NfElement(k == null ? new byte[0] : k, v, data,
                UserData.comment(e.bytes(Nft.SET_ELEM_USERDATA), UserData.COMMENT));
    }

    /** The element as nft writes it in {@code add element}, its key rendered by {@code set}. */
    String text(NfSet set, boolean keyOnly) {
        StringBuilder sb = new StringBuilder(set.keyText(key));
        if (!keyOnly && comment != null) {
            sb.append(" comment ").append(UserData.quoted(comment));
        }
        if (!keyOnly && verdict != null) {
            sb.append(" : ").append(verdict);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NfElement e && Arrays.equals(key, e.key) && java.util.Objects.equals(verdict, e.verdict)
                && Arrays.equals(data, e.data) && java.util.Objects.equals(comment, e.comment);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return java.util.HexFormat.of().formatHex(key) + (verdict == null ? "" : " : " + verdict)
                + (comment == null ? "" : " comment " + UserData.quoted(comment));
    }
}

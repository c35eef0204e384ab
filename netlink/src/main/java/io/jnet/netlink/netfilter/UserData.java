package io.jnet.netlink.netfilter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The user data nft keeps with tables, chains, rules, sets and elements: type-length-value records of one byte
 * type and one byte length (libnftnl's {@code nftnl_udata}); the kernel stores them without reading them. jnet
 * writes only comments there, which is where an object's owner (network and container) is recorded.
 */
public final class UserData {
    /** The comment's record type for tables, chains, rules and elements. */
    public static final int COMMENT = 0;
    /** The comment's record type for sets (after nft's byte order and typeof records). */
    public static final int SET_COMMENT = 7;
    /** nft refuses longer comments. */
    public static final int MAX_COMMENT = 128;

    private UserData() {}

    /** The user data holding only {@code comment} (NUL-terminated) under {@code type}. */
    public static byte[] comment(int type, String comment) {
        byte[] text = comment.getBytes(StandardCharsets.UTF_8);
        if (text.length + 1 > MAX_COMMENT) {
            throw new IllegalArgumentException("comment of " + text.length + " bytes is longer than nft's "
                    + (MAX_COMMENT - 1) + ": " + comment);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 3);
        out.write(type);
        out.write(text.length + 1);
        out.write(text, 0, text.length);
        out.write(0);
        return out.toByteArray();
    }

    /** The comment record {@code type} in {@code udata}, without its NUL; null when absent or malformed. */
    public static String comment(byte[] udata, int type) {
        if (udata == null) {
            return null;
        }
        int pos = 0;
        while (pos + 2 <= udata.length) {
            int t = udata[pos] & 0xff;
            int len = udata[pos + 1] & 0xff;
            if (pos + 2 + len > udata.length) {
                return null;
            }
            if (t == type) {
                int n = len;
                while (n > 0 && udata[pos + 2 + n - 1] == 0) {
                    n--;
                }
                return new String(udata, pos + 2, n, StandardCharsets.UTF_8);
            }
            pos += 2 + len;
        }
        return null;
    }

    /**
     * The comment as nft lists it: between double quotes, as it is (nft neither escapes quotes inside a comment
     * when it prints one nor accepts them when it reads one, so comments meant for nft hold none).
     */
    static String quoted(String comment) {
        return "\"" + comment + "\"";
    }
}

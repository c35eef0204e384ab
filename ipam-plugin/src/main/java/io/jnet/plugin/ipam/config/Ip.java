package io.jnet.plugin.ipam.config;

import io.jnet.inet.IpPrefix;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IPv4 (4 bytes) or IPv6 (16 bytes) address as host-local handles it: compared as unsigned numbers,
 * stepped by one, printed as Go prints it (which is also the name of its reservation file).
 * IPv4-mapped IPv6 text is IPv4, as Go's {@code To4()} makes it.
 */
public final class Ip implements Comparable<Ip> {
    private final byte[] bytes;

    private Ip(byte[] bytes) {
        this.bytes = bytes;
    }

    /** An address from its 4 or 16 bytes (copied). */
    public static Ip of(byte[] bytes) {
        if (bytes.length != 4 && bytes.length != 16) {
            throw new IllegalArgumentException("an IP has 4 or 16 bytes, not " + bytes.length);
        }
        return new Ip(bytes.clone());
    }

    /** Parses a literal (never a host name); IllegalArgumentException when it is none. */
    public static Ip parse(String text) {
        if (text == null || text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        InetAddress a = IpPrefix.literal(text);
        return new Ip(a.getAddress());
    }

    /** Like {@link #parse} but null for text that is no address (file names in the store). */
    public static Ip parseOrNull(String text) {
        // Cheap pre-check so "lock" and "last_reserved_ip.0" never reach the parser.
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return null;
            }
        }
        if (text.indexOf(':') < 0) {
            return parseV4(text);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Dotted quad without leading zeros (as Go writes and reads it), or null; no InetAddress machinery. */
    private static Ip parseV4(String text) {
        byte[] b = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part == 4) {
                    return null;
                }
                b[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                if (value == 0) {
                    return null;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? new Ip(b) : null;
    }

    public boolean isV4() {
        return bytes.length == 4;
    }

    /** Number of bits: 32 or 128. */
    public int bits() {
        return bytes.length * 8;
    }

    /** The bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** This address plus one, wrapping around at the top like Go's {@code ip.NextIP}. */
    public Ip next() {
        byte[] b = bytes.clone();
        for (int i = b.length - 1; i >= 0; i--) {
            b[i]++;
            if (b[i] != 0) {
                break;
            }
        }
        return new Ip(b);
    }

    /** This address with the bits from {@code prefixLength} on set to {@code one}. */
    Ip withHostBits(int prefixLength, boolean one) {
        byte[] b = bytes.clone();
        for (int bit = prefixLength; bit < b.length * 8; bit++) {
            int mask = 0x80 >>> (bit % 8);
            b[bit / 8] = (byte) (one ? b[bit / 8] | mask : b[bit / 8] & ~mask);
        }
        return new Ip(b);
    }

    /** Go's text: dotted IPv4, RFC 5952 IPv6. */
    public String text() {
        try {
            return IpPrefix.text(InetAddress.getByAddress(bytes));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** IPv4 sorts before IPv6; within a family, numeric order. */
    @Override
    public int compareTo(Ip o) {
        if (bytes.length != o.bytes.length) {
            return Integer.compare(bytes.length, o.bytes.length);
        }
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ip ip && Arrays.equals(bytes, ip.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return text();
    }
}

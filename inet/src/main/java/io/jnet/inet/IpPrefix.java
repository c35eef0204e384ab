package io.jnet.inet;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address with a prefix length, as in {@code 10.0.0.2/24} or {@code fd00::1/64}. The address
 * keeps its host bits (an interface address); {@link #network()} clears them.
 */
public record IpPrefix(InetAddress address, int length) {

    public IpPrefix {
        if (address == null) {
            throw new IllegalArgumentException("address is required");
        }
        int max = address.getAddress().length * 8;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " is out of range 0.." + max);
        }
    }

    /** Parses {@code addr/len}; a bare address gets the full length (/32 or /128). */
    public static IpPrefix parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        InetAddress address = literal(slash < 0 ? trimmed : trimmed.substring(0, slash));
        int max = address.getAddress().length * 8;
        if (slash < 0) {
            return new IpPrefix(address, max);
        }
        String len = trimmed.substring(slash + 1);
        if (!len.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("bad prefix length in " + text);
        }
        return new IpPrefix(address, Integer.parseInt(len));
    }

    /** Parses an IP literal without ever resolving a host name. */
    public static InetAddress literal(String text) {
        String s = text.trim();
        if (s.isEmpty() || !(s.indexOf(':') >= 0 || s.chars().allMatch(c -> Character.isDigit(c) || c == '.'))) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s, text);
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    /**
     * Dotted quads are parsed here: InetAddress.getByName takes an out-of-range one such as 256.1.1.1
     * for a host name and asks DNS. Leading zeros are refused, as inet_pton and Go's ParseIP do
     * (010 would be octal to inet_aton).
     */
    private static InetAddress ipv4(String s, String text) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(parts[i]) > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return fromBytes(bytes);
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** The netlink address family: AF_INET (2) or AF_INET6 (10). */
    public int family() {
        return isIpv4() ? 2 : 10;
    }

    /** The same prefix with the host bits cleared: 10.0.0.2/24 -> 10.0.0.0/24. */
    public IpPrefix network() {
        byte[] bytes = address.getAddress();
        for (int bit = length; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new IpPrefix(fromBytes(bytes), length);
    }

    /** The IPv4 broadcast address of the prefix (all host bits set). */
    public InetAddress broadcast() {
        byte[] bytes = address.getAddress();
        for (int bit = length; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return fromBytes(bytes);
    }

    /** Whether {@code other} lies inside this prefix. */
    public boolean contains(InetAddress other) {
        return other.getAddress().length == address.getAddress().length
                && new IpPrefix(other, length).network().equals(network());
    }

    private static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 5952 text: IPv6 with the longest zero run compressed ({@code fd00::1}), IPv4 dotted. */
    public static String text(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    // Written out: a record's generated equals/hashCode bootstrap through invokedynamic on first use, which
    // costs every short-lived plugin process ~10 ms of method-handle spinning.
    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && length == p.length && address.equals(p.address);
    }

    @Override
    public int hashCode() {
        return 31 * address.hashCode() + length;
    }

    @Override
    public String toString() {
        return text(address) + "/" + length;
    }
}

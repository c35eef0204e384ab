package io.jnet.plugin.ipam.config;

/**
 * An address with a prefix length as written in the config ({@code 10.1.0.0/16}); the address keeps any
 * host bits so that they can be refused with the reference's message.
 */
public record Subnet(Ip address, int length) {
    public Subnet {
        if (length < 0 || length > address.bits()) {
            throw new IllegalArgumentException("prefix length " + length + " out of range for " + address);
        }
    }

    /** Parses {@code addr/len}; IllegalArgumentException when malformed. */
    public static Subnet parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid CIDR address: " + text);
        }
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3) {
            throw new IllegalArgumentException("invalid CIDR address: " + text);
        }
        for (int i = 0; i < len.length(); i++) {
            if (len.charAt(i) < '0' || len.charAt(i) > '9') {
                throw new IllegalArgumentException("invalid CIDR address: " + text);
            }
        }
        Ip ip;
        try {
            ip = Ip.parse(text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CIDR address: " + text, e);
        }
        int n = Integer.parseInt(len);
        if (n > ip.bits()) {
            throw new IllegalArgumentException("invalid CIDR address: " + text);
        }
        return new Subnet(ip, n);
    }

    /** The network address (host bits cleared). */
    public Ip network() {
        return address.withHostBits(length, false);
    }

    /** The last address of the prefix (host bits set; the IPv4 broadcast). */
    public Ip last() {
        return address.withHostBits(length, true);
    }

    /** Whether {@code ip} is of the same family and inside the prefix. */
    public boolean contains(Ip ip) {
        return ip.bits() == address.bits() && ip.withHostBits(length, false).equals(network());
    }

    /** The prefix with its network address, e.g. {@code 10.1.0.0/16}. */
    public String networkText() {
        return network().text() + "/" + length;
    }

    /** As written (host bits kept), like Go prints an IPNet. */
    @Override
    public String toString() {
        return address.text() + "/" + length;
    }
}

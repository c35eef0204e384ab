package io.jnet.plugin.ipam.config;

/**
 * One pool of a range set, after defaults are applied: addresses {@code start..end} (inclusive) of
 * {@code subnet}, handed out with {@code gateway}.
 */
public record Range(Subnet subnet, Ip start, Ip end, Ip gateway) {

    /** Whether {@code ip} is an allocatable address of this pool (family, subnet, start..end). */
    public boolean contains(Ip ip) {
        return subnet.contains(ip) && ip.compareTo(start) >= 0 && ip.compareTo(end) <= 0;
    }

    /** Whether the two pools share an address (never across families). */
    public boolean overlaps(Range o) {
        if (start.isV4() != o.start.isV4()) {
            return false;
        }
        return contains(o.start) || contains(o.end) || o.contains(start) || o.contains(end);
    }

    /** Number of addresses in start..end, the gateway not counted. */
    public java.math.BigInteger size() {
        java.math.BigInteger n = new java.math.BigInteger(1, end.bytes()).subtract(new java.math.BigInteger(1, start.bytes()))
                .add(java.math.BigInteger.ONE);
        return contains(gateway) ? n.subtract(java.math.BigInteger.ONE) : n;
    }

    @Override
    public String toString() {
        return start.text() + "-" + end.text();
    }
}

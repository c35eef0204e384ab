package io.jnet.runtime;

import io.jnet.inet.IpPrefix;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address arithmetic on prefixes. */
public final class Subnets {
    private Subnets() {}

    /** Whether two prefixes share any address. */
    public static boolean overlap(IpPrefix a, IpPrefix b) {
        if (a.isIpv4() != b.isIpv4()) {
            return false;
        }
        IpPrefix shorter = a.length() <= b.length() ? a : b;
        IpPrefix longer = shorter == a ? b : a;
        return shorter.contains(longer.address());
    }

    /** The address {@code n} after the network address of {@code net}. */
    public static InetAddress offset(IpPrefix net, long n) {
        BigInteger v = new BigInteger(1, net.network().address().getAddress()).add(BigInteger.valueOf(n));
        return fromInt(v, net.address().getAddress().length);
    }

    /** The first address of {@code range} usable as a host of {@code net} (skips the network address). */
    public static InetAddress firstHost(IpPrefix net, IpPrefix range) {
        InetAddress first = range.network().address();
        return first.equals(net.network().address()) ? offset(range, 1) : first;
    }

    /** The last address of {@code range} usable as a host of {@code net} (skips the IPv4 broadcast). */
    public static InetAddress lastHost(IpPrefix net, IpPrefix range) {
        InetAddress last = range.broadcast();
        if (net.isIpv4() && last.equals(net.broadcast())) {
            BigInteger v = new BigInteger(1, last.getAddress()).subtract(BigInteger.ONE);
            return fromInt(v, 4);
        }
        return last;
    }

    private static InetAddress fromInt(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

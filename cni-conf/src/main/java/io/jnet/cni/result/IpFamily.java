package io.jnet.cni.result;

/** Tells IPv4 from IPv6 by the text of an address or CIDR, which is all result conversion needs. */
final class IpFamily {
    private IpFamily() {}

    /** 4 for dotted quads, 6 when the text has a colon (IPv4-mapped IPv6 counts as 6 only if not dotted). */
    static int of(String addressOrCidr) {
        String s = addressOrCidr;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        // Go's To4() treats ::ffff:a.b.c.d as IPv4, so a dotted tail decides.
        if (s.indexOf('.') >= 0) {
            return 4;
        }
        if (s.indexOf(':') >= 0) {
            return 6;
        }
        throw new IllegalArgumentException("not an IP address: " + addressOrCidr);
    }

    /** Like {@link #of} but answers 0 for text that is no address, so callers can refuse it. */
    static int orZero(String addressOrCidr) {
        try {
            return of(addressOrCidr);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}

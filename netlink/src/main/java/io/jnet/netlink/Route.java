package io.jnet.netlink;

import io.jnet.inet.IpPrefix;

import java.net.InetAddress;

/**
 * A route ({@code ip route}). Build one with {@link #builder()}; read ones come from {@link Netlink#routes(int)}.
 *
 * @param family   AF_INET (2) or AF_INET6 (10)
 * @param dst      destination prefix, or null for the default route
 * @param gateway  next hop, or null for a directly connected route
 * @param oif      output interface index, 0 when not bound to one
 * @param scope    RT_SCOPE_*: 0 universe, 253 link, 254 host
 * @param table    routing table: 254 main, 255 local
 * @param metric   priority (lower wins), 0 when unset
 * @param protocol RTPROT_*: 2 kernel, 3 boot (ip's default), 4 static
 * @param type     RTN_*: 1 unicast, 2 local, 3 broadcast
 * @param prefSrc  preferred source address, or null
 * @param mtu      path MTU metric, 0 when unset
 * @param advmss   advertised MSS metric, 0 when unset
 */
public record Route(int family, IpPrefix dst, InetAddress gateway, int oif, int scope, int table, int metric,
                    int protocol, int type, InetAddress prefSrc, int mtu, int advmss) {
    public static final int TABLE_MAIN = 254;
    public static final int TABLE_LOCAL = 255;
    public static final int SCOPE_UNIVERSE = 0;
    public static final int SCOPE_LINK = 253;
    public static final int SCOPE_HOST = 254;
    public static final int PROTO_KERNEL = 2;
    public static final int PROTO_BOOT = 3;
    public static final int TYPE_UNICAST = 1;

    public boolean isDefault() {
        return dst == null || dst.length() == 0;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Route fields are many and mostly optional; defaults follow {@code ip route add}. */
    public static final class Builder {
        private Integer family;
        private IpPrefix dst;
        private InetAddress gateway;
        private int oif;
        private Integer scope;
        private int table = TABLE_MAIN;
        private int metric;
        private int protocol = PROTO_BOOT;
        private int type = TYPE_UNICAST;
        private InetAddress prefSrc;
        private int mtu;
        private int advmss;

        private Builder() {}

        /** Destination CIDR; "default", "0.0.0.0/0" and "::/0" all mean the default route. */
        public Builder dst(String cidr) {
            if ("default".equals(cidr)) {
                dst = null;
                return this;
            }
            return dst(IpPrefix.parse(cidr));
        }

        public Builder dst(IpPrefix prefix) {
            dst = prefix.network();
            family = prefix.family();
            return this;
        }

        public Builder gateway(String address) {
            return gateway(IpPrefix.literal(address));
        }

        public Builder gateway(InetAddress address) {
            gateway = address;
            if (family == null) {
                family = address.getAddress().length == 4 ? 2 : 10;
            }
            return this;
        }

        public Builder family(int af) {
            family = af;
            return this;
        }

        public Builder oif(int index) {
            oif = index;
            return this;
        }

        public Builder scope(int value) {
            scope = value;
            return this;
        }

        public Builder table(int value) {
            table = value;
            return this;
        }

        public Builder metric(int value) {
            metric = value;
            return this;
        }

        public Builder protocol(int value) {
            protocol = value;
            return this;
        }

        public Builder type(int value) {
            type = value;
            return this;
        }

        public Builder prefSrc(InetAddress address) {
            prefSrc = address;
            return this;
        }

        public Builder mtu(int value) {
            mtu = value;
            return this;
        }

        public Builder advmss(int value) {
            advmss = value;
            return this;
        }

        /** Without an explicit scope a unicast route is link-scoped when it has no gateway, as with ip. */
        public Route build() {
            if (family == null) {
                throw new IllegalArgumentException("a default route needs a gateway or an explicit family");
            }
            if (gateway != null && (gateway.getAddress().length == 4) != (family == 2)) {
                throw new IllegalArgumentException("gateway " + IpPrefix.text(gateway) + " is not of the route's family");
            }
            int resolvedScope = scope != null ? scope : (gateway == null && type == TYPE_UNICAST ? SCOPE_LINK : SCOPE_UNIVERSE);
            return new Route(family, dst, gateway, oif, resolvedScope, table, metric, protocol, type, prefSrc, mtu, advmss);
        }
    }
}

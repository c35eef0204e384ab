package io.jnet.netlink.netfilter;

/** The address families nf_tables tables belong to (NFPROTO_*), with the name nft gives each. */
public enum NfFamily {
    INET(1, "inet"),
    IP(2, "ip"),
    ARP(3, "arp"),
    NETDEV(5, "netdev"),
    BRIDGE(7, "bridge"),
    IP6(10, "ip6");

    private final int code;
    private final String nftName;

    NfFamily(int code, String nftName) {
        this.code = code;
        this.nftName = nftName;
    }

    /** NFPROTO_* as the nfgenmsg carries it. */
    public int code() {
        return code;
    }

    /** {@code ip}, {@code ip6}, {@code inet}, {@code bridge}... */
    public String nftName() {
        return nftName;
    }

    public static NfFamily of(int code) {
        for (NfFamily f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown nf_tables family " + code);
    }

    @Override
    public String toString() {
        return nftName;
    }
}

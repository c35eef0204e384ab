package io.jnet.netlink.wire;

/** rtnetlink constants (linux/rtnetlink.h, if_link.h, if_addr.h, if_bridge.h, veth.h). */
public final class Rtnl {
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_SETLINK = 19;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    public static final int RTM_NEWNSID = 88;
    public static final int RTM_GETNSID = 90;

    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_BRIDGE = 7;
    public static final int AF_INET6 = 10;

    public static final int IFINFOMSG_LEN = 16;
    public static final int IFADDRMSG_LEN = 8;
    public static final int RTMSG_LEN = 12;

    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_MASTER = 10;
    public static final int IFLA_PROTINFO = 12;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_AF_SPEC = 26;
    public static final int IFLA_NET_NS_FD = 28;
    public static final int IFLA_EXT_MASK = 29;
    public static final int IFLA_PROMISCUITY = 30;
    public static final int IFLA_LINK_NETNSID = 37;

    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    public static final int IFLA_INFO_SLAVE_KIND = 4;
    public static final int IFLA_INFO_SLAVE_DATA = 5;

    public static final int VETH_INFO_PEER = 1;

    public static final int IFLA_BR_VLAN_FILTERING = 7;
    public static final int IFLA_BR_VLAN_DEFAULT_PVID = 39;

    public static final int IFLA_BRPORT_MODE = 4;
    public static final int IFLA_BRPORT_ISOLATED = 33;

    public static final int IFLA_BRIDGE_FLAGS = 0;
    public static final int IFLA_BRIDGE_VLAN_INFO = 2;
    /** IFLA_BRIDGE_FLAGS value: the request is for the bridge (master), not the port device itself. */
    public static final int BRIDGE_FLAGS_MASTER = 1;
    public static final int BRIDGE_VLAN_INFO_PVID = 2;
    public static final int BRIDGE_VLAN_INFO_UNTAGGED = 4;

    public static final int IFF_UP = 0x1;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_PROMISC = 0x100;
    public static final int IFF_LOWER_UP = 0x10000;

    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_BROADCAST = 4;
    public static final int IFA_FLAGS = 8;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_PERMANENT = 0x80;

    public static final int RTA_DST = 1;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_METRICS = 8;
    public static final int RTA_MULTIPATH = 9;
    /** struct rtnexthop: u16 len, u8 flags, u8 hops, s32 ifindex; its attributes follow. */
    public static final int RTNEXTHOP_LEN = 8;
    public static final int RTA_TABLE = 15;
    public static final int RTA_SRC = 2;
    public static final int RTA_IIF = 3;
    public static final int RTA_MARK = 16;
    public static final int RTA_IP_PROTO = 27;
    public static final int RTA_SPORT = 28;
    public static final int RTA_DPORT = 29;

    public static final int RTM_F_LOOKUP_TABLE = 0x1000;

    public static final int NETNSA_NSID = 1;
    public static final int NETNSA_FD = 3;
    /** struct rtgenmsg, padded to the netlink alignment. */
    public static final int RTGENMSG_LEN = 4;
    public static final int RTAX_MTU = 2;
    public static final int RTAX_ADVMSS = 8;

    private Rtnl() {}
}

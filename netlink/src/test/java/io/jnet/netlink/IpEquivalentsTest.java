package io.jnet.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jnet.inet.IpPrefix;
import org.junit.jupiter.api.Test;

/** The ip commands that explain netlink requests say what the request carries, by name. */
class IpEquivalentsTest {

    @Test
    void aVethWhosePeerGoesToTheCallersNamespaceIsSpeltFromThere() throws Exception {
        // the bridge plugin: created in the container's namespace, the peer placed in the host's (its own)
        Veth v = Veth.of("eth0", "veth1a2b3c4d").withMtu(1400);
        assertEquals("ip link add veth1a2b3c4d mtu 1400 type veth peer name eth0 mtu 1400 netns red",
                IpEquivalents.vethAdd("red", withPeerHere(v), null));
        assertEquals("ip link add veth1a2b3c4d type veth peer name eth0 netns 42",
                IpEquivalents.vethAdd("/proc/42/ns/net", withPeerHere(Veth.of("eth0", "veth1a2b3c4d")), null));
        assertEquals("ip link add a type veth peer name b", IpEquivalents.vethAdd(null, Veth.of("a", "b"), null));
        assertEquals("ip -n red link add a address 02:00:00:00:00:01 type veth peer name b",
                IpEquivalents.vethAdd("red", Veth.of("a", "b").withMac(MacAddress.parse("02:00:00:00:00:01")), null));
    }

    // A Veth whose peer namespace is set, without opening one: only its presence matters when the where is null.
    private static Veth withPeerHere(Veth v) throws Exception {
        try (var here = io.jnet.netlink.ns.NetNs.current()) {
            return v.withPeerIn(here);
        }
    }

    @Test
    void bridgesAddressesAndTheirOptions() {
        assertEquals("link add br0 type bridge", IpEquivalents.bridgeAdd(Bridge.of("br0")));
        assertEquals("link add br0 mtu 9000 type bridge vlan_filtering 1", IpEquivalents.bridgeAdd(Bridge.of("br0").withMtu(9000).withVlanFiltering(true)));
        assertEquals("addr add 10.0.0.2/24 brd + dev eth0", IpEquivalents.addr("add", Addr.of(3, "10.0.0.2/24"), "eth0"));
        assertEquals("addr add 10.0.0.2/31 dev eth0", IpEquivalents.addr("add", Addr.of(3, "10.0.0.2/31"), "eth0"));
        assertEquals("addr del 10.0.0.2/24 dev eth0", IpEquivalents.addr("del", Addr.of(3, "10.0.0.2/24"), "eth0"));
        assertEquals("addr add fd00::2/64 dev eth0 nodad", IpEquivalents.addr("add", Addr.of(3, "fd00::2/64").withFlags(Addr.NODAD), "eth0"));
        assertEquals("addr add fe80::1/64 dev eth0 scope link", IpEquivalents.addr("add", Addr.of(3, "fe80::1/64").withScope(Addr.SCOPE_LINK), "eth0"));
    }

    @Test
    void routesNameScopeAndProtocolOnlyWhereIpWouldPickOthers() {
        assertEquals("route add default via 10.0.0.1 dev eth0",
                IpEquivalents.route("add", Route.builder().dst("0.0.0.0/0").gateway("10.0.0.1").oif(2).build(), "eth0"));
        assertEquals("route add 10.1.0.0/16 dev eth0", IpEquivalents.route("add", Route.builder().dst("10.1.0.0/16").oif(2).build(), "eth0"));
        // the bridge plugin adds result routes without a gateway in scope universe: ip would make them link-scoped
        assertEquals("route add 10.1.0.0/16 dev eth0 scope global",
                IpEquivalents.route("add", Route.builder().dst("10.1.0.0/16").oif(2).scope(Route.SCOPE_UNIVERSE).build(), "eth0"));
        assertEquals("-6 route add default dev eth0 metric 100 table 7 mtu 1400 advmss 1300",
                IpEquivalents.route("add", Route.builder().family(10).oif(2).metric(100).table(7).mtu(1400).advmss(1300).build(), "eth0"));
        assertEquals("route replace 10.2.0.0/16 via 10.0.0.1 src 10.0.0.2 proto static",
                IpEquivalents.route("replace", Route.builder().dst("10.2.0.0/16").gateway("10.0.0.1").prefSrc(IpPrefix.literal("10.0.0.2")).protocol(4).build(), null));
        assertEquals("route del 10.1.0.0/16 dev eth0", IpEquivalents.route("del", Route.builder().dst("10.1.0.0/16").oif(2).protocol(2).build(), "eth0"));
        assertEquals("route add blackhole 10.9.0.0/16", IpEquivalents.route("add", Route.builder().dst("10.9.0.0/16").type(6).scope(0).build(), null));
    }
}

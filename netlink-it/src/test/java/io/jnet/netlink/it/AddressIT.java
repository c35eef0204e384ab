package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.Addr;
import io.jnet.netlink.AlreadyExistsException;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.NotFoundException;
import io.jnet.netlink.Veth;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Interface addresses, IPv4 and IPv6 ({@code ip addr}). */
@KernelTest
class AddressIT {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    @Test
    void ipv4AddressesAreAddedListedAndDeleted(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        int a = nl.createVeth(Veth.of("a0", "a1")).index();
        int b = nl.link("a1").index();
        nl.addAddress(Addr.of(a, "10.10.0.1/24"));
        nl.addAddress(Addr.of(a, "10.10.1.1/16"));
        nl.addAddress(Addr.of(b, "10.20.0.1/24"));

        assertEquals(List.of("10.10.0.1/24", "10.10.1.1/16"), prefixes(nl.addresses(AF_INET, a)));
        assertEquals(Ip.addresses(sb, sb.host(), "inet", "a0"), prefixes(nl.addresses(AF_INET, a)));
        assertEquals(List.of("10.20.0.1/24"), prefixes(nl.addresses(AF_INET, b)));
        List<Addr> all = nl.addresses(AF_INET, 0);
        assertTrue(prefixes(all).containsAll(List.of("127.0.0.1/8", "10.10.0.1/24", "10.10.1.1/16", "10.20.0.1/24")));
        Addr read = nl.addresses(AF_INET, a).get(0);
        assertEquals(a, read.linkIndex());
        assertEquals(Addr.SCOPE_GLOBAL, read.scope());
        assertEquals("a0", read.label());
        assertTrue((read.flags() & Addr.PERMANENT) != 0);
        // brd + like ip addr add: the broadcast address is the prefix's
        String brd = Ip.json(sb, sb.host(), "addr", "show", "dev", "a0").get(0).getAsJsonObject()
                .getAsJsonArray("addr_info").get(0).getAsJsonObject().get("broadcast").getAsString();
        assertEquals("10.10.0.255", brd);

        nl.deleteAddress(Addr.of(a, "10.10.0.1/24"));
        assertEquals(List.of("10.10.1.1/16"), prefixes(nl.addresses(AF_INET, a)));
        assertEquals(List.of("10.10.1.1/16"), Ip.addresses(sb, sb.host(), "inet", "a0"));
    }

    @Test
    void ipv6AddressesWithNodadAreUsableAtOnce(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        int a = nl.createVeth(Veth.of("a0", "a1")).index();
        nl.setUp(a);
        nl.setUp(nl.link("a1").index());
        nl.addAddress(Addr.of(a, "fd00:1::1/64").withFlags(Addr.NODAD));
        nl.addAddress(Addr.of(a, "fd00:2::1/64"));

        List<Addr> v6 = nl.addresses(AF_INET6, a).stream().filter(x -> x.scope() == Addr.SCOPE_GLOBAL).toList();
        assertEquals(List.of("fd00:1::1/64", "fd00:2::1/64").stream().sorted().toList(),
                prefixes(v6).stream().sorted().toList());
        Addr nodad = v6.stream().filter(x -> x.prefix().toString().equals("fd00:1::1/64")).findFirst().orElseThrow();
        assertTrue((nodad.flags() & Addr.NODAD) != 0, "NODAD is read back");
        var ipInfo = Ip.json(sb, sb.host(), "-6", "addr", "show", "dev", "a0").get(0).getAsJsonObject()
                .getAsJsonArray("addr_info");
        boolean ipSeesNodad = false;
        for (var e : ipInfo) {
            var o = e.getAsJsonObject();
            if (o.get("local").getAsString().equals("fd00:1::1")) {
                ipSeesNodad = o.has("nodad") && o.get("nodad").getAsBoolean();
                assertTrue(!o.has("tentative"), "a NODAD address is never tentative");
            }
        }
        assertTrue(ipSeesNodad, ipInfo.toString());
        assertTrue(Ip.addresses(sb, sb.host(), "inet6", "a0").containsAll(List.of("fd00:1::1/64", "fd00:2::1/64")));
        // the link-local address the kernel made is listed too, with link scope
        assertTrue(nl.addresses(AF_INET6, a).stream().anyMatch(x -> x.scope() == Addr.SCOPE_LINK
                && x.prefix().toString().startsWith("fe80::")));

        nl.deleteAddress(Addr.of(a, "fd00:2::1/64"));
        assertEquals(List.of("fd00:1::1/64"), prefixes(nl.addresses(AF_INET6, a).stream()
                .filter(x -> x.scope() == Addr.SCOPE_GLOBAL).toList()));
        assertTrue(!Ip.addresses(sb, sb.host(), "inet6", "a0").contains("fd00:2::1/64"));
    }

    @Test
    void bothFamiliesAreListedWithFamilyZero(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        int a = nl.createVeth(Veth.of("a0", "a1")).index();
        nl.addAddress(Addr.of(a, "10.30.0.1/24"));
        nl.addAddress(Addr.of(a, "fd30::1/64").withFlags(Addr.NODAD));
        List<String> both = prefixes(nl.addresses(0, a));
        assertTrue(both.containsAll(List.of("10.30.0.1/24", "fd30::1/64")), both.toString());
    }

    @Test
    void duplicateAddressIsAlreadyExists(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        int a = nl.createVeth(Veth.of("a0", "a1")).index();
        nl.addAddress(Addr.of(a, "10.40.0.1/24"));
        nl.addAddress(Addr.of(a, "fd40::1/64").withFlags(Addr.NODAD));
        assertThrows(AlreadyExistsException.class, () -> nl.addAddress(Addr.of(a, "10.40.0.1/24")));
        assertThrows(AlreadyExistsException.class, () -> nl.addAddress(Addr.of(a, "fd40::1/64").withFlags(Addr.NODAD)));
        assertEquals(List.of("10.40.0.1/24"), Ip.addresses(sb, sb.host(), "inet", "a0"));
    }

    @Test
    void deletingAnAbsentAddressIsNotFound(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        int a = nl.createVeth(Veth.of("a0", "a1")).index();
        NotFoundException e = assertThrows(NotFoundException.class, () -> nl.deleteAddress(Addr.of(a, "10.40.0.9/24")));
        assertEquals(99, e.errno(), e.getMessage()); // EADDRNOTAVAIL, as `ip addr del` reports
        e = assertThrows(NotFoundException.class, () -> nl.deleteAddress(Addr.of(a, "fd40::9/64")));
        assertEquals(99, e.errno(), e.getMessage());
    }

    @Test
    void addressOnUnknownLinkFails(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        NetlinkException e = assertThrows(NetlinkException.class, () -> nl.addAddress(Addr.of(999_999, "10.0.0.1/24")));
        assertEquals(19, e.errno(), e.getMessage());
    }

    private static List<String> prefixes(List<Addr> addrs) {
        return addrs.stream().map(Addr::prefix).map(IpPrefix::toString).toList();
    }
}

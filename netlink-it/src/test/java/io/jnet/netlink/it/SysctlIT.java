package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jnet.netlink.Netlink;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** sysctl read and write inside a given namespace, never leaking into another. */
@KernelTest
class SysctlIT {

    @Test
    void ipForwardIsPerNamespace(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        NetNs other = sb.container("other");
        assertEquals("0", Sysctl.get(host, "net.ipv4.ip_forward"));

        Sysctl.set(host, "net.ipv4.ip_forward", "1");

        assertEquals("1", Sysctl.get(host, "net.ipv4.ip_forward"));
        assertEquals("1", sysctl(sb, host, "net.ipv4.ip_forward"));
        assertEquals("0", Sysctl.get(other, "net.ipv4.ip_forward"), "another namespace is untouched");
        assertEquals("0", sysctl(sb, other, "net.ipv4.ip_forward"));
        Sysctl.set(host, "net/ipv4/ip_forward", "0");
        assertEquals("0", sysctl(sb, host, "net.ipv4.ip_forward"));
    }

    @Test
    void perInterfaceKeyIncludingADottedName(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        NetNs other = sb.container("other");
        Netlink nl = sb.netlink(host);
        nl.createVeth(Veth.of("eth0.100", "peer"));
        sb.netlink(other).createVeth(Veth.of("eth0.100", "peer"));
        String key = Sysctl.interfaceKey("ipv4", "eth0.100", "arp_notify");
        assertEquals("0", Sysctl.get(host, key));

        Sysctl.set(host, key, "1");

        assertEquals("1", Sysctl.get(host, key));
        assertEquals("1", sysctl(sb, host, "net/ipv4/conf/eth0.100/arp_notify"));
        assertEquals("0", Sysctl.get(other, key));
        assertEquals("0", sysctl(sb, other, "net/ipv4/conf/eth0.100/arp_notify"));
    }

    @Test
    void arpNotifyOfAPlainInterfaceName(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        sb.netlink(host).createVeth(Veth.of("v0", "v1"));
        Sysctl.set(host, "net.ipv4.conf.v0.arp_notify", "1");
        assertEquals("1", Sysctl.get(host, "net.ipv4.conf.v0.arp_notify"));
        assertEquals("0", Sysctl.get(host, "net.ipv4.conf.v1.arp_notify"));
        assertEquals("1", sysctl(sb, host, "net.ipv4.conf.v0.arp_notify"));
    }

    @Test
    void unknownKeyOrInterfaceFails(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        assertThrows(NoSuchFileException.class, () -> Sysctl.get(host, "net.ipv4.conf.nothere.arp_notify"));
        assertThrows(NoSuchFileException.class, () -> Sysctl.set(host, "net.ipv4.no_such_key", "1"));
        assertThrows(IllegalArgumentException.class, () -> Sysctl.get(host, "net/../../etc/passwd"));
        IOException e = assertThrows(IOException.class, () -> Sysctl.set(host, "net.ipv4.ip_forward", "x"));
        assertEquals("0", Sysctl.get(host, "net.ipv4.ip_forward"), e.toString());
    }

    /** What a process inside {@code ns} reads (cat rather than sysctl(8): procps may not be installed). */
    private static String sysctl(Sandbox sb, NetNs ns, String key) {
        return sb.exec(ns, "cat", Sysctl.pathOf(key).toString()).assertOk().stdout().strip();
    }
}

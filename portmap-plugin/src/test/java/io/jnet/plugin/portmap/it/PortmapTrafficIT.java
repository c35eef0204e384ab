package io.jnet.plugin.portmap.it;

import static io.jnet.plugin.portmap.it.PortmapLab.BRIDGE_IP;
import static io.jnet.plugin.portmap.it.PortmapLab.BRIDGE_IP6;
import static io.jnet.plugin.portmap.it.PortmapLab.EXT_CLIENT_IP;
import static io.jnet.plugin.portmap.it.PortmapLab.EXT_HOST_IP;
import static io.jnet.plugin.portmap.it.PortmapLab.EXT_HOST_IP6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.firewall.iptables.Chains;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Published ports carry real TCP and UDP traffic from every place the issue names, and stop after DEL, on each
 * firewall backend.
 */
@KernelTest
@SuppressWarnings("try") // try (Echo echo = ...) keeps the server up for the block
class PortmapTrafficIT {
    private static final int SERVER_PORT = 5000;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iptables", "nftables"})
    void publishedPortsAnswerFromHostLocalhostSiblingSelfAndOutsideThenDelRemovesEverything(String backend, Sandbox sb)
            throws Exception {
        PortmapLab lab = new PortmapLab(sb);
        lab.backend = backend;
        NetNs c1 = lab.container("c1", "10.99.0.2", "fd99::2");
        NetNs c2 = lab.container("c2", "10.99.0.3", "fd99::3");
        NetNs ext = lab.outside();
        JsonObject conf = lab.config("c1", PortmapLab.mappings(
                8080, SERVER_PORT, "tcp", null,
                8053, SERVER_PORT, "udp", null,
                8081, SERVER_PORT, "tcp", EXT_HOST_IP,
                8082, SERVER_PORT, "udp", EXT_HOST_IP));
        try (Echo echo = Echo.start(c1, "c1", SERVER_PORT)) {
            assertNull(Probe.tcp(lab.host, BRIDGE_IP, 8080), "nothing is published before ADD");
            lab.run("ADD", "c1", conf).assertOk();
            assertEquals("1", Sysctl.get(lab.host, "net/ipv4/conf/br0/route_localnet"), "route_localnet on the bridge");

            // host netns through its own addresses (OUTPUT chain), and through 127.0.0.1 (masqueraded to the bridge IP)
            assertEquals("c1 " + BRIDGE_IP, Probe.tcp(lab.host, BRIDGE_IP, 8080));
            assertEquals("c1 " + BRIDGE_IP, Probe.udp(lab.host, BRIDGE_IP, 8053));
            assertEquals("c1 " + BRIDGE_IP, Probe.tcp(lab.host, "127.0.0.1", 8080));
            assertEquals("c1 " + BRIDGE_IP, Probe.udp(lab.host, "127.0.0.1", 8053));
            // sibling and self through the host address: hairpin, masqueraded so the answer comes back the same way
            assertEquals("c1 " + BRIDGE_IP, Probe.tcp(c2, BRIDGE_IP, 8080));
            assertEquals("c1 " + BRIDGE_IP, Probe.udp(c2, BRIDGE_IP, 8053));
            assertEquals("c1 " + BRIDGE_IP, Probe.tcp(c1, BRIDGE_IP, 8080));
            assertEquals("c1 " + BRIDGE_IP, Probe.udp(c1, BRIDGE_IP, 8053));
            // from outside (PREROUTING): the client's own address is kept
            assertEquals("c1 " + EXT_CLIENT_IP, Probe.tcp(ext, EXT_HOST_IP, 8080));
            assertEquals("c1 " + EXT_CLIENT_IP, Probe.udp(ext, EXT_HOST_IP, 8053));
            // bound to one host address: answers there, not on another host address
            assertEquals("c1 " + EXT_CLIENT_IP, Probe.tcp(ext, EXT_HOST_IP, 8081));
            assertEquals("c1 " + EXT_CLIENT_IP, Probe.udp(ext, EXT_HOST_IP, 8082));
            assertNull(Probe.tcp(ext, BRIDGE_IP, 8081));
            assertNull(Probe.udp(ext, BRIDGE_IP, 8082));
            assertNull(Probe.tcp(c2, BRIDGE_IP, 8081));
            assertEquals("c1 " + EXT_HOST_IP, Probe.tcp(lab.host, EXT_HOST_IP, 8081), "the host's own source address");
            // IPv6 (the same mappings, no hostIP: both families)
            sb.awaitIpv6Ready(lab.host, c1, c2, ext); // the link-locals leave DAD only now on an idle machine
            assertEquals("c1 " + EXT_HOST_IP6.replace("fd31::1", "fd31::2"), Probe.tcp(ext, EXT_HOST_IP6, 8080));
            assertEquals("c1 fd31::2", Probe.udp(ext, EXT_HOST_IP6, 8053));
            assertEquals("c1 " + BRIDGE_IP6, Probe.tcp(c2, BRIDGE_IP6, 8080));
            assertEquals("c1 " + BRIDGE_IP6, Probe.tcp(lab.host, BRIDGE_IP6, 8080));
            assertNull(Probe.tcp(ext, EXT_HOST_IP6, 8081), "8081 is bound to an IPv4 host address only");

            lab.run("CHECK", "c1", conf).assertOk();

            // DEL without runtimeConfig nor prevResult: found by network + container ID
            lab.run("DEL", "c1", lab.config(null, null)).assertOk();
            assertNull(Probe.tcp(lab.host, BRIDGE_IP, 8080));
            assertNull(Probe.tcp(ext, EXT_HOST_IP, 8080));
            assertNull(Probe.udp(ext, EXT_HOST_IP, 8053));
            assertNull(Probe.tcp(ext, EXT_HOST_IP6, 8080));
            assertFalse(lab.holds("c1"));
            if (backend.equals("iptables")) {
                String chain = Chains.dnatChain(PortmapLab.NETWORK, "id-c1");
                for (boolean v6 : new boolean[] {false, true}) {
                    String nat = lab.natRules(v6);
                    assertFalse(nat.contains(chain), nat);
                    assertFalse(nat.contains("id-c1"), nat);
                    assertTrue(nat.contains(":" + Chains.TOP_DNAT), "shared chains stay, like the reference's: " + nat);
                }
            } else {
                assertEquals("", lab.nftRuleset().strip(), "jnet's tables go with their last user");
            }
            assertEquals(1, lab.run("CHECK", "c1", conf).exitCode(), "CHECK notices the rules are gone");
            lab.run("DEL", "c1", conf).assertOk(); // DEL again: nothing left, still fine
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iptables", "nftables"})
    void staleUdpConntrackEntryIsRemovedOnAdd(String backend, Sandbox sb) throws Exception {
        PortmapLab lab = new PortmapLab(sb);
        lab.backend = backend;
        NetNs c1 = lab.container("c1", "10.99.0.2", "fd99::2");
        NetNs ext = lab.outside();
        // The bridge plugin's ipMasq rule, as on a real host: it also turns conntrack on in this namespace.
        if (backend.equals("iptables")) {
            sb.exec(lab.host, "iptables", "-t", "nat", "-A", "POSTROUTING", "-s", "10.99.0.0/24", "!", "-d", "10.99.0.0/24",
                    "-j", "MASQUERADE").assertOk();
        } else {
            sb.exec(lab.host, "nft", "add table ip masq; add chain ip masq post { type nat hook postrouting priority 100; };"
                    + " add rule ip masq post ip saddr 10.99.0.0/24 ip daddr != 10.99.0.0/24 masquerade").assertOk();
        }
        try (Echo echo = Echo.start(c1, "c1", SERVER_PORT)) {
            // Before ADD the host answers "port unreachable" but conntrack keeps an entry for this flow...
            assertNull(Probe.udp(ext, EXT_HOST_IP, 8053, 40053));
            String entries = sb.exec(lab.host, "conntrack", "-L", "-p", "udp", "--dport", "8053").stdout();
            assertTrue(entries.contains("dport=8053"), "a conntrack entry exists before ADD: " + entries);
            lab.run("ADD", "c1", lab.config("c1", PortmapLab.mappings(8053, SERVER_PORT, "udp", null))).assertOk();
            // ...which would keep the same flow away from the DNAT rule had ADD not removed it.
            assertEquals("c1 " + EXT_CLIENT_IP, Probe.udp(ext, EXT_HOST_IP, 8053, 40053));
            lab.run("DEL", "c1", lab.config("c1", null)).assertOk();
            String after = sb.exec(lab.host, "conntrack", "-L", "-p", "udp", "--dport", "8053").stdout();
            assertFalse(after.contains("dport=8053"), "DEL removes the entries of its UDP ports too: " + after);
        }
    }
}

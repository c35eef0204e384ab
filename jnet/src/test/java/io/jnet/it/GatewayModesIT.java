package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway modes seen from a host on the LAN, on a host whose FORWARD policy is ACCEPT (Docker 28 no longer
 * relies on it): nat keeps a 127.0.0.1-published port and the container's address off the LAN even when loopback
 * is NATed (no proxy), while nat-unprotected shows what that protection stops (moby#45610: the LAN reaches
 * 127.0.0.1:PORT through DNAT); routed opens the published container port on the container's address and nothing
 * else; isolated leaves the bridge without an address. Detaching removes every raw and filter rule the modes added.
 * On both firewall backends.
 */
@KernelTest
class GatewayModesIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iptables", "nftables"})
    void natProtectsNatUnprotectedDoesNotRoutedOpensOnlyPublishedPorts(String backend, Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        Lan lan = Lan.behind(sb);
        String rawBefore = rules(sb, "raw");
        String filterBefore = rules(sb, "filter");
        String nftBefore = nftTables(sb);
        cli.run("net", "create", "p", "--subnet", "10.82.0.0/24", "--userland-proxy=false", "--firewall-backend", backend).ok();
        cli.run("net", "create", "u", "--subnet", "10.83.0.0/24", "--gateway-mode", "nat-unprotected", "--userland-proxy=false", "--firewall-backend", backend).ok();
        cli.run("net", "create", "r", "--subnet", "10.84.0.0/24", "--gateway-mode", "routed", "--firewall-backend", backend).ok();
        assertTrue(cli.run("net", "ls").ok().stdout().lines().anyMatch(l -> l.startsWith("r ") && l.contains(" routed ")));
        List<NetNs> opened = new ArrayList<>();
        try {
            String[][] containers = {{"c2", "p", "10.82.0.2", "127.0.0.1:7080:80"}, {"c3", "u", "10.83.0.2", "127.0.0.1:7081:80"},
                {"c4", "r", "10.84.0.2", "80"}};
            for (String[] c : containers) {
                cli.run("netns", "add", c[0]).ok();
                NetNs ns = NetNs.named(cli.ns(c[0]));
                opened.add(ns);
                sb.tcpServer(ns, "0.0.0.0", 80, c[0] + " 80");
                sb.tcpServer(ns, "0.0.0.0", 85, c[0] + " 85");
                cli.run("attach", c[0], "--net", c[1], "--ip", c[2], "-p", c[3]).ok();
            }
            // loopback publishing works for the host itself (NAT with route_localnet, no proxy on these networks)
            assertEquals(Optional.of("c2 80"), sb.tcpRequest(sb.host(), "127.0.0.1", 7080, 3000));
            assertEquals(Optional.of("c3 80"), sb.tcpRequest(sb.host(), "127.0.0.1", 7081, 3000));
            // a LAN host sending to 127.0.0.1 through us: through DNAT without protection, dropped before NAT with it
            assertEquals(Optional.of("c3 80"), sb.tcpRequest(lan.ns, "127.0.0.1", 7081, 3000), "the hole moby#45610 closed");
            assertEquals(Optional.empty(), sb.tcpRequest(lan.ns, "127.0.0.1", 7080, 1500));
            // the container's own address: open in nat-unprotected, closed in nat
            assertEquals(Optional.of("c3 85"), sb.tcpRequest(lan.ns, "10.83.0.2", 85, 3000));
            assertEquals(Optional.empty(), sb.tcpRequest(lan.ns, "10.82.0.2", 85, 1500));
            assertEquals(Optional.empty(), sb.tcpRequest(lan.ns, "10.82.0.2", 80, 1500));
            // routed: the published container port on the container's address, ICMP, and nothing else
            assertEquals(Optional.of("c4 80"), sb.tcpRequest(lan.ns, "10.84.0.2", 80, 3000));
            assertEquals(Optional.empty(), sb.tcpRequest(lan.ns, "10.84.0.2", 85, 1500));
            sb.exec(lan.ns, "ping", "-c", "1", "-W", "2", "10.84.0.2").assertOk();
            assertEquals("80/tcp -> 10.84.0.2:80\n", cli.run("port", "c4").ok().stdout(), "open on the container's address");
            // and a routed container keeps its own address on the way out: no masquerade
            sb.exec(opened.get(2), "ping", "-c", "1", "-W", "2", Lan.ADDRESS).assertOk();
            cli.run("check", "c2").ok();
            cli.run("check", "c4").ok();
        } finally {
            opened.forEach(NetNs::close);
        }
        // isolated: an internal network whose bridge has no address, so not even the host reaches it
        cli.run("net", "create", "iso", "--subnet", "10.88.0.0/24", "--internal", "--gateway-mode", "isolated", "--firewall-backend", backend).ok();
        cli.run("netns", "add", "c5").ok();
        cli.run("attach", "c5", "--net", "iso", "--ip", "10.88.0.2").ok();
        assertFalse(sb.exec(sb.host(), "ip", "-4", "addr", "show", "dev", "jn-iso").stdout().contains("inet "), "no address on the bridge");
        assertFalse(sb.exec(sb.host(), "ping", "-c", "1", "-W", "1", "10.88.0.2").ok());
        for (String c : new String[] {"c2", "c3", "c4", "c5"}) {
            cli.run("detach", c).ok();
            cli.run("netns", "del", c).ok();
        }
        assertEquals(rawBefore, rules(sb, "raw"), "the raw table is as it was");
        assertEquals(filterBefore, rules(sb, "filter"), "the filter table is as it was");
        assertFalse(rules(sb, "nat").contains("CNI-DN-"));
        assertEquals(nftBefore, nftTables(sb), "no jnet table left in nftables");
    }

    /** jnet's nftables tables (iptables-nft's own tables come and go with the iptables rules). */
    private static String nftTables(Sandbox sb) {
        return String.join("\n", sb.exec(sb.host(), "nft", "list", "tables").assertOk().stdout().lines()
                .filter(l -> l.contains("jnet")).toList());
    }

    /** Both families' rules and own chains of {@code table} (a table iptables-nft has not made yet reads as none). */
    private static String rules(Sandbox sb, String table) {
        StringBuilder out = new StringBuilder();
        for (String save : new String[] {"iptables-save", "ip6tables-save"}) {
            sb.exec(sb.host(), save, "-t", table).assertOk().stdout().lines()
                    .filter(l -> l.startsWith("-A ") || l.startsWith(":") && l.contains(" - ["))
                    .forEach(l -> out.append(save).append(' ').append(l).append('\n'));
        }
        return out.toString();
    }
}

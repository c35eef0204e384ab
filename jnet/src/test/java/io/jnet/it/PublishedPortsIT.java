package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.proxy.ProxyClient;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Published ports as Docker 28 makes them, through the CLI on a network made by {@code jnet net create} (gateway mode
 * nat, userland proxy on): TCP and UDP ranges, an automatic port that skips one a host process holds, shown by
 * ps/port/inspect, {@code [::1]} and {@code 127.0.0.1} through the proxy, the LAN reaching published ports but not the
 * container's address nor the loopback-published port, and a UDP port re-published to another container answering
 * from it at once. Detach leaves nothing: no rule, no proxy, the ports free again. Each test runs on both firewall
 * backends ({@code --firewall-backend iptables|nftables}).
 */
@KernelTest
class PublishedPortsIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iptables", "nftables"})
    void rangesAutomaticPortsLoopbackAndNoDirectAccess(String backend, Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        NetNs host = sb.host();
        Lan lan = Lan.behind(sb);
        Sysctl.set(host, "net.ipv4.ip_local_port_range", "40000 40009");
        sb.tcpServer(host, "0.0.0.0", 40000, "a host process"); // holds the pool's first port
        cli.run("net", "create", "web", "--subnet", "10.81.0.0/24", "--firewall-backend", backend).ok();
        cli.run("netns", "add", "c1").ok();
        NetNs c1 = NetNs.named(cli.ns("c1"));
        try {
            for (int p = 80; p <= 85; p++) {
                sb.tcpServer(c1, "0.0.0.0", p, "c1 tcp " + p);
            }
            sb.udpServer(c1, "0.0.0.0", 53, "c1 udp 53");
            sb.udpServer(c1, "0.0.0.0", 54, "c1 udp 54");
            CliProcess.Result attached = cli.run("attach", "c1", "--net", "web", "--ip", "10.81.0.2", "-p", "8000-8003:80-83",
                    "-p", "9053-9054:53-54/udp", "-p", "127.0.0.1:7080:80", "-p", "84").ok();
            assertTrue(attached.stdout().contains("published  8000-8003->80-83/tcp, 9053-9054->53-54/udp, 127.0.0.1:7080->80/tcp, "
                    + "40001->84/tcp"), attached.stdout());
            assertEquals("0.0.0.0:40001\n[::]:40001\n", cli.run("port", "c1", "84").ok().stdout(), "the pool's first free port");
            assertTrue(cli.run("port", "c1").ok().stdout().contains("53/udp -> 0.0.0.0:9053\n53/udp -> [::]:9053\n"));
            assertTrue(cli.run("ps").ok().stdout().contains("8000-8003->80-83/tcp"));
            assertTrue(cli.run("net", "inspect", "web").ok().stdout().contains("mode       nat, userland proxy"));
            JsonArray ports = JsonParser.parseString(cli.run("--json", "port", "c1").ok().stdout()).getAsJsonArray();
            assertEquals(2 * (4 + 2 + 1) + 1, ports.size(), ports.toString());

            // the LAN reaches every published port through the host address, TCP and UDP
            for (int i = 0; i < 4; i++) {
                assertEquals(Optional.of("c1 tcp " + (80 + i)), sb.tcpRequest(lan.ns, Lan.HOST, 8000 + i, 3000));
            }
            assertEquals(Optional.of("c1 udp 53"), sb.udpRequest(lan.ns, Lan.HOST, 9053, 3000));
            assertEquals(Optional.of("c1 udp 54"), sb.udpRequest(lan.ns, Lan.HOST, 9054, 3000));
            assertEquals(Optional.of("c1 tcp 84"), sb.tcpRequest(lan.ns, Lan.HOST, 40001, 3000));
            // the host through loopback: the proxy ([::1] has no NAT) and 127.0.0.1
            assertEquals(Optional.of("c1 tcp 82"), sb.tcpRequest(host, "::1", 8002, 3000));
            assertEquals(Optional.of("c1 udp 54"), sb.udpRequest(host, "::1", 9054, 3000));
            assertEquals(Optional.of("c1 tcp 80"), sb.tcpRequest(host, "127.0.0.1", 7080, 3000));
            assertEquals(Optional.of("c1 tcp 84"), sb.tcpRequest(host, "127.0.0.1", 40001, 3000));
            assertFalse(host.call(() -> canBind(8001)), "the proxy holds the published ports");
            // ... but not the container's address, published port or not, nor the port published on 127.0.0.1
            assertEquals(Optional.empty(), sb.tcpRequest(lan.ns, "10.81.0.2", 80, 1500));
            assertEquals(Optional.empty(), sb.tcpRequest(lan.ns, "10.81.0.2", 85, 1500));
            assertEquals(Optional.empty(), sb.tcpRequest(lan.ns, Lan.HOST, 7080, 1500));
            assertEquals(Optional.empty(), sb.tcpRequest(lan.ns, "127.0.0.1", 7080, 1500));
            cli.run("check", "c1").ok();

            cli.run("detach", "c1").ok();
            assertEquals(Optional.empty(), sb.tcpRequest(lan.ns, Lan.HOST, 8001, 1500));
            assertEquals(Optional.empty(), sb.tcpRequest(host, "::1", 8002, 1500));
            assertTrue(host.call(() -> canBind(8001)), "detach gives the ports back");
            assertFalse(Files.exists(host.call(new ProxyClient(cli.stateDir.resolve("proxy"))::socket)), "the proxy went with its last port");
            assertNoRulesLeft(sb);
        } finally {
            c1.close();
        }
        cli.run("netns", "del", "c1").ok();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iptables", "nftables"})
    void aUdpPortPublishedAgainReachesTheNewContainerAtOnce(String backend, Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        Lan lan = Lan.behind(sb);
        cli.run("net", "create", "dns", "--subnet", "10.85.0.0/24", "--userland-proxy=false", "--firewall-backend", backend).ok();
        List<NetNs> opened = new ArrayList<>();
        try {
            for (String c : new String[] {"c5", "c6"}) {
                cli.run("netns", "add", c).ok();
                NetNs ns = NetNs.named(cli.ns(c));
                opened.add(ns);
                sb.udpServer(ns, "0.0.0.0", 53, c);
            }
            cli.run("attach", "c5", "--net", "dns", "-p", "8053:53/udp").ok();
            assertEquals(Optional.of("c5"), Lan.udpFrom(lan.ns, 40053, Lan.HOST, 8053));
            cli.run("detach", "c5").ok();
            cli.run("attach", "c6", "--net", "dns", "-p", "8053:53/udp").ok();
            // the same flow (same source port) the conntrack entry of c5 would still steer, without the flush
            assertEquals(Optional.of("c6"), Lan.udpFrom(lan.ns, 40053, Lan.HOST, 8053));
            cli.run("detach", "c6").ok();
        } finally {
            opened.forEach(NetNs::close);
        }
        cli.run("netns", "del", "c5").ok();
        cli.run("netns", "del", "c6").ok();
    }

    /** No published-port or protection rule of ours in iptables, and no jnet table in nftables. */
    static void assertNoRulesLeft(Sandbox sb) {
        for (String table : new String[] {"nat", "raw"}) {
            for (String save : new String[] {"iptables-save", "ip6tables-save"}) {
                String rules = sb.exec(sb.host(), save, "-t", table).assertOk().stdout();
                assertFalse(rules.contains("CNI-DN-") || rules.contains("JNET-RAW") || rules.contains("id: \\\""), rules);
            }
        }
        String nft = sb.exec(sb.host(), "nft", "list", "tables").assertOk().stdout();
        assertFalse(nft.contains("jnet_"), nft);
    }

    static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("::", port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

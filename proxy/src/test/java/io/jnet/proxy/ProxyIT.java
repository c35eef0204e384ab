package io.jnet.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.Addr;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The proxy as a real process in a throwaway "host" namespace, forwarding to a "container" behind a veth: it holds
 * the host ports, answers on [::1] and 127.0.0.1 over TCP and UDP, refuses a set with a taken port whole, and ends
 * with its last published port, taking its socket with it.
 */
@KernelTest
class ProxyIT {

    @Test
    void servesLoopbackHoldsThePortsAndEndsWithTheLastOne(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        NetNs c1 = sb.container("c1");
        Netlink hostNl = sb.netlink(host);
        Link veth = hostNl.createVeth(Veth.of("v-c1", "eth0").withPeerIn(c1));
        hostNl.addAddress(Addr.of(veth.index(), "10.77.0.1/24"));
        hostNl.addAddress(Addr.of(veth.index(), "fd77::1/64").withFlags(Addr.NODAD));
        hostNl.setUp(veth.index());
        Netlink cNl = sb.netlink(c1);
        Link eth0 = cNl.link("eth0");
        cNl.addAddress(Addr.of(eth0.index(), "10.77.0.2/24"));
        cNl.addAddress(Addr.of(eth0.index(), "fd77::2/64").withFlags(Addr.NODAD));
        cNl.setUp(eth0.index());
        sb.awaitIpv6Ready(host, c1);
        sb.tcpServer(c1, "0.0.0.0", 80, "c1 tcp v4");
        sb.tcpServer(c1, "::", 81, "c1 tcp");
        sb.udpServer(c1, "0.0.0.0", 53, "c1 udp");

        ProxyClient client = new ProxyClient(sb.tempDir());
        Path socket = host.call(client::socket);
        List<Binding> c1Ports = List.of(
                new Binding("tcp", null, 8080, "10.77.0.2", null, 80), // an IPv4-only mapping, served on [::] too
                new Binding("tcp", "::1", 8081, "10.77.0.2", "fd77::2", 81),
                new Binding("udp", null, 8053, "10.77.0.2", "fd77::2", 53));
        publish(host, client, "net/c1", c1Ports);
        assertTrue(Files.exists(socket));

        assertEquals(Optional.of("c1 tcp v4"), sb.tcpRequest(host, "::1", 8080, 3000), "IPv6 loopback to an IPv4 container");
        assertEquals(Optional.of("c1 tcp v4"), sb.tcpRequest(host, "127.0.0.1", 8080, 3000));
        assertEquals(Optional.of("c1 tcp"), sb.tcpRequest(host, "::1", 8081, 3000));
        assertEquals(Optional.empty(), sb.tcpRequest(host, "127.0.0.1", 8081, 1000), "bound to ::1 only");
        assertEquals(Optional.of("c1 udp"), sb.udpRequest(host, "::1", 8053, 3000));
        assertEquals(Optional.of("c1 udp"), sb.udpRequest(host, "127.0.0.1", 8053, 3000));
        assertFalse(host.call(() -> canBind(8080)), "the proxy holds the host port");
        assertEquals(Map.of("net/c1", c1Ports), host.call(client::published));

        // publishing again is a no-op; a set with a port some host process holds is refused whole
        publish(host, client, "net/c1", c1Ports);
        sb.tcpServer(host, "0.0.0.0", 9090, "squatter");
        ProxyException refused = assertThrows(ProxyException.class, () -> publish(host, client, "net/c2", List.of(
                new Binding("tcp", null, 9091, "10.77.0.3", null, 80), new Binding("tcp", null, 9090, "10.77.0.3", null, 80))));
        assertTrue(refused.getMessage().contains("9090"), refused.getMessage());
        assertTrue(host.call(() -> canBind(9091)), "nothing of the refused set is held");
        assertEquals(List.of("net/c1"), List.copyOf(host.call(client::published).keySet()));

        // the last port goes: the proxy exits and removes its socket
        host.call(() -> { client.unpublish("net/c1"); return null; });
        assertFalse(Files.exists(socket));
        assertEquals(Optional.empty(), sb.tcpRequest(host, "::1", 8080, 1000));
        assertTrue(host.call(() -> canBind(8080)));
        host.call(() -> { client.unpublish("net/c1"); return null; }); // nothing runs: fine
        assertEquals(Map.of(), host.call(client::published));
        awaitNoProxy(socket);
    }

    private static void publish(NetNs ns, ProxyClient client, String owner, List<Binding> bindings) throws Exception {
        ns.call(() -> {
            client.publish(owner, bindings);
            return null;
        });
    }

    private static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("::", port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The proxy process is gone (the sandbox would report it as a leak otherwise, after killing it). */
    private static void awaitNoProxy(Path socket) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            boolean alive = ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                    .map(c -> c.contains(ProxyMain.class.getName()) && c.contains(socket.toString())).orElse(false));
            if (!alive) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the proxy for " + socket + " is still running");
    }
}

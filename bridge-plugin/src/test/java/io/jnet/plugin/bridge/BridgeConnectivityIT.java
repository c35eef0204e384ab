package io.jnet.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.netlink.Addr;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Containers wired by jnet's bridge plugin talk to each other, the gateway, and (masqueraded) a remote network. */
@KernelTest
class BridgeConnectivityIT {

    @Test
    void twoContainersPingEachOtherAndTheGateway(Sandbox sb) throws Exception {
        Path data = sb.tempDir();
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        String conf = Configs.bridge("1.0.0", "net1", "br-ping", data, "{\"isGateway\":true}", "10.66.0.0/24", "fd66::/64");
        NetNs c1 = sb.container("c1");
        NetNs c2 = sb.container("c2");
        JsonObject r1 = jnet.add("ctr-one", c1, "eth0", conf);
        JsonObject r2 = jnet.add("ctr-two", c2, "eth0", conf);
        String ip1 = address(r1, 0);
        String ip2 = address(r2, 0);
        assertEquals("10.66.0.2", ip1);
        assertEquals("10.66.0.3", ip2);
        sb.exec(c1, "ping", "-c", "1", "-W", "2", ip2).assertOk();
        sb.exec(c2, "ping", "-c", "1", "-W", "2", ip1).assertOk();
        sb.exec(c1, "ping", "-c", "1", "-W", "2", "10.66.0.1").assertOk();
        sb.exec(c2, "ping", "-6", "-c", "1", "-W", "2", address(r1, 1)).assertOk();
        Netlink host = sb.netlink(sb.host());
        Link br = host.link("br-ping");
        // The gateway's IPv6 address runs duplicate address detection once the bridge has carrier (the reference
        // adds it the same way); until that ends the kernel drops what is sent to it.
        sb.awaitIpv6Ready(sb.host());
        sb.exec(c1, "ping", "-6", "-c", "1", "-W", "2", "fd66::1").assertOk();

        // both host ends are ports of the bridge, which holds both gateway addresses
        assertEquals(2, host.links().stream().filter(l -> l.isVeth() && l.masterIndex() == br.index()).count());
        assertTrue(host.addresses(2, br.index()).stream().anyMatch(a -> a.prefix().toString().equals("10.66.0.1/24")));
        assertTrue(host.addresses(10, br.index()).stream().anyMatch(a -> a.prefix().toString().equals("fd66::1/64")));
        assertEquals("1", sb.exec(sb.host(), "sysctl", "-n", "net.ipv4.ip_forward").assertOk().stdout().strip());

        jnet.del("ctr-one", c1, "eth0", conf);
        jnet.del("ctr-two", c2, "eth0", conf);
        assertEquals(0, PluginRunner.veths(host).size());
        assertTrue(PluginRunner.reservations(data, "net1", "ctr-").isEmpty());
    }

    @Test
    void masqueradedContainerReachesANetworkBehindTheHost(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        NetNs remote = sb.namespace("remote");
        Netlink hostNl = sb.netlink(host);
        // the "outside": 192.168.77.0/24 between the host and a remote namespace that has no route back to 10.66/16
        Link up = hostNl.createVeth(Veth.of("uplink", "eth0").withPeerIn(remote));
        hostNl.addAddress(Addr.of(up.index(), "192.168.77.1/24"));
        hostNl.setUp(up.index());
        Netlink remoteNl = sb.netlink(remote);
        Link r0 = remoteNl.link("eth0");
        remoteNl.addAddress(Addr.of(r0.index(), "192.168.77.2/24"));
        remoteNl.setUp(r0.index());

        PluginRunner jnet = PluginRunner.jnet(sb, host);
        String conf = Configs.v4("masqnet", "br-masq", sb.tempDir(), "{\"isDefaultGateway\":true,\"ipMasq\":true}");
        NetNs c1 = sb.container("c1");
        JsonObject r = jnet.add("ctr-m", c1, "eth0", conf);
        assertEquals("10.66.0.2/24", r.getAsJsonArray("ips").get(0).getAsJsonObject().get("address").getAsString());

        try (ServerSocket server = remote.call(() -> {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress("192.168.77.2", 7070));
            return s;
        })) {
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (Socket c = server.accept()) {
                    return c.getInetAddress().getHostAddress();
                } catch (Exception e) {
                    return "accept failed: " + e;
                }
            });
            sb.tcpRequest(c1, "192.168.77.2", 7070, 3000);
            // the remote saw the host's address, not the container's: masqueraded
            assertEquals("192.168.77.1", peer.get(10, TimeUnit.SECONDS));
        }
        sb.exec(c1, "ping", "-c", "1", "-W", "2", "192.168.77.2").assertOk();

        // without the masquerade the remote cannot answer (it has no route to the container)
        jnet.del("ctr-m", c1, "eth0", conf);
        assertFalse(jnet.natMentions("ctr-m"));
        NetNs c2 = sb.container("c2");
        String noMasq = Configs.v4("masqnet", "br-masq", sb.tempDir(), "{\"isDefaultGateway\":true}");
        jnet.add("ctr-n", c2, "eth0", noMasq);
        assertFalse(sb.exec(c2, "ping", "-c", "1", "-W", "1", "192.168.77.2").ok(), "reply without masquerade");
        jnet.del("ctr-n", c2, "eth0", noMasq);
    }

    @Test
    void portSettingsReadBackFromTheKernel(Sandbox sb) throws Exception {
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        NetNs c1 = sb.container("c1");
        String conf = Configs.v4("knobs", "br-knobs", sb.tempDir(),
                "{\"mtu\":1400,\"hairpinMode\":true,\"portIsolation\":true,\"runtimeConfig\":{\"mac\":\"02:11:22:33:44:55\"}}");
        JsonObject r = jnet.add("ctr-k", c1, "eth0", conf);
        Netlink host = sb.netlink(sb.host());
        String hostVeth = r.getAsJsonArray("interfaces").get(1).getAsJsonObject().get("name").getAsString();
        assertTrue(hostVeth.matches("veth[0-9a-f]{8}"), hostVeth);
        Link port = host.link(hostVeth);
        assertEquals(1400, port.mtu());
        assertEquals(1400, host.link("br-knobs").mtu());
        assertTrue(port.bridgePort().hairpin(), "hairpin");
        assertTrue(port.bridgePort().isolated(), "isolated");
        Link eth0 = sb.netlink(c1).link("eth0");
        assertEquals("02:11:22:33:44:55", eth0.mac().toString());
        assertEquals(1400, eth0.mtu());
        assertEquals("02:11:22:33:44:55", r.getAsJsonArray("interfaces").get(2).getAsJsonObject().get("mac").getAsString());
        assertEquals("1", sb.exec(c1, "sysctl", "-n", "net.ipv4.conf.eth0.arp_notify").assertOk().stdout().strip());

        NetNs c2 = sb.container("c2");
        String promisc = Configs.v4("knobs2", "br-promisc", sb.tempDir(), "{\"promiscMode\":true}");
        jnet.add("ctr-p", c2, "eth0", promisc);
        assertTrue(host.link("br-promisc").isPromiscuous(), "promisc bridge");
        assertFalse(host.link(hostVeth).bridgePort() == null);

        jnet.del("ctr-k", c1, "eth0", conf);
        jnet.del("ctr-p", c2, "eth0", promisc);
        assertEquals(0, PluginRunner.veths(host).size());
    }

    @Test
    void l2OnlyAttachmentHasNoAddressButIsUp(Sandbox sb) throws Exception {
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        NetNs c1 = sb.container("c1");
        NetNs c2 = sb.container("c2");
        String l2 = "{\"cniVersion\":\"1.0.0\",\"name\":\"l2\",\"type\":\"bridge\",\"bridge\":\"br-l2\",\"ipam\":{},"
                + "\"dns\":{\"nameservers\":[\"10.0.0.53\"],\"search\":[\"example.test\"]}}";
        JsonObject r = jnet.add("ctr-a", c1, "eth0", l2);
        assertFalse(r.has("ips"));
        assertEquals("{\"nameservers\":[\"10.0.0.53\"],\"search\":[\"example.test\"]}", r.get("dns").toString(), "config dns in the result");
        assertTrue(sb.netlink(c1).link("eth0").isUp());
        jnet.run("CHECK", "ctr-a", c1.path().toString(), "eth0", PluginRunner.withPrevResult(l2, r)).assertOk();
        String disabled = "{\"cniVersion\":\"1.0.0\",\"name\":\"l2\",\"type\":\"bridge\",\"bridge\":\"br-l2\",\"disableContainerInterface\":true}";
        jnet.add("ctr-b", c2, "eth0", disabled);
        assertFalse(sb.netlink(c2).link("eth0").isUp(), "disableContainerInterface leaves it down");
        jnet.del("ctr-a", c1, "eth0", l2);
        jnet.del("ctr-b", c2, "eth0", disabled);
    }

    private static String address(JsonObject result, int i) {
        String cidr = result.getAsJsonArray("ips").get(i).getAsJsonObject().get("address").getAsString();
        return cidr.substring(0, cidr.indexOf('/'));
    }

}

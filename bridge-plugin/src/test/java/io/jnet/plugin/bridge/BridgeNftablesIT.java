package io.jnet.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.Addr;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ipMasq with {@code "ipMasqBackend": "nftables"}: containers reach a network behind the host through the host's
 * address, in both families; CHECK, DEL (twice, without prevResult) and GC work on the nftables objects, which
 * leave with their last user.
 */
@KernelTest
class BridgeNftablesIT {
    private static final String NFT = "{\"isDefaultGateway\":true,\"ipMasq\":true,\"ipMasqBackend\":\"nftables\"}";

    @Test
    void masqueradedContainerReachesANetworkBehindTheHostInBothFamilies(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        NetNs remote = sb.namespace("remote");
        Netlink hostNl = sb.netlink(host);
        // the "outside", with no route back to the containers' subnets
        Link up = hostNl.createVeth(Veth.of("uplink", "eth0").withPeerIn(remote));
        hostNl.addAddress(Addr.of(up.index(), "192.168.77.1/24"));
        hostNl.addAddress(Addr.of(up.index(), "fd77::1/64").withFlags(Addr.NODAD));
        hostNl.setUp(up.index());
        Netlink remoteNl = sb.netlink(remote);
        Link r0 = remoteNl.link("eth0");
        remoteNl.addAddress(Addr.of(r0.index(), "192.168.77.2/24"));
        remoteNl.addAddress(Addr.of(r0.index(), "fd77::2/64").withFlags(Addr.NODAD));
        remoteNl.setUp(r0.index());

        PluginRunner jnet = PluginRunner.jnet(sb, host);
        String conf = Configs.bridge("1.0.0", "masqnet", "br-masq", sb.tempDir(), NFT, "10.66.0.0/24", "fd66::/64");
        NetNs c1 = sb.container("c1");
        JsonObject r = jnet.add("ctr-m", c1, "eth0", conf);
        assertEquals("10.66.0.2/24", r.getAsJsonArray("ips").get(0).getAsJsonObject().get("address").getAsString());
        assertFalse(jnet.natMentions("ctr-m"), "nothing in iptables");

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
            assertEquals("192.168.77.1", peer.get(10, TimeUnit.SECONDS), "the remote saw the host's address");
        }
        sb.awaitIpv6Ready(host, remote, c1);
        sb.exec(c1, "ping", "-c", "1", "-W", "2", "192.168.77.2").assertOk();
        sb.exec(c1, "ping", "-6", "-c", "1", "-W", "2", "fd77::2").assertOk();
        sb.exec(c1, "ping", "-c", "1", "-W", "2", "10.66.0.1").assertOk();

        jnet.run("CHECK", "ctr-m", c1.path().toString(), "eth0", PluginRunner.withPrevResult(conf, r)).assertOk();
        jnet.run("DEL", "ctr-m", "", "eth0", conf).assertOk(); // no prevResult, no netns
        assertEquals("", ruleset(sb, host), "the masquerade table goes with its last user");
        assertFalse(sb.exec(c1, "ping", "-6", "-c", "1", "-W", "1", "fd77::2").ok(), "no answer without the masquerade");
        jnet.del("ctr-m", c1, "eth0", conf); // again: nothing left, still fine
    }

    @Test
    void checkNoticesMissingPiecesAndGcRemovesOnlyStaleAttachmentsOfItsNetwork(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        PluginRunner jnet = PluginRunner.jnet(sb, host);
        String net = Configs.bridge("1.0.0", "gcnet", "br-gc", sb.tempDir(), NFT, "10.71.0.0/24", "fd71::/64");
        String other = Configs.bridge("1.0.0", "othernet", "br-other", sb.tempDir(), NFT, "10.72.0.0/24");
        NetNs a = sb.container("a");
        NetNs b = sb.container("b");
        NetNs o = sb.container("o");
        JsonObject ra = jnet.add("ctr-a", a, "eth0", net);
        jnet.add("ctr-b", b, "eth0", net);
        jnet.add("ctr-o", o, "eth0", other);
        String before = ruleset(sb, host);
        assertEquals(5, count(before, "masquerade comment"), "one rule per address: " + before);

        String withPrev = PluginRunner.withPrevResult(net, ra);
        jnet.run("CHECK", "ctr-a", a.path().toString(), "eth0", withPrev).assertOk();
        sb.exec(host, "nft", "delete", "element", "inet", "jnet_masquerade", "masq6", "{ fd71::2 }").assertOk();
        ExecResult check = jnet.run("CHECK", "ctr-a", a.path().toString(), "eth0", withPrev).assertFailed();
        assertTrue(check.stdout().contains("masq6 does not send fd71::2"), check.describe());

        JsonObject gc = JsonParser.parseString(net).getAsJsonObject();
        gc.addProperty("cniVersion", "1.1.0");
        JsonArray valid = new JsonArray();
        JsonObject keep = new JsonObject();
        keep.addProperty("containerID", "ctr-b");
        keep.addProperty("ifname", "eth0");
        valid.add(keep);
        gc.add("cni.dev/valid-attachments", valid);
        jnet.runNoAttachment("GC", gc.toString()).assertOk();
        String after = ruleset(sb, host);
        assertFalse(after.contains("id=ctr-a"), after);
        assertTrue(after.contains("id=ctr-b") && after.contains("id=ctr-o"), "the valid one and another network's stay: " + after);
        assertFalse(after.contains("10.71.0.2"), after);

        jnet.del("ctr-b", b, "eth0", net);
        jnet.del("ctr-o", o, "eth0", other);
        jnet.del("ctr-a", a, "eth0", net);
        assertEquals("", ruleset(sb, host));
    }

    private static String ruleset(Sandbox sb, NetNs ns) {
        return sb.exec(ns, "nft", "list", "ruleset").assertOk().stdout().strip();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}

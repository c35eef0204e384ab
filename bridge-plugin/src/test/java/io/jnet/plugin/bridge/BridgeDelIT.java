package io.jnet.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DEL is idempotent and cleans up by the attachment's identity, whatever is already gone. */
@KernelTest
class BridgeDelIT {
    private static final String EXTRA = "{\"isGateway\":true,\"ipMasq\":true,\"macspoofchk\":true}";

    private static void assertNothingLeft(Sandbox sb, PluginRunner jnet, Path data, String cid) throws Exception {
        Netlink host = sb.netlink(sb.host());
        long deadline = System.currentTimeMillis() + 5000; // a deleted netns takes its veths down asynchronously
        while (!PluginRunner.veths(host).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), PluginRunner.veths(host));
        assertEquals(List.of(), PluginRunner.reservations(data, "delnet", cid));
        assertFalse(jnet.natMentions(cid), jnet.nat(false) + jnet.nat(true));
        String nft = sb.exec(sb.host(), "nft", "list", "ruleset").assertOk().stdout();
        assertFalse(nft.contains("macspoofchk-" + cid), nft);
    }

    @Test
    void delTwiceSucceedsAndLeavesNothing(Sandbox sb) throws Exception {
        Path data = sb.tempDir();
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        String conf = Configs.bridge("1.0.0", "delnet", "br-del", data, EXTRA, "10.69.0.0/24", "fd69::/64");
        NetNs c1 = sb.container("c1");
        JsonObject r = jnet.add("ctr-twice", c1, "eth0", conf);
        assertTrue(jnet.natMentions("ctr-twice"));
        String withPrev = PluginRunner.withPrevResult(conf, r);
        jnet.del("ctr-twice", c1, "eth0", withPrev);
        assertNothingLeft(sb, jnet, data, "ctr-twice");
        jnet.del("ctr-twice", c1, "eth0", withPrev);
        assertNothingLeft(sb, jnet, data, "ctr-twice");
    }

    @Test
    void delAfterTheNetnsIsDeleted(Sandbox sb) throws Exception {
        Path data = sb.tempDir();
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        String conf = Configs.v4("delnet", "br-del", data, EXTRA);
        String name = sb.prefix() + "doomed";
        Path path;
        try (NetNs doomed = NetNs.create(name)) {
            path = doomed.path();
            jnet.add("ctr-gone", doomed, "eth0", conf);
        }
        NetNs.delete(name);
        jnet.run("DEL", "ctr-gone", path.toString(), "eth0", conf).assertOk();
        assertNothingLeft(sb, jnet, data, "ctr-gone");
    }

    @Test
    void delWithEmptyNetnsStillRemovesTheVeth(Sandbox sb) throws Exception {
        Path data = sb.tempDir();
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        String conf = Configs.v4("delnet", "br-del", data, EXTRA);
        NetNs c1 = sb.container("c1");
        jnet.add("ctr-empty", c1, "eth0", conf);
        // no CNI_NETNS and no prevResult: the identity (network, container ID, ifname) is all DEL has
        jnet.run("DEL", "ctr-empty", "", "eth0", conf).assertOk();
        assertNothingLeft(sb, jnet, data, "ctr-empty");
        assertFalse(sb.netlink(c1).findLink("eth0").isPresent(), "deleting the host end took the container end");
    }

    @Test
    void delWhenTheInterfaceIsAlreadyGone(Sandbox sb) throws Exception {
        Path data = sb.tempDir();
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        String conf = Configs.v4("delnet", "br-del", data, EXTRA);
        NetNs c1 = sb.container("c1");
        jnet.add("ctr-noif", c1, "eth0", conf);
        Netlink cn = sb.netlink(c1);
        cn.deleteLink("eth0");
        jnet.del("ctr-noif", c1, "eth0", conf);
        assertNothingLeft(sb, jnet, data, "ctr-noif");
    }

    @Test
    void delOfSomethingNeverAddedSucceeds(Sandbox sb) throws Exception {
        Path data = sb.tempDir();
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        String conf = Configs.v4("delnet", "br-none", data, EXTRA);
        jnet.run("DEL", "ctr-never", "/run/netns/" + sb.prefix() + "nope", "eth0", conf).assertOk();
        assertNothingLeft(sb, jnet, data, "ctr-never");
    }
}

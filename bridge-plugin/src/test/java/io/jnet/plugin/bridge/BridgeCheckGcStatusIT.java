package io.jnet.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** CHECK against the kernel, GC of masquerade chains of attachments no longer valid, STATUS through IPAM. */
@KernelTest
class BridgeCheckGcStatusIT {

    @Test
    void checkPassesThenFailsWhenTheContainerInterfaceIsRemoved(Sandbox sb) throws Exception {
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        String conf = Configs.bridge("1.0.0", "chk", "br-chk", sb.tempDir(), "{\"isDefaultGateway\":true,\"ipMasq\":true}",
                "10.70.0.0/24", "fd70::/64");
        NetNs c1 = sb.container("c1");
        JsonObject r = jnet.add("ctr-chk", c1, "eth0", conf);
        String withPrev = PluginRunner.withPrevResult(conf, r);
        jnet.run("CHECK", "ctr-chk", c1.path().toString(), "eth0", withPrev).assertOk();

        ExecResult noPrev = jnet.run("CHECK", "ctr-chk", c1.path().toString(), "eth0", conf).assertFailed();
        assertTrue(noPrev.stdout().contains("Required prevResult missing"), noPrev.describe());

        // a route the result lists, removed: CHECK notices
        sb.exec(c1, "ip", "route", "del", "default").assertOk();
        ExecResult noRoute = jnet.run("CHECK", "ctr-chk", c1.path().toString(), "eth0", withPrev).assertFailed();
        assertTrue(noRoute.stdout().contains("0.0.0.0/0"), noRoute.describe());
        sb.exec(c1, "ip", "route", "add", "default", "via", "10.70.0.1", "dev", "eth0").assertOk();
        jnet.run("CHECK", "ctr-chk", c1.path().toString(), "eth0", withPrev).assertOk();

        // the masquerade chain jnet owns is checked too
        String chain = io.jnet.firewall.iptables.IptablesMasquerade.masqChain("chk", "ctr-chk");
        sb.exec(sb.host(), "ip6tables", "-t", "nat", "-F", chain).assertOk();
        sb.exec(sb.host(), "ip6tables", "-t", "nat", "-D", "POSTROUTING", "-s", "fd70::2/128", "-m", "comment", "--comment",
                io.jnet.firewall.iptables.IptablesMasquerade.comment("chk", "ctr-chk"), "-j", chain).assertOk();
        sb.exec(sb.host(), "ip6tables", "-t", "nat", "-X", chain).assertOk();
        ExecResult noMasq = jnet.run("CHECK", "ctr-chk", c1.path().toString(), "eth0", withPrev).assertFailed();
        assertTrue(noMasq.stdout().contains(chain), noMasq.describe());

        sb.netlink(c1).deleteLink("eth0");
        ExecResult gone = jnet.run("CHECK", "ctr-chk", c1.path().toString(), "eth0", withPrev).assertFailed();
        assertTrue(gone.stdout().contains("CNI created interface in container eth0 not found"), gone.describe());
        jnet.del("ctr-chk", c1, "eth0", withPrev);
    }

    @Test
    void gcRemovesMasqueradeChainsOfAttachmentsNotValid(Sandbox sb) throws Exception {
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        Path data = sb.tempDir();
        // the reference host-local speaks up to 1.0.0: attachments in 1.0.0, GC (a 1.1.0 verb) in 1.1.0
        String conf = Configs.bridge("1.0.0", "gcnet", "br-gc", data, "{\"ipMasq\":true,\"macspoofchk\":true}", "10.71.0.0/24", "fd71::/64");
        String other = Configs.bridge("1.0.0", "othernet", "br-gc2", sb.tempDir(), "{\"ipMasq\":true,\"macspoofchk\":true}", "10.72.0.0/24");
        NetNs c1 = sb.container("c1");
        NetNs c2 = sb.container("c2");
        NetNs c3 = sb.container("c3");
        jnet.add("ctr-keep", c1, "eth0", conf);
        jnet.add("ctr-stale", c2, "eth0", conf);
        jnet.add("ctr-other", c3, "eth0", other);
        String stale = io.jnet.firewall.iptables.IptablesMasquerade.masqChain("gcnet", "ctr-stale");
        String keep = io.jnet.firewall.iptables.IptablesMasquerade.masqChain("gcnet", "ctr-keep");
        assertTrue(jnet.nat(false).contains(stale) && jnet.nat(true).contains(stale));
        assertTrue(sb.exec(sb.host(), "nft", "list", "ruleset").assertOk().stdout().contains("cni-br-iface-ctr-stale-eth0"));

        JsonObject gc = JsonParser.parseString(conf).getAsJsonObject();
        gc.addProperty("cniVersion", "1.1.0");
        gc.add("cni.dev/valid-attachments", JsonParser.parseString("[{\"containerID\":\"ctr-keep\",\"ifname\":\"eth0\"}]"));
        ExecResult r = jnet.runNoAttachment("GC", gc.toString()).assertOk();
        assertFalse(jnet.natMentions(stale), jnet.nat(false) + jnet.nat(true));
        assertFalse(jnet.natMentions("ctr-stale"));
        assertTrue(jnet.nat(false).contains(keep) && jnet.nat(true).contains(keep), "valid attachment kept");
        assertTrue(jnet.natMentions("ctr-other"), "another network's chains are not this GC's business");
        assertTrue(r.stderr().contains(stale), r.describe());
        String nft = sb.exec(sb.host(), "nft", "list", "ruleset").assertOk().stdout();
        assertFalse(nft.contains("cni-br-iface-ctr-stale-eth0"), nft);
        assertTrue(nft.contains("cni-br-iface-ctr-keep-eth0"), "valid attachment's spoof check kept: " + nft);
        assertTrue(nft.contains("cni-br-iface-ctr-other-eth0"), "another bridge's spoof check kept: " + nft);
        assertTrue(r.stderr().contains("no GC sent to it"), "host-local 1.1.1 knows no GC: " + r.describe());

        jnet.del("ctr-keep", c1, "eth0", conf);
        jnet.del("ctr-stale", c2, "eth0", conf);
        jnet.del("ctr-other", c3, "eth0", other);
        assertFalse(jnet.natMentions("CNI-"));
        assertFalse(sb.exec(sb.host(), "nft", "list", "ruleset").assertOk().stdout().contains("cni-br-iface"));
    }

    @Test
    void gcIsForwardedToAnIpamThatSpeaksGc(Sandbox sb) throws Exception {
        Path dir = FakeIpam.writeFailing(sb.tempDir());
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host(), dir);
        String conf = "{\"cniVersion\":\"1.1.0\",\"name\":\"gcf\",\"type\":\"bridge\",\"ipam\":{\"type\":\"" + FakeIpam.FAILING
                + "\"},\"cni.dev/valid-attachments\":[]}";
        jnet.runNoAttachment("GC", conf).assertOk();
        assertEquals(java.util.List.of("VERSION", "GC"), java.nio.file.Files.readAllLines(dir.resolve(FakeIpam.FAILING + ".log")));
    }

    @Test
    void statusIsForwardedToIpam(Sandbox sb) throws Exception {
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host(), FakeIpam.writeFailing(sb.tempDir()));
        String failing = "{\"cniVersion\":\"1.1.0\",\"name\":\"st\",\"type\":\"bridge\",\"ipam\":{\"type\":\"" + FakeIpam.FAILING + "\"}}";
        ExecResult r = jnet.runNoAttachment("STATUS", failing).assertFailed();
        assertTrue(r.stdout().contains("\"code\": 50") && r.stdout().contains("pool unavailable"), r.describe());
        // the reference host-local (1.0.0 at most) knows no STATUS: taken as ready, as libcni does
        String refIpam = "{\"cniVersion\":\"1.1.0\",\"name\":\"st\",\"type\":\"bridge\",\"ipam\":{\"type\":\"host-local\",\"subnet\":\"10.73.0.0/24\",\"dataDir\":\""
                + sb.tempDir() + "\"}}";
        jnet.runNoAttachment("STATUS", refIpam).assertOk();
        String l2 = "{\"cniVersion\":\"1.1.0\",\"name\":\"st\",\"type\":\"bridge\",\"ipam\":{}}";
        jnet.runNoAttachment("STATUS", l2).assertOk();
        ExecResult old = jnet.runNoAttachment("STATUS", l2.replace("1.1.0", "1.0.0")).assertFailed();
        assertEquals(1, JsonParser.parseString(old.stdout()).getAsJsonObject().get("code").getAsInt());
    }
}

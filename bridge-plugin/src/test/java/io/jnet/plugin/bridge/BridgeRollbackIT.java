package io.jnet.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A failed ADD leaves nothing behind: no veth, no reservation, no rule, no bridge it created. */
@KernelTest
class BridgeRollbackIT {

    private static List<String> containerLinks(Sandbox sb, NetNs ns) throws Exception {
        return sb.netlink(ns).links().stream().map(Link::name).toList();
    }

    @Test
    void failingIpamLeavesNoVethAndNoBridge(Sandbox sb) throws Exception {
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host(), FakeIpam.writeFailing(sb.tempDir()));
        NetNs c1 = sb.container("c1");
        String conf = "{\"cniVersion\":\"1.0.0\",\"name\":\"failnet\",\"type\":\"bridge\",\"bridge\":\"br-fail\",\"isGateway\":true,"
                + "\"ipMasq\":true,\"ipam\":{\"type\":\"" + FakeIpam.FAILING + "\"}}";
        ExecResult r = jnet.run("ADD", "ctr-f", c1.path().toString(), "eth0", conf).assertFailed();
        assertTrue(r.stdout().contains("\"code\": 11") && r.stdout().contains("no addresses today"), r.describe());
        Netlink host = sb.netlink(sb.host());
        assertEquals(List.of("lo"), host.links().stream().map(Link::name).toList(), "veth and the new bridge removed");
        assertEquals(List.of("lo"), containerLinks(sb, c1));
        assertFalse(jnet.natMentions("ctr-f"));
    }

    @Test
    void exhaustedRangeLeavesNothingOfTheSecondAttachment(Sandbox sb) throws Exception {
        Path data = sb.tempDir();
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        // a /30 holds one usable address after the gateway
        String conf = Configs.bridge("1.0.0", "tiny", "br-tiny", data, "{\"isGateway\":true,\"ipMasq\":true}", "10.67.0.0/30");
        NetNs c1 = sb.container("c1");
        NetNs c2 = sb.container("c2");
        jnet.add("ctr-first", c1, "eth0", conf);
        ExecResult r = jnet.run("ADD", "ctr-second", c2.path().toString(), "eth0", conf).assertFailed();
        assertTrue(r.stdout().contains("no IP addresses available"), r.describe());
        Netlink host = sb.netlink(sb.host());
        assertEquals(1, PluginRunner.veths(host).size(), "only the first attachment's veth");
        assertEquals(List.of("lo"), containerLinks(sb, c2));
        assertTrue(PluginRunner.reservations(data, "tiny", "ctr-second").isEmpty());
        assertEquals(1, PluginRunner.reservations(data, "tiny", "ctr-first").size());
        assertFalse(jnet.natMentions("ctr-second"));
        assertTrue(jnet.natMentions("ctr-first"));
        assertTrue(host.findLink("br-tiny").isPresent(), "the bridge in use stays");
        jnet.del("ctr-first", c1, "eth0", conf);
    }

    @Test
    void existingIfnameFailsCleanly(Sandbox sb) throws Exception {
        Path data = sb.tempDir();
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        String conf = Configs.v4("dup", "br-dup", data, "{\"ipMasq\":true}");
        NetNs c1 = sb.container("c1");
        jnet.add("ctr-a", c1, "eth0", conf);
        ExecResult r = jnet.run("ADD", "ctr-b", c1.path().toString(), "eth0", conf).assertFailed();
        assertTrue(r.stdout().contains("container veth name provided (eth0) already exists"), r.describe());
        assertEquals(1, PluginRunner.veths(sb.netlink(sb.host())).size());
        assertTrue(PluginRunner.reservations(data, "dup", "ctr-b").isEmpty());
        assertFalse(jnet.natMentions("ctr-b"));

        ExecResult bad = jnet.run("ADD", "ctr-c", c1.path().toString(), "bad/name", conf).assertFailed();
        assertTrue(bad.stdout().contains("\"code\": 4"), bad.describe());
        assertEquals(1, PluginRunner.veths(sb.netlink(sb.host())).size());
        jnet.del("ctr-a", c1, "eth0", conf);
    }

    @Test
    void gatewayConflictAfterIpamReleasesTheReservationAndForceAddressReplaces(Sandbox sb) throws Exception {
        Path data = sb.tempDir();
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        Netlink host = sb.netlink(sb.host());
        Link br = host.createBridge(io.jnet.netlink.Bridge.of("br-conf"));
        host.addAddress(io.jnet.netlink.Addr.of(br.index(), "10.66.0.254/24"));
        NetNs c1 = sb.container("c1");
        String conf = Configs.v4("conflict", "br-conf", data, "{\"isGateway\":true,\"ipMasq\":true}");
        ExecResult r = jnet.run("ADD", "ctr-x", c1.path().toString(), "eth0", conf).assertFailed();
        assertTrue(r.stdout().contains("already has an IP address different from 10.66.0.1/24"), r.describe());
        assertEquals(List.of(), PluginRunner.veths(host));
        assertEquals(List.of("lo"), containerLinks(sb, c1));
        assertTrue(PluginRunner.reservations(data, "conflict", "ctr-x").isEmpty(), "IPAM reservation released");
        assertFalse(jnet.natMentions("ctr-x"));
        assertTrue(host.findLink("br-conf").isPresent(), "a bridge we did not create stays");

        String forced = Configs.v4("conflict", "br-conf", data, "{\"isGateway\":true,\"forceAddress\":true}");
        jnet.add("ctr-x", c1, "eth0", forced);
        List<String> addrs = host.addresses(2, br.index()).stream().map(a -> a.prefix().toString()).toList();
        assertEquals(List.of("10.66.0.1/24"), addrs);
        jnet.del("ctr-x", c1, "eth0", forced);
    }

    @Test
    void failureAfterEveryStepUndoesAllOfThem(Sandbox sb) throws Exception {
        Path data = sb.tempDir();
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        String conf = Configs.bridge("1.0.0", "late", "br-late", data,
                "{\"isDefaultGateway\":true,\"ipMasq\":true,\"macspoofchk\":true}", "10.68.0.0/24", "fd68::/64");
        NetNs c1 = sb.container("c1");
        ExecResult r = jnet.run("ADD", "ctr-late", c1.path().toString(), "eth0", conf,
                Map.of(BridgePlugin.DEBUG_FAIL_ENV, "1")).assertFailed();
        assertTrue(r.stdout().contains("injected failure"), r.describe());
        Netlink host = sb.netlink(sb.host());
        assertEquals(List.of("lo"), host.links().stream().map(Link::name).toList());
        assertEquals(List.of("lo"), containerLinks(sb, c1));
        assertTrue(PluginRunner.reservations(data, "late", "ctr-late").isEmpty());
        assertFalse(jnet.natMentions("CNI-"), jnet.nat(false) + jnet.nat(true));
        String nft = sb.exec(sb.host(), "nft", "list", "ruleset").assertOk().stdout();
        assertFalse(nft.contains("cni-br-iface"), nft);
    }

    @Test
    void vlanFailsCleanlyWithoutKernelVlanFiltering(Sandbox sb) throws Exception {
        Path data = sb.tempDir();
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        NetNs c1 = sb.container("c1");
        Netlink host = sb.netlink(sb.host());
        String vlan = Configs.v4("vl", "br-vlan", data, "{\"vlan\":100,\"ipMasq\":true}");
        ExecResult r = jnet.run("ADD", "ctr-v", c1.path().toString(), "eth0", vlan);
        if (r.ok()) {
            // a kernel with VLAN filtering: the port must then carry VLAN 100 as its pvid
            String vl = sb.exec(sb.host(), "bridge", "vlan", "show").assertOk().stdout();
            assertTrue(vl.contains("100"), vl);
            jnet.run("DEL", "ctr-v", c1.path().toString(), "eth0", vlan).assertOk();
            return;
        }
        assertTrue(r.stdout().contains("CONFIG_BRIDGE_VLAN_FILTERING"), r.describe());
        assertEquals(List.of("lo"), host.links().stream().map(Link::name).toList());
        assertEquals(List.of("lo"), containerLinks(sb, c1));
        assertTrue(PluginRunner.reservations(data, "vl", "ctr-v").isEmpty());

        // an existing bridge without filtering: the port VLAN fails, the veth goes, the bridge stays
        String plain = Configs.v4("vl", "br-vlan", data, "{}");
        NetNs c2 = sb.container("c2");
        jnet.add("ctr-plain", c2, "eth0", plain);
        ExecResult r2 = jnet.run("ADD", "ctr-v", c1.path().toString(), "eth0", vlan).assertFailed();
        assertTrue(r2.stdout().contains("vlan"), r2.describe());
        assertEquals(1, PluginRunner.veths(host).size());
        assertEquals(List.of("lo"), containerLinks(sb, c1));
        assertTrue(PluginRunner.reservations(data, "vl", "ctr-v").isEmpty());
        assertFalse(jnet.natMentions("ctr-v"));
        jnet.del("ctr-plain", c2, "eth0", plain);

        ExecResult trunk = jnet.run("ADD", "ctr-t", c1.path().toString(), "eth0",
                Configs.v4("vl", "br-trunk", data, "{\"vlanTrunk\":[{\"id\":5000}]}")).assertFailed();
        assertTrue(trunk.stdout().contains("incorrect trunk id parameter") && trunk.stdout().contains("\"code\": 7"), trunk.describe());
    }
}

package io.jnet.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.Netlink;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Parallel ADDs on a bridge that does not exist yet: all succeed, each keeps its masquerade chain and jump. */
@KernelTest
class BridgeConcurrencyIT {

    @Test
    void parallelAddsOnAFreshBridgeAllSucceed(Sandbox sb) throws Exception {
        Path data = sb.tempDir();
        PluginRunner jnet = PluginRunner.jnet(sb, sb.host());
        String conf = Configs.v4("par", "br-par", data, "{\"isGateway\":true,\"ipMasq\":true}");
        int n = 4;
        List<NetNs> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cs.add(sb.container("p" + i));
        }
        List<CompletableFuture<ExecResult>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String cid = "ctr-par" + i;
            String path = cs.get(i).path().toString();
            runs.add(CompletableFuture.supplyAsync(() -> jnet.run("ADD", cid, path, "eth0", conf)));
        }
        for (CompletableFuture<ExecResult> r : runs) {
            r.get().assertOk();
        }
        Netlink host = sb.netlink(sb.host());
        assertEquals(n, PluginRunner.veths(host).size());
        String nat = jnet.nat(false);
        for (int i = 0; i < n; i++) {
            String chain = io.jnet.firewall.iptables.IptablesMasquerade.masqChain("par", "ctr-par" + i);
            assertTrue(nat.contains(":" + chain) && nat.contains("-j " + chain), nat);
        }
        for (int i = 0; i < n; i++) {
            sb.exec(cs.get(i), "ping", "-c", "1", "-W", "2", "10.66.0.1").assertOk();
        }
        for (int i = 0; i < n; i++) {
            jnet.del("ctr-par" + i, cs.get(i), "eth0", conf);
        }
        assertEquals(List.of(), PluginRunner.veths(host));
        assertTrue(!jnet.natMentions("ctr-par"), jnet.nat(false));
    }
}

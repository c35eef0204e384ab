package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.cni.config.ConfigLoader;
import io.jnet.cni.config.NetworkConfigList;
import io.jnet.cni.runtime.CachedAttachment;
import io.jnet.cni.runtime.CniRuntime;
import io.jnet.cni.runtime.RuntimeConf;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * jnet's attachments are libcni's: what {@code jnet attach} made, a libcni-style runtime (cni-conf's CniRuntime
 * reading the same cache and config dir) deletes by its cache entry, and what that runtime added, {@code jnet ps}
 * shows and {@code jnet detach} removes. The runtime runs in the sandbox's host namespace, like the CLI.
 */
@KernelTest
class CacheInteropIT {

    @Test
    void jnetAttachIsDeletedByTheLibcniRuntime(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        cli.run("netns", "add", "x").ok();
        JsonObject a = JsonParser.parseString(cli.run("--json", "attach", "x", "-p", "8088:80").ok().stdout()).getAsJsonObject();
        String netns = NetNs.RUN_DIR.resolve(cli.ns("x")).toString();
        assertEquals(cnitoolId(netns), a.get("containerId").getAsString(), "cnitool's container ID, so cnitool del finds it too");

        NetworkConfigList list = ConfigLoader.loadByName(cli.configDir, "jnet");
        CniRuntime runtime = CniRuntime.standard(List.of(cli.pluginDir), cli.cacheDir, System.err);
        // DEL as libcni's GC does it: the cache entry (found by network + container ID + ifname) gives the
        // netns, CNI_ARGS and capability args; DEL then passes the cached result as prevResult.
        CachedAttachment entry = runtime.cache().read("jnet", a.get("containerId").getAsString(), "eth0").orElseThrow();
        assertEquals(netns, entry.netns());
        assertEquals(8088, entry.capabilityArgs().getAsJsonArray("portMappings").get(0).getAsJsonObject().get("hostPort").getAsInt());
        inHost(sb, () -> {
            runtime.del(list, entry.runtimeConf());
            return null;
        });

        assertEquals(0, JsonParser.parseString(cli.run("--json", "ps").ok().stdout()).getAsJsonArray().size());
        try (NetNs x = NetNs.named(cli.ns("x"))) {
            assertEquals(List.of("lo"), KernelState.links(sb, x), "eth0 removed");
        }
        assertFalse(KernelState.files(cli.cacheDir.resolve("networks/jnet")).contains("172.17.0.2"), "lease released");
        assertFalse(KernelState.cniNatLines(sb, sb.host()).stream().anyMatch(l -> l.contains("CNI-DN-")),
                "portmap got the cached portMappings and removed its DNAT");
        cli.run("netns", "del", "x").ok();
    }

    @Test
    void libcniAttachmentIsListedAndDetachedByJnet(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        cli.run("netns", "add", "y").ok();
        cli.run("net", "create", "side", "--subnet", "10.55.0.0/24").ok();
        String netns = NetNs.RUN_DIR.resolve(cli.ns("y")).toString();
        NetworkConfigList list = ConfigLoader.loadByName(cli.configDir, "side");
        CniRuntime runtime = CniRuntime.standard(List.of(cli.pluginDir), cli.cacheDir, System.err);
        JsonObject caps = new JsonObject();
        JsonArray ports = new JsonArray();
        JsonObject pm = new JsonObject();
        pm.addProperty("hostPort", 9099);
        pm.addProperty("containerPort", 99);
        pm.addProperty("protocol", "tcp");
        ports.add(pm);
        caps.add("portMappings", ports);
        // another runtime's container ID, not one jnet would compute: jnet finds the attachment by its namespace
        inHost(sb, () -> runtime.add(list, new RuntimeConf("podman-0123456789ab", netns, "eth1", List.of(), caps)));

        JsonArray ps = JsonParser.parseString(cli.run("--json", "ps").ok().stdout()).getAsJsonArray();
        assertEquals(1, ps.size());
        JsonObject row = ps.get(0).getAsJsonObject();
        assertEquals("y", row.get("netns").getAsString());
        assertEquals("side", row.get("network").getAsString());
        assertEquals("eth1", row.get("ifname").getAsString());
        assertEquals("10.55.0.2/24", row.getAsJsonArray("addresses").get(0).getAsString());
        assertEquals(9099, row.getAsJsonArray("ports").get(0).getAsJsonObject().get("hostPort").getAsInt());

        cli.run("detach", "y").ok();
        try (NetNs y = NetNs.named(cli.ns("y"))) {
            assertEquals(List.of("lo"), KernelState.links(sb, y));
        }
        assertEquals(List.of(), KernelState.files(cli.cacheDir.resolve("results")));
        assertFalse(KernelState.files(cli.cacheDir.resolve("networks/side")).contains("10.55.0.2"));
        assertFalse(KernelState.cniNatLines(sb, sb.host()).stream().anyMatch(l -> l.contains("CNI-DN-")));
        cli.run("netns", "del", "y").ok();
    }

    private static String cnitoolId(String netnsPath) throws Exception {
        byte[] sum = MessageDigest.getInstance("SHA-512").digest(netnsPath.getBytes(StandardCharsets.UTF_8));
        return "cnitool-" + HexFormat.of().formatHex(sum, 0, 10);
    }

    interface Call<T> {
        T run() throws Exception;
    }

    // The plugins act on the namespace they are started in: start them from a thread inside the sandbox's host.
    private static <T> T inHost(Sandbox sb, Call<T> c) throws Exception {
        return sb.host().call(c::run);
    }

}

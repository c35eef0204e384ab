package io.jnet.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.cni.invoke.InProcessPlugins;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** jnet's host-local found in CNI_PATH runs inside the bridge's JVM, with the same outcome as exec'ing it. */
@KernelTest
class InProcessIpamIT {

    @Test
    void inProcessAndExecdHostLocalGiveTheSameAttachments(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        PluginRunner bridge = PluginRunner.jnetWithOwnIpam(sb, host);
        Path data = sb.tempDir();
        String config = Configs.v4("inproc", "br-ip", data, "{\"isGateway\":true}");
        NetNs c1 = sb.container("c1");
        NetNs c2 = sb.container("c2");

        // A host-local launcher that fails if exec'd: ADD through it only works in-process.
        Path inProcessOnly = sb.tempDir();
        Files.copy(Path.of(bridge.plugin), inProcessOnly.resolve("bridge"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path trap = inProcessOnly.resolve("host-local");
        Files.writeString(trap, "#!/bin/sh\n# jnet launcher for io.jnet.plugin.ipam.HostLocalMain.\necho exec was used >&2\nexit 1\n");
        Files.setPosixFilePermissions(trap, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Map<String, String> viaTrap = Map.of("CNI_PATH", inProcessOnly.toString());

        JsonObject first = JsonParser.parseString(bridge.run("ADD", "ctr1", c1.path().toString(), "eth0", config, viaTrap)
                .assertOk().stdout()).getAsJsonObject();
        JsonObject second = JsonParser.parseString(bridge.run("ADD", "ctr2", c2.path().toString(), "eth0", config,
                Map.of(InProcessPlugins.DISABLE_ENV, "1")).assertOk().stdout()).getAsJsonObject();
        String ip1 = first.getAsJsonArray("ips").get(0).getAsJsonObject().get("address").getAsString();
        String ip2 = second.getAsJsonArray("ips").get(0).getAsJsonObject().get("address").getAsString();
        assertEquals(ip1.substring(0, ip1.lastIndexOf('.')), ip2.substring(0, ip2.lastIndexOf('.')));
        assertFalse(ip1.equals(ip2), "one store, so two distinct addresses");
        Path netDir = data.resolve("inproc");
        assertEquals("ctr1\r\neth0", Files.readString(netDir.resolve(ip1.substring(0, ip1.indexOf('/')))));
        assertEquals("ctr2\r\neth0", Files.readString(netDir.resolve(ip2.substring(0, ip2.indexOf('/')))));
        assertTrue(sb.exec(c1, "ping", "-c", "1", "-W", "2", ip2.substring(0, ip2.indexOf('/'))).ok());

        // each path releases what the other reserved
        bridge.run("DEL", "ctr1", c1.path().toString(), "eth0", config, Map.of(InProcessPlugins.DISABLE_ENV, "1")).assertOk();
        bridge.run("DEL", "ctr2", c2.path().toString(), "eth0", config, viaTrap).assertOk();
        bridge.run("ADD", "ctr3", c2.path().toString(), "eth0", config,
                Map.of("CNI_PATH", inProcessOnly.toString(), InProcessPlugins.DISABLE_ENV, "1")).assertFailed();
        try (var files = Files.list(netDir)) {
            assertEquals(0, files.filter(f -> !f.getFileName().toString().equals("lock")
                    && !f.getFileName().toString().startsWith("last_reserved_ip")).count());
        }
    }
}

package io.jnet.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * jnet's plugin chain (bridge with host-local, portmap, firewall), each plugin a JVM of its own in the sandbox's
 * host namespace (also when the other tests run through the engine), optionally run through a command prefix (strace, {@link HiddenPrograms}). Publishes host port
 * 8080/tcp to port 80 and 8053/udp to port 53 of the container.
 */
final class PluginChain {
    final Sandbox sb;
    final NetNs host;
    final Path pluginDir;
    private final String network;
    private final String subnet;
    private final String backend;
    private final Path dataDir;
    /** Prefix of every plugin command line; may name the plugin ({@code %s} replaced) for per-call files. */
    List<String> wrapper = List.of();

    /** {@code backend}: the plugins' backend keys, or null to leave the choice to them. */
    PluginChain(Sandbox sb, String network, String subnet, String backend) {
        this.sb = sb;
        this.host = sb.host();
        // a JVM per plugin in both passes: what the strace tests trace is a plugin process
        this.pluginDir = sb.jvmPluginDir(Map.of("bridge", "io.jnet.plugin.bridge.BridgeMain", "host-local",
                "io.jnet.plugin.ipam.HostLocalMain", "portmap", "io.jnet.plugin.portmap.PortmapMain", "firewall",
                "io.jnet.plugin.firewall.FirewallMain"));
        this.network = network;
        this.subnet = subnet;
        this.backend = backend;
        this.dataDir = sb.tempDir();
    }

    private JsonObject base(String type) {
        JsonObject c = new JsonObject();
        c.addProperty("cniVersion", "1.0.0");
        c.addProperty("name", network);
        c.addProperty("type", type);
        return c;
    }

    JsonObject bridge() {
        JsonObject c = base("bridge");
        c.addProperty("bridge", "br-" + network);
        c.addProperty("isGateway", true);
        c.addProperty("ipMasq", true);
        c.addProperty("hairpinMode", true);
        if (backend != null) {
            c.addProperty("ipMasqBackend", backend);
        }
        JsonObject ipam = new JsonObject();
        ipam.addProperty("type", "host-local");
        ipam.addProperty("dataDir", dataDir.toString());
        JsonArray ranges = new JsonArray();
        JsonArray set = new JsonArray();
        JsonObject r = new JsonObject();
        r.addProperty("subnet", subnet);
        set.add(r);
        ranges.add(set);
        ipam.add("ranges", ranges);
        JsonArray routes = new JsonArray();
        JsonObject def = new JsonObject();
        def.addProperty("dst", "0.0.0.0/0");
        routes.add(def);
        ipam.add("routes", routes);
        c.add("ipam", ipam);
        return c;
    }

    JsonObject portmap(JsonObject prev) {
        JsonObject c = base("portmap");
        if (backend != null) {
            c.addProperty("backend", backend);
        }
        JsonObject rc = new JsonObject();
        JsonArray m = new JsonArray();
        m.add(mapping(8080, 80, "tcp"));
        m.add(mapping(8053, 53, "udp"));
        rc.add("portMappings", m);
        c.add("runtimeConfig", rc);
        if (prev != null) {
            c.add("prevResult", prev);
        }
        return c;
    }

    JsonObject firewall(JsonObject prev) {
        JsonObject c = base("firewall");
        if (backend != null) {
            c.addProperty("backend", backend);
        }
        c.addProperty("ingressPolicy", "same-bridge");
        if (prev != null) {
            c.add("prevResult", prev);
        }
        return c;
    }

    private static JsonObject mapping(int host, int container, String proto) {
        JsonObject o = new JsonObject();
        o.addProperty("hostPort", host);
        o.addProperty("containerPort", container);
        o.addProperty("protocol", proto);
        return o;
    }

    /** ADD of the whole chain; the last plugin's result. */
    JsonObject add(String containerId, NetNs container) {
        JsonObject r = json(run("bridge", "ADD", containerId, container, bridge()).assertOk());
        r = json(run("portmap", "ADD", containerId, container, portmap(r)).assertOk());
        return json(run("firewall", "ADD", containerId, container, firewall(r)).assertOk());
    }

    /** DEL of the whole chain in reverse, with or without the result as prevResult. */
    void del(String containerId, NetNs container, JsonObject result) {
        run("firewall", "DEL", containerId, container, firewall(result)).assertOk();
        run("portmap", "DEL", containerId, container, portmap(result)).assertOk();
        JsonObject b = bridge();
        if (result != null) {
            b.add("prevResult", result);
        }
        run("bridge", "DEL", containerId, container, b).assertOk();
    }

    ExecResult run(String plugin, String command, String containerId, NetNs container, JsonObject config) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", container.path().toString());
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", pluginDir.toString());
        List<String> cmd = new ArrayList<>();
        for (String w : wrapper) {
            cmd.add(w.replace("%s", plugin + "-" + command));
        }
        cmd.add(pluginDir.resolve(plugin).toString());
        return sb.exec(host, env, config.toString().getBytes(StandardCharsets.UTF_8), cmd.toArray(String[]::new));
    }

    private static JsonObject json(ExecResult r) {
        return JsonParser.parseString(r.stdout()).getAsJsonObject();
    }
}

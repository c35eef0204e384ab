package io.jnet.plugin.bridge;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs a bridge plugin (jnet's, or the reference) as a real process inside a sandbox "host" namespace. */
final class PluginRunner {
    static final String REFERENCE_DIR = "/usr/lib/cni";

    final Sandbox sb;
    final NetNs host;
    final String plugin;
    final String cniPath;

    private PluginRunner(Sandbox sb, NetNs host, String plugin, String cniPath) {
        this.sb = sb;
        this.host = host;
        this.plugin = plugin;
        this.cniPath = cniPath;
    }

    /** jnet's bridge, with the reference dir after it in CNI_PATH (for host-local). */
    static PluginRunner jnet(Sandbox sb, NetNs host) {
        Path dir = sb.pluginDir(Map.of("bridge", BridgeMain.class.getName()));
        return new PluginRunner(sb, host, dir.resolve("bridge").toString(), dir + ":" + REFERENCE_DIR);
    }

    /** jnet's bridge and jnet's host-local (which the bridge runs in its own JVM). */
    static PluginRunner jnetWithOwnIpam(Sandbox sb, NetNs host) {
        Path dir = sb.pluginDir(Map.of("bridge", BridgeMain.class.getName(), "host-local", "io.jnet.plugin.ipam.HostLocalMain"));
        return new PluginRunner(sb, host, dir.resolve("bridge").toString(), dir.toString());
    }

    /** jnet's bridge with extra plugin dirs first in CNI_PATH (fake IPAM scripts). */
    static PluginRunner jnet(Sandbox sb, NetNs host, Path extraDir) {
        Path dir = sb.pluginDir(Map.of("bridge", BridgeMain.class.getName()));
        return new PluginRunner(sb, host, dir.resolve("bridge").toString(), extraDir + ":" + dir + ":" + REFERENCE_DIR);
    }

    /** The reference bridge. */
    static PluginRunner reference(Sandbox sb, NetNs host) {
        return new PluginRunner(sb, host, REFERENCE_DIR + "/bridge", REFERENCE_DIR);
    }

    ExecResult run(String command, String containerId, String netns, String ifname, String config) {
        return run(command, containerId, netns, ifname, config, Map.of());
    }

    ExecResult run(String command, String containerId, String netns, String ifname, String config, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", netns);
        env.put("CNI_IFNAME", ifname);
        env.put("CNI_PATH", cniPath);
        env.putAll(extraEnv);
        return sb.exec(host, env, config.getBytes(StandardCharsets.UTF_8), plugin);
    }

    JsonObject add(String containerId, NetNs container, String ifname, String config) {
        ExecResult r = run("ADD", containerId, container.path().toString(), ifname, config).assertOk();
        return JsonParser.parseString(r.stdout()).getAsJsonObject();
    }

    void del(String containerId, NetNs container, String ifname, String config) {
        run("DEL", containerId, container.path().toString(), ifname, config).assertOk();
    }

    /** GC and STATUS take no attachment. */
    ExecResult runNoAttachment(String command, String config) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_PATH", cniPath);
        return sb.exec(host, env, config.getBytes(StandardCharsets.UTF_8), plugin);
    }

    /** {@code config} with {@code prevResult} added. */
    static String withPrevResult(String config, JsonObject result) {
        JsonObject c = JsonParser.parseString(config).getAsJsonObject();
        c.add("prevResult", result);
        return c.toString();
    }

    // ---- what the host namespace holds

    /** Names of veth links in the namespace. */
    static List<String> veths(Netlink nl) throws NetlinkException {
        List<String> out = new ArrayList<>();
        for (Link l : nl.links()) {
            if (l.isVeth()) {
                out.add(l.name());
            }
        }
        return out;
    }

    /** The nat table of a family as iptables-save prints it, without comments and counters. */
    String nat(boolean ipv6) {
        String out = sb.exec(host, ipv6 ? "ip6tables-save" : "iptables-save", "-t", "nat").assertOk().stdout();
        StringBuilder sb2 = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            sb2.append(line.replaceAll("\\[\\d+:\\d+\\]", "[0:0]")).append('\n');
        }
        return sb2.toString();
    }

    /** Whether any nat rule or chain of either family mentions {@code text}. */
    boolean natMentions(String text) {
        return nat(false).contains(text) || nat(true).contains(text);
    }

    /** Files of host-local's store for {@code network} under {@code dataDir} whose content names {@code containerId}. */
    static List<String> reservations(Path dataDir, String network, String containerId) throws Exception {
        Path dir = dataDir.resolve(network);
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.equals("lock") || name.startsWith("last_reserved_ip")) {
                    continue;
                }
                if (Files.readString(p).startsWith(containerId)) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}

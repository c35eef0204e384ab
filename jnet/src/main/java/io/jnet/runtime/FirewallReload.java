package io.jnet.runtime;

import com.google.gson.JsonObject;
import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.config.NetworkConfigList;
import io.jnet.cni.result.IpConfig;
import io.jnet.cni.result.Result;
import io.jnet.cni.result.ResultReader;
import io.jnet.cni.result.ResultWriter;
import io.jnet.cni.runtime.CniRuntime;
import io.jnet.cni.runtime.CachedAttachment;
import io.jnet.cni.runtime.PluginStdin;
import io.jnet.cni.skel.CniPlugin;
import io.jnet.cni.skel.PluginMain;
import io.jnet.cni.spec.CniArg;
import io.jnet.cni.spec.CniException;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.Backends;
import io.jnet.plugin.bridge.MasqueradeRestore;
import io.jnet.plugin.firewall.FirewallPlugin;
import io.jnet.plugin.portmap.Conntrack;
import io.jnet.plugin.portmap.LocalnetRouting;
import io.jnet.plugin.portmap.PortmapPlugin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jnet reload}: puts back the firewall state of every live attachment from its cached result after something
 * wiped it ({@code iptables -F}, {@code nft flush ruleset}, a firewalld reload), as netavark's {@code firewall-reload}
 * does, on whichever firewall backend each network's plugins use. Each plugin's part is restored by jnet's own plugin
 * code, in this process: the bridge's masquerade rules, then portmap's and the firewall plugin's rules (CHECK first, ADD only when CHECK fails, and ADD writes only what is
 * missing), so a reload with nothing missing changes nothing and duplicates nothing.
 */
public final class FirewallReload {
    /** What a reload did for one attachment: what was put back, or why it could not be. */
    public record Outcome(AttachmentView attachment, List<String> restored, String problem) {}

    private final CniRuntime cni;
    private final Networks networks;
    private final Namespaces names;
    private final Backends firewall;

    public FirewallReload(CniRuntime cni, Networks networks, Namespaces names, Backends firewall) {
        this.cni = cni;
        this.networks = networks;
        this.names = names;
        this.firewall = firewall;
    }

    /** Restores every attachment whose namespace still exists (a gone one is {@code jnet gc}'s business). */
    public List<Outcome> run() {
        List<CachedAttachment> cached;
        try {
            cached = cni.cachedAttachments();
        } catch (CniException e) {
            throw Errors.cni("cannot read the result cache", e, "check --cache-dir");
        }
        List<Outcome> out = new ArrayList<>();
        for (CachedAttachment a : cached) {
            if (a.netns().isEmpty() || !Files.exists(Path.of(a.netns())) || a.result() == null) {
                continue;
            }
            out.add(restore(a));
        }
        return out;
    }

    private Outcome restore(CachedAttachment a) {
        AttachmentView view = AttachmentView.of(a, names);
        List<String> restored = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            NetworkConfigList list = networks.find(a.networkName()).map(Networks.Loaded::list).orElse(NetworkConfigList.parse(a.config()));
            Result result = ResultReader.parse(a.result(), list.cniVersion());
            JsonObject prev = ResultWriter.toJson(result, list.cniVersion());
            for (NetworkConfig plugin : list.plugins()) {
                try {
                    String what = restore(plugin, list, a, prev, result);
                    if (what != null) {
                        restored.add(what);
                    }
                } catch (CniException | FirewallException e) {
                    problems.add(plugin.type() + ": " + e.getMessage());
                }
            }
        } catch (CniException e) {
            problems.add(e.getMessage());
        }
        return new Outcome(view, restored, String.join("; ", problems));
    }

    /** Restores one plugin's part; what was put back, or null when nothing was missing (or the plugin keeps no firewall state). */
    private String restore(NetworkConfig plugin, NetworkConfigList list, CachedAttachment a, JsonObject prev, Result result)
            throws CniException, FirewallException {
        switch (plugin.type()) {
            case "bridge" -> {
                if (!plugin.getBoolean("ipMasq", false)) {
                    return null;
                }
                List<String> cidrs = result.ips().stream().map(IpConfig::address).toList();
                return MasqueradeRestore.restore(firewall, ipMasqBackend(plugin), list.name(), a.containerId(), cidrs) ? "masquerade" : null;
            }
            case "portmap" -> {
                return checkThenAdd(new PortmapPlugin(firewall, new Conntrack(), new LocalnetRouting()), plugin, list, a, prev)
                        ? "published ports" : null;
            }
            case "firewall" -> {
                return checkThenAdd(new FirewallPlugin(firewall), plugin, list, a, prev) ? "firewall rules" : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** The bridge's {@code ipMasqBackend}, null when it leaves the choice to the plugin. */
    private static String ipMasqBackend(NetworkConfig bridge) throws CniException {
        String b = bridge.getString("ipMasqBackend");
        return b == null || b.isEmpty() ? null : b;
    }

    /** CHECK, and ADD when it fails; whether ADD ran. An ADD that fails is this attachment's problem. */
    private static boolean checkThenAdd(CniPlugin plugin, NetworkConfig conf, NetworkConfigList list, CachedAttachment a, JsonObject prev)
            throws CniException {
        byte[] stdin = PluginStdin.build(conf, list.name(), list.cniVersion(), prev, a.capabilityArgs()).bytes();
        if (call(plugin, "CHECK", stdin, a) == null) {
            return false;
        }
        String failure = call(plugin, "ADD", stdin, a);
        if (failure != null) {
            throw new CniException(CniException.INTERNAL, "cannot restore the rules", failure);
        }
        return true;
    }

    /** Runs one command of {@code plugin} through the CNI skeleton, as the plugin process would; null on success, else its error. */
    private static String call(CniPlugin plugin, String command, byte[] stdin, CachedAttachment a) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", a.containerId());
        env.put("CNI_NETNS", a.netns());
        env.put("CNI_IFNAME", a.ifname());
        env.put("CNI_ARGS", CniArg.format(a.cniArgs()));
        env.put("CNI_PATH", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = PluginMain.run(plugin, env, new ByteArrayInputStream(stdin), o, e);
        }
        if (exit == 0) {
            return null;
        }
        String text = out.toString(StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? err.toString(StandardCharsets.UTF_8).strip() : text.replaceAll("\\s+", " ");
    }
}

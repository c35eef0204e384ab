package io.jnet.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The programs the engine runs, by the name the client was called as, and the CLI commands it leaves to a JVM
 * of their own because they need the caller's terminal or run until stopped.
 */
final class Programs {
    private Programs() {}

    static final String CLI = "jnet";

    /** Name to main class: the four plugins and the CLI. Nothing else is ever run. */
    static final Map<String, String> MAINS = Map.of(
            "bridge", "io.jnet.plugin.bridge.BridgeMain",
            "host-local", "io.jnet.plugin.ipam.HostLocalMain",
            "portmap", "io.jnet.plugin.portmap.PortmapMain",
            "firewall", "io.jnet.plugin.firewall.FirewallMain",
            CLI, "io.jnet.cli.Main");

    /** Global CLI options that take a value as the next argument. */
    private static final Set<String> VALUED = Set.of("--config-dir", "--cni-path", "--cache-dir", "--state-dir", "--data-dir", "--netns-prefix");

    private static final Set<String> CONTAINER_PROCESSES = Set.of("run", "exec", "logs", "container-shim");

    static boolean isPlugin(String name) {
        return MAINS.containsKey(name) && !name.equals(CLI);
    }

    /**
     * Why a CLI command must run in a JVM of its own, or null when the engine can run it: {@code netns exec}
     * hands the caller's terminal to a child, {@code serve-http} and {@code graph --watch} run until killed, and the
     * container commands that run a process ({@code run}, {@code exec}, {@code logs}, the shim) hand it the caller's
     * terminal or leave a supervisor behind that must not be the engine's child.
     */
    static String cliFallbackReason(List<String> args) {
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < args.size() && words.size() < 2; i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("-")) {
                if (VALUED.contains(a)) {
                    i++;
                }
                continue;
            }
            words.add(a);
        }
        if (!words.isEmpty() && words.get(0).equals("serve-http")) {
            return "serve-http runs until stopped";
        }
        if (!words.isEmpty() && words.get(0).equals("graph") && args.contains("--watch")) {
            return "graph --watch runs until stopped";
        }
        if (!words.isEmpty() && CONTAINER_PROCESSES.contains(words.get(0))) {
            return words.get(0) + " runs a container process with the caller's terminal";
        }
        if (words.size() == 2 && words.get(0).equals("netns") && words.get(1).equals("exec")) {
            return "netns exec needs the caller's terminal";
        }
        return null;
    }
}

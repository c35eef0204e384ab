package io.jnet.runtime;

import io.jnet.cni.invoke.InProcessPlugins;
import io.jnet.cni.invoke.PluginExecutor;
import io.jnet.cni.runtime.CniRuntime;
import io.jnet.context.CallContext;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/** The jnet runtime wired together for one invocation: settings, namespaces, networks, attachments. */
public final class Jnet {
    private final Settings settings;
    private final Namespaces namespaces;
    private final Networks networks;
    private final CniRuntime cni;
    private final Attachments attachments;
    private final DnsService dns;
    private final PrintStream err;

    public Jnet(Settings settings, PrintStream err) {
        this(settings, err, CallContext.current().env());
    }

    /** With {@code pluginEnv} as the plugins' environment (before the CNI_* variables), e.g. to have them explain. */
    public Jnet(Settings settings, PrintStream err, Map<String, String> pluginEnv) {
        this.settings = settings;
        this.err = err;
        this.namespaces = new Namespaces(settings);
        this.networks = new Networks(settings, HostRoutes::read, err);
        // jnet's own plugins (found as launchers or native clients in the CNI path) run in this JVM, the engine's or
        // the CLI's own, as the engine would run them; any other plugin is exec'd.
        this.cni = new CniRuntime(settings.cniPath(), settings.cacheDir(), new PluginExecutor(CniRuntime.DEFAULT_TIMEOUT, err), pluginEnv)
                .withInProcess(InProcessPlugins.mains(Set.of("io.jnet.plugin.bridge.BridgeMain", "io.jnet.plugin.ipam.HostLocalMain",
                        "io.jnet.plugin.portmap.PortmapMain", "io.jnet.plugin.firewall.FirewallMain")), err);
        Attachments a = new Attachments(namespaces, networks, cni, settings.stateDir());
        this.dns = DnsService.of(settings, networks, a::list, CallContext.current().env(), err);
        this.attachments = a.observe(dns);
    }

    public Settings settings() {
        return settings;
    }

    public Namespaces namespaces() {
        return namespaces;
    }

    public Networks networks() {
        return networks;
    }

    public Attachments attachments() {
        return attachments;
    }

    /** The names of the attachments on networks with DNS, and the resolver serving them. */
    public DnsService dns() {
        return dns;
    }

    public CniRuntime cni() {
        return cni;
    }

    /** Restoring the firewall rules of the live attachments ({@code jnet reload}). */
    public FirewallReload firewallReload() {
        return new FirewallReload(cni, networks, namespaces, io.jnet.firewall.Backends.system());
    }

    /** Where notices and plugin diagnostics go (our stderr). */
    public PrintStream err() {
        return err;
    }
}

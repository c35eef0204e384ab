package io.jnet.runtime;

import io.jnet.cni.runtime.CniRuntime;
import java.io.PrintStream;

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
        this.settings = settings;
        this.err = err;
        this.namespaces = new Namespaces(settings);
        this.networks = new Networks(settings, HostRoutes::read, err);
        this.cni = CniRuntime.standard(settings.cniPath(), settings.cacheDir(), err);
        Attachments a = new Attachments(namespaces, networks, cni, settings.stateDir());
        this.dns = DnsService.of(settings, networks, a::list, System.getenv(), err);
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

    /** Where notices and plugin diagnostics go (our stderr). */
    public PrintStream err() {
        return err;
    }
}

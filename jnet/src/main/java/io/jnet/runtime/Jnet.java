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
    private final PrintStream err;

    public Jnet(Settings settings, PrintStream err) {
        this.settings = settings;
        this.err = err;
        this.namespaces = new Namespaces(settings);
        this.networks = new Networks(settings, HostRoutes::read, err);
        this.cni = CniRuntime.standard(settings.cniPath(), settings.cacheDir(), err);
        this.attachments = new Attachments(namespaces, networks, cni, settings.stateDir());
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

    public CniRuntime cni() {
        return cni;
    }

    /** Where notices and plugin diagnostics go (our stderr). */
    public PrintStream err() {
        return err;
    }
}

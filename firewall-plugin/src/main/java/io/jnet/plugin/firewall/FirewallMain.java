package io.jnet.plugin.firewall;

import io.jnet.cni.skel.PluginMain;
import io.jnet.firewall.Backends;

/** {@code dist/cni/firewall}. */
public final class FirewallMain {
    private FirewallMain() {}

    public static void main(String[] args) {
        PluginMain.main(new FirewallPlugin(Backends.system()));
    }
}

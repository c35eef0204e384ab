package io.jnet.plugin.portmap;

import io.jnet.cni.skel.PluginMain;
import io.jnet.firewall.Backends;

/** Entry point of the {@code portmap} CNI plugin: the plugin on the firewall backend its config picks, in this netns. */
public final class PortmapMain {
    private PortmapMain() {}

    public static void main(String[] args) {
        PluginMain.main(new PortmapPlugin(Backends.system(), new Conntrack(), new LocalnetRouting()));
    }
}

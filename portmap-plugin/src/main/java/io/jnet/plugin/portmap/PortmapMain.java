package io.jnet.plugin.portmap;

import io.jnet.cni.skel.PluginMain;
import io.jnet.firewall.Iptables;

/** Entry point of the {@code portmap} CNI plugin: the plugin on the iptables commands of this netns. */
public final class PortmapMain {
    private PortmapMain() {}

    public static void main(String[] args) {
        PluginMain.main(new PortmapPlugin(Iptables.commands(), new Conntrack(), new LocalnetRouting()));
    }
}

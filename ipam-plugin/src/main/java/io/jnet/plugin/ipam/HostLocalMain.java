package io.jnet.plugin.ipam;

import io.jnet.cni.skel.PluginMain;

/** Entry point of the {@code host-local} CNI IPAM plugin: the shared skeleton around {@link HostLocalPlugin}. */
public final class HostLocalMain {
    private HostLocalMain() {}

    public static void main(String[] args) {
        PluginMain.main(new HostLocalPlugin());
    }
}

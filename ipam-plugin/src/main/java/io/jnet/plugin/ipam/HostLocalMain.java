package io.jnet.plugin.ipam;

import io.jnet.cni.skel.CniPlugin;
import io.jnet.cni.skel.PluginMain;

/**
 * Entry point of the {@code host-local} CNI plugin. Speaks the protocol through the shared skeleton (VERSION works);
 * ADD/DEL/CHECK/GC/STATUS answer CNI error 100 "not implemented yet" until the plugin's issue lands.
 */
public final class HostLocalMain {
    private HostLocalMain() {}

    public static void main(String[] args) {
        PluginMain.main(CniPlugin.notImplemented("host-local"));
    }
}

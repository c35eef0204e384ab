package io.jnet.plugin.bridge;

import io.jnet.cni.skel.CniPlugin;
import io.jnet.cni.skel.PluginMain;

/**
 * Entry point of the {@code bridge} CNI plugin. Speaks the protocol through the shared skeleton (VERSION works);
 * ADD/DEL/CHECK/GC/STATUS answer CNI error 100 "not implemented yet" until the plugin's issue lands.
 */
public final class BridgeMain {
    private BridgeMain() {}

    public static void main(String[] args) {
        PluginMain.main(CniPlugin.notImplemented("bridge"));
    }
}

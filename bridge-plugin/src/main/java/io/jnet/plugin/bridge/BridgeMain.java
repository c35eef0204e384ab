package io.jnet.plugin.bridge;

import io.jnet.cni.invoke.Delegation;
import io.jnet.cni.invoke.InProcessPlugins;
import io.jnet.cni.invoke.PluginExecutor;
import io.jnet.cni.skel.PluginMain;
import io.jnet.firewall.Backends;
import io.jnet.plugin.ipam.HostLocalPlugin;
import java.util.Map;

/**
 * Entry point of the {@code bridge} CNI plugin: IPAM from CNI_PATH (jnet's own host-local runs in this JVM,
 * any other IPAM plugin is exec'd), masquerade through the firewall backend ipMasqBackend picks.
 */
public final class BridgeMain {
    private BridgeMain() {}

    public static void main(String[] args) {
        InProcessPlugins inProcess = new InProcessPlugins(Map.of("io.jnet.plugin.ipam.HostLocalMain", HostLocalPlugin::new));
        Delegation ipam = new Delegation(new PluginExecutor(Delegation.DEFAULT_TIMEOUT, System.err), inProcess, System.err);
        PluginMain.main(new BridgePlugin(ipam, Backends.system()));
    }
}

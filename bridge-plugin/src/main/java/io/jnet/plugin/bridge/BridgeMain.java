package io.jnet.plugin.bridge;

import io.jnet.cni.invoke.Delegation;
import io.jnet.cni.skel.PluginMain;
import io.jnet.firewall.Iptables;

/** Entry point of the {@code bridge} CNI plugin: IPAM by exec from CNI_PATH, masquerade through iptables here. */
public final class BridgeMain {
    private BridgeMain() {}

    public static void main(String[] args) {
        PluginMain.main(new BridgePlugin(Delegation.standard(), Iptables.commands()));
    }
}

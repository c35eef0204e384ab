package io.jnet.cni.runtime;

import com.google.gson.JsonObject;
import io.jnet.cni.spec.CniArg;
import java.util.List;

/**
 * The per-attachment inputs of a runtime call (libcni's RuntimeConf).
 *
 * @param containerId    CNI_CONTAINERID
 * @param netns          CNI_NETNS (path of the container's network namespace; may be empty on DEL)
 * @param ifname         CNI_IFNAME
 * @param args           CNI_ARGS pairs
 * @param capabilityArgs runtime values offered to plugins by capability name (e.g. {@code portMappings});
 *                       each plugin gets only those its {@code capabilities} enable, as {@code runtimeConfig}
 */
public record RuntimeConf(String containerId, String netns, String ifname, List<CniArg> args, JsonObject capabilityArgs) {
    public RuntimeConf {
        netns = netns == null ? "" : netns;
        args = args == null ? List.of() : List.copyOf(args);
        capabilityArgs = capabilityArgs == null ? new JsonObject() : capabilityArgs.deepCopy();
    }

    /** An attachment without CNI_ARGS or capability args. */
    public static RuntimeConf of(String containerId, String netns, String ifname) {
        return new RuntimeConf(containerId, netns, ifname, List.of(), null);
    }

    /** A copy: the record must stay immutable even though JsonObject is not. */
    @Override
    public JsonObject capabilityArgs() {
        return capabilityArgs.deepCopy();
    }

    /** This conf with capability args replaced. */
    public RuntimeConf withCapabilityArgs(JsonObject newArgs) {
        return new RuntimeConf(containerId, netns, ifname, args, newArgs);
    }
}

package io.jnet.containers;

import io.jnet.containers.spec.Limits;
import io.jnet.containers.spec.MountSpec;
import java.util.List;

/**
 * What {@code jnet run} asks for, parsed (values are checked again, with the image and the host at hand, before
 * anything is made).
 *
 * @param name     the container's name, or null for one made from the image's
 * @param command  replaces the image's CMD when not empty
 * @param networks network names; empty for jnet's default; {@code none} or {@code host} alone
 * @param ip       a fixed address on the first network, or null
 */
public record RunRequest(String name, String image, List<String> command, List<String> env, String workdir, String hostname,
        String user, List<String> networks, List<String> ports, String ip, List<String> aliases, List<MountSpec> mounts,
        boolean readOnly, Limits limits, boolean pidHost, boolean userns, boolean detach, boolean remove) {
    public static final String NET_NONE = "none";
    public static final String NET_HOST = "host";

    public RunRequest {
        command = List.copyOf(command);
        env = List.copyOf(env);
        networks = List.copyOf(networks);
        ports = List.copyOf(ports);
        aliases = List.copyOf(aliases);
        mounts = List.copyOf(mounts);
        limits = limits == null ? Limits.none() : limits;
    }

    /** {@code --net host}: the container shares the caller's network namespace. */
    public boolean hostNetwork() {
        return networks.equals(List.of(NET_HOST));
    }

    /** {@code --net none}: a network namespace with loopback only. */
    public boolean noNetwork() {
        return networks.equals(List.of(NET_NONE));
    }
}

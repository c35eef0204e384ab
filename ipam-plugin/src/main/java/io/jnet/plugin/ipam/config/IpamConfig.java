package io.jnet.plugin.ipam.config;

import io.jnet.cni.result.Route;
import java.nio.file.Path;
import java.util.List;

/**
 * host-local's configuration after parsing and defaults.
 *
 * @param network      the network name (the store's directory name)
 * @param cniVersion   the config's version
 * @param rangeSets    runtimeConfig.ipRanges, then the legacy top-level range, then {@code ranges}
 * @param routes       routes returned with every result
 * @param dataDir      the store's parent directory ({@code dataDir}, default /var/lib/cni/networks)
 * @param resolvConf   a resolv.conf to read DNS settings from, or null
 * @param requestedIps addresses asked for (CNI_ARGS IP=, args.cni.ips, runtimeConfig.ips), in that order
 */
public record IpamConfig(String network, String cniVersion, List<RangeSet> rangeSets, List<Route> routes, Path dataDir,
        String resolvConf, List<Ip> requestedIps) {
    /** The reference's default store location. */
    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/cni/networks");

    public IpamConfig {
        rangeSets = List.copyOf(rangeSets);
        routes = List.copyOf(routes);
        requestedIps = List.copyOf(requestedIps);
    }
}

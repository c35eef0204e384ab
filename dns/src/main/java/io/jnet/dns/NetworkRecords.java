package io.jnet.dns;

import io.jnet.inet.IpPrefix;
import java.net.InetAddress;
import java.util.List;

/**
 * What the resolver knows of one DNS-enabled network: where it listens (the gateways), which addresses may ask
 * (the subnets), and the names of its attachments. jnet writes one per network under the state dir; the resolver
 * reads them all on every reload.
 *
 * @param network  network name (also the domain of {@code NAME.NETWORK})
 * @param internal an internal network resolves its own names but forwards nothing
 * @param gateways the addresses the resolver listens on, UDP and TCP port 53
 * @param subnets  the network's subnets
 * @param hosts    one entry per attachment
 */
public record NetworkRecords(String network, boolean internal, List<InetAddress> gateways, List<IpPrefix> subnets, List<Host> hosts) {
    public NetworkRecords {
        gateways = List.copyOf(gateways);
        subnets = List.copyOf(subnets);
        hosts = List.copyOf(hosts);
    }

    /**
     * One attachment.
     *
     * @param id        the attachment's container ID: the same on every network a namespace joins, so an asker
     *                  on two networks resolves the names of both
     * @param names     its names: the namespace's name and its aliases
     * @param addresses its addresses on this network
     */
    public record Host(String id, List<String> names, List<InetAddress> addresses) {
        public Host {
            names = List.copyOf(names);
            addresses = List.copyOf(addresses);
        }
    }
}

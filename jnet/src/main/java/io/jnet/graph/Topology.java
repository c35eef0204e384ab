package io.jnet.graph;

import java.util.List;

/**
 * The live topology as read from the kernel, annotated with what jnet knows (which network a bridge serves, which
 * attachment a veth belongs to). Everything "foreign" is present in the kernel but not jnet's: Docker's bridge, a
 * namespace nobody attached, rules of other tools. Renderers draw those greyed.
 *
 * @param namespaces the host first, then the namespaces by name
 * @param cables     veth pairs, each end a namespace and an interface
 * @param networks   jnet's networks with what the live rules do for them
 * @param ports      published ports, from the live DNAT rules
 * @param foreign    other tools' firewall state, one summary line each
 */
public record Topology(List<Namespace> namespaces, List<Cable> cables, List<Network> networks, List<Port> ports,
        List<String> foreign) {

    public Topology {
        namespaces = List.copyOf(namespaces);
        cables = List.copyOf(cables);
        networks = List.copyOf(networks);
        ports = List.copyOf(ports);
        foreign = List.copyOf(foreign);
    }

    /** The namespace with this id, or null. */
    public Namespace namespace(String id) {
        return namespaces.stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
    }

    /** The cable with an end at {@code ns}/{@code ifname}, or null. */
    public Cable cableAt(String ns, String ifname) {
        return cables.stream().filter(c -> c.a().is(ns, ifname) || c.b().is(ns, ifname)).findFirst().orElse(null);
    }

    /** The network whose bridge is {@code bridge}, or null. */
    public Network networkOfBridge(String bridge) {
        return networks.stream().filter(n -> n.bridge().equals(bridge)).findFirst().orElse(null);
    }

    /**
     * A network namespace.
     *
     * @param id       how the graph names it: "host", the jnet name of a named one, or a path
     * @param kind     "host", "netns" (under /run/netns), "process" (a /proc/PID/ns/net path) or "unnamed" (a veth
     *                 peer's namespace jnet cannot open by name)
     * @param detail   the netns name or path it was read from ("" for the host)
     * @param foreign  whether jnet has nothing in it
     * @param links    its interfaces, by ifindex
     * @param routes   main-table routes, as {@code ip route} prints them
     * @param names    DNS names it has on jnet networks
     */
    public record Namespace(String id, String kind, String detail, boolean foreign, List<Iface> links, List<String> routes,
            List<String> names) {
        public Namespace {
            links = List.copyOf(links);
            routes = List.copyOf(routes);
            names = List.copyOf(names);
        }

        public Iface link(String name) {
            return links.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * An interface.
     *
     * @param index     ifindex in its namespace
     * @param name      interface name
     * @param kind      "veth", "bridge", "loopback", or the kernel's kind ("" for a device without one)
     * @param mac       MAC address, "" when none
     * @param up        administratively up
     * @param mtu       MTU
     * @param addresses addresses in CIDR form, link-local ones included
     * @param master    the bridge it is a port of, "" when none
     * @param network   the jnet network it serves (a bridge, a veth end of an attachment), "" when none
     * @param foreign   not jnet's
     */
    public record Iface(int index, String name, String kind, String mac, boolean up, int mtu, List<String> addresses,
            String master, String network, boolean foreign) {
        public Iface {
            addresses = List.copyOf(addresses);
        }
    }

    /** One end of a cable. */
    public record End(String ns, String ifname) {
        public boolean is(String n, String i) {
            return ns.equals(n) && ifname.equals(i);
        }
    }

    /** A veth pair; {@code a} is the end nearer the host (its bridge port, when it has one). */
    public record Cable(End a, End b, boolean foreign) {}

    /**
     * A jnet network and what the live rules do for it.
     *
     * @param name        network name
     * @param bridge      its bridge
     * @param subnets     its subnets
     * @param gateways    the gateway addresses on the bridge, as configured
     * @param mode        "nat", "routed" or "internal"
     * @param masqueraded attachments whose traffic the nat table masquerades
     * @param accepted    attachments the filter table's CNI-FORWARD accepts
     * @param isolation   "isolated", "open" or "" when no isolation rule names it
     */
    public record Network(String name, String bridge, List<String> subnets, List<String> gateways, String mode,
            int masqueraded, int accepted, String isolation) {
        public Network {
            subnets = List.copyOf(subnets);
            gateways = List.copyOf(gateways);
        }
    }

    /**
     * A published port: a DNAT rule in the host's nat table.
     *
     * @param network  the network of the attachment it belongs to ("" for a foreign rule)
     * @param ns       the namespace it leads to ("" when unknown)
     * @param hostIp   the host address it is limited to, "" for all
     * @param hostPort the port on the host
     * @param protocol tcp, udp or sctp
     * @param toIp     the DNAT destination address
     * @param toPort   the DNAT destination port
     */
    public record Port(String network, String ns, String hostIp, int hostPort, String protocol, String toIp, int toPort) {}
}

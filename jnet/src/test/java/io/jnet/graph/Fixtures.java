package io.jnet.graph;

import java.util.List;

/** Fixed topologies for the renderers' golden tests: what the kernel would report, written out by hand. */
public final class Fixtures {
    private Fixtures() {}

    private static Topology.Iface iface(int index, String name, String kind, String mac, List<String> addrs, String master, String network,
            boolean foreign) {
        return new Topology.Iface(index, name, kind, mac, true, 1500, addrs, master, network, foreign);
    }

    /** The red/blue lab, with a Docker bridge and one of its containers next to it, and a DROP forward policy. */
    public static Topology lab() {
        Topology.Namespace host = new Topology.Namespace("host", "host", "", false, List.of(
                new Topology.Iface(1, "lo", "loopback", "00:00:00:00:00:00", true, 65536, List.of("127.0.0.1/8", "::1/128"), "", "", true),
                iface(2, "eth0", "device", "52:54:00:12:34:56", List.of("192.0.2.10/24"), "", "", true),
                iface(3, "jnet0", "bridge", "e2:54:94:e0:e6:ea", List.of("172.17.0.1/16", "fe80::54ab:2cff:fe40:de61/64"), "", "jnet", false),
                iface(4, "vethfdee463b", "veth", "e2:54:94:e0:e6:ea", List.of("fe80::e054:94ff:fee0:e6ea/64"), "jnet0", "jnet", false),
                iface(5, "veth692adfc3", "veth", "d6:c6:48:fd:68:01", List.of("fe80::d4c6:48ff:fefd:6801/64"), "jnet0", "jnet", false),
                iface(6, "docker0", "bridge", "02:42:ac:11:00:01", List.of("172.30.0.1/16"), "", "", true),
                iface(7, "vethdock", "veth", "ee:83:9a:d5:7c:ef", List.of(), "docker0", "", true)),
                List.of("default via 192.0.2.1 dev eth0", "172.17.0.0/16 dev jnet0 proto kernel scope link src 172.17.0.1",
                        "172.30.0.0/16 dev docker0 proto kernel scope link src 172.30.0.1"), List.of());
        Topology.Namespace blue = container("blue", "lab-blue", 8, "172.17.0.3/16", "ca:a8:d6:62:d2:99", "fe80::c8a8:d6ff:fe62:d299/64");
        Topology.Namespace red = container("red", "lab-red", 9, "172.17.0.2/16", "92:06:e0:3f:be:93", "fe80::9006:e0ff:fe3f:be93/64");
        Topology.Namespace docker = new Topology.Namespace("pid 4242 (nginx)", "process", "/proc/4242/ns/net", true, List.of(
                new Topology.Iface(1, "lo", "loopback", "00:00:00:00:00:00", true, 65536, List.of("127.0.0.1/8"), "", "", true),
                iface(2, "eth0", "veth", "0e:64:9d:19:f4:57", List.of("172.30.0.2/16"), "", "", true)),
                List.of("default via 172.30.0.1 dev eth0"), List.of());
        return new Topology(List.of(host, blue, red, docker),
                List.of(new Topology.Cable(new Topology.End("host", "vethfdee463b"), new Topology.End("red", "eth0"), false),
                        new Topology.Cable(new Topology.End("host", "veth692adfc3"), new Topology.End("blue", "eth0"), false),
                        new Topology.Cable(new Topology.End("host", "vethdock"), new Topology.End("pid 4242 (nginx)", "eth0"), true)),
                List.of(new Topology.Network("jnet", "jnet0", List.of("172.17.0.0/16"), List.of("172.17.0.1"), "nat", 2, 2, "isolated")),
                List.of(new Topology.Port("jnet", "blue", "", 8080, "tcp", "172.17.0.3", 80)),
                List.of("iptables filter FORWARD policy DROP (set by another tool or by hand)", "iptables filter chain DOCKER-USER: 1 rule"));
    }

    /** {@code n} namespaces spread over {@code bridges} bridges, one veth each. */
    public static Topology many(int n, int bridges) {
        List<Topology.Iface> hostLinks = new java.util.ArrayList<>();
        List<Topology.Namespace> nss = new java.util.ArrayList<>();
        List<Topology.Cable> cables = new java.util.ArrayList<>();
        List<Topology.Network> nets = new java.util.ArrayList<>();
        int index = 1;
        for (int b = 0; b < bridges; b++) {
            hostLinks.add(iface(index++, "br" + b, "bridge", String.format("02:00:00:00:%02x:01", b), List.of("10." + b + ".0.1/16"), "", "net" + b, false));
            nets.add(new Topology.Network("net" + b, "br" + b, List.of("10." + b + ".0.0/16"), List.of("10." + b + ".0.1"), "nat", 0, 0, "isolated"));
        }
        nss.add(null);
        for (int i = 0; i < n; i++) {
            int b = i % bridges;
            String veth = String.format("veth%08x", i);
            hostLinks.add(iface(index++, veth, "veth", String.format("02:00:00:01:%02x:%02x", i / 256, i % 256), List.of(), "br" + b, "net" + b, false));
            String id = String.format("c%02d", i);
            nss.add(new Topology.Namespace(id, "netns", id, false, List.of(iface(2, "eth0", "veth", String.format("02:00:00:02:%02x:%02x", i / 256, i % 256),
                    List.of("10." + b + "." + (i / 200) + "." + (2 + i % 200) + "/16"), "", "net" + b, false)),
                    List.of("default via 10." + b + ".0.1 dev eth0"), List.of()));
            cables.add(new Topology.Cable(new Topology.End("host", veth), new Topology.End(id, "eth0"), false));
        }
        nss.set(0, new Topology.Namespace("host", "host", "", false, hostLinks, List.of(), List.of()));
        return new Topology(nss, cables, nets, List.of(), List.of());
    }

    private static Topology.Namespace container(String id, String netns, int peerIndex, String addr, String mac, String linkLocal) {
        return new Topology.Namespace(id, "netns", netns, false, List.of(
                new Topology.Iface(1, "lo", "loopback", "00:00:00:00:00:00", true, 65536, List.of("127.0.0.1/8", "::1/128"), "", "", false),
                iface(2, "eth0", "veth", mac, List.of(addr, linkLocal), "", "jnet", false)),
                List.of("default via 172.17.0.1 dev eth0", "172.17.0.0/16 dev eth0 proto kernel scope link src " + addr.replace("/16", "")),
                List.of());
    }
}

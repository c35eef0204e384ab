package io.jnet.it;

import io.jnet.netlink.Addr;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Route;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.testing.Sandbox;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A host on the LAN behind the test host: namespace "lan" on the host's uplink (198.51.100.0/24), with routes to
 * every test subnet through the host (as a neighbour with a static route would have), and, like the rogue
 * neighbour of moby#45610, a route that sends 127.0.0.1 to the host instead of its own loopback.
 */
final class Lan {
    static final String HOST = "198.51.100.1";
    static final String ADDRESS = "198.51.100.2";

    final NetNs ns;

    private Lan(NetNs ns) {
        this.ns = ns;
    }

    static Lan behind(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        NetNs lan = sb.container("lan");
        Netlink hostNl = sb.netlink(host);
        Link up = hostNl.createVeth(Veth.of("uplink", "eth0").withPeerIn(lan));
        hostNl.addAddress(Addr.of(up.index(), HOST + "/24"));
        hostNl.setUp(up.index());
        Netlink nl = sb.netlink(lan);
        Link eth0 = nl.link("eth0");
        nl.addAddress(Addr.of(eth0.index(), ADDRESS + "/24"));
        nl.setUp(eth0.index());
        nl.addRoute(Route.builder().dst("10.80.0.0/12").gateway(HOST).oif(eth0.index()).build());
        Sysctl.set(host, "net.ipv4.ip_forward", "1");
        // 127.0.0.1 goes to the host: the local table is consulted after our rule, and loopback may leave eth0
        sb.exec(lan, "ip", "rule", "add", "pref", "10", "to", "127.0.0.1/32", "lookup", "100").assertOk();
        sb.exec(lan, "ip", "rule", "del", "pref", "0", "lookup", "local").assertOk();
        sb.exec(lan, "ip", "rule", "add", "pref", "100", "lookup", "local").assertOk();
        sb.exec(lan, "ip", "route", "add", "127.0.0.1/32", "via", HOST, "dev", "eth0", "table", "100").assertOk();
        Sysctl.set(lan, "net.ipv4.conf.all.route_localnet", "1"); // the answer comes from 127.0.0.1
        Sysctl.set(lan, "net.ipv4.conf.eth0.route_localnet", "1");
        return new Lan(lan);
    }

    /** A UDP request from a fixed source port (0: any), so a second one meets the conntrack entry of the first. */
    static Optional<String> udpFrom(NetNs ns, int sourcePort, String host, int port) {
        try {
            return Optional.ofNullable(ns.call(() -> {
                try (DatagramSocket s = new DatagramSocket(null)) {
                    s.setReuseAddress(true);
                    s.bind(new InetSocketAddress(sourcePort));
                    s.setSoTimeout(2000);
                    s.connect(new InetSocketAddress(host, port));
                    byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
                    s.send(new DatagramPacket(ping, ping.length));
                    byte[] buf = new byte[512];
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    s.receive(p);
                    return new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    return null;
                }
            }));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}

package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.Addr;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code jnet trace} verdicts checked against real packets for the six cases people ask about: the same network,
 * across isolated networks, a published port from outside, from 127.0.0.1, hairpin, and an internal network to
 * outside. Each case is traced, probed by {@code --probe}, and probed again by the test itself with a TCP request
 * answered by a responder that names where it runs.
 */
@KernelTest
class TraceIT {

    @Test
    void verdictsAgreeWithRealPackets(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        // the NAT path is what trace follows: with the userland proxy (on by default) 127.0.0.1:8080 is the proxy's
        // socket on the host, which trace reports as delivered there
        cli.run("net", "create", "a", "--subnet", "10.10.0.0/24", "--userland-proxy=false").ok();
        cli.run("net", "create", "b", "--subnet", "10.20.0.0/24").ok();
        cli.run("net", "create", "in", "--subnet", "10.30.0.0/24", "--internal").ok();
        for (String[] ns : new String[][] {{"a1", "a"}, {"a2", "a"}, {"b1", "b"}, {"i1", "in"}}) {
            cli.run("netns", "add", ns[0]).ok();
        }
        cli.run("attach", "a1", "--net", "a", "--ip", "10.10.0.10", "-p", "8080:80").ok();
        cli.run("attach", "a2", "--net", "a", "--ip", "10.10.0.20").ok();
        cli.run("attach", "b1", "--net", "b", "--ip", "10.20.0.10").ok();
        cli.run("attach", "i1", "--net", "in", "--ip", "10.30.0.10").ok();
        try {
            // "outside": a namespace behind the host's uplink, 192.0.2.0/24
            NetNs up = sb.container("up");
            Netlink host = sb.netlink(sb.host());
            host.createVeth(Veth.of("up0", "eth0").withPeerIn(up));
            host.addAddress(Addr.of(host.link("up0").index(), "192.0.2.1/24"));
            host.setUp(host.link("up0").index());
            Netlink inUp = sb.netlink(up);
            inUp.addAddress(Addr.of(inUp.link("eth0").index(), "192.0.2.2/24"));
            inUp.setUp(inUp.link("eth0").index());
            for (String ns : new String[] {"a1", "b1"}) {
                try (NetNs n = NetNs.named(cli.ns(ns))) {
                    sb.tcpServer(n, "0.0.0.0", 80, ns); // the listening socket stays in the namespace
                }
            }
            sb.tcpServer(up, "0.0.0.0", 80, "up");

            // 1. same network
            JsonObject same = trace(cli, "a2", "a1:80");
            assertVerdict(same, "delivered", "a1");
            assertEquals(Optional.of("a1"), request(sb, cli, "a2", "10.10.0.10", 80));

            // 2. across isolated networks: dropped by isolation, the packet never reaches a1
            JsonObject across = trace(cli, "b1", "10.10.0.10:80");
            assertVerdict(across, "dropped", "host");
            assertTrue(across.getAsJsonObject("verdict").get("text").getAsString().contains("CNI-ISOLATION-STAGE-2"), across.toString());
            assertEquals(Optional.empty(), request(sb, cli, "b1", "10.10.0.10", 80));

            // 3. a published port from outside: DNAT to a1
            JsonObject outside = trace(cli, "up", "192.0.2.1:8080");
            assertVerdict(outside, "delivered", "a1");
            assertTrue(step(outside, "host", "nat PREROUTING").contains("DNAT to 10.10.0.10:80"), outside.toString());
            assertEquals(Optional.of("a1"), sb.tcpRequest(up, "192.0.2.1", 8080, 3000));

            // 4. from 127.0.0.1 on the host: DNAT in OUTPUT, route_localnet, masquerade
            JsonObject local = trace(cli, "host", "127.0.0.1:8080");
            assertVerdict(local, "delivered", "a1");
            assertTrue(step(local, "host", "nat POSTROUTING").startsWith("MASQUERADE"), local.toString());
            assertEquals(Optional.of("a1"), sb.tcpRequest(sb.host(), "127.0.0.1", 8080, 3000));

            // 5. hairpin: a1 to its own published port through the host's address on its bridge
            JsonObject hairpin = trace(cli, "a1", "10.10.0.1:8080");
            assertVerdict(hairpin, "delivered", "a1");
            assertTrue(step(hairpin, "host", "bridge").contains("hairpin is on"), hairpin.toString());
            assertEquals(Optional.of("a1"), request(sb, cli, "a1", "10.10.0.1", 8080));

            // 6. an internal network to outside: no route at all
            JsonObject internal = trace(cli, "i1", "192.0.2.2:80");
            assertVerdict(internal, "unreachable", "i1");
            assertEquals(Optional.empty(), request(sb, cli, "i1", "192.0.2.2", 80));
            // and the case that must work: the outside answers the host itself
            assertVerdict(trace(cli, "host", "192.0.2.2:80"), "delivered", "up");
            assertEquals(Optional.of("up"), sb.tcpRequest(sb.host(), "192.0.2.2", 80, 3000));
        } finally {
            for (String ns : new String[] {"a1", "a2", "b1", "i1"}) {
                cli.run("detach", ns);
                cli.run("netns", "del", ns);
            }
        }
    }

    @Test
    void aProbeThatDisagreesFailsAndBadInputIsOneLine(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        cli.run("netns", "add", "x").ok();
        cli.run("attach", "x", "--ip", "172.17.0.10").ok();
        cli.run("netns", "add", "y").ok();
        cli.run("attach", "y", "--ip", "172.17.0.20").ok();
        try {
            assertVerdict(trace(cli, "x", "y"), "delivered", "y"); // a ping
            // a rule with a match the trace cannot evaluate drops the packet: the trace says delivered, the probe sees otherwise
            sb.exec(sb.host(), "iptables", "-I", "FORWARD", "-m", "length", "--length", "0:65535", "-j", "DROP").assertOk();
            CliProcess.Result r = cli.run("trace", "x", "y:80", "--probe").assertExit(6);
            assertTrue(r.stdout().contains("note: host: filter FORWARD rule 1: -m length --length 0:65535 -j DROP uses a match or target the trace cannot evaluate"),
                    r.stdout());
            assertTrue(r.stdout().contains("DISAGREES with the trace"), r.stdout());
            assertTrue(r.stderr().startsWith("jnet: the probe disagrees with the trace (hint: "), r.stderr());
            sb.exec(sb.host(), "iptables", "-D", "FORWARD", "1").assertOk();

            CliProcess.Result bad = cli.run("trace", "x", "y:99999").assertExit(2);
            assertEquals(1, bad.stderr().strip().lines().count(), bad.stderr());
            assertTrue(bad.stderr().contains("'99999' is not a port"), bad.stderr());
            assertTrue(cli.run("trace", "nowhere", "y:80").assertExit(3).stderr().contains("FROM 'nowhere' is neither a namespace"));
            assertTrue(cli.run("trace", "203.0.113.9", "y:80", "--probe").assertExit(2).stderr().contains("--probe sends from a namespace"));
        } finally {
            cli.run("detach", "x");
            cli.run("detach", "y");
            cli.run("netns", "del", "x");
            cli.run("netns", "del", "y");
        }
    }

    /** Runs {@code jnet --json trace FROM TO --probe}; the probe must agree (exit 0). */
    private static JsonObject trace(CliProcess cli, String from, String to) {
        JsonObject o = JsonParser.parseString(cli.run("--json", "trace", from, to, "--probe").ok().stdout()).getAsJsonObject();
        assertTrue(o.getAsJsonObject("probe").get("agrees").getAsBoolean(), o.toString());
        return o;
    }

    private static void assertVerdict(JsonObject t, String kind, String ns) {
        JsonObject v = t.getAsJsonObject("verdict");
        assertEquals(kind + " in " + ns, v.get("kind").getAsString() + " in " + v.get("namespace").getAsString(), t.toString());
    }

    /** The texts of the steps of this stage in this namespace, one per line. */
    private static String step(JsonObject t, String ns, String stage) {
        StringBuilder out = new StringBuilder();
        for (JsonElement e : t.getAsJsonArray("steps")) {
            JsonObject s = e.getAsJsonObject();
            if (s.get("namespace").getAsString().equals(ns) && s.get("stage").getAsString().equals(stage)) {
                out.append(s.get("text").getAsString()).append('\n');
            }
        }
        return out.toString();
    }

    private static Optional<String> request(Sandbox sb, CliProcess cli, String from, String host, int port) throws Exception {
        try (NetNs ns = NetNs.named(cli.ns(from))) {
            return sb.tcpRequest(ns, host, port, 3000);
        }
    }
}

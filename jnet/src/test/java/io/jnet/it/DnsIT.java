package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * Names between namespaces through the CLI and the real resolver process: by name, alias and NAME.NETWORK, over
 * UDP and TCP, IPv4 and IPv6, PTR, through getent with the resolv.conf that ip netns exec mounts; invisible across
 * networks, gone the moment detach returns; forwarding to an upstream the test runs in its own namespace, none from
 * internal networks, none for strangers; a namespace on two networks; malformed packets; the resolver's end.
 */
@KernelTest
class DnsIT {
    private static final String GW4 = "10.91.0.1";
    private static final String GW6 = "fd00:91::1";

    @Test
    void namesOnANetwork(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        Path upstreams = sb.tempDir().resolve("resolv.conf");
        Files.writeString(upstreams, "# no upstream: this test forwards nothing\n");
        cli.extraEnv.put("JNET_DNS_RESOLV_CONF", upstreams.toString());
        cli.extraEnv.remove("JNET_NETNS_ETC_DIR"); // the real /etc/netns, the one ip netns exec mounts; checked as it was below
        Path etc = Path.of("/etc/netns");
        boolean etcBefore = Files.isDirectory(etc);
        cli.run("net", "create", "web", "--subnet", "10.91.0.0/24", "--subnet", "fd00:91::/64").ok();
        cli.run("net", "create", "other", "--subnet", "10.92.0.0/24").ok();
        assertTrue(cli.run("net", "inspect", "web").ok().stdout().contains("dns        on: names of the attachments, resolver on " + GW4 + ", " + GW6),
                "net inspect shows it");
        assertTrue(JsonParser.parseString(cli.run("--json", "net", "inspect", "other").ok().stdout()).getAsJsonObject().get("dns").getAsBoolean());
        for (String n : List.of("red", "blue", "green")) {
            cli.run("netns", "add", n).ok();
        }
        try {
            JsonObject red = attach(cli, "red", "--net", "web", "--ip", "10.91.0.2", "--alias", "www", "--alias", "db");
            JsonObject blue = attach(cli, "blue", "--net", "web", "--ip", "10.91.0.3");
            attach(cli, "green", "--net", "other", "--ip", "10.92.0.2");
            String red6 = v6(red);
            String cached = Files.readString(cli.cacheDir.resolve("results/web-" + red.get("containerId").getAsString() + "-eth0"));
            assertTrue(cached.contains("\"dns\":{\"nameservers\":[\"" + GW4 + "\",\"" + GW6 + "\"]}"),
                    "the CNI result names the gateways, for runtimes to write into their containers: " + cached);
            String blue6 = v6(blue);
            Path pidFile = cli.stateDir.resolve("dns/resolver.pid");
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            assertTrue(ProcessHandle.of(pid).isPresent(), "the first attach started the resolver");

            try (NetNs r = NetNs.named(cli.ns("red")); NetNs b = NetNs.named(cli.ns("blue")); NetNs g = NetNs.named(cli.ns("green"))) {
                // by name, alias and NAME.NETWORK, UDP and TCP, A and AAAA
                assertEquals(List.of("10.91.0.3"), DnsProbe.addresses(ok(DnsProbe.udp(r, GW4, "blue", Type.A))));
                assertEquals(List.of(blue6), DnsProbe.addresses(ok(DnsProbe.udp(r, GW4, "blue", Type.AAAA))));
                assertEquals(List.of("10.91.0.2"), DnsProbe.addresses(ok(DnsProbe.tcp(b, GW4, "www.web", Type.A))));
                assertEquals(List.of("10.91.0.2"), DnsProbe.addresses(ok(DnsProbe.udp(b, GW4, "DB", Type.A))));
                assertEquals(List.of(red6), DnsProbe.addresses(ok(DnsProbe.tcp(b, GW4, "red.web", Type.AAAA))));
                // over IPv6 to the IPv6 gateway (bound once its duplicate address detection is over)
                sb.awaitIpv6Ready(sb.host(), r, b);
                assertEquals(List.of("10.91.0.3"), DnsProbe.addresses(retry(() -> DnsProbe.udp(r, GW6, "blue", Type.A))));
                assertEquals(List.of(blue6), DnsProbe.addresses(ok(DnsProbe.tcp(r, GW6, "blue.web", Type.AAAA))));
                // PTR, both families
                assertEquals(List.of("red.", "www.", "db."), DnsProbe.rdata(ok(DnsProbe.udp(b, GW4,
                        ReverseMap.fromAddress("10.91.0.2").toString(), Type.PTR))));
                assertEquals(List.of("blue."), DnsProbe.rdata(ok(DnsProbe.udp(r, GW4, ReverseMap.fromAddress(blue6).toString(), Type.PTR))));
                // another network's names do not exist for green, and its own gateway knows none of web's
                assertEquals(Rcode.NXDOMAIN, ok(DnsProbe.udp(g, "10.92.0.1", "red", Type.A)).getRcode());
                assertEquals(Rcode.NXDOMAIN, ok(DnsProbe.udp(g, "10.92.0.1", "red.web", Type.A)).getRcode());
                assertEquals(Rcode.NXDOMAIN, ok(DnsProbe.udp(g, GW4, "blue", Type.A)).getRcode(), "asking web's gateway does not help");

                // what a program in the namespace sees: ip netns exec mounts the resolv.conf jnet wrote
                String conf = Files.readString(etc.resolve(cli.ns("red")).resolve("resolv.conf"));
                assertTrue(conf.contains("nameserver " + GW4 + "\nnameserver " + GW6 + "\n"), conf);
                String getent = sb.execHere("ip", "netns", "exec", cli.ns("red"), "getent", "ahostsv4", "blue").assertOk().stdout();
                assertTrue(getent.startsWith("10.91.0.3 "), getent);
                assertTrue(sb.execHere("ip", "netns", "exec", cli.ns("blue"), "getent", "hosts", "10.91.0.2").assertOk().stdout()
                        .contains("red"), "reverse through getent");
                assertTrue(sb.execHere("ip", "netns", "exec", cli.ns("red"), "ping", "-c", "1", "-W", "2", "blue").ok(), "ping by name");
                assertTrue(cli.run("netns", "exec", "blue", "--", "getent", "ahostsv4", "www").ok().stdout().startsWith("10.91.0.2 "),
                        "jnet netns exec mounts it too");

                // detach: the name is gone the moment detach returns
                cli.run("detach", "blue").ok();
                assertEquals(Rcode.NXDOMAIN, ok(DnsProbe.udp(r, GW4, "blue", Type.A)).getRcode());
                assertFalse(Files.exists(etc.resolve(cli.ns("blue"))), "blue's /etc/netns directory is gone");
                assertEquals(pid, Long.parseLong(Files.readString(pidFile).strip()), "updated, not restarted");
            }
            cli.run("detach", "red").ok();
            cli.run("detach", "green").ok();
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the last detach stopped the resolver");
            assertFalse(Files.exists(cli.stateDir.resolve("dns")), "its state went with it");
        } finally {
            for (String n : List.of("red", "blue", "green")) {
                cli.run("detach", n);
                cli.run("netns", "del", n);
                Path left = etc.resolve(cli.ns(n));
                assertFalse(Files.exists(left), left + " left behind");
            }
            assertEquals(etcBefore, Files.isDirectory(etc), "/etc/netns as it was");
        }
    }

    @Test
    void forwardingInternalNetworksTwoNetworksAndHostilePackets(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        Path upstreams = sb.tempDir().resolve("resolv.conf");
        Files.writeString(upstreams, "nameserver 127.0.0.53\n"); // a stub that answers nothing here: SERVFAIL, not a hang
        cli.extraEnv.put("JNET_DNS_RESOLV_CONF", upstreams.toString());
        cli.extraEnv.put("JNET_NETNS_ETC_DIR", sb.tempDir().toString());
        NetNs upstreamNs = sb.container("upstream");
        sb.exec(sb.host(), "ip", "link", "add", "up0", "type", "veth", "peer", "name", "eth0", "netns", upstreamNs.name()).assertOk();
        sb.exec(sb.host(), "ip", "addr", "add", "198.51.100.1/24", "dev", "up0").assertOk();
        sb.exec(sb.host(), "ip", "link", "set", "up0", "up").assertOk();
        sb.exec(upstreamNs, "ip", "addr", "add", "198.51.100.2/24", "dev", "eth0").assertOk();
        sb.exec(upstreamNs, "ip", "link", "set", "eth0", "up").assertOk();
        sb.exec(upstreamNs, "ip", "route", "add", "10.0.0.0/8", "via", "198.51.100.1").assertOk();

        cli.run("net", "create", "web", "--subnet", "10.93.0.0/24").ok();
        cli.run("net", "create", "sealed", "--subnet", "10.94.0.0/24", "--internal").ok();
        cli.run("net", "create", "quiet", "--subnet", "10.95.0.0/24", "--no-dns").ok();
        for (String n : List.of("a", "b", "c", "q")) {
            cli.run("netns", "add", n).ok();
        }
        // bad input: refused before anything is made
        CliProcess.Result bad = cli.run("attach", "a", "--net", "web", "--alias", "no_way!").assertExit(2);
        assertTrue(bad.stderr().startsWith("jnet: bad alias 'no_way!'") && bad.stderr().strip().lines().count() == 1, bad.stderr());
        CliProcess.Result noDns = cli.run("attach", "q", "--net", "quiet", "--alias", "x").assertExit(2);
        assertTrue(noDns.stderr().contains("network quiet has no DNS"), noDns.stderr());
        assertEquals("[]", JsonParser.parseString(cli.run("--json", "ps").ok().stdout()).toString());
        assertFalse(Files.exists(cli.stateDir.resolve("dns")));

        try (FakeUpstream upstream = new FakeUpstream(upstreamNs, "198.51.100.2")) {
            cli.run("attach", "a", "--net", "web", "--ip", "10.93.0.2").ok();
            cli.run("attach", "b", "--net", "sealed", "--ip", "10.94.0.2").ok();
            cli.run("attach", "c", "--net", "web", "--ip", "10.93.0.3").ok();
            cli.run("attach", "c", "--net", "sealed", "--ifname", "eth1", "--ip", "10.94.0.3").ok();
            cli.run("attach", "q", "--net", "quiet", "--ip", "10.95.0.2").ok();
            try (NetNs a = NetNs.named(cli.ns("a")); NetNs b = NetNs.named(cli.ns("b")); NetNs c = NetNs.named(cli.ns("c"));
                    NetNs q = NetNs.named(cli.ns("q"))) {
                // upstream unreachable: a clear SERVFAIL; then the host's resolv.conf changes and the resolver follows it
                assertEquals(Rcode.SERVFAIL, ok(DnsProbe.udp(a, "10.93.0.1", "example.org", Type.A)).getRcode());
                Files.writeString(upstreams, "# rewritten, as a DHCP client would\nnameserver 198.51.100.2\n");
                Message fwd = ok(DnsProbe.udp(a, "10.93.0.1", "example.org", Type.A));
                assertEquals(List.of(FakeUpstream.ANSWER), DnsProbe.addresses(fwd));
                assertEquals(List.of(FakeUpstream.ANSWER), DnsProbe.addresses(ok(DnsProbe.tcp(a, "10.93.0.1", "www.example.org", Type.A))));
                assertEquals(2, upstream.questions.get());

                // internal: its own names yes, the outside no, and nothing reaches the upstream
                assertEquals(List.of("10.94.0.3"), DnsProbe.addresses(ok(DnsProbe.udp(b, "10.94.0.1", "c", Type.A))));
                assertEquals(Rcode.REFUSED, ok(DnsProbe.udp(b, "10.94.0.1", "example.org", Type.A)).getRcode());
                assertEquals(2, upstream.questions.get(), "an internal network forwards nothing");

                // c is on both networks: it resolves the names of both, each at its address on the shared network
                assertEquals(List.of("10.93.0.2"), DnsProbe.addresses(ok(DnsProbe.udp(c, "10.93.0.1", "a", Type.A))));
                assertEquals(List.of("10.94.0.2"), DnsProbe.addresses(ok(DnsProbe.udp(c, "10.93.0.1", "b.sealed", Type.A))));
                assertEquals(Rcode.NXDOMAIN, ok(DnsProbe.udp(a, "10.93.0.1", "b", Type.A)).getRcode());

                // not an open resolver: the upstream's namespace (not a jnet network) and a network without DNS get nothing
                assertEquals(Optional.empty(), DnsProbe.udpRaw(upstreamNs, "10.93.0.1", DnsProbe.query("a", Type.A).toWire(), 1000));
                assertEquals(Optional.empty(), DnsProbe.udpRaw(q, "10.93.0.1", DnsProbe.query("example.org", Type.A).toWire(), 1000));
                assertEquals(2, upstream.questions.get());

                // hostile packets: truncated, mutated, random, oversized, over UDP and TCP; the resolver keeps answering
                byte[] good = DnsProbe.query("example.org", Type.A).toWire();
                Random rnd = new Random(53);
                int formerr = 0;
                for (int i = 0; i < 300; i++) {
                    byte[] p = switch (i % 3) {
                        case 0 -> java.util.Arrays.copyOf(good, rnd.nextInt(good.length));
                        case 1 -> {
                            byte[] m = good.clone();
                            m[12 + rnd.nextInt(m.length - 12)] = (byte) rnd.nextInt(256);
                            m[5] = (byte) (2 + rnd.nextInt(200)); // claims more questions than it holds
                            yield m;
                        }
                        default -> {
                            byte[] m = new byte[i % 30 == 2 ? 65000 : 12 + rnd.nextInt(500)];
                            rnd.nextBytes(m);
                            m[2] &= 0x7f; // a query, not a response
                            yield m;
                        }
                    };
                    Optional<byte[]> answer = DnsProbe.udpRaw(a, "10.93.0.1", p, i % 3 == 2 ? 150 : 1000);
                    if (answer.isPresent() && answer.get().length == 12 && (answer.get()[3] & 0x0f) == Rcode.FORMERR) {
                        formerr++;
                    }
                }
                for (int i = 0; i < 20; i++) {
                    byte[] p = new byte[rnd.nextInt(300)];
                    rnd.nextBytes(p);
                    DnsProbe.tcpRaw(a, "10.93.0.1", p, 300);
                }
                assertTrue(formerr >= 100, "malformed questions get FORMERR: " + formerr);
                assertEquals(0, upstream.unparseable.get(), "nothing unparseable was forwarded");
                assertEquals(List.of("10.93.0.3"), DnsProbe.addresses(ok(DnsProbe.udp(a, "10.93.0.1", "c", Type.A))), "still answering");
                assertEquals(List.of("10.93.0.3"), DnsProbe.addresses(ok(DnsProbe.tcp(a, "10.93.0.1", "c", Type.A))));
            }
            long pid = Long.parseLong(Files.readString(cli.stateDir.resolve("dns/resolver.pid")).strip());
            for (String n : List.of("a", "b", "c", "q")) {
                cli.run("detach", n).ok();
            }
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
            assertFalse(Files.exists(cli.stateDir.resolve("dns")));
        } finally {
            for (String n : List.of("a", "b", "c", "q")) {
                cli.run("detach", n);
                cli.run("netns", "del", n);
            }
        }
    }

    private static JsonObject attach(CliProcess cli, String... args) {
        List<String> all = new ArrayList<>(List.of("--json", "attach"));
        all.addAll(List.of(args));
        return JsonParser.parseString(cli.run(all.toArray(String[]::new)).ok().stdout()).getAsJsonObject();
    }

    private static String v6(JsonObject attachment) {
        JsonArray a = attachment.getAsJsonArray("addresses");
        for (var e : a) {
            String s = e.getAsString();
            if (s.contains(":")) {
                return s.substring(0, s.indexOf('/'));
            }
        }
        throw new AssertionError("no IPv6 address in " + attachment);
    }

    private static Message ok(Optional<Message> m) {
        return m.orElseThrow(() -> new AssertionError("no answer"));
    }

    private static Message retry(java.util.function.Supplier<Optional<Message>> q) throws InterruptedException {
        for (int i = 0; i < 30; i++) {
            Optional<Message> m = q.get();
            if (m.isPresent()) {
                return m.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no answer within 3 s of retries");
    }
}

package io.jnet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many plugin processes at once on one host: 16 attachments, each a chain bridge (host-local, masquerade) ->
 * portmap (its own host port), all started together; then CHECK of half of them while the other half is
 * deleted and 4 new ones are added, all at once; then every DEL at once. Once on one network, once on four
 * networks sharing one bridge, there with firewall instead of portmap (shared CNI-HOSTPORT-* chains in the first,
 * shared CNI-FORWARD chains in the second). Every call must succeed, no
 * address may be handed out twice, every live attachment must have its rules and reservation, every deleted
 * one none, and the host must end as it began.
 */
@KernelTest
class ConcurrencyIT {
    static final Tally TALLY = new Tally("concurrency");
    static final int ATTACHMENTS = 16;
    static final int ADDED_LATER = 4;

    @AfterAll
    static void summary() {
        TALLY.print();
    }

    static Stream<Arguments> layouts() {
        return Stream.of(Arguments.of("one network", 1), Arguments.of("four networks on one bridge", 4));
    }

    @ParameterizedTest(name = "{0}: 16 chains at once, then CHECK/DEL/ADD mixed, then every DEL at once")
    @MethodSource("layouts")
    void concurrentChainsAllSucceedWithNothingLostOrDuplicated(String layout, int networks, Sandbox sb) throws Throwable {
        Plugins p = new Plugins(sb);
        Path data = sb.tempDir();
        // the baseline holds the bridge and the shared chains: one chain added and deleted first
        Chain probe = new Chain(p, data, "probe", 0, networks, sb.container("probe"));
        probe.add();
        probe.del();
        HostState baseline = HostState.of(sb, p.host, List.of(), List.of());

        List<Chain> first = new ArrayList<>();
        for (int i = 0; i < ATTACHMENTS; i++) {
            first.add(new Chain(p, data, "c" + i, i, networks, sb.container("c" + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(ATTACHMENTS + ADDED_LATER);
        try {
            TALLY.count(layout + ": concurrent ADD chains", () -> all(pool, first.stream().map(c -> (Callable<Void>) () -> {
                c.add();
                return null;
            }).toList()));
            assertConsistent(sb, p, data, first, List.of(), networks);

            // mixed: CHECK the first half, DEL the second half, ADD new ones, all at once
            List<Chain> kept = first.subList(0, ATTACHMENTS / 2);
            List<Chain> deleted = first.subList(ATTACHMENTS / 2, ATTACHMENTS);
            List<Chain> later = new ArrayList<>();
            for (int i = 0; i < ADDED_LATER; i++) {
                later.add(new Chain(p, data, "n" + i, ATTACHMENTS + i, networks, sb.container("n" + i)));
            }
            List<Callable<Void>> mixed = new ArrayList<>();
            kept.forEach(c -> mixed.add(() -> {
                c.check();
                return null;
            }));
            deleted.forEach(c -> mixed.add(() -> {
                c.del();
                return null;
            }));
            later.forEach(c -> mixed.add(() -> {
                c.add();
                return null;
            }));
            TALLY.count(layout + ": concurrent CHECK+DEL+ADD mix", () -> all(pool, mixed));
            List<Chain> live = new ArrayList<>(kept);
            live.addAll(later);
            assertConsistent(sb, p, data, live, deleted, networks);

            TALLY.count(layout + ": concurrent DEL chains", () -> all(pool, live.stream().map(c -> (Callable<Void>) () -> {
                c.del();
                return null;
            }).toList()));
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 40 && !baseline.part("host links").equals(HostState.links(sb, p.host)); i++) {
            Thread.sleep(50);
        }
        baseline.assertSame(HostState.of(sb, p.host, List.of(), List.of()), "after every DEL");
        for (int n = 0; n < networks; n++) {
            Store.assertOnlyBookkeeping(data, "net" + n);
        }
    }

    /** Every live chain has its own address, reservation, masquerade, DNAT and firewall rules; no deleted one has any. */
    static void assertConsistent(Sandbox sb, Plugins p, Path data, List<Chain> live, List<Chain> deleted, int networks) throws Exception {
        Set<String> addresses = new HashSet<>();
        for (Chain c : live) {
            assertTrue(addresses.add(c.address), "address handed out twice: " + c.address);
        }
        Map<String, String> owners = new ConcurrentHashMap<>();
        for (int n = 0; n < networks; n++) {
            Store.reservations(data, "net" + n).forEach((ip, owner) -> owners.put(ip, owner.substring(0, owner.indexOf('\r'))));
        }
        String nat = HostState.iptables(sb, p.host, "iptables-save", "nat");
        String filter = HostState.iptables(sb, p.host, "iptables-save", "filter");
        for (Chain c : live) {
            String ip = c.address.substring(0, c.address.indexOf('/'));
            assertEquals(c.id, owners.get(ip), "reservation of " + c.id);
            assertTrue(HostState.mentionsId(nat, c.id), "rules of " + c.id + " lost\n" + nat);
            assertTrue(nat.contains("-A POSTROUTING -s " + ip + "/32 "), "masquerade of " + c.id + " lost\n" + nat);
            assertTrue(c.firewall || nat.contains("--dport " + c.hostPort + " -j DNAT --to-destination " + ip + ":80"),
                    "DNAT of " + c.id + " lost\n" + nat);
            assertTrue(!c.firewall || filter.contains(ip), "firewall rules of " + c.id + " lost\n" + filter);
        }
        for (Chain c : deleted) {
            String ip = c.address.substring(0, c.address.indexOf('/'));
            assertTrue(!owners.containsValue(c.id), "reservation of deleted " + c.id + " left");
            assertTrue(!HostState.mentionsId(nat, c.id) && !nat.contains("-s " + ip + "/32 "), "rules of deleted " + c.id + " left");
            assertTrue(!nat.contains("--dport " + c.hostPort + " "), "DNAT of deleted " + c.id + " left");
            assertTrue(!filter.contains(ip + "/32") && !filter.contains(" " + ip + " "), "firewall rules of deleted " + c.id + " left\n" + filter);
        }
        assertEquals(live.size(), owners.size(), "reservations: " + owners);
    }

    /** Runs every task at once and fails with the first failure. */
    static void all(ExecutorService pool, List<Callable<Void>> tasks) throws Exception {
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> t : tasks) {
            futures.add(pool.submit(t));
        }
        List<Throwable> failures = new ArrayList<>();
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " of " + tasks.size() + " concurrent chains failed; first: "
                    + failures.get(0).getMessage());
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** One attachment: bridge -> portmap (one network) or bridge -> firewall (several), on net{index % networks}. */
    static final class Chain {
        final Plugins p;
        final String id;
        final NetNs ns;
        final String network;
        final int hostPort;
        final String bridge;
        final boolean firewall;
        String address;
        JsonObject result;

        Chain(Plugins p, Path data, String id, int index, int networks, NetNs ns) {
            this.p = p;
            this.id = id;
            this.ns = ns;
            int n = index % networks;
            this.network = "net" + n;
            this.hostPort = 9000 + index;
            this.firewall = networks > 1;
            // An IPv4 bridge holds one gateway address (as the reference's), so of several networks on it only net0
            // is the gateway. The probe (net0) runs first and, as gateway, pins the bridge's MAC: without that
            // the MAC follows the lowest port's as veths come and go, and CHECK of the others would see it change
            // (the reference behaves the same; see the README section).
            JsonObject conf = Configs.bridge(network, "br-conc", data, "10.86." + n + ".0/24");
            if (n > 0) {
                conf.addProperty("isGateway", false);
            }
            this.bridge = conf.toString();
        }

        void add() {
            result = JsonParser.parseString(p.add("bridge", id, ns, "eth0", bridge).assertOk().stdout()).getAsJsonObject();
            JsonElement ips = result.getAsJsonArray("ips");
            address = ips.getAsJsonArray().get(0).getAsJsonObject().get("address").getAsString();
            if (!firewall) {
                result = JsonParser.parseString(p.add("portmap", id, ns, "eth0", portmap()).assertOk().stdout()).getAsJsonObject();
            }
            if (firewall) {
                result = JsonParser.parseString(p.add("firewall", id, ns, "eth0", firewall()).assertOk().stdout()).getAsJsonObject();
            }
        }

        void check() {
            p.check("bridge", id, ns, "eth0", Configs.with(Configs.parse(bridge), "prevResult", result).toString()).assertOk();
            if (!firewall) {
                p.check("portmap", id, ns, "eth0", portmap()).assertOk();
            }
            if (firewall) {
                p.check("firewall", id, ns, "eth0", firewall()).assertOk();
            }
        }

        void del() {
            String netns = ns.path().toString();
            ExecResult f = firewall ? p.del("firewall", id, netns, "eth0", firewall()) : null;
            ExecResult m = firewall ? null : p.del("portmap", id, netns, "eth0", portmap());
            ExecResult b = p.del("bridge", id, netns, "eth0", Configs.with(Configs.parse(bridge), "prevResult", result).toString());
            if (f != null) {
                f.assertOk();
            }
            if (m != null) {
                m.assertOk();
            }
            b.assertOk();
        }

        private String portmap() {
            return Configs.portmap(network, hostPort, result).toString();
        }

        private String firewall() {
            return Configs.firewall(network, result).toString();
        }
    }
}

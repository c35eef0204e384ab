package io.jnet.plugin.ipam.it;

import static io.jnet.plugin.ipam.it.Plugins.Impl.OURS;
import static io.jnet.plugin.ipam.it.Plugins.Impl.REFERENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.plugin.ipam.it.Plugins.Impl;
import io.jnet.plugin.ipam.it.Plugins.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ours and the reference host-local, run as processes on the same inputs, must agree; and share one store. */
class HostLocalDifferentialIT {
    @TempDir
    Path tmp;

    @BeforeEach
    void reference() {
        Plugins.requireReference();
    }

    static String config(Path dataDir, String ipam, String extra) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"difnet\",\"type\":\"host-local\"" + extra
                + ",\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"" + dataDir + "\"," + ipam + "}}";
    }

    /** One step of a scenario: ADD or DEL of an attachment with optional CNI_ARGS and extra top-level keys. */
    record Step(String command, String id, String ifname, String cniArgs, String extra) {
        static Step add(String id) {
            return new Step("ADD", id, "eth0", "", "");
        }

        static Step del(String id) {
            return new Step("DEL", id, "eth0", "", "");
        }
    }

    /** Runs the steps with one implementation in its own dataDir; returns each step's outcome summary and the files. */
    List<String> play(Impl impl, String ipam, List<Step> steps) throws Exception {
        Path data = tmp.resolve(impl.name());
        List<String> log = new ArrayList<>();
        for (Step s : steps) {
            Outcome o = Plugins.run(impl, s.command(), s.id(), s.ifname(), s.cniArgs(), config(data, ipam, s.extra()));
            if (o.exit() != 0) {
                log.add(s.command() + " " + s.id() + " failed");
            } else if (s.command().equals("ADD")) {
                log.add(s.command() + " " + s.id() + " " + o.ips() + " routes " + o.routes());
            } else {
                log.add(s.command() + " " + s.id() + " ok");
            }
        }
        Map<String, String> files = Plugins.files(data.resolve("difnet"));
        log.add("files " + files);
        return log;
    }

    void sameOutcomes(String ipam, List<Step> steps) throws Exception {
        List<String> ref = play(REFERENCE, ipam, steps);
        List<String> ours = play(OURS, ipam, steps);
        assertEquals(ref, ours);
    }

    static final List<Step> CHURN = List.of(Step.add("c1"), Step.add("c2"), Step.add("c3"), Step.del("c2"), Step.add("c4"),
            Step.add("c1"), Step.del("c1"), Step.del("c1"), Step.add("c5"));

    @ParameterizedTest
    @ValueSource(strings = {
        "\"subnet\":\"10.77.0.0/16\",\"routes\":[{\"dst\":\"0.0.0.0/0\"},{\"dst\":\"192.168.0.0/16\",\"gw\":\"10.77.0.254\"}]",
        "\"subnet\":\"10.77.0.0/29\",\"rangeStart\":\"10.77.0.3\",\"rangeEnd\":\"10.77.0.5\",\"gateway\":\"10.77.0.4\"",
        "\"ranges\":[[{\"subnet\":\"fd00:77::/64\",\"rangeStart\":\"fd00:77::ffff\"}]],\"routes\":[{\"dst\":\"::/0\"}]",
        "\"ranges\":[[{\"subnet\":\"10.77.1.0/24\"}],[{\"subnet\":\"fd00:77::/120\",\"gateway\":\"fd00:77::2\"}]]",
        "\"ranges\":[[{\"subnet\":\"10.77.1.0/30\"},{\"subnet\":\"10.77.2.0/29\",\"rangeStart\":\"10.77.2.5\"}]]",
        "\"subnet\":\"10.77.0.0/24\",\"ranges\":[[{\"subnet\":\"10.78.0.0/24\"}]]"
    })
    void sameAddressesRoutesGatewaysAndFiles(String ipam) throws Exception {
        sameOutcomes(ipam, CHURN);
    }

    @Test
    void sameRequestedAddressesFromEverySource() throws Exception {
        String ipam = "\"ranges\":[[{\"subnet\":\"10.77.1.0/24\"}],[{\"subnet\":\"fd00:77::/64\"}]]";
        sameOutcomes(ipam, List.of(
                // The reference (1.1.1) takes one address in CNI_ARGS IP=; ours also takes a comma list (unit-tested).
                new Step("ADD", "c1", "eth0", "IgnoreUnknown=1;IP=fd00:77::50", ""),
                new Step("ADD", "c2", "eth0", "", ",\"args\":{\"cni\":{\"ips\":[\"10.77.1.60/24\"]}}"),
                new Step("ADD", "c3", "eth0", "", ",\"runtimeConfig\":{\"ips\":[\"fd00:77::70/64\"]}"),
                new Step("ADD", "c4", "eth0", "IgnoreUnknown=1;IP=10.77.1.50", ""),
                new Step("ADD", "c5", "eth0", "IgnoreUnknown=1;IP=10.77.1.1", ""),
                new Step("ADD", "c6", "eth0", "IgnoreUnknown=1;IP=10.99.0.1", ""),
                new Step("ADD", "c7", "eth0", "", ",\"runtimeConfig\":{\"ipRanges\":[[{\"subnet\":\"10.88.0.0/24\"}]]}"),
                Step.add("c8")));
    }

    @Test
    void sameRefusals() throws Exception {
        for (String ipam : List.of("\"subnet\":\"10.77.0.0/31\"", "\"subnet\":\"10.77.0.1/24\"", "\"ranges\":[[{\"subnet\":\"fd00::/127\"}]]",
                "\"ranges\":[[{\"subnet\":\"10.77.0.0/24\"},{\"subnet\":\"fd00::/64\"}]]",
                "\"ranges\":[[{\"subnet\":\"10.77.0.0/24\"}],[{\"subnet\":\"10.77.0.0/25\"}]]",
                "\"ranges\":[[{\"subnet\":\"10.77.0.0/24\",\"rangeStart\":\"10.78.0.1\"}]]", "\"dataDir2\":1")) {
            for (Impl impl : Impl.values()) {
                Outcome o = Plugins.run(impl, "ADD", "c1", config(tmp.resolve(impl.name()), ipam, ""));
                assertNotEquals(0, o.exit(), impl + " " + ipam);
                assertTrue(o.json().has("code"), o.stdout());
            }
        }
        assertTrue(Files.notExists(tmp.resolve("OURS/difnet")) || Plugins.files(tmp.resolve("OURS/difnet")).keySet().equals(Set.of("lock")));
    }

    @Test
    void eitherReleasesWhatTheOtherReservedAndBothContinueTheRoundRobin() throws Exception {
        Path data = tmp.resolve("shared");
        String conf = config(data, "\"subnet\":\"10.77.0.0/24\"", "");
        Path dir = data.resolve("difnet");
        assertEquals(List.of("10.77.0.2/24 10.77.0.1"), Plugins.run(OURS, "ADD", "a1", conf).ok().ips());
        assertEquals(List.of("10.77.0.3/24 10.77.0.1"), Plugins.run(REFERENCE, "ADD", "b1", conf).ok().ips());
        assertEquals(List.of("10.77.0.4/24 10.77.0.1"), Plugins.run(OURS, "ADD", "a2", conf).ok().ips());
        // Duplicate detection sees the other's reservation.
        assertNotEquals(0, Plugins.run(REFERENCE, "ADD", "a2", conf).exit());
        assertNotEquals(0, Plugins.run(OURS, "ADD", "b1", conf).exit());
        // CHECK of the other's attachment.
        String conf04 = conf.replace("1.0.0", "0.4.0");
        Plugins.run(OURS, "CHECK", "b1", conf04).ok();
        Plugins.run(REFERENCE, "CHECK", "a1", conf04).ok();
        Plugins.run(REFERENCE, "DEL", "a1", conf).ok();
        Plugins.run(OURS, "DEL", "b1", conf).ok();
        assertEquals(Set.of("lock", "last_reserved_ip.0", "10.77.0.4"), Plugins.files(dir).keySet());
        Plugins.run(REFERENCE, "DEL", "a2", conf).ok();
        assertEquals(Set.of("lock", "last_reserved_ip.0"), Plugins.files(dir).keySet());
        // Old ID-only files (plugins before 0.7) are released by ours too.
        Files.writeString(dir.resolve("10.77.0.9"), "legacy");
        Plugins.run(OURS, "DEL", "legacy", conf).ok();
        assertEquals(Set.of("lock", "last_reserved_ip.0"), Plugins.files(dir).keySet());
    }

    @Test
    void bothAtOnceOnOneStoreNeverHandOutAnAddressTwice() throws Exception {
        Path data = tmp.resolve("shared");
        String conf = config(data, "\"subnet\":\"10.77.0.0/24\"", "");
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            procs.add(Plugins.start(i % 2 == 0 ? OURS : REFERENCE, "ADD", "m" + i, "eth0", "", conf));
        }
        Set<String> seen = new HashSet<>();
        for (Process p : procs) {
            seen.addAll(Plugins.finish(p).ok().ips());
        }
        assertEquals(12, seen.size(), seen.toString());
        Map<String, String> files = Plugins.files(data.resolve("difnet"));
        assertEquals(14, files.size(), files.toString());
    }
}

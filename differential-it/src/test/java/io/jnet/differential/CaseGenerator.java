package io.jnet.differential;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.differential.FuzzCase.Attachment;
import io.jnet.differential.FuzzCase.Op;
import io.jnet.differential.FuzzCase.Step;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Random but valid differential cases from a seed: case {@code i} depends only on (seed, i), so one case can be
 * played again alone. Kinds rotate (host-local, bridge, bridge+portmap), versions are 0.3.1, 0.4.0 and 1.0.0.
 * What {@link Documented} lists as deliberate is not generated.
 */
final class CaseGenerator {
    static final String[] KINDS = {"host-local", "bridge", "bridge+portmap"};
    static final String[] VERSIONS = {"0.3.1", "0.4.0", "1.0.0"};

    private final long seed;

    CaseGenerator(long seed) {
        this.seed = seed;
    }

    FuzzCase generate(int index) {
        Random r = new Random(seed * 1_000_003L + index);
        String kind = KINDS[index % KINDS.length];
        String version = VERSIONS[r.nextInt(VERSIONS.length)];
        return switch (kind) {
            case "host-local" -> hostLocal(index, version, r);
            case "bridge" -> bridge(index, version, r, false);
            default -> bridge(index, version, r, true);
        };
    }

    private static FuzzCase hostLocal(int index, String version, Random r) {
        IpamGenerator gen = new IpamGenerator(r, index);
        JsonObject conf = new JsonObject();
        conf.addProperty("type", "host-local");
        conf.add("ipam", gen.config());
        List<Step> steps = new ArrayList<>();
        List<Attachment> live = new ArrayList<>();
        int adds = 2 + r.nextInt(3);
        for (int i = 1; i <= adds; i++) {
            Attachment a = new Attachment("ctr-" + i, "c1", r.nextInt(100) < 15 ? "net1" : "eth0", null,
                    requested(r, gen), requestedCniArgs(r, gen));
            steps.add(new Step(Op.ADD, a, i == adds));
            live.add(a);
        }
        if (!version.equals("0.3.1")) {
            steps.add(new Step(Op.CHECK, live.get(0), false));
        }
        Attachment gone = live.get(1);
        steps.add(new Step(Op.DEL, gone, true));
        if (r.nextInt(100) < 30) {
            steps.add(new Step(Op.DEL, gone, false)); // DEL is idempotent
        }
        steps.add(new Step(Op.ADD, new Attachment("ctr-" + (adds + 1), "c1", "eth0", null, null, null), true));
        return new FuzzCase(index, "host-local", version, List.of(conf), steps, Set.of());
    }

    private static FuzzCase bridge(int index, String version, Random r, boolean portmap) {
        IpamGenerator gen = new IpamGenerator(r, index);
        BridgeShape shape = BridgeShape.random(r, portmap);
        JsonObject bridge = shape.config(gen);
        List<JsonObject> plugins = new ArrayList<>(List.of(bridge));
        Set<Integer> ports = new HashSet<>();
        if (portmap) {
            plugins.add(portmapConfig(r));
        }
        JsonObject mac = r.nextInt(100) < 10 ? macArgs(r) : null;
        Attachment first = new Attachment("ctr-1", "c1", "eth0", portmap ? mappings(r, ports, 1 + r.nextInt(3)) : null, mac, null);
        // a second interface of ctr-1 publishes no ports: one DNAT chain per container (Documented)
        Attachment second = r.nextInt(100) < (portmap ? 15 : 35) ? new Attachment("ctr-1", "c1", "net1", null, null, null) : null;
        Attachment other = r.nextInt(100) < 50
                ? new Attachment("ctr-2", "c2", "eth0", portmap ? mappings(r, ports, 1 + r.nextInt(2)) : null, null, null) : null;
        List<Attachment> adds = new ArrayList<>();
        adds.add(first);
        if (second != null) {
            adds.add(second);
        }
        if (other != null) {
            adds.add(other);
        }
        List<Step> steps = new ArrayList<>();
        boolean checkable = !version.equals("0.3.1") && shape.layer3;
        boolean checkOther = other != null && r.nextBoolean();
        // An unpinned bridge (no gateway) takes its lowest port's MAC, so a later port may change it, on either side
        // at random, and CHECK compares it: those CHECKs come right after their ADD (README, known limits).
        boolean pinned = shape.isGateway || shape.isDefaultGateway;
        for (int i = 0; i < adds.size(); i++) {
            Attachment a = adds.get(i);
            steps.add(new Step(Op.ADD, a, i == adds.size() - 1));
            if (checkable && !pinned && (a == first || (a == other && checkOther))) {
                steps.add(new Step(Op.CHECK, a, false));
            }
        }
        if (checkable && pinned) {
            steps.add(new Step(Op.CHECK, first, false));
            if (checkOther) {
                steps.add(new Step(Op.CHECK, other, false));
            }
        }
        // the reference's DEL of one of two interfaces on an ipMasq network fails (Documented): those stay
        boolean delContainer1 = second == null || !shape.ipMasq;
        if (delContainer1) {
            steps.add(new Step(Op.DEL, first, true));
            if (r.nextInt(100) < 30) {
                steps.add(new Step(Op.DEL, first, false));
            }
            if (second != null) {
                steps.add(new Step(Op.DEL, second, other == null));
            }
        }
        if (other != null) {
            steps.add(new Step(Op.DEL, other, true));
        }
        Set<String> ipv6Off = new TreeSet<>();
        if (gen.hasV6() && r.nextInt(100) < 25) {
            ipv6Off.add("c1");
        }
        return new FuzzCase(index, portmap ? "bridge+portmap" : "bridge", version, plugins, steps, ipv6Off);
    }

    private static JsonObject portmapConfig(Random r) {
        JsonObject pm = new JsonObject();
        pm.addProperty("type", "portmap");
        JsonObject caps = new JsonObject();
        caps.addProperty("portMappings", true);
        pm.add("capabilities", caps);
        int snat = r.nextInt(100);
        if (snat < 20) {
            pm.addProperty("snat", true);
        } else if (snat < 40) {
            pm.addProperty("snat", false);
        }
        if (r.nextInt(100) < 15) {
            pm.addProperty("markMasqBit", r.nextInt(32));
        }
        if (r.nextInt(100) < 10) {
            JsonArray v4 = new JsonArray();
            v4.add("-s");
            v4.add("192.0.2.0/24");
            pm.add("conditionsV4", v4);
            JsonArray v6 = new JsonArray();
            v6.add("!");
            v6.add("-s");
            v6.add("2001:db8::/32");
            pm.add("conditionsV6", v6);
        }
        return pm;
    }

    /** Port mappings with host ports unique in the case (a host port published twice is refused by jnet: Documented). */
    private static JsonArray mappings(Random r, Set<Integer> usedPorts, int n) {
        String[] hostIps = {null, null, null, null, null, "0.0.0.0", "::", "198.51.100.7", "2001:db8::7", "127.0.0.1"};
        JsonArray out = new JsonArray();
        for (int i = 0; i < n; i++) {
            int hostPort;
            do {
                hostPort = 1024 + r.nextInt(60000);
            } while (!usedPorts.add(hostPort));
            JsonObject m = new JsonObject();
            m.addProperty("hostPort", hostPort);
            m.addProperty("containerPort", 1 + r.nextInt(65535));
            int p = r.nextInt(100);
            m.addProperty("protocol", p < 60 ? "tcp" : p < 95 ? "udp" : "sctp");
            String hostIp = hostIps[r.nextInt(hostIps.length)];
            if (hostIp != null) {
                m.addProperty("hostIP", hostIp);
            }
            out.add(m);
        }
        return out;
    }

    private static JsonObject macArgs(Random r) {
        JsonObject cni = new JsonObject();
        cni.addProperty("mac", String.format("02:%02x:%02x:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256),
                r.nextInt(256), r.nextInt(256)));
        JsonObject args = new JsonObject();
        args.add("cni", cni);
        return args;
    }

    private static JsonObject requested(Random r, IpamGenerator gen) {
        if (r.nextInt(100) >= 25) {
            return null;
        }
        JsonArray ips = new JsonArray();
        gen.requestedIps().forEach(ips::add);
        JsonObject cni = new JsonObject();
        cni.add("ips", ips);
        JsonObject args = new JsonObject();
        args.add("cni", cni);
        return args;
    }

    private static String requestedCniArgs(Random r, IpamGenerator gen) {
        if (r.nextInt(100) >= 10 || !gen.hasV4()) {
            return null;
        }
        List<String> ips = gen.requestedIps();
        return ips.get(0).contains(":") ? null : "IgnoreUnknown=1;IP=" + ips.get(0);
    }
}

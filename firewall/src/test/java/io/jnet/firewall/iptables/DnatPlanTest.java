package io.jnet.firewall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.firewall.Family;
import io.jnet.firewall.PortMapping;
import io.jnet.firewall.PortRun;
import io.jnet.firewall.PortPublication;
import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import io.jnet.inet.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnatPlanTest {
    private static final String MAPPINGS = "{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"},"
            + "{\"hostPort\":8081,\"containerPort\":81,\"protocol\":\"tcp\",\"hostIP\":\"10.0.0.1\"},"
            + "{\"hostPort\":5353,\"containerPort\":53,\"protocol\":\"udp\"},"
            + "{\"hostPort\":9000,\"containerPort\":90,\"protocol\":\"sctp\",\"hostIP\":\"::\"},"
            + "{\"hostPort\":9001,\"containerPort\":91,\"protocol\":\"tcp\",\"hostIP\":\"fd00::1\"}";

    /** What the reference portmap 1.1.1 left in iptables-save for MAPPINGS, network mynet, container abc123. */
    private static final String REFERENCE_V4 = """
            *nat
            -A CNI-DN-70a29d9dc18bc4d652ea5 -s 10.88.0.0/16 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK
            -A CNI-DN-70a29d9dc18bc4d652ea5 -s 127.0.0.1/32 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK
            -A CNI-DN-70a29d9dc18bc4d652ea5 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.88.0.5:80
            -A CNI-DN-70a29d9dc18bc4d652ea5 -s 10.88.0.0/16 -d 10.0.0.1/32 -p tcp -m tcp --dport 8081 -j CNI-HOSTPORT-SETMARK
            -A CNI-DN-70a29d9dc18bc4d652ea5 -s 127.0.0.1/32 -d 10.0.0.1/32 -p tcp -m tcp --dport 8081 -j CNI-HOSTPORT-SETMARK
            -A CNI-DN-70a29d9dc18bc4d652ea5 -d 10.0.0.1/32 -p tcp -m tcp --dport 8081 -j DNAT --to-destination 10.88.0.5:81
            -A CNI-DN-70a29d9dc18bc4d652ea5 -s 10.88.0.0/16 -p udp -m udp --dport 5353 -j CNI-HOSTPORT-SETMARK
            -A CNI-DN-70a29d9dc18bc4d652ea5 -s 127.0.0.1/32 -p udp -m udp --dport 5353 -j CNI-HOSTPORT-SETMARK
            -A CNI-DN-70a29d9dc18bc4d652ea5 -p udp -m udp --dport 5353 -j DNAT --to-destination 10.88.0.5:53
            -A CNI-HOSTPORT-DNAT -p sctp -m comment --comment "dnat name: \\"mynet\\" id: \\"abc123\\"" -m multiport --dports 9000 -j CNI-DN-70a29d9dc18bc4d652ea5
            -A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"mynet\\" id: \\"abc123\\"" -m multiport --dports 8080,8081,9001 -j CNI-DN-70a29d9dc18bc4d652ea5
            -A CNI-HOSTPORT-DNAT -p udp -m comment --comment "dnat name: \\"mynet\\" id: \\"abc123\\"" -m multiport --dports 5353 -j CNI-DN-70a29d9dc18bc4d652ea5
            """;
    private static final String REFERENCE_V6 = """
            *nat
            -A CNI-DN-70a29d9dc18bc4d652ea5 -s fd88::/64 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK
            -A CNI-DN-70a29d9dc18bc4d652ea5 -p tcp -m tcp --dport 8080 -j DNAT --to-destination [fd88::5]:80
            -A CNI-DN-70a29d9dc18bc4d652ea5 -s fd88::/64 -p udp -m udp --dport 5353 -j CNI-HOSTPORT-SETMARK
            -A CNI-DN-70a29d9dc18bc4d652ea5 -p udp -m udp --dport 5353 -j DNAT --to-destination [fd88::5]:53
            -A CNI-DN-70a29d9dc18bc4d652ea5 -s fd88::/64 -p sctp -m sctp --dport 9000 -j CNI-HOSTPORT-SETMARK
            -A CNI-DN-70a29d9dc18bc4d652ea5 -p sctp -m sctp --dport 9000 -j DNAT --to-destination [fd88::5]:90
            -A CNI-DN-70a29d9dc18bc4d652ea5 -s fd88::/64 -d fd00::1/128 -p tcp -m tcp --dport 9001 -j CNI-HOSTPORT-SETMARK
            -A CNI-DN-70a29d9dc18bc4d652ea5 -d fd00::1/128 -p tcp -m tcp --dport 9001 -j DNAT --to-destination [fd88::5]:91
            -A CNI-HOSTPORT-DNAT -p sctp -m comment --comment "dnat name: \\"mynet\\" id: \\"abc123\\"" -m multiport --dports 9000 -j CNI-DN-70a29d9dc18bc4d652ea5
            -A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"mynet\\" id: \\"abc123\\"" -m multiport --dports 8080,8081,9001 -j CNI-DN-70a29d9dc18bc4d652ea5
            -A CNI-HOSTPORT-DNAT -p udp -m comment --comment "dnat name: \\"mynet\\" id: \\"abc123\\"" -m multiport --dports 5353 -j CNI-DN-70a29d9dc18bc4d652ea5
            """;

    /** The portmap options of a config snippet ({@code ,"snat":false}...) and its mappings, for network mynet. */
    static JsonObject conf(String extra, String mappings) {
        return JsonParser.parseString("{\"name\":\"mynet\"" + extra + ",\"portMappings\":[" + mappings + "]}")
                .getAsJsonObject();
    }

    /** The plan of {@code conf} for one container address, as the portmap plugin hands it over. */
    static DnatPlan build(JsonObject conf, String containerId, Family family, IpPrefix address) {
        PortPublication p = new PortPublication(conf.get("name").getAsString(), containerId,
                family == Family.IPV4 ? address : null, family == Family.IPV6 ? address : null, mappings(conf),
                !conf.has("snat") || conf.get("snat").getAsBoolean(), conf.has("masqAll") && conf.get("masqAll").getAsBoolean(),
                PortPublication.DEFAULT_MARK_BIT,
                conf.has("externalSetMarkChain") ? conf.get("externalSetMarkChain").getAsString() : null,
                strings(conf, "conditionsV4"), strings(conf, "conditionsV6"),
                conf.has("userlandProxy") && conf.get("userlandProxy").getAsBoolean());
        return DnatPlan.build(p, family);
    }

    static List<PortMapping> mappings(JsonObject conf) {
        List<PortMapping> mappings = new ArrayList<>();
        for (JsonElement e : conf.getAsJsonArray("portMappings")) {
            JsonObject m = e.getAsJsonObject();
            mappings.add(new PortMapping(m.get("hostPort").getAsInt(), m.get("containerPort").getAsInt(),
                    m.get("protocol").getAsString(), m.has("hostIP") ? m.get("hostIP").getAsString() : null));
        }
        return mappings;
    }

    private static List<String> strings(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        if (o.has(key)) {
            o.getAsJsonArray(key).forEach(e -> out.add(e.getAsString()));
        }
        return out;
    }

    @Test
    void rulesAreTheReferencesTokenForToken() throws Exception {
        JsonObject c = conf("", MAPPINGS);
        DnatPlan v4 = build(c, "abc123", Family.IPV4, IpPrefix.parse("10.88.0.5/16"));
        Table ref4 = Table.parse("nat", REFERENCE_V4);
        assertEquals(ref4.rules(v4.chain()), v4.chainRules());
        assertEquals(ref4.rules(Chains.TOP_DNAT), v4.entryRules());
        assertTrue(v4.exactEntries());
        DnatPlan v6 = build(c, "abc123", Family.IPV6, IpPrefix.parse("fd88::5/64"));
        Table ref6 = Table.parse("nat", REFERENCE_V6);
        assertEquals(ref6.rules(v6.chain()), v6.chainRules());
        assertEquals(ref6.rules(Chains.TOP_DNAT), v6.entryRules());
        assertEquals(Rule.of("-m", "comment", "--comment", "CNI portfwd masquerade mark", "-j", "MARK", "--set-xmark",
                "0x2000/0x2000"), v4.setMarkRule());
        assertEquals(Rule.of("-m", "mark", "--mark", "0x2000/0x2000", "-j", "MASQUERADE"), v4.masqRule());
    }

    @Test
    void masqAllMarksEverySourceAndNeedsNoLocalhostRule() throws Exception {
        DnatPlan p = build(conf(",\"masqAll\":true", "{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}"),
                "c", Family.IPV4, IpPrefix.parse("10.88.0.5/16"));
        assertEquals(List.of(
                Rule.of("-p", "tcp", "-m", "tcp", "--dport", "8080", "-j", Chains.SETMARK),
                Rule.of("-p", "tcp", "-m", "tcp", "--dport", "8080", "-j", "DNAT", "--to-destination", "10.88.0.5:80")),
                p.chainRules());
    }

    @Test
    void withoutSnatOnlyDnatAndNoSharedChains() throws Exception {
        DnatPlan p = build(conf(",\"snat\":false", "{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"udp\"}"),
                "c", Family.IPV4, IpPrefix.parse("10.88.0.5/32"));
        assertEquals(1, p.chainRules().size());
        assertFalse(p.sharedMarks());
    }

    @Test
    void externalChainIsTheMarkTargetAndSharedChainsAreLeftAlone() throws Exception {
        DnatPlan p = build(conf(",\"externalSetMarkChain\":\"KUBE-MARK-MASQ\"",
                "{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}"), "c", Family.IPV4, IpPrefix.parse("10.88.0.5/32"));
        assertEquals(Rule.of("-s", "10.88.0.5/32", "-p", "tcp", "-m", "tcp", "--dport", "8080", "-j", "KUBE-MARK-MASQ"),
                p.chainRules().get(0));
        assertFalse(p.sharedMarks());
    }

    @Test
    void multiportTakesFifteenPortsPerRule() throws Exception {
        List<String> m = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            m.add("{\"hostPort\":" + (10000 + i) + ",\"containerPort\":80,\"protocol\":\"tcp\"}");
        }
        DnatPlan p = build(conf("", String.join(",", m)), "c", Family.IPV4, IpPrefix.parse("10.88.0.5/16"));
        assertEquals(2, p.entryRules().size());
        assertTrue(p.entryRules().get(0).args().contains("10000,10001,10002,10003,10004,10005,10006,10007,10008,10009,"
                + "10010,10011,10012,10013,10014"));
        assertTrue(p.entryRules().get(1).args().contains("10015,10016"));
    }

    @Test
    void conditionsGoOnTheEntryRulesOfTheirFamily() throws Exception {
        JsonObject c = conf(",\"conditionsV4\":[\"-s\",\"1.2.3.4\"],\"conditionsV6\":[\"!\",\"-i\",\"eth0\"]",
                "{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}");
        DnatPlan v4 = build(c, "c", Family.IPV4, IpPrefix.parse("10.88.0.5/16"));
        DnatPlan v6 = build(c, "c", Family.IPV6, IpPrefix.parse("fd88::5/64"));
        assertTrue(v4.entryRules().get(0).text().contains("-s 1.2.3.4 -j"), v4.entryRules().toString());
        assertTrue(v6.entryRules().get(0).text().contains("! -i eth0 -j"), v6.entryRules().toString());
        assertFalse(v4.exactEntries());
    }

    /** {@code n} mappings host {@code host..}, container {@code container..}, as the CLI expands a range. */
    private static String range(int host, int container, int n, String proto, String hostIp) {
        List<String> m = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            m.add("{\"hostPort\":" + (host + i) + ",\"containerPort\":" + (container + i) + ",\"protocol\":\"" + proto + "\""
                    + (hostIp == null ? "" : ",\"hostIP\":\"" + hostIp + "\"") + "}");
        }
        return String.join(",", m);
    }

    @Test
    void aRangeOfMappingsIsOneRuleOfEachKindWithAShiftedTarget() throws Exception {
        JsonObject c = conf("", range(8000, 80, 11, "tcp", null) + "," + range(9000, 9000, 6, "udp", "127.0.0.1"));
        DnatPlan v4 = build(c, "c", Family.IPV4, IpPrefix.parse("10.88.0.5/16"));
        assertEquals(List.of(
                Rule.of("-s", "10.88.0.0/16", "-p", "tcp", "-m", "tcp", "--dport", "8000:8010", "-j", Chains.SETMARK),
                Rule.of("-s", "127.0.0.1/32", "-p", "tcp", "-m", "tcp", "--dport", "8000:8010", "-j", Chains.SETMARK),
                Rule.of("-p", "tcp", "-m", "tcp", "--dport", "8000:8010", "-j", "DNAT", "--to-destination", "10.88.0.5:80-90/8000"),
                Rule.of("-s", "10.88.0.0/16", "-d", "127.0.0.1/32", "-p", "udp", "-m", "udp", "--dport", "9000:9005", "-j", Chains.SETMARK),
                Rule.of("-s", "127.0.0.1/32", "-d", "127.0.0.1/32", "-p", "udp", "-m", "udp", "--dport", "9000:9005", "-j", Chains.SETMARK),
                // the same ports on both sides: DNAT keeps the port, as iptables-save prints it
                Rule.of("-d", "127.0.0.1/32", "-p", "udp", "-m", "udp", "--dport", "9000:9005", "-j", "DNAT", "--to-destination", "10.88.0.5")),
                v4.chainRules());
        assertEquals(2, v4.entryRules().size());
        assertTrue(v4.entryRules().get(0).args().contains("8000:8010"), v4.entryRules().toString());
        assertTrue(v4.entryRules().get(1).args().contains("9000:9005"), v4.entryRules().toString());
        DnatPlan v6 = build(conf("", range(8000, 80, 11, "tcp", null)), "c", Family.IPV6, IpPrefix.parse("fd88::5/64"));
        assertEquals(Rule.of("-p", "tcp", "-m", "tcp", "--dport", "8000:8010", "-j", "DNAT", "--to-destination", "[fd88::5]:80-90/8000"),
                v6.chainRules().get(1));
    }

    @Test
    void runsBreakWhereTheProtocolHostAddressOrEitherPortDoesNotFollow() throws Exception {
        String m = range(8000, 80, 2, "tcp", null) + "," + range(8002, 90, 1, "tcp", null) // container port jumps
                + "," + range(8003, 91, 1, "udp", null) // protocol changes
                + "," + range(8004, 92, 1, "udp", "10.0.0.1"); // host address changes
        List<PortRun> runs = PortRun.of(mappings(conf("", m)));
        assertEquals(List.of("8000:8001", "8002", "8003", "8004"), runs.stream().map(PortRun::hostPorts).toList());
    }

    @Test
    void multiportCountsARangeAsTwoPorts() {
        List<PortRun> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            runs.add(new PortRun("tcp", null, 1000 + 10 * i, 1000 + 10 * i + 5, 80));
        }
        List<List<String>> groups = DnatPlan.multiportGroups(runs);
        assertEquals(List.of(7, 1), groups.stream().map(List::size).toList(), groups.toString());
    }

    @Test
    void withTheUserlandProxyLoopbackIsLeftToTheProxy() throws Exception {
        JsonObject c = conf(",\"userlandProxy\":true", range(8080, 80, 1, "tcp", null) + "," + range(8443, 443, 1, "tcp", "127.0.0.1")
                + "," + range(8444, 443, 1, "tcp", "::1"));
        DnatPlan v4 = build(c, "c", Family.IPV4, IpPrefix.parse("10.88.0.5/16"));
        assertEquals(List.of(
                Rule.of("-d", "127.0.0.0/8", "-j", "RETURN"),
                Rule.of("-s", "10.88.0.0/16", "-p", "tcp", "-m", "tcp", "--dport", "8080", "-j", Chains.SETMARK),
                Rule.of("-p", "tcp", "-m", "tcp", "--dport", "8080", "-j", "DNAT", "--to-destination", "10.88.0.5:80")),
                v4.chainRules(), "no localhost mark, no DNAT of a 127.0.0.1 mapping: the proxy answers there");
        DnatPlan v6 = build(c, "c", Family.IPV6, IpPrefix.parse("fd88::5/64"));
        assertEquals(Rule.of("-d", "::1/128", "-j", "RETURN"), v6.chainRules().get(0));
        assertEquals(3, v6.chainRules().size(), v6.chainRules().toString());
    }
}

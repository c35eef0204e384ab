package io.jnet.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cached reads of {@link IptablesCommands} in its own namespace against what iptables-save shows. */
@KernelTest
class RulesetCacheIT {
    private static final List<String> TABLES = List.of("filter", "nat", "raw");
    private static final Rule MASQ = Rule.of("!", "-d", "224.0.0.0/4", "-m", "comment", "--comment", "name: \"n\" id: \"c d\"", "-j", "MASQUERADE");
    private static final Rule JUMP = Rule.of("-s", "10.1.0.2/32", "-m", "comment", "--comment", "name: \"n\" id: \"c d\"", "-j", "CNI-m");
    private static final Rule DNAT = Rule.of("-p", "tcp", "-m", "tcp", "--dport", "8080", "-j", "DNAT", "--to-destination", "10.1.0.2:80");
    private static final Rule DROP = Rule.of("-d", "10.1.0.2/32", "!", "-i", "br0", "-j", "DROP");

    @Test
    void readsAfterOurOwnRestoresComeFromTheCopyAndMatchTheKernel(Sandbox sb) throws Exception {
        sb.host().call(() -> hosted(() -> {
            Iptables ipt = Iptables.commands();
            ipt.readTables(Family.IPV4, TABLES); // the first read is a save
            List<List<Transaction>> steps = List.of(
                    List.of(new Transaction("nat").declareChain("CNI-m").append("CNI-m", MASQ).append("POSTROUTING", JUMP)
                            .append("PREROUTING", Rule.of("-d", "10.9.9.9/32", "-j", "ACCEPT"))),
                    List.of(new Transaction("nat").createChain("CNI-DN").append("CNI-DN", DNAT).insert("PREROUTING", Rule.of("-j", "CNI-DN")),
                            new Transaction("raw").declareChain("CNI-r").append("CNI-r", DROP).append("PREROUTING", Rule.of("-j", "CNI-r")),
                            new Transaction("filter").createChain("CNI-FORWARD").insert("FORWARD", Rule.of("-j", "CNI-FORWARD"))),
                    List.of(new Transaction("nat").declareChain("CNI-m").append("CNI-m", MASQ)),
                    List.of(new Transaction("raw").delete("PREROUTING", Rule.of("-j", "CNI-r")).flush("CNI-r").deleteChain("CNI-r"),
                            new Transaction("nat").delete("POSTROUTING", JUMP).flush("CNI-m").deleteChain("CNI-m")),
                    List.of(new Transaction("filter").delete("FORWARD", Rule.of("-j", "CNI-FORWARD")).deleteChain("CNI-FORWARD")));
            for (List<Transaction> step : steps) {
                ipt.apply(Family.IPV4, step);
                long hits = RulesetCache.hits();
                Map<String, Table> cached = ipt.readTables(Family.IPV4, TABLES);
                assertEquals(hits + 1, RulesetCache.hits(), "read from the copy after " + step);
                assertSame(kernel(sb, Family.IPV4), cached, step.toString());
            }
            return null;
        }));
    }

    @Test
    void aChangeMadeByAnotherProgramIsSeen(Sandbox sb) throws Exception {
        sb.host().call(() -> hosted(() -> {
            Iptables ipt = Iptables.commands();
            ipt.apply(Family.IPV4, new Transaction("nat").declareChain("CNI-m").append("CNI-m", MASQ));
            ipt.read(Family.IPV4, "nat");
            sb.exec(sb.host(), "iptables", "-t", "nat", "-A", "CNI-m", "-j", "RETURN").assertOk();
            assertEquals(List.of(MASQ, Rule.of("-j", "RETURN")), ipt.read(Family.IPV4, "nat").rules("CNI-m"));
            assertSame(kernel(sb, Family.IPV4), ipt.readTables(Family.IPV4, TABLES), "after the other program");
            return null;
        }));
    }

    @Test
    void theOtherFamilysCopyStaysAndTablesNeverWrittenReadAsEmptyWithoutAProgram(Sandbox sb) throws Exception {
        sb.host().call(() -> hosted(() -> {
            Iptables ipt = Iptables.commands();
            long before = IptablesCommands.programRuns();
            Map<String, Table> v6 = ipt.readTables(Family.IPV6, TABLES);
            assertEquals(before, IptablesCommands.programRuns(), "no IPv6 table exists: nothing to run");
            assertSame(kernel(sb, Family.IPV6), v6, "absent IPv6 tables");
            ipt.apply(Family.IPV6, new Transaction("nat").declareChain("CNI-6").append("CNI-6", Rule.of("-j", "RETURN")));
            ipt.readTables(Family.IPV6, TABLES);
            ipt.apply(Family.IPV4, new Transaction("nat").declareChain("CNI-m").append("CNI-m", MASQ));
            long hits = RulesetCache.hits();
            assertSame(kernel(sb, Family.IPV6), ipt.readTables(Family.IPV6, TABLES), "IPv6 after an IPv4 restore");
            assertEquals(hits + 1, RulesetCache.hits(), "IPv6 read from its copy");
            return null;
        }));
    }

    /** Runs {@code task} as a call the engine hosts: only such calls keep copies. */
    private static <T> T hosted(java.util.concurrent.Callable<T> task) throws Exception {
        return io.jnet.context.CallContext.hosted(System.getenv(), java.nio.file.Path.of("/"), java.io.InputStream.nullInputStream(),
                System.out, System.err, System.err).call(task);
    }

    @Test
    void aJvmOfOneCallKeepsNoCopy(Sandbox sb) throws Exception {
        sb.host().call(() -> {
            Iptables ipt = Iptables.commands();
            ipt.apply(Family.IPV4, new Transaction("nat").declareChain("CNI-m").append("CNI-m", MASQ));
            long hits = RulesetCache.hits();
            ipt.read(Family.IPV4, "nat");
            ipt.read(Family.IPV4, "nat");
            assertEquals(hits, RulesetCache.hits());
            return null;
        });
    }

    /** What iptables-save shows of each table, from a program of its own (not through the cache). */
    private static Map<String, Table> kernel(Sandbox sb, Family family) {
        String save = sb.exec(sb.host(), family.saveCommand()).assertOk().stdout();
        Map<String, Table> out = new java.util.LinkedHashMap<>();
        for (String t : TABLES) {
            out.put(t, save.contains("*" + t + "\n") ? Table.parse(t, save) : AbsentTables.empty(t));
        }
        return out;
    }

    private static void assertSame(Map<String, Table> kernel, Map<String, Table> cached, String when) {
        for (String t : TABLES) {
            Table k = kernel.get(t);
            Table c = cached.get(t);
            assertEquals(k.chains(), c.chains(), t + " chains, " + when);
            for (String chain : k.chains()) {
                assertEquals(k.rules(chain), c.rules(chain), t + " " + chain + ", " + when);
                assertEquals(k.policy(chain), c.policy(chain), t + " " + chain + " policy, " + when);
            }
        }
    }
}

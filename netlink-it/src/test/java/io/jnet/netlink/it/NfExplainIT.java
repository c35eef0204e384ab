package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.explain.Binding;
import io.jnet.explain.Explain;
import io.jnet.netlink.netfilter.Field;
import io.jnet.netlink.netfilter.NfBatch;
import io.jnet.netlink.netfilter.NfChain;
import io.jnet.netlink.netfilter.NfElement;
import io.jnet.netlink.netfilter.NfFamily;
import io.jnet.netlink.netfilter.NfSet;
import io.jnet.netlink.netfilter.NfTable;
import io.jnet.netlink.netfilter.NfTables;
import io.jnet.netlink.netfilter.RuleBuilder;
import io.jnet.netlink.netfilter.SetKey;
import io.jnet.netlink.netfilter.Verdict;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A committed nf_tables batch explains itself as nft commands that, run by hand elsewhere, build the same ruleset. */
@KernelTest
class NfExplainIT {

    @Test
    void explainedBatchReplayedByNftBuildsTheSameRuleset(Sandbox sb) throws Exception {
        NetNs made = sb.container("made");
        NetNs replay = sb.container("replay");
        List<String> lines = new ArrayList<>();
        Explain sink = lines::add;
        SetKey key = SetKey.of(Field.L4PROTO, Field.TH_DPORT);
        NfSet ports = NfSet.verdictMap(NfFamily.IP, "t", "ports", key);
        try (Binding b = Explain.bind(sink); NfTables nft = NfTables.open(made)) {
            nft.commit(new NfBatch().addTable(NfTable.of(NfFamily.IP, "t"))
                    .addChain(NfChain.regular(NfFamily.IP, "t", "dn1"))
                    .addSet(ports)
                    .addElements(ports, List.of(NfElement.of(key.key(new byte[] {6}, new byte[] {0x1f, (byte) 0x90}),
                            Verdict.jump("dn1"))))
                    .addRule(RuleBuilder.in(NfFamily.IP, "t", "dn1").dport("tcp", 8080).verdict(Verdict.ACCEPT).build()));
        }
        String prefix = "ip netns exec " + made.path().getFileName() + " nft ";
        assertEquals(5, lines.size(), String.join("\n", lines));
        for (String line : lines) {
            assertTrue(line.startsWith(prefix), line);
            String command = line.substring(prefix.length());
            // one shell word, single-quoted where it needs it (Commands.quote)
            String unquoted = command.startsWith("'") ? command.substring(1, command.length() - 1).replace("'\\''", "'") : command;
            sb.exec(replay, "nft", unquoted).assertOk();
        }
        assertEquals(NftCli.text(sb, made), NftCli.text(sb, replay));
    }
}

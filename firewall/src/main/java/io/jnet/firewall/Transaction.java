package io.jnet.firewall;

import java.util.ArrayList;
import java.util.List;

/**
 * Changes to one table, applied together by one {@code iptables-restore --noflush}: either every line
 * takes effect or none does. Lines run in the order they were added. Deleting a rule or chain that
 * does not exist fails the whole transaction, so callers build deletions from what {@link Table} shows.
 */
public final class Transaction {
    private final String table;
    private final List<String> chainLines = new ArrayList<>();
    private final List<String> ruleLines = new ArrayList<>();

    public Transaction(String table) {
        this.table = table;
    }

    public String table() {
        return table;
    }

    /**
     * Creates {@code chain}, or empties it if it exists (iptables-restore flushes a declared chain even
     * with --noflush): use it to (re)write a chain we own in one step.
     */
    public Transaction declareChain(String chain) {
        chainLines.add(":" + chain + " - [0:0]");
        return this;
    }

    /**
     * Creates {@code chain} ({@code -N}); unlike {@link #declareChain}, the whole transaction fails when the
     * chain exists already. Use it for chains shared with other processes: when another one created (and
     * filled) the chain between our read and this apply, we fail and can re-read instead of flushing its rules.
     */
    public Transaction createChain(String chain) {
        ruleLines.add("-N " + chain);
        return this;
    }

    public Transaction append(String chain, Rule rule) {
        ruleLines.add("-A " + chain + " " + rule.text());
        return this;
    }

    /** Inserts {@code rule} at the head of {@code chain}. */
    public Transaction insert(String chain, Rule rule) {
        ruleLines.add("-I " + chain + " 1 " + rule.text());
        return this;
    }

    public Transaction delete(String chain, Rule rule) {
        ruleLines.add("-D " + chain + " " + rule.text());
        return this;
    }

    public Transaction flush(String chain) {
        ruleLines.add("-F " + chain);
        return this;
    }

    public Transaction deleteChain(String chain) {
        ruleLines.add("-X " + chain);
        return this;
    }

    public boolean isEmpty() {
        return chainLines.isEmpty() && ruleLines.isEmpty();
    }

    /** The iptables-restore input. */
    public String script() {
        StringBuilder sb = new StringBuilder("*").append(table).append('\n');
        chainLines.forEach(l -> sb.append(l).append('\n'));
        ruleLines.forEach(l -> sb.append(l).append('\n'));
        return sb.append("COMMIT\n").toString();
    }

    @Override
    public String toString() {
        return script();
    }
}

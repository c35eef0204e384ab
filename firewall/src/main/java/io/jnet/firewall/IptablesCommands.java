package io.jnet.firewall;

import io.jnet.context.CallContext;
import io.jnet.explain.Explain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** {@link Iptables} through iptables-save and iptables-restore, run as argument lists (no shell). */
final class IptablesCommands implements Iptables {
    private final List<String> prefix;
    /** The namespace the commands act on, as the explain hook names it (null: our own). */
    private final String where;

    /** {@code prefix}: what runs the command in another namespace (nsenter ...), empty for our own. */
    IptablesCommands(List<String> prefix) {
        this(prefix, null);
    }

    IptablesCommands(List<String> prefix, String where) {
        this.prefix = List.copyOf(prefix);
        this.where = where;
    }

    private static final List<String> SEARCH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin");
    /** Seconds to wait for the xtables lock held by another iptables user. */
    private static final String LOCK_WAIT = "10";
    private static final long TIMEOUT_SECONDS = 30;
    private static final Set<String> BUILT_IN = Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");

    /** A command that ran and exited non-zero. */
    private static final class CommandFailed extends FirewallException {
        final int exitCode;

        CommandFailed(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    @Override
    public Table read(Family family, String table) throws FirewallException {
        return readTables(family, List.of(table)).get(table);
    }

    /**
     * In our own namespace on iptables-nft, through the {@link RulesetCache}: no program while nothing else changed
     * the rules since our last save or restore. Else one {@code iptables-save} of every table, or per table when that
     * fails (a table only nft can show, say) or only one is asked for.
     */
    @Override
    public Map<String, Table> readTables(Family family, List<String> tables) throws FirewallException {
        String save = find(family.saveCommand());
        if (cached(save)) {
            try {
                return RulesetCache.read(family, tables, () -> run(command(save), null));
            } catch (CommandFailed e) {
                // per table below
            }
        } else if (tables.size() > 1) {
            try {
                String out = run(command(save), null);
                Map<String, Table> read = new LinkedHashMap<>();
                tables.forEach(t -> read.put(t, Table.parse(t, out)));
                return read;
            } catch (CommandFailed e) {
                // per table below
            }
        }
        Map<String, Table> read = new LinkedHashMap<>();
        for (String table : tables) {
            read.put(table, Table.parse(table, run(command(save, "-t", table), null)));
        }
        return read;
    }

    /**
     * Whether reads and writes go through the {@link RulesetCache}: a call hosted by a longer-lived JVM (the engine,
     * or the CLI running a chain in-process), in our own namespace, on the nf_tables variant. A JVM of one plugin call
     * would gain nothing from the copies and pay JNA's start-up for them.
     */
    private boolean cached(String save) {
        return prefix.isEmpty() && CallContext.current().isHosted() && NFT_VARIANT.computeIfAbsent(save, IptablesCommands::nftVariant);
    }

    private static final Map<String, Boolean> NFT_VARIANT = new ConcurrentHashMap<>();

    private static boolean nftVariant(String command) {
        try {
            return Path.of(command).toRealPath().getFileName().toString().equals("xtables-nft-multi");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Table readChains(Family family, String table, List<String> chains) throws FirewallException {
        String save = find(family.saveCommand());
        if (cached(save)) {
            Table current = RulesetCache.peek(family, table, () -> run(command(save), null));
            if (current != null) {
                return current.only(chains);
            }
        }
        String cmd = find(family.command());
        StringBuilder out = new StringBuilder();
        for (String chain : chains) {
            try {
                out.append(run(command(cmd, "-w", LOCK_WAIT, "-t", table, "-S", chain), null)).append('\n');
            } catch (CommandFailed e) {
                // exit 1 is how iptables says the chain does not exist; built-in chains always do
                if (e.exitCode != 1 || BUILT_IN.contains(chain)) {
                    throw e;
                }
            }
        }
        return Table.parseListing(table, out.toString());
    }

    @Override
    public void apply(Family family, Transaction tx) throws FirewallException {
        apply(family, List.of(tx));
    }

    /** One iptables-restore with a section per non-empty transaction. */
    @Override
    public void apply(Family family, List<Transaction> txs) throws FirewallException {
        List<Transaction> work = txs.stream().filter(tx -> !tx.isEmpty()).toList();
        if (work.isEmpty()) {
            return;
        }
        StringBuilder script = new StringBuilder();
        work.forEach(tx -> script.append(tx.script()));
        List<String> restore = command(find(family.restoreCommand()), "--noflush", "-w", LOCK_WAIT);
        if (cached(find(family.saveCommand()))) {
            RulesetCache.apply(family, work, () -> run(restore, script.toString()));
        } else {
            run(restore, script.toString());
        }
        Explain explain = Explain.current();
        if (explain.active()) {
            work.forEach(tx -> IptablesEquivalents.commands(family, tx, where).forEach(explain::command));
        }
    }

    @Override
    public String unavailableReason(Family family) {
        try {
            find(family.restoreCommand());
            find(family.saveCommand());
            return null;
        } catch (FirewallException e) {
            return e.getMessage();
        }
    }

    private List<String> command(String... args) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(List.of(args));
        return full;
    }

    static String find(String command) throws FirewallException {
        for (String dir : SEARCH) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new FirewallException(command + " not found (install the iptables package)");
    }

    /** Programs run so far by this JVM (what the {@link RulesetCache} saves is seen in tests through it). */
    private static final java.util.concurrent.atomic.AtomicLong RUNS = new java.util.concurrent.atomic.AtomicLong();

    static long programRuns() {
        return RUNS.get();
    }

    private String run(List<String> command, String stdin) throws FirewallException {
        RUNS.incrementAndGet();
        String name = Path.of(command.get(prefix.size())).getFileName().toString();
        // The calling plugin's environment (XTABLES_LOCKFILE...), also when the engine runs the call.
        ProcessBuilder pb = CallContext.current().prepare(new ProcessBuilder(command)).redirectErrorStream(false);
        try {
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] err;
            String out;
            try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
                // iptables output is small; reading stdout then stderr cannot dead-lock on these sizes,
                // except a huge save, which is read first.
                out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
                err = e.readAllBytes();
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new FirewallException(name + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                String msg = new String(err, StandardCharsets.UTF_8).strip();
                throw new CommandFailed(name + " failed (exit " + p.exitValue() + "): "
                        + msg + (stdin == null ? "" : "\ninput was:\n" + stdin), p.exitValue());
            }
            return out;
        } catch (IOException e) {
            throw new FirewallException("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FirewallException("interrupted running " + name, e);
        }
    }
}

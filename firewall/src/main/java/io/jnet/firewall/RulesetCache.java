package io.jnet.firewall;

import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.netfilter.NfTables;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the last {@code iptables-save} of each family showed in one network namespace, kept up to date with our own
 * iptables-restores, so that the reads of an attach or a detach in a long-lived process (the engine) run no program
 * while nothing else has changed the rules. Whether anything else did is the kernel's ruleset generation: nf_tables
 * bumps it with every batch it commits, and iptables-nft-restore commits one batch per COMMIT section that changes
 * something (RulesetCacheIT reads from the copy after restores of one and of three sections). A copy is used only
 * while the generation is the one it was read or last updated at; our own restore moves it on only when the
 * generation moved by exactly our sections. For the nf_tables variant of iptables in the calling thread's namespace
 * only (the legacy one has no generation).
 */
final class RulesetCache {
    /** Namespaces remembered; each costs a copy of its rules. The engine serves one, tests many, one at a time. */
    private static final int NAMESPACES = 8;
    private static final Map<Long, RulesetCache> BY_NETNS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, RulesetCache> eldest) {
            return size() > NAMESPACES;
        }
    };

    /** A program run that may fail. */
    @FunctionalInterface
    interface Run<T> {
        T run() throws FirewallException;
    }

    private record Copy(long generation, TableEdits tables) {}

    /** {@code -Djnet.iptables.verifyCache=true} (the kernel tests): every answer from a copy is checked against a save. */
    private static final boolean VERIFY = Boolean.getBoolean("jnet.iptables.verifyCache");
    /** Answers given from a copy so far (tests look). */
    private static final java.util.concurrent.atomic.AtomicLong HITS = new java.util.concurrent.atomic.AtomicLong();

    static long hits() {
        return HITS.get();
    }

    private final Map<Family, Copy> copies = new EnumMap<>(Family.class);

    private RulesetCache() {}

    /** The cache of the namespace {@code nft} acts on: keyed by its cookie, which no later namespace reuses. */
    private static RulesetCache of(NfTables nft) throws NetlinkException {
        long cookie = nft.netnsCookie();
        synchronized (BY_NETNS) {
            return BY_NETNS.computeIfAbsent(cookie, c -> new RulesetCache());
        }
    }

    /**
     * {@code tables} of {@code family}: from the copy while it is current, else from {@code save} (a whole
     * iptables-save of the family), which becomes the copy when no change landed while it ran; a family none of
     * whose tables exists yet needs no save at all. Without netlink, simply {@code save}.
     */
    static Map<String, Table> read(Family family, List<String> tables, Run<String> save) throws FirewallException {
        try (NfTables nft = NfTables.open()) {
            RulesetCache cache = of(nft);
            synchronized (cache) {
                long before = nft.generation();
                Copy copy = cache.copies.get(family);
                if (copy != null && copy.generation() == before) {
                    return hit(copy.tables(), tables, save);
                }
                // none of the family's tables exists: what a save would show is known without running it
                TableEdits read = AbsentTables.none(nft, family) ? new TableEdits() : TableEdits.ofSave(save.run());
                if (generation(nft) == before) {
                    cache.copies.put(family, new Copy(before, read));
                } else {
                    cache.copies.remove(family);
                }
                return pick(read, tables);
            }
        } catch (NetlinkException e) {
            return pick(TableEdits.ofSave(save.run()), tables);
        }
    }

    /** {@code table} of {@code family} from a current copy, without running anything; null when there is none. */
    static Table peek(Family family, String table, Run<String> save) throws FirewallException {
        try (NfTables nft = NfTables.open()) {
            RulesetCache cache = of(nft);
            synchronized (cache) {
                Copy copy = cache.copies.get(family);
                return copy != null && copy.generation() == nft.generation() ? hit(copy.tables(), List.of(table), save).get(table) : null;
            }
        } catch (NetlinkException e) {
            return null;
        }
    }

    private static Map<String, Table> hit(TableEdits copy, List<String> tables, Run<String> save) throws FirewallException {
        HITS.incrementAndGet();
        Map<String, Table> answer = pick(copy, tables);
        if (VERIFY) {
            Map<String, Table> kernel = pick(TableEdits.ofSave(save.run()), tables);
            for (String t : tables) {
                String differs = differs(kernel.get(t), answer.get(t));
                if (differs != null) {
                    throw new IllegalStateException("the cached iptables rules differ from the kernel's: table " + t + ", " + differs);
                }
            }
        }
        return answer;
    }

    /** Where {@code b} differs from {@code a}, or null. */
    private static String differs(Table a, Table b) {
        if (!a.chains().equals(b.chains())) {
            return "chains " + a.chains() + " in the kernel, " + b.chains() + " cached";
        }
        for (String chain : a.chains()) {
            if (!a.rules(chain).equals(b.rules(chain)) || !java.util.Objects.equals(a.policy(chain), b.policy(chain))) {
                return "chain " + chain + ": " + a.rules(chain) + " (policy " + a.policy(chain) + ") in the kernel, "
                        + b.rules(chain) + " (policy " + b.policy(chain) + ") cached";
            }
        }
        return null;
    }

    /**
     * Runs {@code restore} (one iptables-restore of the non-empty {@code txs}), then brings the copies along: the
     * family's copy gets the transactions, the other family's stays as it was; both only when the generation moved
     * by exactly the restore's sections. Otherwise (someone else changed the rules meanwhile, the restore failed,
     * netlink did not answer) the copies go, and the next read runs a save. The restore runs exactly once.
     */
    static void apply(Family family, List<Transaction> txs, Run<?> restore) throws FirewallException {
        NfTables nft;
        RulesetCache cache;
        try {
            nft = NfTables.open();
            cache = of(nft);
        } catch (NetlinkException e) {
            restore.run();
            return;
        }
        try (nft) {
            synchronized (cache) {
                long before = generation(nft);
                try {
                    restore.run();
                } catch (FirewallException | RuntimeException e) {
                    cache.copies.clear();
                    throw e;
                }
                long after = generation(nft);
                boolean onlyOurs = before >= 0 && after >= 0 && after - before == txs.stream().filter(tx -> !tx.isEmpty()).count();
                for (Family f : Family.values()) {
                    Copy copy = cache.copies.remove(f);
                    if (onlyOurs && copy != null && copy.generation() == before && (f != family || copy.tables().apply(txs))) {
                        cache.copies.put(f, new Copy(after, copy.tables()));
                    }
                }
            }
        }
    }

    /** The ruleset generation, or -1 when netlink does not answer (no copy is then trusted). */
    private static long generation(NfTables nft) {
        try {
            return nft.generation();
        } catch (NetlinkException e) {
            return -1;
        }
    }

    private static Map<String, Table> pick(TableEdits edits, List<String> tables) {
        Map<String, Table> out = new LinkedHashMap<>();
        tables.forEach(t -> out.put(t, edits.table(t)));
        return out;
    }
}

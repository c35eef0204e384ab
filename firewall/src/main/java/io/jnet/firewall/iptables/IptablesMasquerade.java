package io.jnet.firewall.iptables;

import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.FirewallLock;
import io.jnet.firewall.Iptables;
import io.jnet.firewall.Masquerading;
import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import io.jnet.firewall.Transaction;
import io.jnet.cni.util.Sha512;
import io.jnet.inet.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ipMasq in the reference's iptables layout (nat table): per attachment a chain {@code CNI-<hash>} reached from
 * POSTROUTING by {@code -s <ip>}, accepting the container's own subnet and masquerading everything but multicast,
 * every rule commented {@code name: "<net>" id: "<cid>"}. Each family's change is one iptables-restore transaction.
 */
public final class IptablesMasquerade implements Masquerading {
    private static final String NAT = "nat";
    private static final String POSTROUTING = "POSTROUTING";
    private static final Pattern COMMENT = Pattern.compile("name: \"(.*)\" id: \"(.*)\"");
    /** iptables chain names are at most 28 characters: "CNI-" + 24 hex chars. */
    private static final int MAX_CHAIN_LENGTH = 28;

    private final Iptables iptables;

    public IptablesMasquerade(Iptables iptables) {
        this.iptables = iptables;
    }

    /** {@code CNI-} + the first 24 hex chars of sha512(network + containerID) (utils.FormatChainName). */
    public static String masqChain(String network, String containerId) {
        String hex = HexFormat.of().formatHex(Sha512.of(network + containerId));
        return ("CNI-" + hex).substring(0, MAX_CHAIN_LENGTH);
    }

    /** {@code name: "<net>" id: "<cid>"} (utils.FormatComment). */
    public static String comment(String network, String containerId) {
        return "name: \"" + network + "\" id: \"" + containerId + "\"";
    }

    /**
     * Adds the rules for the container addresses {@code cidrs} (container address with its prefix length),
     * leaving rules already there alone (like the reference's AppendUnique). On failure nothing of the failed
     * family was applied; the caller undoes the other family with {@link #teardown}.
     */
    @Override
    public void setup(String network, String containerId, List<String> cidrs) throws FirewallException {
        String chain = masqChain(network, containerId);
        String comment = comment(network, containerId);
        Map<Family, List<IpPrefix>> byFamily = new LinkedHashMap<>();
        for (String cidr : cidrs) {
            IpPrefix p = IpPrefix.parse(cidr);
            byFamily.computeIfAbsent(p.isIpv4() ? Family.IPV4 : Family.IPV6, f -> new ArrayList<>()).add(p);
        }
        // jnet's firewall lock keeps a concurrent GC or DEL from changing POSTROUTING between our read and apply
        try (FirewallLock lock = FirewallLock.acquire()) {
            for (Map.Entry<Family, List<IpPrefix>> e : byFamily.entrySet()) {
                apply(e.getKey(), e.getValue(), chain, comment);
            }
        }
    }

    private void apply(Family family, List<IpPrefix> ips, String chain, String comment) throws FirewallException {
        // only the two chains this touches: reading the whole table costs more with every attachment on the host
        Table nat = iptables.readChains(family, NAT, List.of(POSTROUTING, chain));
        Transaction tx = new Transaction(NAT);
        List<Rule> chainRules = new ArrayList<>(nat.rules(chain));
        List<Rule> postrouting = new ArrayList<>(nat.rules(POSTROUTING));
        if (!nat.hasChain(chain)) {
            tx.declareChain(chain);
        }
        for (IpPrefix ip : ips) {
            appendUnique(tx, chain, chainRules, Rule.of("-d", ip.network().toString(), "-m", "comment", "--comment", comment, "-j", "ACCEPT"));
            String multicast = family == Family.IPV4 ? "224.0.0.0/4" : "ff00::/8";
            appendUnique(tx, chain, chainRules, Rule.of("!", "-d", multicast, "-m", "comment", "--comment", comment, "-j", "MASQUERADE"));
            String host = IpPrefix.text(ip.address()) + (family == Family.IPV4 ? "/32" : "/128");
            appendUnique(tx, POSTROUTING, postrouting, Rule.of("-s", host, "-m", "comment", "--comment", comment, "-j", chain));
        }
        iptables.apply(family, tx);
    }

    private static void appendUnique(Transaction tx, String chain, List<Rule> present, Rule rule) {
        if (!present.contains(rule)) {
            present.add(rule);
            tx.append(chain, rule);
        }
    }

    /**
     * Removes every jump to the attachment's chain whose source address is not in {@code keep}, in both families,
     * and the chain with its last jump; found by the chain name alone (no prevResult needed). Nothing there is fine.
     */
    @Override
    public void teardown(String network, String containerId, Set<InetAddress> keep) throws FirewallException {
        String chain = masqChain(network, containerId);
        FirewallException failure = null;
        for (Family family : Family.values()) {
            try (FirewallLock lock = FirewallLock.acquire()) {
                release(family, iptables.read(family, NAT), chain, keep);
            } catch (FirewallException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void release(Family family, Table nat, String chain, Set<InetAddress> keep) throws FirewallException {
        Transaction tx = new Transaction(NAT);
        boolean stillUsed = false;
        for (String from : nat.chains()) {
            for (Rule r : nat.rules(from)) {
                if (from.equals(chain) || !jumpsTo(r, chain)) {
                    continue;
                }
                InetAddress source = source(r);
                if (source != null && keep.contains(source)) {
                    stillUsed = true;
                } else {
                    tx.delete(from, r);
                }
            }
        }
        if (!stillUsed && nat.hasChain(chain)) {
            tx.flush(chain).deleteChain(chain);
        }
        if (!tx.isEmpty()) {
            iptables.apply(family, tx);
        }
    }

    /** The address of a rule's {@code -s ADDR[/LEN]}, or null when it has none (or one that does not parse). */
    private static InetAddress source(Rule rule) {
        List<String> a = rule.args();
        for (int i = 0; i + 1 < a.size(); i++) {
            if (a.get(i).equals("-s") && (i == 0 || !a.get(i - 1).equals("!"))) {
                String value = a.get(i + 1);
                int slash = value.indexOf('/');
                try {
                    return IpPrefix.literal(slash < 0 ? value : value.substring(0, slash));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * GC: removes the chains of this network whose container ID is not in {@code validContainerIds}, recognised by
     * their comment and checked against the chain name the comment implies. Keeps going past a failing family.
     */
    @Override
    public List<String> gc(String network, Set<String> validContainerIds) throws FirewallException {
        List<String> removed = new ArrayList<>();
        FirewallException failure = null;
        for (Family family : Family.values()) {
            try (FirewallLock lock = FirewallLock.acquire()) {
                Table nat = iptables.read(family, NAT);
                Set<String> stale = new java.util.TreeSet<>();
                for (String chain : nat.chains()) {
                    for (Rule r : nat.rules(chain)) {
                        String cid = containerIdOf(r, network);
                        if (cid == null || validContainerIds.contains(cid)) {
                            continue;
                        }
                        String owned = masqChain(network, cid);
                        if (nat.hasChain(owned)) {
                            stale.add(owned);
                        }
                    }
                }
                removeChains(family, nat, stale);
                removed.addAll(stale);
            } catch (FirewallException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return removed;
    }

    /** CHECK: the attachment's chain exists in every family it has an address of. */
    @Override
    public List<String> problems(String network, String containerId, List<String> cidrs) throws FirewallException {
        String chain = masqChain(network, containerId);
        List<String> out = new ArrayList<>();
        for (Family f : Family.values()) {
            boolean wanted = cidrs.stream().anyMatch(c -> Family.of(c) == f);
            if (wanted && !iptables.read(f, NAT).hasChain(chain)) {
                out.add("masquerade chain " + chain + " (" + f + ") is missing");
            }
        }
        return out;
    }

    /** The container ID in a rule's {@code name: "<net>" id: "<cid>"} comment when it names {@code network}, else null. */
    private static String containerIdOf(Rule rule, String network) {
        List<String> a = rule.args();
        for (int i = 0; i + 1 < a.size(); i++) {
            if (a.get(i).equals("--comment")) {
                Matcher m = COMMENT.matcher(a.get(i + 1));
                if (m.matches() && m.group(1).equals(network)) {
                    return m.group(2);
                }
            }
        }
        return null;
    }

    private void removeChains(Family family, Table nat, Set<String> chains) throws FirewallException {
        Transaction tx = new Transaction(NAT);
        for (String chain : chains) {
            for (String from : nat.chains()) {
                for (Rule r : nat.rules(from)) {
                    if (!from.equals(chain) && jumpsTo(r, chain)) {
                        tx.delete(from, r);
                    }
                }
            }
        }
        for (String chain : chains) {
            if (nat.hasChain(chain)) {
                tx.flush(chain).deleteChain(chain);
            }
        }
        iptables.apply(family, tx);
    }

    private static boolean jumpsTo(Rule r, String chain) {
        List<String> a = r.args();
        for (int i = 0; i + 1 < a.size(); i++) {
            if ((a.get(i).equals("-j") || a.get(i).equals("-g")) && a.get(i + 1).equals(chain)) {
                return true;
            }
        }
        return false;
    }
}

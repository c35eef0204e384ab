package io.jnet.dns;

import io.jnet.inet.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of every network's names, indexed for the questions the resolver asks: which networks
 * does an asking address belong to, and what does a name or an address mean on those networks. A reload builds a
 * new zone and swaps it in whole, so a query sees either the old or the new state, never a mix.
 */
public final class Zone {
    /** The outcome of a lookup on the asker's networks. */
    public enum Kind { FOUND, NO_DATA, NX_DOMAIN, NOT_OURS }

    /** A lookup's outcome: the addresses (FOUND, for A/AAAA) or names (FOUND, for PTR) that answer it. */
    public record Answer(Kind kind, List<InetAddress> addresses, List<String> names) {
        static final Answer NOT_OURS = new Answer(Kind.NOT_OURS, List.of(), List.of());
        static final Answer NX = new Answer(Kind.NX_DOMAIN, List.of(), List.of());
        static final Answer NO_DATA = new Answer(Kind.NO_DATA, List.of(), List.of());
    }

    private record Member(NetworkRecords network, NetworkRecords.Host host) {}

    public static final Zone EMPTY = new Zone(List.of());

    private final List<NetworkRecords> networks;
    private final Map<String, NetworkRecords> byName = new HashMap<>();
    private final Map<InetAddress, List<Member>> byAddress = new HashMap<>();
    /** Per network: lower-case absolute name ("red." and "red.web.") to the hosts that carry it. */
    private final Map<String, Map<String, List<NetworkRecords.Host>>> names = new HashMap<>();
    private final Set<InetAddress> listen = new LinkedHashSet<>();

    public Zone(List<NetworkRecords> networks) {
        this.networks = List.copyOf(networks);
        for (NetworkRecords n : networks) {
            byName.put(lower(n.network()), n);
            Map<String, List<NetworkRecords.Host>> index = new HashMap<>();
            for (NetworkRecords.Host h : n.hosts()) {
                for (InetAddress a : h.addresses()) {
                    byAddress.computeIfAbsent(a, k -> new ArrayList<>()).add(new Member(n, h));
                }
                for (String name : h.names()) {
                    String bare = lower(name) + ".";
                    index.computeIfAbsent(bare, k -> new ArrayList<>()).add(h);
                    index.computeIfAbsent(bare + lower(n.network()) + ".", k -> new ArrayList<>()).add(h);
                }
            }
            names.put(n.network(), index);
            listen.addAll(n.gateways());
        }
    }

    public List<NetworkRecords> networks() {
        return networks;
    }

    /**
     * The networks whose names {@code asker} may resolve: every network of the attachment(s) holding that address
     * (a namespace on two networks sees both), else the networks whose subnet holds it (an attachment jnet does not
     * know of). Empty: not an address of any jnet network, so it gets no answer at all.
     */
    public List<NetworkRecords> networksOf(InetAddress asker) {
        Set<NetworkRecords> out = new LinkedHashSet<>();
        List<Member> members = byAddress.get(asker);
        if (members != null) {
            Set<String> ids = new LinkedHashSet<>();
            members.forEach(m -> ids.add(m.host().id()));
            for (NetworkRecords n : networks) {
                for (NetworkRecords.Host h : n.hosts()) {
                    if (ids.contains(h.id())) {
                        out.add(n);
                    }
                }
            }
        }
        if (out.isEmpty()) {
            for (NetworkRecords n : networks) {
                for (IpPrefix p : n.subnets()) {
                    if (p.contains(asker)) {
                        out.add(n);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * What an absolute name (with its trailing dot) means to an asker on {@code on}: the addresses of that family
     * (FOUND), a known name without such addresses (NO_DATA), a name jnet owns but the asker cannot see: one label,
     * or under any jnet network's name (NX_DOMAIN), or something for the upstreams (NOT_OURS).
     */
    public Answer lookup(String absoluteName, boolean ipv6, List<NetworkRecords> on) {
        String q = lower(absoluteName);
        boolean known = false;
        List<InetAddress> out = new ArrayList<>();
        for (NetworkRecords n : on) {
            List<NetworkRecords.Host> hosts = names.getOrDefault(n.network(), Map.of()).get(q);
            if (hosts == null) {
                continue;
            }
            known = true;
            for (NetworkRecords.Host h : hosts) {
                for (InetAddress a : h.addresses()) {
                    if ((a instanceof Inet4Address) != ipv6 && !out.contains(a)) {
                        out.add(a);
                    }
                }
            }
        }
        if (!out.isEmpty()) {
            return new Answer(Kind.FOUND, out, List.of());
        }
        if (known) {
            return Answer.NO_DATA;
        }
        return ours(q) ? Answer.NX : Answer.NOT_OURS;
    }

    /** Whether any host on {@code on} carries the name (of whatever family). */
    public boolean knows(String absoluteName, List<NetworkRecords> on) {
        String q = lower(absoluteName);
        return on.stream().anyMatch(n -> names.getOrDefault(n.network(), Map.of()).containsKey(q));
    }

    /** Single-label names and names under a network's name never leave the resolver. */
    public boolean ours(String absoluteName) {
        String q = lower(absoluteName);
        String body = q.endsWith(".") ? q.substring(0, q.length() - 1) : q;
        int dot = body.lastIndexOf('.');
        return dot < 0 || byName.containsKey(body.substring(dot + 1));
    }

    /**
     * Reverse lookup: the names of the host holding {@code address} on the asker's networks (FOUND); any other
     * address of a jnet subnet (NX_DOMAIN: nobody upstream knows them, and they are not its business); else NOT_OURS.
     */
    public Answer reverse(InetAddress address, List<NetworkRecords> on) {
        List<String> out = new ArrayList<>();
        for (Member m : byAddress.getOrDefault(address, List.of())) {
            if (on.contains(m.network())) {
                for (String name : m.host().names()) {
                    if (!out.contains(name + ".")) {
                        out.add(name + ".");
                    }
                }
            }
        }
        if (!out.isEmpty()) {
            return new Answer(Kind.FOUND, List.of(), out);
        }
        for (NetworkRecords n : networks) {
            for (IpPrefix p : n.subnets()) {
                if (p.contains(address)) {
                    return Answer.NX;
                }
            }
        }
        return Answer.NOT_OURS;
    }

    /** Every address the resolver listens on. */
    public Set<InetAddress> listenAddresses() {
        return Collections.unmodifiableSet(listen);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

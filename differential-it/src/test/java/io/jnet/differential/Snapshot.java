package io.jnet.differential;

import io.jnet.netlink.Addr;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.ns.NetNs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The state one side's plugins can touch, as normalised text per section: in every namespace of the side the links
 * ({@code ip -d link}), addresses, routes of every table and the IPv4/IPv6 sysctls of every interface; in the host
 * namespace every iptables and ip6tables table; and every file of the host-local store with its content. What is
 * random or timing-dependent on both sides alike is normalised here ({@link Labels}, timers, tentative flags,
 * counters); jnet's documented differences are applied by {@link Documented}.
 */
final class Snapshot {
    private static final String SEPARATOR = "@@section@@";
    private static final String SCRIPT = String.join("; echo " + SEPARATOR + "; ",
            "ip -d -o link show", "ip -o addr show", "ip -4 route show table all", "ip -6 route show table all",
            "iptables-save", "ip6tables-save");
    private static final String[] SECTIONS = {"links", "addresses", "routes4", "routes6", "iptables", "ip6tables"};

    final Map<String, String> sections = new TreeMap<>();

    /**
     * Takes the side's state now. Waits first until no global IPv6 address is tentative (their local routes appear
     * when DAD ends), so DAD timing does not show; link-local addresses are left out anyway.
     */
    static Snapshot take(Side side) throws Exception {
        List<NetNs> all = new ArrayList<>(List.of(side.host));
        side.containerRoles().forEach(r -> all.add(side.container(r)));
        awaitDad(all);
        Labels labels = Labels.of(side);
        Snapshot s = new Snapshot();
        s.namespace(side, "host", side.host, labels);
        for (String role : side.containerRoles()) {
            s.namespace(side, role, side.container(role), labels);
        }
        s.sections.put("store", store(side.dataDir));
        return s;
    }

    private static void awaitDad(List<NetNs> namespaces) throws Exception {
        for (NetNs ns : namespaces) {
            try (Netlink nl = Netlink.open(ns)) {
                for (int i = 0; tentative(nl); i++) {
                    if (i == 200) {
                        throw new AssertionError("IPv6 addresses still tentative after 10 s in " + ns.name());
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    private static boolean tentative(Netlink nl) throws Exception {
        for (Addr a : nl.addresses(10, 0)) {
            if ((a.flags() & Addr.TENTATIVE) != 0 && a.scope() != Addr.SCOPE_LINK) {
                return true;
            }
        }
        return false;
    }

    private void namespace(Side side, String role, NetNs ns, Labels labels) throws Exception {
        String[] parts = side.sb.exec(ns, "sh", "-c", SCRIPT).assertOk().stdout().split(SEPARATOR + "\n", -1);
        if (parts.length != SECTIONS.length) {
            throw new AssertionError("unexpected state dump in " + ns.name() + ": " + parts.length + " parts");
        }
        for (int i = 0; i < SECTIONS.length; i++) {
            boolean firewall = SECTIONS[i].startsWith("ip");
            if (firewall && !role.equals("host")) {
                continue; // plugins write rules in the host namespace only
            }
            String text = firewall ? iptables(parts[i]) : Documented.kernelText(labels.apply(kernelTiming(parts[i])));
            sections.put(role + " " + SECTIONS[i], text);
        }
        sections.put(role + " sysctls", sysctls(ns, role.equals("host") ? labels : null));
    }

    /** What differs between two runs of the same calls on the same side: timers, DAD and carrier timing, fe80 addresses. */
    private static String kernelTiming(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.contains("fe80:")) {
                continue; // link-local addresses come from random MACs and run their own DAD
            }
            out.append(line.replaceAll("^\\d+:\\s+", "")
                    .replaceAll("\\\\\\s+", " ")
                    .replaceAll("\\b\\w+_timer\\s+[\\d.]+", "")
                    .replaceAll("\\bstate (UP|DOWN|UNKNOWN|LOWERLAYERDOWN|DORMANT)\\b", "")
                    // the kernel's linkwatch sets a bridge's carrier up to a second after its last port comes or goes
                    .replaceAll("(?<=[<,])(NO-CARRIER|LOWER_UP)(,|(?=>))", "")
                    .replace(",>", ">")
                    .replaceAll("@if\\d+", "@peer")
                    .replaceAll("link-netnsid \\d+", "link-netnsid N")
                    .replace(" tentative", "")
                    .replace(" linkdown", "")
                    .replaceAll(" +", " ").strip()).append('\n');
        }
        return out.toString();
    }

    private static String iptables(String save) {
        StringBuilder out = new StringBuilder();
        for (String line : save.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                out.append(line.replaceAll("\\[\\d+:\\d+\\]", "[0:0]")).append('\n');
            }
        }
        return Documented.withoutEmptyTables(out.toString());
    }

    /** Every readable net.ipv4/ipv6 per-interface sysctl and ip_forward; host interface names as labels. */
    private static String sysctls(NetNs ns, Labels labels) throws Exception {
        Map<String, String> values = ns.call(() -> {
            Map<String, String> v = new TreeMap<>();
            v.put("net.ipv4.ip_forward", read(Path.of("/proc/sys/net/ipv4/ip_forward")));
            for (String family : List.of("ipv4", "ipv6")) {
                Path conf = Path.of("/proc/sys/net", family, "conf");
                if (!Files.isDirectory(conf)) {
                    continue;
                }
                try (Stream<Path> ifaces = Files.list(conf)) {
                    for (Path iface : ifaces.toList()) {
                        String name = iface.getFileName().toString();
                        try (Stream<Path> keys = Files.list(iface)) {
                            for (Path key : keys.toList()) {
                                String value = read(key);
                                if (value != null) {
                                    v.put(family + "." + name + "." + key.getFileName(), value);
                                }
                            }
                        }
                    }
                }
            }
            return v;
        });
        Map<String, String> labelled = new TreeMap<>(); // sorted after relabelling: veth names sort apart on each side
        values.forEach((k, v) -> {
            String[] p = k.split("\\.", 3);
            labelled.put(labels == null || p.length < 3 ? k : p[0] + "." + labels.hostLink(p[1]) + "." + p[2], v);
        });
        StringBuilder out = new StringBuilder();
        labelled.forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
        return out.toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII).strip().replaceAll("\\s+", " ");
        } catch (IOException e) {
            return null; // write-only or unreadable (stable_secret): not state the plugins set
        }
    }

    /** Every file under the store: relative path and content (modes: see {@link Documented}). */
    private static String store(Path dir) {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted().toList()) {
                if (Files.isRegularFile(f)) {
                    out.append(dir.relativize(f)).append(" = ")
                            .append(Files.readString(f).replace("\r", "\\r").replace("\n", "\\n")).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Per section, the lines {@code before} has that {@code after} lacks: what happened in between removed. */
    static List<String> removedBetween(Snapshot before, Snapshot after) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : before.sections.entrySet()) {
            List<String> gone = new ArrayList<>(e.getValue().lines().toList());
            after.sections.getOrDefault(e.getKey(), "").lines().forEach(gone::remove);
            if (!gone.isEmpty()) {
                out.add(e.getKey() + ":\n    " + String.join("\n    ", gone));
            }
        }
        return out;
    }

    /** Whether the side's host namespace has a link of this name. */
    static boolean hasLink(Side side, String name) throws Exception {
        try (Netlink nl = Netlink.open(side.host)) {
            return nl.findLink(name).isPresent();
        }
    }

    /** Two stores compared alone (host-local touches nothing else). */
    static List<String> diffStores(Path ref, Path ours) {
        String r = store(ref);
        String o = store(ours);
        return r.equals(o) ? List.of() : List.of("store:\n" + Lines.diff(r, o));
    }

    /** The sections that differ, each with the lines only the reference has (-) and only jnet has (+). */
    static List<String> diff(Snapshot ref, Snapshot ours) {
        List<String> out = new ArrayList<>();
        TreeMap<String, String> keys = new TreeMap<>(ref.sections);
        ours.sections.forEach(keys::putIfAbsent);
        for (String section : keys.keySet()) {
            String r = ref.sections.getOrDefault(section, "");
            String o = ours.sections.getOrDefault(section, "");
            if (!r.equals(o)) {
                out.add(section + ":\n" + Lines.diff(r, o));
            }
        }
        return out;
    }
}

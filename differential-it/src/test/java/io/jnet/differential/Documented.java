package io.jnet.differential;

import java.util.Set;

/**
 * jnet's deliberate differences from the reference plugins 1.1.1, as the README's "Differences from the reference
 * plugins" lists them, and nothing else: what the differential suites forgive. Each is either normalised here or
 * kept out of the generated calls ({@link CaseGenerator} says where).
 *
 * <ul>
 *   <li>veth txqueuelen: jnet leaves the kernel's default (1000), the reference 1.1.1 sets 0 ({@link #kernelText}).</li>
 *   <li>Error codes: where the reference answers 999, jnet answers 100 (no address left), 101 (duplicate
 *       allocation), 102 (requested IP unavailable), 103 (CHECK finds no reservation) and 7 (hairpinMode with
 *       promiscMode) ({@link #errorCode}).</li>
 *   <li>DNS from IPAM: the bridge passes host-local's resolvConf DNS on when its own config has no dns, as the
 *       reference does since plugins#733; the packaged 1.1.1 prints an empty dns instead ({@link #result}).</li>
 *   <li>The reference's DEL after an ADD that failed before its masquerade rules fails (it deletes a jump to a chain
 *       that was never made); jnet's DEL is idempotent ({@link #forgivenDelAfterFailedAdd}).</li>
 *   <li>A failed ADD: jnet undoes all of it, the reference may leave the container interface, its addresses and
 *       routes, and the bridge it made; both are compared after the DEL a runtime sends next, with the reference's
 *       leftover bridge removed ({@link CaseRunner}).</li>
 *   <li>host-local store modes: jnet 0700/0600, the reference 0755/0644 ({@link Snapshot} compares names and contents).</li>
 *   <li>Empty tables: the reference portmap's DEL leaves an ip6tables nat table with only its built-in chains on an
 *       IPv4-only network; jnet creates no table it has no rule for ({@link #withoutEmptyTables}).</li>
 *   <li>The reference bridge's CHECK fails when an IPAM route has no gateway (it installs the route via the
 *       interface's gateway, then looks for it without one); jnet's passes ({@link #forgiven}).</li>
 *   <li>Not generated: a duplicate port mapping in one request and a host port another attachment publishes (jnet
 *       refuses both); portmap's masqAll (the packaged reference ignores it); portmap CHECK (the packaged reference's
 *       fails whenever ip6tables works); CHECK of a bridge without IPAM (the reference's delegates to an empty IPAM
 *       type); CHECK of a bridge without a gateway after later ports came (it follows its lowest port's MAC, so
 *       CHECK's MAC comparison fails at random on either side: the README's known limits); DEL of one of two interfaces of a container on an ipMasq network (the reference's DEL fails and
 *       flushes the other's chain; jnet removes only that interface's jump: see ReproducersIT); port mappings on a
 *       second interface of a container (one DNAT chain per container in both: the reference's ADD appends the
 *       second interface's mappings, jnet's rewrites the chain with them alone; the README's known difference).</li>
 * </ul>
 */
final class Documented {
    private Documented() {}

    /** jnet's plugin-specific host-local codes, each a plain 999 with the reference. */
    private static final Set<Integer> IPAM_CODES = Set.of(100, 101, 102, 103);

    /** An error code as the reference would have given it. */
    static int errorCode(Side.Impl impl, int code, String msg) {
        if (impl == Side.Impl.JNET) {
            if (IPAM_CODES.contains(code)) {
                return 999;
            }
            if (code == 7 && msg.contains("hairpin mode and promiscuous mode")) {
                return 999;
            }
        }
        return code;
    }

    /** The DNS a host-local result carries for the resolv.conf the cases use ({@link CaseRunner#RESOLV_CONF}). */
    private static final String RESOLV_DNS =
            "{\"nameservers\":[\"10.0.0.53\",\"fd00::53\"],\"options\":[\"ndots:2\"],\"search\":[\"example.org\"]}";

    /**
     * A jnet result as the reference 1.1.1 would print it: a bridge result (or portmap's echo of it) carrying the
     * IPAM's resolvConf DNS where the packaged reference prints an empty dns. {@code result} has sorted keys.
     */
    static com.google.gson.JsonObject result(FuzzCase c, Side.Impl impl, com.google.gson.JsonObject result) {
        boolean bridgeWithoutDns = c.plugins().get(0).get("type").getAsString().equals("bridge") && !c.plugins().get(0).has("dns");
        if (impl == Side.Impl.JNET && bridgeWithoutDns && result.has("dns") && result.get("dns").toString().equals(RESOLV_DNS)) {
            com.google.gson.JsonObject copy = result.deepCopy();
            copy.add("dns", new com.google.gson.JsonObject());
            return copy;
        }
        return result;
    }

    /** Whether a difference in outcome is a documented one: the reference's CHECK failing where jnet's passes. */
    static boolean forgiven(FuzzCase.Op op, Outcome reference, Outcome ours) {
        return op == FuzzCase.Op.CHECK && !reference.ok() && ours.ok()
                && reference.msg().matches("Expected Route \\{Dst:.* GW:<nil>\\} not found in routing table");
    }

    /**
     * Whether the DEL a runtime sends after both sides refused an ADD differs only as documented: the reference's
     * DEL fails deleting a masquerade jump to a chain its failed ADD never made (after removing the interface and
     * the lease), jnet's succeeds.
     */
    static boolean forgivenDelAfterFailedAdd(Outcome reference, Outcome ours) {
        return !reference.ok() && ours.ok()
                && reference.msg().matches("(?s)running \\[\\S*iptables -t nat -D POSTROUTING .*Chain '.*' does not exist.*");
    }

    /** iptables-save text without tables that hold no rule, no chain of their own and only ACCEPT policies. */
    static String withoutEmptyTables(String save) {
        StringBuilder out = new StringBuilder();
        StringBuilder table = new StringBuilder();
        boolean empty = true;
        for (String line : save.split("\n")) {
            if (line.startsWith("*")) {
                table.setLength(0);
                empty = true;
            }
            table.append(line).append('\n');
            if (line.startsWith("-") || (line.startsWith(":") && !line.matches(":[A-Z]+ ACCEPT .*"))) {
                empty = false;
            }
            if (line.equals("COMMIT")) {
                if (!empty) {
                    out.append(table);
                }
                table.setLength(0);
            }
        }
        out.append(table);
        return out.toString().lines().filter(l -> !l.isBlank()).map(l -> l + "\n").reduce("", String::concat);
    }

    /** Kernel state text ({@code ip -d -o link} lines) without the veths' qlen. */
    static String kernelText(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            out.append(line.contains(" veth ") || line.endsWith(" veth") ? line.replaceAll(" qlen \\d+", "") : line);
            out.append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }
}

package io.jnet.differential;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * One differential case: a network (a chain of plugin configs, as in a conflist) and the calls a runtime makes on
 * it, played the same way against both sides.
 *
 * @param index    the case's number in the run (with the seed, enough to generate it again)
 * @param kind     "host-local", "bridge" or "bridge+portmap"
 * @param version  the config's cniVersion
 * @param plugins  the plugin configs in chain order, without name and cniVersion; "@DATADIR@" and "@RESOLV@" stand
 *                 for each side's store and a shared resolv.conf
 * @param steps    the calls in order
 * @param ipv6Off  container roles made with IPv6 disabled before the first ADD
 */
record FuzzCase(int index, String kind, String version, List<JsonObject> plugins, List<Step> steps, Set<String> ipv6Off) {
    static final String NETWORK = "fuzznet";

    enum Op { ADD, CHECK, DEL }

    /**
     * One attachment: container ID, the container's namespace role, interface name, and what a runtime passes per
     * attachment: port mappings (runtimeConfig), {@code args} and CNI_ARGS.
     */
    record Attachment(String containerId, String role, String ifname, JsonArray portMappings, JsonObject args, String cniArgs) {
        String key() {
            return containerId + "/" + ifname;
        }

        @Override
        public String toString() {
            return containerId + " " + ifname + " in " + role + (portMappings == null ? "" : " ports " + portMappings)
                    + (args == null ? "" : " args " + args) + (cniArgs == null ? "" : " CNI_ARGS " + cniArgs);
        }
    }

    /** A call, and whether the two sides' whole state is compared after it (always after a failure). */
    record Step(Op op, Attachment attachment, boolean snapshot) {
        @Override
        public String toString() {
            return op + " " + attachment;
        }
    }

    /** Whether the state outside the store can change (host-local alone touches nothing but its store). */
    boolean touchesKernel() {
        return !kind.equals("host-local");
    }

    @Override
    public String toString() {
        return "#" + index + " " + kind + " " + version;
    }

    /** Everything needed to read the case: configs and calls. */
    String describe() {
        StringBuilder sb = new StringBuilder("case " + this + "\n  plugins:\n");
        plugins.forEach(p -> sb.append("    ").append(p).append('\n'));
        if (!ipv6Off.isEmpty()) {
            sb.append("  IPv6 disabled in ").append(ipv6Off).append('\n');
        }
        sb.append("  calls:\n");
        steps.forEach(s -> sb.append("    ").append(s).append('\n'));
        return sb.toString();
    }
}

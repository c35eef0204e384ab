package io.jnet.plugin.portmap;

import com.google.gson.JsonObject;
import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.JsonSupport;
import io.jnet.firewall.PortMapping;
import io.jnet.firewall.PortPublication;
import io.jnet.inet.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The portmap plugin's configuration, with the reference's keys and defaults. Parsing checks everything
 * before anything is changed: wrong JSON types are code 6, bad values code 7, unsupported ones code 2.
 *
 * @param network              the network name
 * @param snat                 {@code snat} (default true): mark hairpin and localhost traffic for masquerading
 * @param masqAll              {@code masqAll}: mark every source, not only the container's subnet
 * @param markMasqBit          {@code markMasqBit} (default 13): the mark bit the SETMARK chain sets
 * @param externalSetMarkChain {@code externalSetMarkChain}: a chain someone else owns that sets the mark, or null
 * @param conditionsV4         {@code conditionsV4}: extra match arguments on the IPv4 entry rules
 * @param conditionsV6         {@code conditionsV6}: likewise for IPv6
 * @param mappings             {@code runtimeConfig.portMappings}
 * @param backend              {@code backend}: "iptables", "nftables", or null for the reference's choice
 * @param userlandProxy        {@code userlandProxy} (jnet's key, default false): a proxy process holds each published
 *                             port's host socket and serves loopback ({@code [::1]}, {@code 127.0.0.1}) instead of NAT
 */
public record PortmapConfig(String network, boolean snat, boolean masqAll, int markMasqBit, String externalSetMarkChain,
        List<String> conditionsV4, List<String> conditionsV6, List<PortMapping> mappings, String backend,
        boolean userlandProxy) {

    /** The reference's default; Kubernetes uses bits 14 and 15, Calico 20-31. */
    public static final int DEFAULT_MARK_BIT = PortPublication.DEFAULT_MARK_BIT;
    public static final String IPTABLES = "iptables";
    public static final String NFTABLES = "nftables";
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");
    private static final Pattern CHAIN_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,28}");
    private static final int BAD_TYPE = CniException.DECODING_FAILURE;
    private static final int BAD_VALUE = CniException.INVALID_NETWORK_CONFIG;

    public PortmapConfig {
        conditionsV4 = List.copyOf(conditionsV4);
        conditionsV6 = List.copyOf(conditionsV6);
        mappings = List.copyOf(mappings);
    }

    /** The ports this config publishes for one container, at the addresses it has (null for a missing family). */
    public PortPublication publication(String containerId, IpPrefix v4, IpPrefix v6) {
        return new PortPublication(network, containerId, v4, v6, mappings, snat, masqAll, markMasqBit, externalSetMarkChain,
                conditionsV4, conditionsV6, userlandProxy);
    }

    /**
     * The backend the reference would pick: {@code backend} when set, else the syntax of the conditions (a first token
     * "-" or "!" is iptables', anything else nftables'), else null (iptables unless only nftables is usable).
     */
    public String chosenBackend() {
        if (backend != null) {
            return backend;
        }
        List<String> conditions = !conditionsV4.isEmpty() ? conditionsV4 : conditionsV6;
        if (conditions.isEmpty()) {
            return null;
        }
        String first = conditions.get(0);
        return first.startsWith("-") || first.startsWith("!") ? IPTABLES : NFTABLES;
    }

    /** The {@code backend} key alone, for DEL and GC, which must work with whatever else the config holds. */
    public static String backendOf(NetworkConfig config) throws CniException {
        String backend = JsonSupport.optString(config.raw(), "backend", BAD_TYPE);
        return backend == null || backend.isEmpty() ? null : backend;
    }

    public static PortmapConfig parse(NetworkConfig config) throws CniException {
        JsonObject raw = config.raw();
        String backend = backendOf(config);
        if (backend != null && !backend.equals(IPTABLES) && !backend.equals(NFTABLES)) {
            throw new CniException(CniException.UNSUPPORTED_FIELD, "unsupported backend",
                    "backend \"" + backend + "\": jnet portmap supports \"iptables\" and \"nftables\"");
        }
        boolean snat = config.getBoolean("snat", true);
        boolean masqAll = config.getBoolean("masqAll", false);
        Integer bit = JsonSupport.optInt(raw, "markMasqBit", BAD_TYPE);
        String external = JsonSupport.optString(raw, "externalSetMarkChain", BAD_TYPE);
        if (bit != null && external != null) {
            throw new CniException(BAD_VALUE, "invalid portmap config",
                    "cannot specify externalSetMarkChain and markMasqBit together");
        }
        if (bit != null && (bit < 0 || bit > 31)) {
            throw new CniException(BAD_VALUE, "invalid portmap config", "markMasqBit must be between 0 and 31, got " + bit);
        }
        if (external != null && !CHAIN_NAME.matcher(external).matches()) {
            throw new CniException(BAD_VALUE, "invalid portmap config",
                    "externalSetMarkChain \"" + external + "\" is not a valid chain name");
        }
        List<String> v4 = conditions(raw, "conditionsV4");
        List<String> v6 = conditions(raw, "conditionsV6");
        refuseMixedBackends(backend, external, v4, v6);
        JsonObject rc = config.runtimeConfig();
        List<PortMapping> mappings = new ArrayList<>();
        for (JsonObject m : JsonSupport.objectList(rc, "portMappings", BAD_TYPE)) {
            mappings.add(mapping(m));
        }
        return new PortmapConfig(config.name(), snat, masqAll, bit == null ? DEFAULT_MARK_BIT : bit, external,
                v4, v6, mappings, backend, config.getBoolean("userlandProxy", false));
    }

    /**
     * One backend's keys with the other backend are a config error, as in the reference; and jnet takes conditions
     * only in iptables syntax (nft-syntax conditions choose nftables in the reference, which jnet cannot parse).
     */
    private static void refuseMixedBackends(String backend, String external, List<String> v4, List<String> v6)
            throws CniException {
        List<String> conditions = !v4.isEmpty() ? v4 : v6;
        boolean iptablesSyntax = !conditions.isEmpty() && (conditions.get(0).startsWith("-") || conditions.get(0).startsWith("!"));
        if (!conditions.isEmpty() && !iptablesSyntax) {
            throw new CniException(CniException.UNSUPPORTED_FIELD, "unsupported portmap conditions",
                    "conditionsV4/conditionsV6 in nft syntax: jnet takes conditions in iptables syntax only");
        }
        if (NFTABLES.equals(backend) && !conditions.isEmpty()) {
            throw new CniException(BAD_VALUE, "invalid portmap config",
                    "conditionsV4/conditionsV6 in iptables syntax cannot go with backend \"nftables\"");
        }
        if (NFTABLES.equals(backend) && external != null) {
            throw new CniException(BAD_VALUE, "invalid portmap config",
                    "externalSetMarkChain is an iptables chain: it cannot go with backend \"nftables\"");
        }
    }

    private static List<String> conditions(JsonObject raw, String key) throws CniException {
        List<String> c = JsonSupport.stringList(raw, key, BAD_TYPE);
        for (String token : c) {
            if (token.isEmpty() || token.indexOf('\n') >= 0 || token.indexOf('\0') >= 0) {
                throw new CniException(BAD_VALUE, "invalid portmap config", key + " holds an empty or multi-line argument");
            }
        }
        return c;
    }

    private static PortMapping mapping(JsonObject m) throws CniException {
        int hostPort = port(m, "hostPort");
        int containerPort = port(m, "containerPort");
        String protocol = JsonSupport.optString(m, "protocol", BAD_TYPE);
        if (protocol == null || protocol.isEmpty()) {
            throw new CniException(BAD_VALUE, "invalid port mapping", "missing protocol in " + m);
        }
        protocol = protocol.toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new CniException(CniException.UNSUPPORTED_FIELD, "unsupported port mapping protocol",
                    "protocol \"" + protocol + "\" (supported: tcp, udp, sctp)");
        }
        String hostIp = JsonSupport.optString(m, "hostIP", BAD_TYPE);
        if (hostIp != null && hostIp.isEmpty()) {
            hostIp = null;
        }
        if (hostIp != null) {
            try {
                hostIp = IpPrefix.text(IpPrefix.literal(hostIp));
            } catch (IllegalArgumentException e) {
                throw new CniException(BAD_VALUE, "invalid port mapping", "hostIP \"" + hostIp + "\" is not an IP address");
            }
        }
        return new PortMapping(hostPort, containerPort, protocol, hostIp);
    }

    private static int port(JsonObject m, String key) throws CniException {
        Integer p = JsonSupport.optInt(m, key, BAD_TYPE);
        if (p == null || p < 1 || p > 65535) {
            throw new CniException(BAD_VALUE, "invalid port mapping", "invalid " + key + " " + p + " in " + m + " (1..65535)");
        }
        return p;
    }
}

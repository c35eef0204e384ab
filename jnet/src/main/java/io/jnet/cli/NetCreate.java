package io.jnet.cli;

import io.jnet.runtime.FirewallChoice;
import io.jnet.runtime.NetworkInfo;
import io.jnet.runtime.NetworkSpec;
import io.jnet.runtime.Networks;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jnet net create NAME [--subnet CIDR]... [--gateway IP] [--ip-range CIDR] [--bridge IFNAME] [--mtu N] [--internal]
 * [--no-masquerade] [--no-isolation] [--dns|--no-dns] [--firewall-backend iptables|nftables|auto]
 * [--gateway-mode MODE] [--userland-proxy[=BOOL]]}.
 */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a network (writes NAME.conflist to the config dir).",
        footerHeading = "%nExamples:%n", footer = {"  jnet net create web --subnet 10.88.0.0/24",
                "  jnet net create dual --subnet 10.89.0.0/24 --subnet fd00:89::/64 --bridge br-dual",
                "  jnet net create backend --subnet 10.90.0.0/16 --ip-range 10.90.1.0/24 --internal",
                "  jnet net create shared --subnet 10.91.0.0/24 --no-isolation",
                "  jnet net create quiet --subnet 10.92.0.0/24 --no-dns",
                "  jnet net create modern --subnet 10.93.0.0/24 --firewall-backend nftables",
                "  jnet net create direct --subnet 10.94.0.0/24 --gateway-mode routed --userland-proxy=false"})
final class NetCreate extends JnetCommand {
    @Mixin
    ExplainOption explain = new ExplainOption();

    @Parameters(paramLabel = "NAME", description = "Network name.")
    String name;

    @Option(names = "--subnet", paramLabel = "CIDR", description = "Subnet; give one IPv4 and one IPv6 for dual stack (default: a free /16 in 172.18-31).")
    List<String> subnets = new ArrayList<>();

    @Option(names = "--gateway", paramLabel = "IP", description = "Gateway on the bridge (default: subnet + 1).")
    String gateway;

    @Option(names = "--ip-range", paramLabel = "CIDR", description = "Hand out addresses from this part of the subnet only.")
    String ipRange;

    @Option(names = "--bridge", paramLabel = "IFNAME", description = "Bridge name (default: jn-NAME).")
    String bridge;

    @Option(names = "--mtu", paramLabel = "N", description = "MTU of the bridge and veths.")
    Integer mtu;

    @Option(names = "--internal", description = "No default route and no masquerade: reach the other namespaces and the host only.")
    boolean internal;

    @Option(names = "--no-masquerade", description = "Do not masquerade traffic leaving the subnet: --gateway-mode routed.")
    boolean noMasquerade;

    @Option(names = "--gateway-mode", paramLabel = "MODE", description = "nat (default: NAT, and hosts outside reach only "
            + "published ports), nat-unprotected (NAT, container addresses open to routed hosts), routed (no NAT; the "
            + "published container ports are open on the container address), isolated (--internal, no address on the bridge).")
    String gatewayMode;

    @Option(names = "--userland-proxy", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "A proxy "
            + "process holds each published host port and serves [::1] and 127.0.0.1 (default true; false: NAT only, as "
            + "the reference portmap).")
    boolean userlandProxy = true;

    @Option(names = "--no-isolation", description = "Let other networks' namespaces reach this one's directly (default: only through published ports).")
    boolean noIsolation;

    @Option(names = "--dns", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Names: the namespaces resolve each other (NAME, --alias, NAME.NETWORK) through a resolver on the gateway "
                    + "(default: on; --no-dns turns it off).")
    boolean dns = true;

    @Option(names = "--cni-version", paramLabel = "V", description = "cniVersion of the conflist (default: the newest the plugins speak).")
    String cniVersion;

    @Option(names = "--firewall-backend", paramLabel = "B", description = "iptables, nftables or auto (nftables when "
            + "iptables is missing, or is the nft variant holding no legacy rules and no DROP forward policy); default: "
            + "left to the plugins, which take iptables unless only nftables is usable.")
    String firewallBackend;

    @Override
    int run() {
        Networks nets = jnet().networks();
        List<String> subs = subnets.isEmpty() ? List.of(nets.freeSubnet(18).toString()) : subnets;
        String br = bridge == null ? NetworkSpec.defaultBridge(name) : bridge;
        String backend = firewallBackend == null ? null : FirewallChoice.check(firewallBackend);
        if (noMasquerade && gatewayMode != null && !gatewayMode.equals("routed")) {
            throw io.jnet.runtime.JnetException.usage("--no-masquerade conflicts with --gateway-mode " + gatewayMode,
                    "--no-masquerade is --gateway-mode routed: give one of them");
        }
        String mode = noMasquerade ? "routed" : gatewayMode;
        NetworkSpec spec = NetworkSpec.of(name, subs, gateway, ipRange, br, mtu, internal, !noIsolation, mode, userlandProxy, "1.0.0", null);
        spec.validate(); // bad input is refused before the plugins are even asked for their version
        if (cniVersion != null && !io.jnet.cni.spec.CniVersion.SUPPORTED.contains(cniVersion)) {
            throw io.jnet.runtime.JnetException.usage("unsupported --cni-version " + cniVersion,
                    "use one of " + String.join(", ", io.jnet.cni.spec.CniVersion.SUPPORTED) + ", or leave it out");
        }
        if ("auto".equals(backend)) {
            backend = FirewallChoice.auto();
        }
        spec = NetworkSpec.of(name, subs, gateway, ipRange, br, mtu, internal, !noIsolation, mode, userlandProxy,
                cniVersion == null ? nets.probeVersion() : cniVersion, backend);
        NetworkInfo info = nets.create(spec, dns).info();
        if (json()) {
            printJson(info.toJson());
        } else {
            out().println("created network " + info.name() + " (" + info.file() + ")");
            NetInspect.describe(out(), info);
            if (explain.explain) {
                out().println("nothing changed in the kernel: the bridge plugin makes " + info.bridge()
                        + ", its gateway address and rules on the first jnet attach --net " + info.name());
            }
        }
        return 0;
    }
}

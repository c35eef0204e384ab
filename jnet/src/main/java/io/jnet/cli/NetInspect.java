package io.jnet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.JsonSupport;
import io.jnet.runtime.AttachmentView;
import io.jnet.runtime.IpamUsage;
import io.jnet.runtime.JnetException;
import io.jnet.runtime.NetworkDns;
import io.jnet.runtime.NetworkInfo;
import io.jnet.runtime.PortMapping;
import io.jnet.runtime.Networks;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jnet net inspect NAME}: its settings, attachments and conflist. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a network: settings, attachments, conflist.",
        footerHeading = "%nExamples:%n", footer = {"  jnet net inspect jnet", "  jnet net inspect web --json"})
final class NetInspect extends JnetCommand {
    @Parameters(paramLabel = "NAME", description = "Network name.")
    String name;

    @Override
    int run() throws CniException {
        Networks.Loaded l = jnet().networks().find(name).orElseThrow(() -> JnetException.notFound("network " + name + " does not exist",
                name.equals(Networks.DEFAULT_NAME) ? "the default network is written on the first jnet attach or jnet lab up"
                        : "jnet net ls lists the networks"));
        NetworkInfo info = l.info();
        List<AttachmentView> attached = jnet().attachments().of(name);
        if (json()) {
            JsonObject o = info.toJson();
            o.addProperty("dns", NetworkDns.enabled(l.list()));
            JsonArray a = new JsonArray();
            attached.forEach(x -> a.add(x.toJson()));
            o.add("attachments", a);
            o.add("config", JsonSupport.parseObject(l.list().bytes(), "conflist"));
            List<IpamUsage> usage = IpamUsage.of(l.list());
            o.add("ipam", IpamUsage.json(usage));
            JsonObject status = new JsonObject();
            status.add("IPAM", IpamUsage.status(usage)); // Docker 29's network inspect "Status"
            o.add("Status", status);
            printJson(o);
            return 0;
        }
        out().println("network " + info.name() + " (" + info.file() + ")");
        describe(out(), info);
        out().println("  dns        " + (NetworkDns.enabled(l.list()) ? "on: names of the attachments, resolver on " + String.join(", ", info.gateways())
                + " port 53" + (info.internal() ? " (forwards nothing: internal)" : "") : "off"));
        for (IpamUsage u : IpamUsage.of(l.list())) {
            out().println("  addresses  " + u.describe());
        }
        out().println("  attached   " + (attached.isEmpty() ? "nothing"
                : String.join(", ", attached.stream().map(a -> a.netns() + " " + a.ifname() + " " + String.join(",", a.addresses())
                        + (a.ports().isEmpty() ? "" : " (" + PortMapping.describe(a.ports()) + ")")).toList())));
        return 0;
    }

    static void describe(PrintWriter out, NetworkInfo i) {
        out.println("  bridge     " + i.bridge() + (i.mtu() == null ? "" : " mtu " + i.mtu()));
        out.println("  subnets    " + String.join(", ", i.subnets()));
        out.println("  gateways   " + String.join(", ", i.gateways()));
        out.println("  mode       " + mode(i) + (i.userlandProxy() ? ", userland proxy" : ""));
        out.println("  plugins    " + String.join(" -> ", i.plugins()) + " (cniVersion " + i.cniVersion() + ")");
        out.println("  firewall   " + (i.firewallBackend().isEmpty()
                ? "default (the plugins take iptables unless only nftables is usable)" : i.firewallBackend()));
    }

    /** The gateway mode the network names, else what its masquerade says (a conflist written before gateway modes). */
    static String mode(NetworkInfo i) {
        if (!i.gatewayMode().isEmpty()) {
            return i.internal() ? "internal (" + i.gatewayMode() + ")" : i.gatewayMode();
        }
        return i.internal() ? "internal" : i.masquerade() ? "nat" : "routed";
    }
}

package io.jnet.cli;

import io.jnet.runtime.AttachmentView;
import io.jnet.runtime.Attachments;
import io.jnet.runtime.JnetException;
import io.jnet.runtime.PortMapping;
import io.jnet.runtime.PortSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import io.jnet.runtime.Privileges;

/** {@code jnet attach NETNS [--net NAME] [--ifname IF] [--ip IP] [--mac MAC] [-p [HOSTIP:]HOSTPORT:PORT[/PROTO]]... [--alias NAME]...}. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Attach a namespace to a network (CNI ADD through the plugins), optionally publishing ports.",
        footerHeading = "%nExamples:%n", footer = {"  jnet attach red", "  jnet attach blue -p 8080:80 -p 127.0.0.1:5353:53/udp",
                "  jnet attach web -p 80 -p 8000-8010:8000-8010/udp   (80 gets a free host port: jnet port web)",
                "  jnet attach web --net web --ip 10.88.0.10 --ifname eth1", "  jnet attach sealed --net none",
                "  jnet attach db --net web --alias postgres --alias pg"})
final class AttachCommand extends JnetCommand {
    @Mixin
    ExplainOption explain = new ExplainOption();

    @Parameters(paramLabel = "NETNS", description = "Namespace name (or path, e.g. /proc/PID/ns/net).")
    String netns;

    @Option(names = "--net", paramLabel = "NAME", description = "Network (default: jnet, created on first use); 'none' keeps "
            + "only loopback. Attach again with another --net and --ifname to join several networks.")
    String net;

    @Option(names = "--ifname", paramLabel = "IF", description = "Interface name inside the namespace (default: eth0).")
    String ifname;

    @Option(names = "--ip", paramLabel = "IP", description = "Ask for this address instead of the next free one.")
    String ip;

    @Option(names = "--mac", paramLabel = "MAC", description = "MAC address of the interface.")
    String mac;

    @Option(names = {"-p", "--publish"}, paramLabel = "[HOSTIP:][HOSTPORT[-END]:]PORT[-END][/PROTO]", description = "Publish a "
            + "port or range on the host; without a host port one is picked from the host's ephemeral range (jnet port NETNS "
            + "shows it), with a host range for one port one of the range.")
    List<String> publish = new ArrayList<>();

    @Option(names = "--alias", paramLabel = "NAME", description = "Another name of the namespace on a network with DNS (repeatable).")
    List<String> aliases = new ArrayList<>();

    @Override
    int run() {
        List<PortSpec> specs = publish.stream().map(PortSpec::parse).toList();
        if (NONE.equals(net)) {
            return attachNone();
        }
        Privileges.require("jnet attach");
        AttachmentView a = jnet().attachments().attach(new Attachments.Request(netns, net, ifname, ip, mac, List.of(), specs), aliases);
        if (json()) {
            printJson(a.toJson());
        } else {
            out().println("attached " + a.netns() + " to " + a.network());
            describe(out(), a);
        }
        return 0;
    }

    /** Docker's {@code --network none}: loopback up, no interface, nothing for detach to undo. */
    static final String NONE = "none";

    private int attachNone() {
        if (!publish.isEmpty() || ip != null || mac != null || ifname != null || !aliases.isEmpty()) {
            throw JnetException.usage("--net none takes no --ip, --mac, --ifname, --alias or -p", "drop them, or attach to a network");
        }
        Privileges.require("jnet attach");
        java.nio.file.Path p = jnet().namespaces().loopbackOnly(netns);
        if (json()) {
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("netns", netns);
            o.addProperty("netnsPath", p.toString());
            o.addProperty("network", NONE);
            printJson(o);
        } else {
            out().println(netns + ": network none (loopback only, up)");
        }
        return 0;
    }

    static void describe(PrintWriter out, AttachmentView a) {
        out.println("  interface  " + a.ifname() + (a.mac().isEmpty() ? "" : " " + a.mac())
                + (a.hostInterface().isEmpty() ? "" : ", peer " + a.hostInterface()) + (a.bridge().isEmpty() ? "" : " on bridge " + a.bridge()));
        out.println("  addresses  " + (a.addresses().isEmpty() ? "-" : String.join(", ", a.addresses())));
        out.println("  gateway    " + (a.gateways().isEmpty() ? "-" : String.join(", ", a.gateways())));
        out.println("  published  " + (a.ports().isEmpty() ? "-" : PortMapping.describe(a.ports())));
    }
}

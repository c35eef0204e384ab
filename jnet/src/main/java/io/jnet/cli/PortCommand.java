package io.jnet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.runtime.AttachmentView;
import io.jnet.runtime.JnetException;
import io.jnet.runtime.PortMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jnet port NETNS [PORT[/PROTO]]}: the host addresses a namespace's ports are published on, as {@code docker port}
 * prints them ({@code 80/tcp -> 0.0.0.0:32768}); a port published on every address is listed for both families, and
 * on a routed network the container's own addresses are where its ports are open.
 */
@Command(name = "port", mixinStandardHelpOptions = true, description = "List a namespace's published ports, or where one port is published.",
        footerHeading = "%nExamples:%n", footer = {"  jnet attach web -p 80 && jnet port web     80/tcp -> 0.0.0.0:32768",
                "  jnet port web 80/tcp                       0.0.0.0:32768", "  jnet port web --json"})
final class PortCommand extends JnetCommand {
    @Parameters(index = "0", paramLabel = "NETNS", description = "Namespace name or path.")
    String netns;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT[/PROTO]", description = "Only this container port (default protocol tcp).")
    String port;

    @Option(names = "--net", paramLabel = "NAME", description = "Only this network (default: all of the namespace's).")
    String net;

    @Override
    int run() {
        int wanted = 0;
        String proto = "tcp";
        if (port != null) {
            String[] p = port.split("/", -1);
            try {
                wanted = Integer.parseInt(p[0]);
            } catch (NumberFormatException e) {
                wanted = -1;
            }
            if (p.length == 2) {
                proto = p[1].toLowerCase(Locale.ROOT);
            }
            if (wanted < 1 || wanted > 65535 || p.length > 2 || !List.of("tcp", "udp", "sctp").contains(proto)) {
                throw JnetException.usage("bad port '" + port + "'", "write PORT or PORT/PROTO, e.g. 80 or 53/udp");
            }
        }
        List<String[]> rows = new ArrayList<>(); // container port/proto, host address, host port, network
        for (AttachmentView a : jnet().attachments().of(netns, net)) {
            // a routed network publishes the container port on the container's own addresses
            boolean routed = jnet().networks().find(a.network()).map(l -> l.info().gatewayMode().equals("routed")).orElse(false);
            for (PortMapping m : a.ports()) {
                if (wanted != 0 && (m.containerPort() != wanted || !m.protocol().equals(proto))) {
                    continue;
                }
                for (String host : routed ? containerAddresses(a) : hostAddresses(m)) {
                    rows.add(new String[] {m.containerPort() + "/" + m.protocol(), host, Integer.toString(routed ? m.containerPort()
                            : m.hostPort()), a.network()});
                }
            }
        }
        if (rows.isEmpty() && wanted != 0) {
            throw JnetException.notFound("no public port " + wanted + "/" + proto + " published for " + netns,
                    "jnet port " + netns + " lists what it publishes");
        }
        if (json()) {
            JsonArray arr = new JsonArray();
            for (String[] r : rows) {
                JsonObject o = new JsonObject();
                o.addProperty("containerPort", Integer.parseInt(r[0].substring(0, r[0].indexOf('/'))));
                o.addProperty("protocol", r[0].substring(r[0].indexOf('/') + 1));
                o.addProperty("hostIP", r[1]);
                o.addProperty("hostPort", Integer.parseInt(r[2]));
                o.addProperty("network", r[3]);
                arr.add(o);
            }
            printJson(arr);
            return 0;
        }
        for (String[] r : rows) {
            String where = (r[1].contains(":") ? "[" + r[1] + "]" : r[1]) + ":" + r[2];
            out().println(wanted != 0 ? where : r[0] + " -> " + where);
        }
        return 0;
    }

    private static List<String> containerAddresses(AttachmentView a) {
        return a.addresses().stream().map(c -> c.indexOf('/') < 0 ? c : c.substring(0, c.indexOf('/'))).toList();
    }

    /** Every host address a mapping answers on: both families' "any" when it names none. */
    private static List<String> hostAddresses(PortMapping m) {
        if (m.hostIp().isEmpty()) {
            return List.of("0.0.0.0", "::");
        }
        return List.of(m.hostIp());
    }
}

package io.jnet.cli;

import com.google.gson.JsonObject;
import io.jnet.firewall.Iptables;
import io.jnet.graph.Topology;
import io.jnet.graph.TopologyReader;
import io.jnet.inet.IpPrefix;
import io.jnet.runtime.Errors;
import io.jnet.runtime.JnetException;
import io.jnet.runtime.Privileges;
import io.jnet.trace.Endpoints;
import io.jnet.trace.Probe;
import io.jnet.trace.Trace;
import io.jnet.trace.TraceText;
import io.jnet.trace.Tracer;
import io.jnet.netlink.NetlinkException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnet trace FROM TO[:PORT[/PROTO]] [--probe]}. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Where a packet goes: route lookups in each namespace, the bridge, each netfilter chain and the rule that "
                + "decides (DNAT, masquerade, isolation), and the verdict, computed from live state; --probe sends a real one.",
        footerHeading = "%nExamples:%n", footer = {"  jnet trace red blue:80              same network", "  jnet trace host 127.0.0.1:8080      a published port from the host",
                "  jnet trace blue 172.17.0.1:8080     hairpin: blue to its own published port", "  jnet trace 203.0.113.7 192.0.2.10:8080   from outside, arriving at the host",
                "  jnet trace red 10.89.0.2:5432 --probe"},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:the trace ran (whatever its verdict)", "6:--probe disagrees with the trace"})
final class TraceCommand extends JnetCommand {
    @Parameters(index = "0", paramLabel = "FROM", description = "A namespace (host, red, ...) or an address (outside ones arrive at the host).")
    String from;

    @Parameters(index = "1", paramLabel = "TO[:PORT[/PROTO]]", description = "A namespace or an address, with a port for tcp (default), udp or sctp; without one, a ping.")
    String to;

    @Option(names = "--probe", description = "Confirm with a real packet sent from FROM, watching where it arrives.")
    boolean probe;

    @Override
    int run() {
        Privileges.require("jnet trace");
        Topology topo = new TopologyReader(jnet(), Iptables.commands()).read(null);
        Endpoints.From f = Endpoints.from(from, topo);
        boolean fromV6 = f.outside() != null ? !(f.outside().getAddress().length == 4)
                : f.source().address() != null && f.source().address().getAddress().length == 16;
        Endpoints.To t = Endpoints.to(to, topo, fromV6);
        if (f.outside() != null && f.outside().getAddress().length != t.address().getAddress().length
                || f.source() != null && f.source().address() != null && f.source().address().getAddress().length != t.address().getAddress().length) {
            throw JnetException.usage("FROM " + from + " and TO " + to + " are of different address families", "trace IPv4 to IPv4, IPv6 to IPv6");
        }
        if (probe && f.source() == null) {
            throw JnetException.usage("--probe sends from a namespace, and " + from + " is an address outside them",
                    "trace from the namespace that holds it, or drop --probe");
        }
        try (Tracer tracer = new Tracer(topo)) {
            Trace trace = tracer.trace(from, to, f.source(), f.outside(), t.address(), t.proto(), t.port());
            Probe.Result pr = null;
            if (probe) {
                String holder = Endpoints.from(IpPrefix.text(t.address()), topo).source() == null ? null
                        : Endpoints.from(IpPrefix.text(t.address()), topo).source().ns();
                pr = Probe.run(tracer, trace, f.source(), holder, t.address(), t.proto(), t.port());
            }
            if (json()) {
                JsonObject o = TraceText.json(trace);
                if (pr != null) {
                    JsonObject p = new JsonObject();
                    p.addProperty("outcome", pr.outcome());
                    p.addProperty("detail", pr.detail());
                    com.google.gson.JsonArray arrived = new com.google.gson.JsonArray();
                    pr.arrivedIn().forEach(arrived::add);
                    p.add("arrivedIn", arrived);
                    p.addProperty("agrees", pr.agrees());
                    o.add("probe", p);
                }
                printJson(o);
            } else {
                out().print(TraceText.render(trace));
                if (pr != null) {
                    out().println(pr.summary(what(t)));
                }
            }
            if (pr != null && !pr.agrees()) {
                throw new JnetException(JnetException.Kind.PROOF_FAILED, "the probe disagrees with the trace",
                        "a rule the trace cannot evaluate, or state that changed meanwhile; see the notes above");
            }
            return 0;
        } catch (NetlinkException e) {
            throw Errors.kernel("cannot trace", e);
        }
    }

    private static String what(Endpoints.To t) {
        return switch (t.proto()) {
            case "tcp" -> "tcp connect to " + IpPrefix.text(t.address()) + " port " + t.port();
            case "udp" -> "udp datagram to " + IpPrefix.text(t.address()) + " port " + t.port();
            default -> "ping " + IpPrefix.text(t.address());
        };
    }
}

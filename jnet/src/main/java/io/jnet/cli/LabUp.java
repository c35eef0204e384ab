package io.jnet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.runtime.AttachmentView;
import io.jnet.runtime.JnetException;
import io.jnet.runtime.Lab;
import io.jnet.runtime.NetworkInfo;
import io.jnet.runtime.Probes;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import io.jnet.runtime.Privileges;

/** {@code jnet lab up}: builds the lab and proves it, step by step. Running it again proves it again. */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Build the red/blue lab and prove it works (again, if it is up).",
        footerHeading = "%nExamples:%n", footer = {"  jnet lab up", "  jnet lab up --host-port 9080", "  jnet lab up --dns"})
final class LabUp extends JnetCommand {
    @Mixin
    ExplainOption explain = new ExplainOption();

    /** The lab's options, shared with {@code jnet lab}. */
    static final class Options {
        @Option(names = "--net", paramLabel = "NAME", description = "Network (default: the embedded jnet network).")
        String net = "jnet";

        @Option(names = "--host-port", paramLabel = "PORT", description = "Host port publishing blue's port 80 (default: 8080).")
        int hostPort = 8080;

        @Option(names = "--dns", description = "Give the lab's network names: red and blue reach each other as red and blue.")
        boolean dns;
    }

    @Mixin
    Options options = new Options();

    @Override
    int run() {
        return run(this, options);
    }

    static int run(JnetCommand cmd, Options o) {
        if (o.hostPort < 1 || o.hostPort > 65535) {
            throw JnetException.usage("--host-port " + o.hostPort + " is not a port", "use 1-65535");
        }
        Privileges.require("jnet lab up");
        PrintWriter out = cmd.out();
        if (!cmd.json()) {
            out.println("jnet lab: bringing up red and blue on network " + o.net + " ...");
            out.flush();
        }
        Lab.Report r = new Lab(cmd.jnet(), line -> {
            if (!cmd.json()) {
                out.println("  " + line);
                out.flush();
            }
        }).up(o.net, o.hostPort, o.dns);
        if (cmd.json()) {
            cmd.printJson(toJson(r));
        } else {
            print(out, r);
        }
        if (!r.allOk()) {
            throw new JnetException(JnetException.Kind.PROOF_FAILED, "the lab is up but a proof failed",
                    "look with jnet netns exec red -- ip addr, jnet check blue; jnet lab down removes it");
        }
        return 0;
    }

    static void print(PrintWriter out, Lab.Report r) {
        NetworkInfo n = r.network();
        AttachmentView red = r.red();
        AttachmentView blue = r.blue();
        if (r.alreadyUp()) {
            out.println("The lab is already up; proving it again.");
        }
        out.println();
        out.println("Topology");
        String gw = blue.gateways().isEmpty() ? "?" : blue.gateways().get(0);
        String subnet = n == null || n.subnets().isEmpty() ? "" : n.subnets().get(0);
        String prefix = subnet.contains("/") ? subnet.substring(subnet.indexOf('/')) : "";
        String bridge = n == null ? blue.bridge() : n.bridge();
        out.printf("  host (the namespace jnet runs in)%n");
        out.printf("   %s  bridge %s%s, the network's gateway%s%n", bridge, gw, prefix,
                n != null && n.masquerade() ? "; masquerades what leaves " + subnet : "");
        member(out, red, "");
        member(out, blue, "  HTTP responder pid " + r.responderPid() + " on :" + Lab.CONTAINER_PORT);
        out.printf("   published: host port %d (127.0.0.1 and every host address) -> blue %s:%d, by portmap DNAT%n",
                r.hostPort(), blue.firstIp(), Lab.CONTAINER_PORT);
        out.println();
        out.println("Proof");
        List<Probes.Step> steps = r.steps();
        int width = steps.stream().mapToInt(s -> s.title().length()).max().orElse(0);
        for (int i = 0; i < steps.size(); i++) {
            Probes.Step s = steps.get(i);
            out.printf("  %d. %-" + width + "s  %-4s  %s%n", i + 1, s.title(), s.ok() ? "ok" : "FAIL", s.detail());
        }
        out.println();
        long passed = steps.stream().filter(Probes.Step::ok).count();
        out.println(passed == steps.size()
                ? "All " + steps.size() + " steps passed. Look around: jnet ps, jnet netns exec red -- ip route; remove it all: jnet lab down"
                : passed + " of " + steps.size() + " steps passed.");
    }

    private static void member(PrintWriter out, AttachmentView a, String extra) {
        out.printf("    +-- %-12s <==> %s in %-5s %-16s %s%s%n", a.hostInterface(), a.ifname(), a.netns(),
                String.join(",", a.addresses()), a.mac(), extra);
    }

    static JsonObject toJson(Lab.Report r) {
        JsonObject o = new JsonObject();
        o.addProperty("alreadyUp", r.alreadyUp());
        if (r.network() != null) {
            o.add("network", r.network().toJson());
        }
        JsonArray ns = new JsonArray();
        ns.add(r.red().toJson());
        ns.add(r.blue().toJson());
        o.add("namespaces", ns);
        JsonObject resp = new JsonObject();
        resp.addProperty("pid", r.responderPid());
        resp.addProperty("netns", r.blue().netns());
        resp.addProperty("port", Lab.CONTAINER_PORT);
        o.add("responder", resp);
        o.addProperty("hostPort", r.hostPort());
        JsonArray steps = new JsonArray();
        for (Probes.Step s : r.steps()) {
            JsonObject so = new JsonObject();
            so.addProperty("step", s.title());
            so.addProperty("ok", s.ok());
            so.addProperty("detail", s.detail());
            steps.add(so);
        }
        o.add("steps", steps);
        o.addProperty("ok", r.allOk());
        return o;
    }
}

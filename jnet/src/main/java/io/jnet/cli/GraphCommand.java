package io.jnet.cli;

import io.jnet.firewall.Iptables;
import io.jnet.graph.Topology;
import io.jnet.graph.TopologyJson;
import io.jnet.graph.TopologyReader;
import io.jnet.graph.render.DotRenderer;
import io.jnet.graph.render.HtmlRenderer;
import io.jnet.graph.render.SvgRenderer;
import io.jnet.graph.render.TextRenderer;
import io.jnet.runtime.JnetException;
import io.jnet.runtime.Json;
import io.jnet.runtime.Privileges;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jnet graph [--net NAME] [--format text|dot|svg|html] [-o FILE] [--watch [--interval S]]}. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Draw the live topology, read from the kernel: namespaces, interfaces with addresses and MACs, veth cables, "
                + "bridges, routes, published ports, NAT and isolation rules per network; what is not jnet's is marked (grey).",
        footerHeading = "%nExamples:%n", footer = {"  jnet graph", "  jnet graph --format svg -o lab.svg",
                "  jnet graph --format dot | dot -Tpng -o lab.png", "  jnet graph --format html --watch -o /tmp/jnet.html   (open it in a browser)",
                "  jnet graph --net web --json"})
final class GraphCommand extends JnetCommand {
    @Option(names = "--net", paramLabel = "NAME", description = "Only this network's namespaces (and the host).")
    String net;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), dot, svg or html; -o FILE.svg/.dot/.html picks it too.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Option(names = "--watch", description = "Keep rewriting FILE (html) as the topology changes; the page reloads itself. Ctrl-C stops.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "How often --watch reads the topology (default: 2).")
    int interval = 2;

    @Override
    int run() throws Exception {
        String fmt = format();
        if (watch && (output == null || !fmt.equals("html"))) {
            throw JnetException.usage("--watch rewrites an html file", "jnet graph --format html --watch -o FILE");
        }
        if (interval < 1 || interval > 3600) {
            throw JnetException.usage("--interval " + interval + " is not 1-3600 seconds", "use e.g. --interval 2");
        }
        if (json() && (output != null || format != null)) {
            throw JnetException.usage("--json prints the model, not a picture", "drop --format/-o, or drop --json");
        }
        Privileges.require("jnet graph");
        TopologyReader reader = new TopologyReader(jnet(), Iptables.commands());
        if (json()) {
            printJson(TopologyJson.of(reader.read(net)));
            return 0;
        }
        String last = null;
        while (true) {
            Topology t = reader.read(net);
            String text = render(t, fmt);
            if (output == null) {
                out().print(text);
                return 0;
            }
            if (!text.equals(last)) {
                write(output, text);
                last = text;
                if (!watch) {
                    return 0;
                }
                err().println("jnet graph: wrote " + output);
                err().flush();
            }
            Thread.sleep(interval * 1000L);
        }
    }

    private String render(Topology t, String fmt) {
        return switch (fmt) {
            case "text" -> TextRenderer.render(t);
            case "dot" -> DotRenderer.render(t);
            case "svg" -> SvgRenderer.render(t);
            // the stamp only says when the picture last changed, so an unchanged topology is not rewritten
            default -> HtmlRenderer.render(t, watch ? interval : 0, "jnet graph" + (net == null ? "" : " --net " + net));
        };
    }

    private String format() {
        String f = format;
        if (f == null && output != null) {
            String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
            f = name.endsWith(".svg") ? "svg" : name.endsWith(".dot") || name.endsWith(".gv") ? "dot"
                    : name.endsWith(".html") || name.endsWith(".htm") ? "html" : "text";
        }
        f = f == null ? "text" : f.toLowerCase(Locale.ROOT);
        if (!f.equals("text") && !f.equals("dot") && !f.equals("svg") && !f.equals("html")) {
            throw JnetException.usage("unknown --format " + format, "use text, dot, svg or html");
        }
        return f;
    }

    /** Written whole (temp file + rename), so a browser reloading the page never sees half of it. */
    private static void write(Path target, String text) {
        Path abs = target.toAbsolutePath();
        if (!Files.isDirectory(abs.getParent())) {
            throw JnetException.usage("cannot write " + target + ": " + abs.getParent() + " is not a directory", "create it first, or write elsewhere");
        }
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".jnet-tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw JnetException.failed("cannot write " + target + ": " + e, "check that the directory is writable", e);
        }
    }

}

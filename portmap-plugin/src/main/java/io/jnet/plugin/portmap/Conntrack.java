package io.jnet.plugin.portmap;

import io.jnet.context.CallContext;
import io.jnet.explain.Commands;
import io.jnet.explain.Explain;
import io.jnet.firewall.Family;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Removes stale UDP conntrack entries of published ports: an entry created before the DNAT rule existed
 * (or while another container had the port) keeps steering a UDP flow to the old destination. Runs the
 * {@code conntrack} tool as an argument list; failures are logged, never fatal, like the reference.
 */
public class Conntrack {
    private static final List<String> SEARCH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin");
    private static final long TIMEOUT_SECONDS = 10;

    /** Deletes the UDP entries whose original destination port is one of {@code ports}, in {@code family}. */
    public void deleteUdp(Family family, List<Integer> ports, PrintStream log) {
        if (ports.isEmpty()) {
            return;
        }
        Path tool = find();
        if (tool == null) {
            log.println("portmap: conntrack not found, stale UDP entries for ports " + ports + " are not removed"
                    + " (install the conntrack package)");
            return;
        }
        for (int port : ports) {
            List<String> cmd = List.of(tool.toString(), "-D", "-f", family == Family.IPV6 ? "ipv6" : "ipv4",
                    "-p", "udp", "--dport", Integer.toString(port));
            try {
                Process p = CallContext.current().prepare(new ProcessBuilder(cmd)).redirectErrorStream(true).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    log.println("portmap: " + String.join(" ", cmd) + " timed out");
                } else if (p.exitValue() != 0 && !out.contains("0 flow entries")) {
                    log.println("portmap: " + String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
                } else {
                    if (Explain.current().active()) {
                        Explain.current().command("conntrack " + Commands.words(cmd.subList(1, cmd.size())));
                    }
                }
            } catch (IOException e) {
                log.println("portmap: cannot run conntrack: " + e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Path find() {
        for (String dir : SEARCH) {
            Path p = Path.of(dir, "conntrack");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}

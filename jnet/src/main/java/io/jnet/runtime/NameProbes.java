package io.jnet.runtime;

import io.jnet.context.CallContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Proofs by name: the lab's namespaces ping each other by name through {@code ip netns exec}, which mounts
 * {@code /etc/netns/NAME/resolv.conf} over /etc/resolv.conf, so the name goes to the resolver on the gateway as it
 * would from a container.
 */
public final class NameProbes {
    private NameProbes() {}

    /** {@code ip netns exec FROM ping -c 1 NAME}; the reply line (with the address the name resolved to) is the proof. */
    public static Probes.Step ping(String title, Path from, String name) {
        Path ip = Probes.onPath("ip");
        Path ping = Probes.onPath("ping");
        if (ip == null || ping == null) {
            return new Probes.Step(title, false, "needs ip (iproute2) and ping (iputils-ping)");
        }
        try {
            Process p = CallContext.current().prepare(new ProcessBuilder(ip.toString(), "netns", "exec", from.getFileName().toString(), ping.toString(), "-c", "1", "-W", "2", name))
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            boolean ok = p.exitValue() == 0;
            String line = out.lines().filter(l -> l.contains("bytes from")).findFirst()
                    .orElse(out.lines().filter(l -> l.contains("loss") || l.contains("resolv") || l.contains("unknown")).findFirst().orElse(out.strip()));
            return new Probes.Step(title, ok, line.strip());
        } catch (IOException e) {
            return new Probes.Step(title, false, "could not run ping: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probes.Step(title, false, "interrupted");
        }
    }
}

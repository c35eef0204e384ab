package io.jnet.runtime;

import io.jnet.context.CallContext;
import io.jnet.netlink.ns.NetNs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The lab's proofs: real packets between namespaces, and an HTTP request from the host. */
public final class Probes {
    /** What one proof showed. */
    public record Step(String title, boolean ok, String detail) {}

    private Probes() {}

    /**
     * Pings {@code target} once from inside {@code from} with the system's ping (its reply line is the proof),
     * or with an ICMP echo of our own when ping is not installed.
     */
    public static Step ping(String title, Path from, String target) {
        Path ping = onPath("ping");
        try (NetNs ns = NetNs.open(from)) {
            if (ping == null) {
                long t0 = System.nanoTime();
                boolean ok = ns.call(() -> InetAddress.getByName(target).isReachable(2000));
                return new Step(title, ok, ok ? String.format("echo reply from %s in %.3f ms", target, (System.nanoTime() - t0) / 1e6)
                        : "no echo reply from " + target + " within 2 s");
            }
            ProcessBuilder pb = CallContext.current().prepare(new ProcessBuilder(ping.toString(), "-n", "-c", "1", "-W", "2", target))
                    .redirectErrorStream(true);
            Process p = ns.call(pb::start);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            boolean ok = p.exitValue() == 0;
            String line = out.lines().filter(l -> l.contains("bytes from")).findFirst()
                    .orElse(out.lines().filter(l -> l.contains("loss")).findFirst().orElse(out.strip()));
            return new Step(title, ok, line.strip());
        } catch (IOException e) {
            return new Step(title, false, "could not ping: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Step(title, false, "interrupted");
        }
    }

    /** A GET from this process (the host) to {@code host:port}; the status line and body are the proof. */
    public static Step httpGet(String title, String host, int port) {
        String last = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getByName(host), port), 3000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write(("GET / HTTP/1.0\r\nHost: " + host + ":" + port + "\r\nUser-Agent: jnet-lab\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String reply = new String(in.readNBytes(8192), StandardCharsets.UTF_8);
                String status = reply.lines().findFirst().orElse("");
                int bodyAt = reply.indexOf("\r\n\r\n");
                String body = bodyAt < 0 ? "" : reply.substring(bodyAt + 4).strip();
                boolean ok = status.matches("HTTP/1\\.[01] 200.*");
                return new Step(title, ok, status + (body.isEmpty() ? "" : " \"" + body + "\""));
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
                sleep(300);
            }
        }
        return new Step(title, false, "no answer: " + last);
    }

    /** Waits until something accepts TCP connections on {@code port} inside {@code ns}. */
    public static boolean waitListening(Path netns, int port, long timeoutMillis, ProcessHandle server) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try (NetNs ns = NetNs.open(netns)) {
            while (System.currentTimeMillis() < deadline) {
                boolean up = ns.call(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
                if (up) {
                    return true;
                }
                if (server != null && !server.isAlive()) {
                    return false;
                }
                sleep(100);
            }
        }
        return false;
    }

    /** An executable of that name in the PATH directories (or the usual sbin/bin ones), null when none. */
    public static Path onPath(String name) {
        String path = CallContext.current().env().getOrDefault("PATH", "");
        for (String dir : (path + ":/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.jnet.trace;

import io.jnet.context.CallContext;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.NetlinkException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Confirms a trace with a real packet: a TCP connect, a UDP datagram or a ping sent from inside the FROM namespace,
 * and the SNMP counters of every namespace the trace went through (plus the one holding the destination) read before
 * and after, so the probe sees where the packet arrived, not only whether an answer came.
 */
public final class Probe {
    private static final int TIMEOUT_MILLIS = 2000;

    /**
     * What the probe saw.
     *
     * @param outcome   connected, refused, timeout, unreachable, reply, no reply, or error
     * @param detail    the socket's or ping's own words
     * @param arrivedIn namespaces whose receive counter moved, with the counter
     * @param agrees    whether that is what the trace predicted
     */
    public record Result(String outcome, String detail, List<String> arrivedIn, boolean agrees) {
        public String summary(String what) {
            return "probe: " + what + ": " + outcome + (detail.isEmpty() ? "" : " (" + detail + ")")
                    + (arrivedIn.isEmpty() ? "; it arrived in no namespace the trace watched" : "; arrived in " + String.join(", ", arrivedIn))
                    + (agrees ? "; agrees with the trace" : "; DISAGREES with the trace");
        }
    }

    private Probe() {}

    /** Sends the probe; {@code holder} is the namespace holding the original destination, or null. */
    public static Result run(Tracer tracer, Trace trace, Tracer.Source from, String holder, InetAddress dst, String proto, int port)
            throws NetlinkException {
        NsView start = tracer.view(from.ns());
        Map<String, NsView> watch = new LinkedHashMap<>();
        for (NsView v : tracer.visited()) {
            watch.put(v.id, v);
        }
        if (holder != null) {
            watch.putIfAbsent(holder, tracer.view(holder));
        }
        boolean v4 = dst.getAddress().length == 4;
        String counter = switch (proto) {
            case "tcp" -> "Tcp.InSegs";
            case "udp" -> v4 ? "Udp.InDatagrams+Udp.NoPorts" : "Udp6InDatagrams+Udp6NoPorts";
            default -> v4 ? "Icmp.InEchos" : "Icmp6InEchos";
        };
        Map<String, Long> before = new LinkedHashMap<>();
        watch.forEach((id, v) -> before.put(id, count(v, counter)));
        String[] seen = send(start, from.address(), dst, proto, port);
        List<String> arrived = new ArrayList<>();
        String delivered = trace.verdict().kind() == Trace.Kind.DELIVERED ? trace.verdict().ns() : null;
        for (Map.Entry<String, NsView> e : watch.entrySet()) {
            long moved = count(e.getValue(), counter) - before.get(e.getKey());
            // the sender's own counter moves with the answers it gets; it counts only when the trace ends there
            if (moved > 0 && (!e.getKey().equals(from.ns()) || e.getKey().equals(delivered))) {
                arrived.add(e.getKey() + " (" + counter + " +" + moved + ")");
            }
        }
        String outcome = seen[0];
        boolean answered = outcome.equals("connected") || outcome.equals("refused") || outcome.equals("reply");
        boolean agrees;
        if (delivered != null) {
            boolean there = arrived.stream().anyMatch(a -> a.startsWith(delivered + " ("));
            agrees = there && (proto.equals("udp") || answered);
        } else {
            agrees = !answered && (holder == null || arrived.stream().noneMatch(a -> a.startsWith(holder + " (")));
        }
        return new Result(outcome, seen[1], arrived, agrees);
    }

    private static long count(NsView v, String counter) {
        Map<String, Long> snmp = v.snmp();
        long sum = 0;
        for (String k : counter.split("\\+")) {
            sum += snmp.getOrDefault(k, 0L);
        }
        return sum;
    }

    /** {outcome, detail}, the packet sent from a thread inside {@code ns}. */
    private static String[] send(NsView ns, InetAddress src, InetAddress dst, String proto, int port) throws NetlinkException {
        return ns.ns.call(() -> switch (proto) {
            case "tcp" -> tcp(src, dst, port);
            case "udp" -> udp(src, dst, port);
            case "icmp" -> ping(src, dst);
            default -> new String[] {"error", "the probe sends tcp, udp or icmp, not " + proto};
        });
    }

    private static String[] tcp(InetAddress src, InetAddress dst, int port) {
        try (Socket s = new Socket()) {
            if (src != null) {
                s.bind(new InetSocketAddress(src, 0));
            }
            s.connect(new InetSocketAddress(dst, port), TIMEOUT_MILLIS);
            return new String[] {"connected", ""};
        } catch (ConnectException e) {
            return e.getMessage() != null && e.getMessage().contains("refused") ? new String[] {"refused", "connection refused"}
                    : new String[] {"unreachable", String.valueOf(e.getMessage())};
        } catch (SocketTimeoutException e) {
            return new String[] {"timeout", "no answer in " + TIMEOUT_MILLIS + " ms"};
        } catch (NoRouteToHostException e) {
            return new String[] {"unreachable", String.valueOf(e.getMessage())};
        } catch (SocketException e) {
            String m = String.valueOf(e.getMessage());
            return new String[] {m.contains("unreachable") ? "unreachable" : "error", m};
        } catch (IOException e) {
            return new String[] {"error", String.valueOf(e.getMessage())};
        }
    }

    private static String[] udp(InetAddress src, InetAddress dst, int port) {
        try (DatagramSocket s = src == null ? new DatagramSocket() : new DatagramSocket(new InetSocketAddress(src, 0))) {
            s.connect(dst, port);
            s.setSoTimeout(TIMEOUT_MILLIS);
            byte[] probe = "jnet probe\n".getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(probe, probe.length));
            byte[] buf = new byte[1500];
            s.receive(new DatagramPacket(buf, buf.length));
            return new String[] {"reply", ""};
        } catch (PortUnreachableException e) {
            return new String[] {"refused", "port unreachable"};
        } catch (SocketTimeoutException e) {
            return new String[] {"no reply", "none in " + TIMEOUT_MILLIS + " ms"};
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            return new String[] {m.contains("unreachable") ? "unreachable" : "error", m};
        }
    }

    private static String[] ping(InetAddress src, InetAddress dst) {
        try {
            return pingOnce(src, dst);
        } catch (IOException e) {
            return new String[] {"error", "cannot run ping: " + e.getMessage()};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new String[] {"error", "interrupted"};
        }
    }

    private static String[] pingOnce(InetAddress src, InetAddress dst) throws IOException, InterruptedException {
        Path ping = null;
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, "ping"))) {
                ping = Path.of(dir, "ping");
                break;
            }
        }
        if (ping == null) {
            return new String[] {"error", "ping not found (install iputils-ping)"};
        }
        List<String> cmd = new ArrayList<>(List.of(ping.toString(), "-n", "-c", "1", "-W", "2"));
        if (src != null) {
            cmd.addAll(List.of("-I", IpPrefix.text(src)));
        }
        cmd.add(IpPrefix.text(dst));
        Process p = CallContext.current().prepare(new ProcessBuilder(cmd)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (p.exitValue() == 0) {
            return new String[] {"reply", out.lines().filter(l -> l.contains("bytes from")).findFirst().orElse("").strip()};
        }
        String last = out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("").strip();
        return new String[] {out.contains("unreachable") ? "unreachable" : "no reply", last};
    }
}

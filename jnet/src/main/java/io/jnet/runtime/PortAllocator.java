package io.jnet.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns {@code -p} specs into the mappings jnet publishes: ranges expand port by port (the CNI convention: one
 * {@code portMappings} entry per port), and a missing host port is taken from Docker's pool: the host's
 * {@code net.ipv4.ip_local_port_range}, else 49153-65535, never a port another attachment publishes or a host
 * process holds. Like Docker's allocator it goes on after the last port it handed out (the highest automatic port
 * still published), so a port just given back is not the next one handed out.
 */
final class PortAllocator {
    static final Path LOCAL_PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    static final int DEFAULT_FIRST = 49153;
    static final int DEFAULT_LAST = 65535;

    private final int first;
    private final int last;
    private final Predicate<PortMapping> free;

    /**
     * @param first first port of the automatic pool
     * @param last  last port of the pool
     * @param free  whether a mapping's host port may be taken (nobody publishes or holds it)
     */
    PortAllocator(int first, int last, Predicate<PortMapping> free) {
        this.first = first;
        this.last = last;
        this.free = free;
    }

    /** The pool of this host: {@code ip_local_port_range}, or Docker's default when it cannot be read. */
    static int[] pool(Path rangeFile) {
        try (InputStream in = Files.newInputStream(rangeFile)) {
            // One read: a sysctl file answers a read at an offset with nothing, so a small first read (what
            // Files.readString does with the size 0 /proc reports) would see only "4" of "40000 40009".
            byte[] buf = new byte[128];
            int n = Math.max(0, in.read(buf));
            String[] f = new String(buf, 0, n, StandardCharsets.US_ASCII).trim().split("\\s+");
            int a = Integer.parseInt(f[0]);
            int b = Integer.parseInt(f[1]);
            if (f.length == 2 && a >= 1 && b <= 65535 && a <= b) {
                return new int[] {a, b};
            }
        } catch (IOException | RuntimeException e) {
            // Docker falls back the same way
        }
        return new int[] {DEFAULT_FIRST, DEFAULT_LAST};
    }

    /**
     * The mappings of {@code specs}, in order; {@code published} are the mappings other attachments hold (the next
     * automatic port comes after the highest of them in the pool).
     */
    List<PortMapping> resolve(List<PortSpec> specs, List<PortMapping> published) {
        List<PortMapping> out = new ArrayList<>();
        int cursor = first - 1;
        for (PortMapping p : published) {
            if (p.hostPort() >= first && p.hostPort() <= last && p.hostPort() > cursor) {
                cursor = p.hostPort();
            }
        }
        for (PortSpec s : specs) {
            if (s.automatic()) {
                for (int i = 0; i < s.containerCount(); i++) {
                    int port = pick(s, i, cursor, first, last, out);
                    if (port == 0) {
                        throw JnetException.conflict("no free host port for " + s.text() + " in the automatic range " + first + "-" + last,
                                "give a host port (-p HOSTPORT:" + (s.containerStart() + i) + "), or free some ports");
                    }
                    cursor = port;
                    out.add(s.mapping(i, port));
                }
            } else if (s.picksFromRange()) {
                int port = pick(s, 0, s.hostStart() - 1, s.hostStart(), s.hostEnd(), out);
                if (port == 0) {
                    throw JnetException.conflict("no free host port in " + s.hostStart() + "-" + s.hostEnd() + "/" + s.protocol()
                            + " for " + s.text(), "widen the range or free one of its ports (jnet ps shows what publishes them)");
                }
                out.add(s.mapping(0, port));
            } else {
                for (int i = 0; i < s.containerCount(); i++) {
                    out.add(s.mapping(i, s.hostStart() + i));
                }
            }
        }
        return out;
    }

    /** The first port after {@code after} in [lo, hi] (wrapping) that is free and not taken in {@code chosen}; 0 when none. */
    private int pick(PortSpec s, int i, int after, int lo, int hi, List<PortMapping> chosen) {
        int n = hi - lo + 1;
        for (int k = 1; k <= n; k++) {
            int port = lo + Math.floorMod(after - lo + k, n);
            PortMapping m = s.mapping(i, port);
            if (chosen.stream().noneMatch(m::clashesWith) && free.test(m)) {
                return port;
            }
        }
        return 0;
    }
}

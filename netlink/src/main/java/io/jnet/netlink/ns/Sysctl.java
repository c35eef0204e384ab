package io.jnet.netlink.ns;

import io.jnet.explain.Commands;
import io.jnet.explain.Explain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes /proc/sys entries of a given namespace ({@code ip netns exec NS sysctl ...}).
 * /proc/sys/net resolves against the namespace of the thread that opens the file, so the file is
 * opened inside the namespace. Keys are dotted ({@code net.ipv4.ip_forward}) or slashed
 * ({@code net/ipv4/conf/eth0.100/arp_notify}, for interface names holding dots), like sysctl(8).
 */
public final class Sysctl {
    private static final Path ROOT = Path.of("/proc/sys");

    private Sysctl() {}

    /** {@code sysctl -n KEY} inside {@code netns}. */
    public static String get(NetNs netns, String key) throws IOException {
        Path file = pathOf(key);
        return netns.call(() -> Files.readString(file, StandardCharsets.US_ASCII).trim());
    }

    /** {@code sysctl -w KEY=VALUE} inside {@code netns}; reported to the calling thread's {@link Explain} sink. */
    public static void set(NetNs netns, String key, String value) throws IOException {
        Path file = pathOf(key);
        Explain explain = Explain.current(); // the namespace thread below is not the call's
        netns.<Void, IOException>call(() -> {
            Files.writeString(file, value, StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            return null;
        });
        if (explain.active()) {
            explain.command(Commands.sysctl(Commands.where(netns.path()), key, value));
        }
    }

    /** The /proc/sys file of a key, refusing components that would climb out of /proc/sys. */
    public static Path pathOf(String key) {
        String[] parts = key.indexOf('/') >= 0 ? key.split("/") : key.split("\\.");
        Path path = ROOT;
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("bad sysctl key: " + key);
            }
            path = path.resolve(part);
        }
        return path;
    }

    /** The key of a per-interface setting, e.g. ("ipv4", "eth0", "arp_notify"), safe for dotted names. */
    public static String interfaceKey(String family, String ifname, String setting) {
        return "net/" + family + "/conf/" + ifname + "/" + setting;
    }
}

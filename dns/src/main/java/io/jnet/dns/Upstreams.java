package io.jnet.dns;

import io.jnet.inet.IpPrefix;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The host's upstream resolvers, from its resolv.conf, re-read whenever the file changes (an edit, or a
 * NetworkManager/DHCP rewrite by rename), so the resolver survives a reload of it. A resolv.conf naming only
 * systemd-resolved's loopback stub (127.0.0.53, 127.0.0.54) is followed to the upstreams resolved itself uses,
 * {@code /run/systemd/resolve/resolv.conf}, where that file exists; otherwise the stub is used as it is (the
 * resolver runs in the host namespace, where the stub answers).
 */
public final class Upstreams {
    public static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
    public static final Path SYSTEMD_RESOLV_CONF = Path.of("/run/systemd/resolve/resolv.conf");
    private static final int MAX = 3; // as glibc

    private final Path resolvConf;
    private final Path systemdResolvConf;
    private Object seen; // what the file looked like when last read
    private List<InetAddress> current = List.of();

    public Upstreams(Path resolvConf, Path systemdResolvConf) {
        this.resolvConf = resolvConf;
        this.systemdResolvConf = systemdResolvConf;
    }

    /** The host's: /etc/resolv.conf, following systemd-resolved's stub. */
    public static Upstreams host() {
        return new Upstreams(HOST_RESOLV_CONF, SYSTEMD_RESOLV_CONF);
    }

    public Path resolvConf() {
        return resolvConf;
    }

    /** The upstreams now (re-read when either file changed since the last call); empty when none is known. */
    public synchronized List<InetAddress> current() {
        Object now = List.of(stamp(resolvConf), stamp(systemdResolvConf));
        if (!now.equals(seen)) {
            seen = now;
            current = resolve();
        }
        return current;
    }

    private List<InetAddress> resolve() {
        List<InetAddress> servers = nameservers(read(resolvConf));
        if (!servers.isEmpty() && servers.stream().allMatch(Upstreams::isSystemdStub) && Files.isRegularFile(systemdResolvConf)) {
            List<InetAddress> real = nameservers(read(systemdResolvConf));
            if (!real.isEmpty()) {
                return real;
            }
        }
        return servers;
    }

    /** The {@code nameserver} lines of a resolv.conf text, in order, at most three; bad ones are skipped. */
    public static List<InetAddress> nameservers(String text) {
        List<InetAddress> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            String[] words = l.split("[ \t]+");
            if (words.length >= 2 && words[0].equals("nameserver")) {
                String addr = words[1];
                if (addr.contains("%")) {
                    continue; // a link-local with a zone: reachable only through that link
                }
                try {
                    InetAddress a = IpPrefix.literal(addr);
                    if (!out.contains(a) && out.size() < MAX) {
                        out.add(a);
                    }
                } catch (IllegalArgumentException ignored) {
                    // glibc skips it too
                }
            }
        }
        return out;
    }

    static boolean isSystemdStub(InetAddress a) {
        String t = IpPrefix.text(a);
        return t.equals("127.0.0.53") || t.equals("127.0.0.54");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static Object stamp(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), Objects.toString(a.fileKey()));
        } catch (IOException e) {
            return "missing";
        }
    }
}

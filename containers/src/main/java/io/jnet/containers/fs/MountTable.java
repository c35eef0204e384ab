package io.jnet.containers.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mounts of this process's mount namespace, from {@code /proc/self/mountinfo}. */
public final class MountTable {
    /** One line of mountinfo: where, what type, from what, and the file system's own options. */
    public record Mount(Path mountPoint, String fsType, String source, String superOptions) {}

    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {}

    /** Every mount, in mount order. */
    public static List<Mount> read() {
        try {
            return parse(Files.readAllLines(MOUNTINFO));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTINFO, e);
        }
    }

    /** Whether something is mounted exactly at {@code path}. */
    public static boolean isMountPoint(Path path) {
        Path p = path.toAbsolutePath().normalize();
        return read().stream().anyMatch(m -> m.mountPoint().equals(p));
    }

    /** The mount points at or under {@code dir}. */
    public static List<Path> under(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        return read().stream().map(Mount::mountPoint).filter(p -> p.startsWith(d)).toList();
    }

    /** Parses mountinfo lines: {@code id parent major:minor root mountpoint opts [optional...] - type source superopts}. */
    static List<Mount> parse(List<String> lines) {
        List<Mount> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            out.add(new Mount(Path.of(unescape(f[4])), f[dash + 1], unescape(f[dash + 2]), dash + 3 < f.length ? f[dash + 3] : ""));
        }
        return out;
    }

    /** The kernel writes space, tab, newline and backslash in paths as three-digit octal escapes. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}

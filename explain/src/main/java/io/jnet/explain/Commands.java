package io.jnet.explain;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Spelling commands the way a person types them: words quoted for a POSIX shell only where needed, and a command
 * placed in a network namespace the way iproute2 users do it ({@code ip -n NAME ...}, {@code ip netns exec NAME ...}).
 *
 * <p>A namespace is named by its "where": null for the namespace the caller runs in (the host, for a plugin), the
 * {@code ip netns} name for one under /run/netns, or a path such as {@code /proc/PID/ns/net} for any other.
 */
public final class Commands {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./\\-\\[\\]]+");
    private static final Path RUN_NETNS = Path.of("/run/netns");
    private static final Pattern PROC_NS = Pattern.compile("/proc/(\\d+)/ns/net");

    private Commands() {}

    /** {@code word} as one shell word: unchanged when plain, else in single quotes. */
    public static String quote(String word) {
        if (!word.isEmpty() && PLAIN.matcher(word).matches() || word.equals("!")) { // a lone ! negates, in sh as in iptables
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The words quoted and joined by spaces. */
    public static String words(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(w));
        }
        return sb.toString();
    }

    public static String words(String... words) {
        return words(List.of(words));
    }

    /** The "where" of a namespace file: null for the caller's own, the name under /run/netns, else the path. */
    public static String where(Path netnsPath) {
        if (netnsPath == null) {
            return null;
        }
        String p = netnsPath.toString();
        if (p.equals("/proc/thread-self/ns/net") || p.equals("/proc/self/ns/net")) {
            return null;
        }
        Path parent = netnsPath.getParent();
        if (parent != null && parent.equals(RUN_NETNS)) {
            return netnsPath.getFileName().toString();
        }
        return p;
    }

    /** An iproute2 command ({@code ip} or {@code bridge}) with its arguments, run in {@code where}. */
    public static String iproute(String where, String tool, String args) {
        if (where == null) {
            return tool + " " + args;
        }
        if (isName(where)) {
            return tool + " -n " + quote(where) + " " + args;
        }
        return "nsenter --net=" + quote(where) + " " + tool + " " + args;
    }

    /** {@code ip ARGS} in {@code where}. */
    public static String ip(String where, String args) {
        return iproute(where, "ip", args);
    }

    /** Any other command line (sysctl, iptables, nft) run in {@code where}. */
    public static String in(String where, String command) {
        if (where == null) {
            return command;
        }
        if (isName(where)) {
            return "ip netns exec " + quote(where) + " " + command;
        }
        return "nsenter --net=" + quote(where) + " " + command;
    }

    /**
     * How {@code ip link ... netns X} names the namespace {@code where}: its name, or the PID of a /proc/PID/ns/net
     * path (the two forms ip accepts). Null for the caller's own namespace, which has no such name.
     */
    public static String netnsArgument(String where) {
        if (where == null) {
            return null;
        }
        if (isName(where)) {
            return quote(where);
        }
        var m = PROC_NS.matcher(where);
        return m.matches() ? m.group(1) : quote(where);
    }

    /**
     * {@code sysctl -w KEY=VALUE} in {@code where}. A key is dotted ({@code net.ipv4.ip_forward}) unless one of its
     * parts holds a dot (an interface such as eth0.100), which sysctl(8) then takes with slashes.
     */
    public static String sysctl(String where, String key, String value) {
        String shown = key;
        if (key.indexOf('/') >= 0) {
            boolean dotted = false;
            for (String part : key.split("/")) {
                dotted |= part.indexOf('.') >= 0;
            }
            shown = dotted ? key : key.replace('/', '.');
        }
        return in(where, "sysctl -w " + quote(shown + "=" + value));
    }

    private static boolean isName(String where) {
        return where.indexOf('/') < 0;
    }
}

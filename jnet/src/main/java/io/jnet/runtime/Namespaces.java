package io.jnet.runtime;

import io.jnet.context.CallContext;
import io.jnet.netlink.AlreadyExistsException;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Named network namespaces, kept exactly where {@code ip netns} keeps them (/run/netns/NAME) so the two tools
 * see each other's. Every name the user gives gets {@link Settings#netnsPrefix()} in front.
 */
public final class Namespaces {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]{0,62}");

    private final String prefix;

    public Namespaces(Settings settings) {
        this.prefix = settings.netnsPrefix();
    }

    /** The bind-mount path of a named namespace (the user's name, prefix added). */
    public Path path(String name) {
        validate(name);
        return NetNs.pathOf(prefix + name);
    }

    /**
     * A namespace argument: a path when it holds a '/', such as /proc/PID/ns/net, else a name. It must exist.
     */
    public Path resolveExisting(String nameOrPath) {
        Path p = nameOrPath.contains("/") ? CallContext.current().absolute(Path.of(nameOrPath)).normalize() : path(nameOrPath);
        if (!Files.exists(p)) {
            throw JnetException.notFound("namespace " + nameOrPath + " does not exist",
                    "create it with: jnet netns add " + nameOrPath + " (jnet netns ls lists them)");
        }
        return p;
    }

    /** How to show a namespace path: the user's name when it is one of ours, else the path. */
    public String display(String netnsPath) {
        if (netnsPath == null || netnsPath.isEmpty()) {
            return "-";
        }
        Path p = Path.of(netnsPath);
        if (p.getParent() != null && p.getParent().equals(NetNs.RUN_DIR)) {
            String n = p.getFileName().toString();
            if (n.startsWith(prefix)) {
                return n.substring(prefix.length());
            }
        }
        return netnsPath;
    }

    public boolean exists(String name) {
        return Files.exists(path(name));
    }

    /** {@code ip netns add NAME}, plus loopback up (a namespace without it cannot even reach itself). */
    public void add(String name) {
        Path p = path(name);
        try (NetNs ns = NetNs.create(p.getFileName().toString()); Netlink nl = Netlink.open(ns)) {
            nl.setUp(nl.link("lo").index());
        } catch (AlreadyExistsException e) {
            throw JnetException.conflict("namespace " + name + " already exists", "pick another name, or remove it: jnet netns del " + name);
        } catch (NetlinkException e) {
            // undo a half-made namespace so a failed add changes nothing
            if (Files.exists(p)) {
                try {
                    NetNs.delete(p.getFileName().toString());
                } catch (NetlinkException ignored) {
                    // reported below
                }
            }
            throw Errors.kernel("cannot create namespace " + name, e);
        } catch (IllegalArgumentException e) {
            throw JnetException.usage(e.getMessage(), "namespace names are letters, digits, '.', '_' and '-'");
        }
    }

    /** {@code --net none}: the namespace keeps loopback (brought up) and nothing else is added. */
    public Path loopbackOnly(String nameOrPath) {
        Path p = resolveExisting(nameOrPath);
        try (NetNs ns = NetNs.open(p); Netlink nl = Netlink.open(ns)) {
            nl.setUp(nl.link("lo").index());
        } catch (NetlinkException e) {
            throw Errors.kernel("cannot bring up loopback in " + nameOrPath, e);
        }
        return p;
    }

    /** {@code ip netns del NAME}. */
    public void delete(String name) {
        Path p = path(name);
        if (!Files.exists(p)) {
            throw JnetException.notFound("namespace " + name + " does not exist", "jnet netns ls lists the namespaces");
        }
        try {
            NetNs.delete(p.getFileName().toString());
        } catch (NetlinkException e) {
            throw Errors.kernel("cannot delete namespace " + name, e);
        }
    }

    /** The user's names of the namespaces carrying our prefix, sorted. */
    public List<String> list() {
        List<String> out = new ArrayList<>();
        try {
            for (String n : NetNs.list()) {
                if (n.startsWith(prefix) && n.length() > prefix.length()) {
                    out.add(n.substring(prefix.length()));
                }
            }
        } catch (IOException e) {
            throw JnetException.failed("cannot list " + NetNs.RUN_DIR + ": " + e.getMessage(), "", e);
        }
        return out;
    }

    /**
     * Runs a command inside the namespace, with our stdin/stdout/stderr, and returns its exit status. The child
     * is spawned from a thread that entered the namespace, and a spawned process keeps its parent thread's
     * namespaces.
     */
    public int exec(String name, List<String> command) {
        Path p = resolveExisting(name);
        if (command.isEmpty()) {
            throw JnetException.usage("no command given", "jnet netns exec " + name + " -- ip addr");
        }
        Path ip = Probes.onPath("ip");
        if (ip != null && DnsService.hasResolvConf(p)) { // ip netns exec mounts it over /etc/resolv.conf: names work inside
            List<String> full = new ArrayList<>(List.of(ip.toString(), "netns", "exec", p.getFileName().toString()));
            full.addAll(command);
            try {
                return CallContext.current().prepare(new ProcessBuilder(full)).inheritIO().start().waitFor();
            } catch (IOException e) {
                throw JnetException.failed("cannot run ip netns exec: " + e.getMessage(), "check that iproute2 is installed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
        }
        try (NetNs ns = NetNs.open(p)) {
            Process proc = ns.call(() -> CallContext.current().prepare(new ProcessBuilder(command)).inheritIO().start());
            return proc.waitFor();
        } catch (IOException e) {
            throw JnetException.notFound("cannot run " + command.get(0) + " in " + name + ": " + e.getMessage(),
                    "check the command name and that it is on PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** Whether the name is acceptable; a usage error otherwise. */
    public static void validate(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw JnetException.usage("bad namespace name '" + name + "'",
                    "use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}

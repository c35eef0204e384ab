package io.jnet.runtime;

import io.jnet.firewall.Iptables;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The red/blue lab: two namespaces on one network, blue's port 80 published on the host, a tiny HTTP
 * responder in blue, and proofs that packets flow (red pings blue, blue pings red, the host reaches blue
 * through a published port).
 */
public final class Lab {
    public static final String RED = "red";
    public static final String BLUE = "blue";
    public static final int CONTAINER_PORT = 80;
    public static final String IFNAME = "eth0";

    /** Everything {@code lab up} shows. */
    public record Report(NetworkInfo network, AttachmentView red, AttachmentView blue, long responderPid, int hostPort,
            List<Probes.Step> steps, boolean alreadyUp) {
        public boolean allOk() {
            return steps.stream().allMatch(Probes.Step::ok);
        }
    }

    private static final String IP_FORWARD = "net.ipv4.ip_forward";

    private final Jnet jnet;
    private final HostTidy tidy;

    private final Consumer<String> progress;

    /** A lab that reports each step of {@code up} to {@code progress} as it happens (for people watching). */
    public Lab(Jnet jnet, Consumer<String> progress) {
        this.jnet = jnet;
        this.tidy = new HostTidy(Iptables.commands());
        this.progress = progress;
    }

    public Lab(Jnet jnet) {
        this(jnet, line -> { });
    }

    /** Brings the lab up (or, when it is already up, proves it again). */
    public Report up(String network, int hostPort) {
        return up(network, hostPort, false);
    }

    /** As {@link #up(String, int)}; with {@code dns} the lab's network has names, and red and blue reach each other by them. */
    public Report up(String network, int hostPort, boolean dns) {
        Settings s = jnet.settings();
        Optional<LabState> existing = LabState.read(s);
        if (existing.isPresent()) {
            return again(existing.get());
        }
        Namespaces names = jnet.namespaces();
        for (String n : List.of(RED, BLUE)) {
            if (names.exists(n)) {
                throw JnetException.conflict("namespace " + n + " already exists and is not the lab's",
                        "remove it first (jnet netns del " + n + ") or run the lab with another --netns-prefix");
            }
        }
        PortMapping publish = new PortMapping("", hostPort, CONTAINER_PORT, "tcp");
        jnet.attachments().checkPorts(List.of(publish));
        Optional<Networks.Loaded> existingNet = jnet.networks().find(network);
        boolean networkExisted = existingNet.isPresent();
        if (dns && existingNet.isPresent() && !NetworkDns.enabled(existingNet.get().list())) {
            throw JnetException.conflict("network " + network + " exists without DNS",
                    "use a network with DNS: jnet net create lab && jnet lab up --net lab (or remove " + network + " first)");
        }
        if (dns && !networkExisted && !network.equals(Networks.DEFAULT_NAME)) {
            throw JnetException.notFound("network " + network + " does not exist", "jnet net create " + network + " makes one (with DNS)");
        }
        Networks.Loaded net = dns && !networkExisted ? jnet.networks().createDefault(true) : jnet.networks().load(network);
        if (!networkExisted) {
            progress.accept("wrote network " + net.list().name() + " to " + net.file() + " (" + String.join(", ", net.info().subnets()) + ")");
        }
        for (String type : net.info().plugins()) {
            jnet.networks().plugin(type);
        }
        LabState st = new LabState();
        st.network = net.list().name();
        st.hostPort = hostPort;
        st.networkCreated = !networkExisted;
        st.bridge = net.info().bridge();
        st.bridgeCreated = !st.bridge.isEmpty() && !linkExists(st.bridge);
        st.natChainsBefore.addAll(tidy.familiesWithChains());
        st.ipForwardBefore = ipForward();
        st.write(s);
        try {
            for (String n : List.of(RED, BLUE)) {
                names.add(n);
                progress.accept("created namespace " + n + " (" + names.path(n) + ")");
                st.namespaces.add(n);
                st.write(s);
            }
            st.attached = true;
            st.write(s);
            AttachmentView red = attach(RED, st.network, preferredIp(net.info(), 2), List.of());
            progress.accept("attached red: " + red.ifname() + " " + String.join(",", red.addresses()) + " (bridge, host-local)");
            AttachmentView blue = attach(BLUE, st.network, preferredIp(net.info(), 3), List.of(publish));
            progress.accept("attached blue: " + blue.ifname() + " " + String.join(",", blue.addresses()) + ", published " + publish
                    + " (bridge, host-local, portmap)");
            Process p = Responder.start(names.path(BLUE), CONTAINER_PORT, BLUE, LabState.logFile(s));
            st.responderPid = p.pid();
            st.responderStartMillis = p.toHandle().info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
            st.write(s);
            if (!Probes.waitListening(names.path(BLUE), CONTAINER_PORT, 20_000, p.toHandle())) {
                String log = Files.exists(LabState.logFile(s)) ? Files.readString(LabState.logFile(s)).strip() : "";
                throw JnetException.failed("the HTTP responder in blue did not start listening on port " + CONTAINER_PORT
                        + (log.isEmpty() ? "" : ": " + log.lines().reduce((a, b) -> b).orElse("")), "see " + LabState.logFile(s), null);
            }
            progress.accept("started the HTTP responder in blue (pid " + st.responderPid + ", port " + CONTAINER_PORT + ")");
            return new Report(net.info(), red, blue, st.responderPid, hostPort, prove(red, blue, hostPort), false);
        } catch (RuntimeException | IOException e) {
            List<String> left = down(st, new ArrayList<>());
            String msg = e.getMessage() + (left.isEmpty() ? "; everything made so far was removed" : "; could not remove: " + String.join(", ", left));
            if (e instanceof JnetException je) {
                throw new JnetException(je.kind(), "lab up failed: " + msg, je.hint(), e);
            }
            throw JnetException.failed("lab up failed: " + msg, "", e);
        }
    }

    /**
     * Removes what the recorded lab made.
     *
     * @return what was removed, one line each; null when no lab is recorded
     */
    public List<String> down() {
        Optional<LabState> st = LabState.read(jnet.settings());
        if (st.isEmpty()) {
            return null;
        }
        List<String> done = new ArrayList<>();
        List<String> left = down(st.get(), done);
        if (!left.isEmpty()) {
            throw JnetException.failed("lab down could not remove: " + String.join("; ", left), "run jnet lab down again", null);
        }
        return done;
    }

    private Report again(LabState st) {
        Namespaces names = jnet.namespaces();
        List<String> missing = new ArrayList<>();
        for (String n : List.of(RED, BLUE)) {
            if (!names.exists(n)) {
                missing.add("namespace " + n);
            }
        }
        if (Responder.find(st.responderPid, st.responderStartMillis).isEmpty()) {
            missing.add("the HTTP responder (pid " + st.responderPid + ")");
        }
        AttachmentView red = attachment(RED, st.network);
        AttachmentView blue = attachment(BLUE, st.network);
        if (red == null) {
            missing.add("red's attachment");
        }
        if (blue == null) {
            missing.add("blue's attachment");
        }
        if (!missing.isEmpty()) {
            throw JnetException.conflict("a lab is recorded but part of it is gone: " + String.join(", ", missing),
                    "run jnet lab down, then jnet lab up");
        }
        NetworkInfo info = jnet.networks().find(st.network).map(Networks.Loaded::info).orElse(null);
        return new Report(info, red, blue, st.responderPid, st.hostPort, prove(red, blue, st.hostPort), true);
    }

    // The lab reads best with red at .2 and blue at .3, as on a fresh network; when another attachment holds that
    // address (or a runtime we do not see leased it), take whatever host-local hands out.
    private AttachmentView attach(String ns, String network, String ip, List<PortMapping> ports) {
        if (ip != null) {
            try {
                return jnet.attachments().attach(new Attachments.Request(ns, network, IFNAME, ip, null, ports));
            } catch (JnetException e) {
                if (e.kind() != JnetException.Kind.FAILED) {
                    throw e;
                }
            }
        }
        return jnet.attachments().attach(new Attachments.Request(ns, network, IFNAME, null, null, ports));
    }

    private String preferredIp(NetworkInfo net, int offset) {
        for (String s : net.subnets()) {
            IpPrefix p = IpPrefix.parse(s);
            if (p.isIpv4()) {
                String ip = IpPrefix.text(Subnets.offset(p, offset));
                boolean taken = jnet.attachments().of(net.name()).stream().anyMatch(a -> a.firstIp().equals(ip));
                return taken ? null : ip;
            }
        }
        return null;
    }

    private List<Probes.Step> prove(AttachmentView red, AttachmentView blue, int hostPort) {
        Namespaces names = jnet.namespaces();
        List<Probes.Step> steps = new ArrayList<>(List.of(
                Probes.ping("red pings blue (" + blue.firstIp() + ")", names.path(RED), blue.firstIp()),
                Probes.ping("blue pings red (" + red.firstIp() + ")", names.path(BLUE), red.firstIp()),
                Probes.httpGet("host GET http://127.0.0.1:" + hostPort + "/", "127.0.0.1", hostPort)));
        boolean dns = jnet.networks().find(red.network()).map(l -> NetworkDns.enabled(l.list())).orElse(false);
        if (dns) { // through ip netns exec, which mounts the namespace's resolv.conf as a container runtime would
            steps.add(NameProbes.ping("red pings blue by name", names.path(RED), BLUE));
            steps.add(NameProbes.ping("blue pings red by name", names.path(BLUE), RED));
        }
        return steps;
    }

    private AttachmentView attachment(String ns, String network) {
        Path p = jnet.namespaces().path(ns);
        return jnet.attachments().list().stream()
                .filter(a -> a.netnsPath().equals(p.toString()) && a.network().equals(network)).findFirst().orElse(null);
    }

    /** Best effort, in reverse order of making; returns what could not be removed, adds to {@code done} what was. */
    private List<String> down(LabState st, List<String> done) {
        Settings s = jnet.settings();
        List<String> left = new ArrayList<>();
        Optional<ProcessHandle> responder = Responder.find(st.responderPid, st.responderStartMillis);
        responder.ifPresent(Responder::stop);
        if (responder.isPresent()) {
            if (Responder.exited(st.responderPid)) {
                done.add("stopped the HTTP responder (pid " + st.responderPid + ")");
            } else {
                left.add("responder pid " + st.responderPid);
            }
        }
        for (String n : List.of(BLUE, RED)) {
            if (!st.namespaces.contains(n)) {
                continue;
            }
            try {
                for (AttachmentView a : jnet.attachments().detach(n, null, null)) {
                    done.add("detached " + n + " from " + a.network() + " (" + String.join(",", a.addresses()) + ", through the plugins)");
                }
            } catch (JnetException e) {
                if (e.kind() != JnetException.Kind.NOT_FOUND) {
                    left.add(n + "'s attachment (" + e.getMessage() + ")");
                }
            }
            try {
                if (jnet.namespaces().exists(n)) {
                    jnet.namespaces().delete(n);
                    done.add("deleted namespace " + n);
                }
            } catch (JnetException e) {
                left.add("namespace " + n + " (" + e.getMessage() + ")");
            }
        }
        if (left.isEmpty()) {
            if (st.bridgeCreated) {
                removeBridgeIfUnused(st.bridge, done, left);
            }
            if (st.networkCreated && jnet.attachments().of(st.network).isEmpty()) {
                try {
                    done.add("removed network " + st.network + " (" + jnet.networks().remove(st.network) + "), which the lab wrote");
                } catch (JnetException e) {
                    left.add("network " + st.network + " (" + e.getMessage() + ")");
                }
            }
            if (st.attached) { // only the plugins touch the NAT table and ip_forward
                left.addAll(tidy.removeUnused(st.natChainsBefore, done));
                restoreIpForward(st.ipForwardBefore, done, left);
            }
        }
        if (left.isEmpty()) {
            LabState.delete(s);
        }
        return left;
    }

    // The bridge plugin never removes a bridge; the lab made this one, so it goes when no port is left on it.
    private void removeBridgeIfUnused(String bridge, List<String> done, List<String> left) {
        try (Netlink nl = Netlink.open()) {
            Optional<Link> br = nl.findLink(bridge);
            if (br.isEmpty()) {
                return;
            }
            boolean ports = nl.links().stream().anyMatch(l -> l.masterIndex() == br.get().index());
            boolean others = jnet.attachments().list().stream().anyMatch(a -> bridge.equals(a.bridge()));
            if (!ports && !others) {
                nl.deleteLink(br.get().index());
                done.add("deleted bridge " + bridge + ", which the lab made");
            }
        } catch (NetlinkException e) {
            left.add("bridge " + bridge + " (" + e.getMessage() + ")");
        }
    }

    private static String ipForward() {
        try (NetNs self = NetNs.current()) {
            return Sysctl.get(self, IP_FORWARD);
        } catch (IOException e) {
            return "";
        }
    }

    // The bridge plugin turned forwarding on for the lab; turn it back off if it was off and nothing else is attached.
    private void restoreIpForward(String before, List<String> done, List<String> left) {
        if (!before.equals("0") || !jnet.attachments().list().isEmpty() || ipForward().equals("0")) {
            return;
        }
        try (NetNs self = NetNs.current()) {
            Sysctl.set(self, IP_FORWARD, "0");
            done.add("set " + IP_FORWARD + " back to 0");
        } catch (IOException e) {
            left.add(IP_FORWARD + " back to 0 (" + e.getMessage() + ")");
        }
    }

    private static boolean linkExists(String name) {
        try (Netlink nl = Netlink.open()) {
            return nl.findLink(name).isPresent();
        } catch (NetlinkException e) {
            return false;
        }
    }
}

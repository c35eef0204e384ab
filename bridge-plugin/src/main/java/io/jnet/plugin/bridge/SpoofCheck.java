package io.jnet.plugin.bridge;

import io.jnet.cni.spec.CniException;
import io.jnet.context.CallContext;
import io.jnet.explain.Commands;
import io.jnet.explain.Explain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * macspoofchk in the reference's nftables layout: in table {@code bridge nat}, base chain {@code PREROUTING}
 * (filter hook prerouting priority dstnat) jumps frames from the host veth to {@code cni-br-iface-<cid>-<if>},
 * which jumps to {@code ...-mac}: the container MAC returns, anything else is dropped. Every rule is commented
 * {@code macspoofchk-<cid>-<if>}. Each change is one {@code nft -f -} run, which nft applies atomically.
 */
final class SpoofCheck {
    private static final String TABLE = "bridge nat";
    private static final long TIMEOUT_SECONDS = 30;
    private static final Pattern HANDLE = Pattern.compile("# handle (\\d+)\\s*$");

    private final String id;

    SpoofCheck(String containerId, String ifname) {
        this.id = AttachmentId.spoofCheckId(containerId, ifname);
    }

    private String ifaceChain() {
        return "cni-br-iface-" + id;
    }

    private String macChain() {
        return ifaceChain() + "-mac";
    }

    private String comment() {
        return "comment \"macspoofchk-" + id + "\"";
    }

    void setup(String hostIface, String containerMac) throws CniException {
        String c = comment();
        String script = "add table " + TABLE + "\n"
                + "add chain " + TABLE + " PREROUTING { type filter hook prerouting priority -300 ; policy accept ; }\n"
                + "add chain " + TABLE + " " + ifaceChain() + "\n"
                + "add chain " + TABLE + " " + macChain() + "\n"
                + "add rule " + TABLE + " PREROUTING iifname \"" + hostIface + "\" jump " + ifaceChain() + " " + c + "\n"
                + "add rule " + TABLE + " " + ifaceChain() + " jump " + macChain() + " " + c + "\n"
                + "add rule " + TABLE + " " + macChain() + " ether saddr " + containerMac + " return " + c + "\n"
                + "add rule " + TABLE + " " + macChain() + " drop " + c + "\n";
        run(List.of("-f", "-"), script);
    }

    /** Removes the attachment's rules and chains; nothing there (or no nft at all) is fine. */
    void teardown() throws CniException {
        if (nft() == null) {
            return;
        }
        String listing;
        try {
            listing = run(List.of("-a", "list", "table", "bridge", "nat"), null);
        } catch (CniException e) {
            return; // no table: nothing of ours
        }
        StringBuilder script = new StringBuilder();
        String chain = null;
        List<String> chains = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String t = line.strip();
            if (t.startsWith("chain ")) {
                chain = t.substring(6, t.indexOf(' ', 6) < 0 ? t.length() : t.indexOf(' ', 6));
                chains.add(chain);
            } else if (chain != null && chain.equals("PREROUTING") && t.contains("\"macspoofchk-" + id + "\"")) {
                Matcher m = HANDLE.matcher(t);
                if (m.find()) {
                    script.append("delete rule ").append(TABLE).append(" PREROUTING handle ").append(m.group(1)).append('\n');
                }
            }
        }
        for (String ch : List.of(ifaceChain(), macChain())) {
            if (chains.contains(ch)) {
                script.append("flush chain ").append(TABLE).append(' ').append(ch).append('\n');
            }
        }
        for (String ch : List.of(ifaceChain(), macChain())) {
            if (chains.contains(ch)) {
                script.append("delete chain ").append(TABLE).append(' ').append(ch).append('\n');
            }
        }
        if (script.length() > 0) {
            run(List.of("-f", "-"), script.toString());
        }
    }

    private static final Pattern JUMP = Pattern.compile(
            "iifname \"([^\"]+)\" jump cni-br-iface-(\\S+) comment \"macspoofchk-(\\S+)\".*# handle (\\d+)\\s*$");

    /**
     * GC: removes the spoof checks of attachments whose {@code containerID-ifname} is not in {@code validIds} and
     * whose host port is gone or is a port of this network's bridge ({@code ours}), so other bridges' attachments
     * are left alone. Returns the removed identities; no nft or no table means nothing to do.
     */
    static List<String> gc(java.util.Set<String> validIds, java.util.function.Predicate<String> ours) throws CniException {
        List<String> removed = new ArrayList<>();
        if (nft() == null) {
            return removed;
        }
        String listing;
        try {
            listing = run(List.of("-a", "list", "chain", "bridge", "nat", "PREROUTING"), null);
        } catch (CniException e) {
            return removed;
        }
        for (String line : listing.split("\n")) {
            Matcher m = JUMP.matcher(line.strip());
            if (m.find() && m.group(2).equals(m.group(3)) && !validIds.contains(m.group(3)) && ours.test(m.group(1))) {
                removed.add(m.group(3));
            }
        }
        for (String id : removed) {
            SpoofCheck sc = new SpoofCheck(id);
            sc.teardown();
        }
        return removed;
    }

    private SpoofCheck(String id) {
        this.id = id;
    }

    private static String nft() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(dir, "nft");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static String run(List<String> args, String stdin) throws CniException {
        String nft = nft();
        if (nft == null) {
            throw new CniException(CniException.PLUGIN_SPECIFIC, "macspoofchk needs nft", "nft not found (install the nftables package)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(nft);
        cmd.addAll(args);
        try {
            Process p = CallContext.current().prepare(new ProcessBuilder(cmd)).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out;
            String err;
            try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
                out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
                err = new String(e.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CniException(CniException.PLUGIN_SPECIFIC, "nft did not finish in time");
            }
            if (p.exitValue() != 0) {
                throw new CniException(CniException.PLUGIN_SPECIFIC, "nft failed", err.strip());
            }
            if (stdin != null) { // a change (listings are read-only): one nft command per line of the script
                Explain explain = Explain.current();
                stdin.lines().forEach(line -> explain.command("nft " + Commands.quote(line)));
            }
            return out;
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "cannot run nft", e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CniException(CniException.PLUGIN_SPECIFIC, "interrupted running nft");
        }
    }
}

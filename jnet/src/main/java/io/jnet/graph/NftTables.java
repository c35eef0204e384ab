package io.jnet.graph;

import io.jnet.context.CallContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The nftables tables of the host, by name ({@code nft list tables}), for the graph's note of other tools' firewall
 * state (firewalld, Docker's and podman's nftables backends). None when nft is not installed.
 */
final class NftTables {
    private static final java.util.Set<String> IPTABLES_FAMILIES = java.util.Set.of("ip", "ip6", "arp", "bridge");
    private static final java.util.Set<String> IPTABLES_TABLES = java.util.Set.of("filter", "nat", "mangle", "raw", "security");

    private NftTables() {}

    static List<String> foreign() {
        List<String> out = new ArrayList<>();
        Path nft = null;
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, "nft"))) {
                nft = Path.of(dir, "nft");
                break;
            }
        }
        if (nft == null) {
            return out;
        }
        try {
            Process p = CallContext.current().prepare(new ProcessBuilder(nft.toString(), "list", "tables")).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String text;
            try (InputStream in = p.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return out;
            }
            for (String line : text.split("\n")) {
                String[] f = line.strip().split(" ");
                // iptables-nft keeps the iptables tables (jnet's rules among them) in nftables under their own names
                if (f.length == 3 && f[0].equals("table") && !(IPTABLES_FAMILIES.contains(f[1]) && IPTABLES_TABLES.contains(f[2]))) {
                    out.add("nft " + line.strip());
                }
            }
        } catch (IOException e) {
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }
}

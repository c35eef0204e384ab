package io.jnet.plugin.ipam.config;

import io.jnet.cni.result.Dns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the DNS settings host-local returns from a resolv.conf, the way the reference does. */
public final class ResolvConf {
    private ResolvConf() {}

    /** nameserver (each), domain (last wins), search and options (accumulated); comments and short lines skipped. */
    public static Dns read(Path file) throws IOException {
        List<String> nameservers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        String domain = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            line = line.strip();
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length < 2) {
                continue;
            }
            List<String> rest = Arrays.asList(f).subList(1, f.length);
            switch (f[0]) {
                case "nameserver" -> nameservers.add(f[1]);
                case "domain" -> domain = f[1];
                case "search" -> search.addAll(rest);
                case "options" -> options.addAll(rest);
                default -> { }
            }
        }
        return new Dns(nameservers, domain, search, options);
    }
}

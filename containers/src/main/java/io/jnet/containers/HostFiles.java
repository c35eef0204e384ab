package io.jnet.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The three files every runtime writes for a container and bind-mounts over the image's: /etc/hostname, /etc/hosts
 * (localhost, and the container's own name on its addresses) and /etc/resolv.conf: its networks' DNS servers (their
 * gateways, where jnet's resolver answers the containers' names and forwards the rest), else the host's, without
 * loopback nameservers, which the container's own loopback would not answer.
 */
final class HostFiles {
    private HostFiles() {}

    static void write(ContainerPaths p, String hostname, String name, List<String> addresses, List<String> nameservers, Path hostResolvConf)
            throws IOException {
        Files.writeString(p.hostname(), hostname + "\n");
        StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        for (String cidr : addresses) {
            String ip = cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr;
            hosts.append(ip).append('\t').append(hostname).append(hostname.equals(name) ? "" : " " + name).append('\n');
        }
        Files.writeString(p.hosts(), hosts.toString());
        Files.writeString(p.resolvConf(), nameservers.isEmpty() ? resolvConf(hostResolvConf) : nameservers(nameservers));
        for (Path f : List.of(p.hostname(), p.hosts(), p.resolvConf())) {
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** IPv4 servers first, at most three (what glibc reads). */
    static String nameservers(List<String> servers) {
        StringBuilder b = new StringBuilder("# written by jnet: the DNS of the container's jnet networks\n");
        servers.stream().distinct().sorted(java.util.Comparator.comparing(s -> s.contains(":"))).limit(3)
                .forEach(s -> b.append("nameserver ").append(s).append('\n'));
        return b.toString();
    }

    static String resolvConf(Path host) {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(host)) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 2 && f[0].equals("nameserver") && (f[1].startsWith("127.") || f[1].equals("::1"))) {
                    continue;
                }
                out.add(line);
            }
        } catch (IOException e) {
            // no resolv.conf on the host: the container gets an empty one
        }
        return out.isEmpty() ? "" : String.join("\n", out) + "\n";
    }
}

package io.jnet.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jnet.inet.IpPrefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's upstreams: resolv.conf as glibc reads it, systemd-resolved's stub followed, changes picked up. */
class UpstreamsTest {
    @TempDir
    Path dir;

    @Test
    void nameserverLinesAsGlibcReadsThem() {
        assertEquals(List.of(ip("192.0.2.1"), ip("2001:db8::1"), ip("192.0.2.3")), Upstreams.nameservers("""
                # comment
                ; another
                search example.org
                nameserver 192.0.2.1
                nameserver\t2001:db8::1
                nameserver fe80::1%eth0
                nameserver not-an-address
                nameserver 192.0.2.1
                nameserver 192.0.2.3
                nameserver 192.0.2.4
                options edns0
                """));
    }

    @Test
    void systemdStubIsFollowedToItsUpstreams() throws Exception {
        Path conf = dir.resolve("resolv.conf");
        Path systemd = dir.resolve("systemd-resolv.conf");
        Files.writeString(conf, "nameserver 127.0.0.53\noptions edns0 trust-ad\n");
        Upstreams u = new Upstreams(conf, systemd);
        assertEquals(List.of(ip("127.0.0.53")), u.current(), "no systemd file: the stub as it is");
        Files.writeString(systemd, "nameserver 198.51.100.9\n");
        assertEquals(List.of(ip("198.51.100.9")), u.current(), "followed, and picked up without a restart");
        Files.writeString(conf, "nameserver 198.51.100.10\n");
        assertEquals(List.of(ip("198.51.100.10")), u.current(), "not a stub: used as it is");
        Path tmp = dir.resolve("new");
        Files.writeString(tmp, "nameserver 198.51.100.11\n");
        Files.move(tmp, conf, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertEquals(List.of(ip("198.51.100.11")), u.current(), "replaced by rename, as NetworkManager does");
        Files.delete(conf);
        assertEquals(List.of(), u.current());
    }

    private static java.net.InetAddress ip(String s) {
        return IpPrefix.literal(s);
    }
}

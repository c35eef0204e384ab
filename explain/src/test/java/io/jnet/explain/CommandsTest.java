package io.jnet.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How commands are spelt: shell quoting only where needed, and namespaces the way iproute2 users name them. */
class CommandsTest {

    @Test
    void plainWordsStayAsTheyAreOthersGetSingleQuotes() {
        assertEquals("172.17.0.0/16", Commands.quote("172.17.0.0/16"));
        assertEquals("--set-xmark", Commands.quote("--set-xmark"));
        assertEquals("!", Commands.quote("!"));
        assertEquals("'name: \"jnet\" id: \"c1\"'", Commands.quote("name: \"jnet\" id: \"c1\""));
        assertEquals("'it'\\''s'", Commands.quote("it's"));
        assertEquals("''", Commands.quote(""));
        assertEquals("'$(reboot)'", Commands.quote("$(reboot)"));
        assertEquals("'a;b'", Commands.quote("a;b"));
        assertEquals("-m comment --comment 'CNI rules' -j ACCEPT", Commands.words("-m", "comment", "--comment", "CNI rules", "-j", "ACCEPT"));
    }

    @Test
    void whereNamesTheNamespaceAsIpNetnsDoes() {
        assertNull(Commands.where(null));
        assertNull(Commands.where(Path.of("/proc/thread-self/ns/net")));
        assertNull(Commands.where(Path.of("/proc/self/ns/net")));
        assertEquals("red", Commands.where(Path.of("/run/netns/red")));
        assertEquals("/proc/42/ns/net", Commands.where(Path.of("/proc/42/ns/net")));
        assertEquals("/var/run/docker/netns/abc", Commands.where(Path.of("/var/run/docker/netns/abc")));
    }

    @Test
    void commandsArePlacedInTheirNamespace() {
        assertEquals("ip link set eth0 up", Commands.ip(null, "link set eth0 up"));
        assertEquals("ip -n red link set eth0 up", Commands.ip("red", "link set eth0 up"));
        assertEquals("nsenter --net=/proc/42/ns/net ip link set eth0 up", Commands.ip("/proc/42/ns/net", "link set eth0 up"));
        assertEquals("bridge -n red link set dev v1 hairpin on", Commands.iproute("red", "bridge", "link set dev v1 hairpin on"));
        assertEquals("iptables -L", Commands.in(null, "iptables -L"));
        assertEquals("ip netns exec red iptables -L", Commands.in("red", "iptables -L"));
        assertEquals("nsenter --net=/proc/42/ns/net iptables -L", Commands.in("/proc/42/ns/net", "iptables -L"));
        assertNull(Commands.netnsArgument(null));
        assertEquals("red", Commands.netnsArgument("red"));
        assertEquals("42", Commands.netnsArgument("/proc/42/ns/net"), "ip takes a PID for a process's namespace");
    }

    @Test
    void sysctlKeysAreDottedUnlessAnInterfaceNameHoldsADot() {
        assertEquals("sysctl -w net.ipv4.ip_forward=1", Commands.sysctl(null, "net.ipv4.ip_forward", "1"));
        assertEquals("sysctl -w net.ipv4.conf.eth0.arp_notify=1", Commands.sysctl(null, "net/ipv4/conf/eth0/arp_notify", "1"));
        assertEquals("ip netns exec red sysctl -w net/ipv4/conf/eth0.100/arp_notify=1",
                Commands.sysctl("red", "net/ipv4/conf/eth0.100/arp_notify", "1"));
    }
}

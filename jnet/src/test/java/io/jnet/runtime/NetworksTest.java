package io.jnet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.inet.IpPrefix;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subnet choice and network files, with the host's routes given by the test (no root, no kernel). */
class NetworksTest {
    @TempDir
    Path tmp;

    private final List<HostRoutes.Entry> routes = new ArrayList<>();

    private Networks networks() {
        Settings s = Settings.resolve(tmp.resolve("conf"), tmp.resolve("nothing").toString(), tmp.resolve("cache"), tmp.resolve("state"), "", Map.of());
        return new Networks(s, () -> HostRoutes.of(routes), new PrintStream(new ByteArrayOutputStream()));
    }

    private static HostRoutes.Entry route(String cidr, String dev) {
        return new HostRoutes.Entry(IpPrefix.parse(cidr), dev);
    }

    @Test
    void theDefaultSubnetMovesAsideForTheHostsRoutesAndOtherNetworks() {
        assertEquals("172.17.0.0/16", networks().freeSubnet(17).toString());
        routes.add(route("172.17.0.0/16", "docker0"));
        assertEquals("172.18.0.0/16", networks().freeSubnet(17).toString());
        routes.add(route("172.18.5.0/24", "eth1"));
        assertEquals("172.19.0.0/16", networks().freeSubnet(17).toString(), "a route inside the /16 counts too");
        routes.clear();
        routes.add(route("172.17.0.0/16", "jnet0"));
        assertEquals("172.17.0.0/16", networks().freeSubnet(17).toString(), "our own bridge's route is no conflict");

        routes.clear();
        networks().create(new NetworkSpec("web", List.of("172.17.0.0/16"), null, null, "br-web", null, false, true, "1.0.0"));
        assertEquals("172.18.0.0/16", networks().freeSubnet(17).toString(), "another network's subnet is taken");
    }

    @Test
    void createRefusesASubnetTheHostRoutesAndABridgeInUse() throws Exception {
        routes.add(route("10.0.0.0/8", "eth0"));
        JnetException routed = assertThrows(JnetException.class, () ->
                networks().create(new NetworkSpec("a", List.of("10.88.0.0/24"), null, null, "br-a", null, false, true, "1.0.0")));
        assertEquals(JnetException.Kind.CONFLICT, routed.kind());
        assertTrue(routed.getMessage().contains("routed via eth0"), routed.getMessage());

        networks().create(new NetworkSpec("a", List.of("192.168.50.0/24"), null, null, "br-a", null, false, true, "1.0.0"));
        JnetException bridge = assertThrows(JnetException.class, () ->
                networks().create(new NetworkSpec("b", List.of("192.168.51.0/24"), null, null, "br-a", null, false, true, "1.0.0")));
        assertTrue(bridge.getMessage().contains("bridge br-a already serves network a"), bridge.getMessage());
        try (var files = Files.list(tmp.resolve("conf"))) {
            assertEquals(List.of("a.conflist"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}

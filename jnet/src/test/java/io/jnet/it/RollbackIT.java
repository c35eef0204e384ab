package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An attach that fails half way (bridge and portmap done, a third plugin refuses) is rolled back completely:
 * no interface, lease, NAT or port rule and no cache entry stays behind.
 */
@KernelTest
class RollbackIT {

    @Test
    void anAttachThatFailsHalfWayLeavesNothing(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        // a plugin that refuses every ADD and accepts DEL: the failure comes after the real plugins did their part
        Path doubles = sb.tempDir();
        Path refuser = doubles.resolve("refuse-add");
        Files.writeString(refuser, """
                #!/bin/sh
                cat >/dev/null
                if [ "$CNI_COMMAND" = ADD ]; then
                  printf '{"cniVersion":"1.0.0","code":105,"msg":"refused on purpose","details":"test double"}'
                  exit 1
                fi
                if [ "$CNI_COMMAND" = VERSION ]; then printf '{"cniVersion":"1.0.0","supportedVersions":["1.0.0"]}'; fi
                exit 0
                """, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(refuser, PosixFilePermissions.fromString("rwx------"));
        cli.extraCniPath = doubles.toString();

        cli.run("net", "create", "half", "--subnet", "10.44.0.0/24", "--cni-version", "1.0.0").ok();
        Path conf = cli.configDir.resolve("half.conflist");
        String text = Files.readString(conf);
        int end = text.lastIndexOf(']');
        Files.writeString(conf, text.substring(0, end).stripTrailing() + ",\n    {\"type\": \"refuse-add\"}\n  ]\n}\n");
        cli.run("netns", "add", "h").ok();
        List<String> hostLinksBefore = KernelState.links(sb, sb.host());

        CliProcess.Result r = cli.run("attach", "h", "--net", "half", "-p", "8097:80").assertExit(1);
        assertTrue(r.stderr().contains("attaching h to half failed (rolled back)") && r.stderr().contains("refused on purpose"), r.stderr());

        try (NetNs h = NetNs.named(cli.ns("h"))) {
            assertEquals(List.of("lo"), KernelState.links(sb, h), "no interface left in the namespace");
        }
        List<String> hostLinks = KernelState.links(sb, sb.host());
        assertFalse(hostLinks.stream().anyMatch(l -> l.startsWith("veth")), "no veth left on the host: " + hostLinks);
        assertTrue(hostLinksBefore.size() <= hostLinks.size() && hostLinks.size() <= hostLinksBefore.size() + 1, "at most the bridge: " + hostLinks);
        assertFalse(KernelState.files(cli.cacheDir.resolve("networks/half")).stream().anyMatch(f -> f.startsWith("10.44.")), "lease released");
        assertEquals(List.of(), KernelState.files(cli.cacheDir.resolve("results")), "nothing cached");
        assertEquals(List.of(), KernelState.cniNatLines(sb, sb.host()).stream().filter(l -> l.contains("CNI-DN-") || l.contains("10.44.")).toList(),
                "no port or masquerade rule left");
        cli.run("netns", "del", "h").ok();
    }
}

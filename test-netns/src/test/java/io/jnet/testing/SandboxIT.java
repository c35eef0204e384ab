package io.jnet.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** What a well-behaved test gets from its Sandbox parameter, and that all of it is gone afterwards. */
@KernelTest
class SandboxIT {
    static volatile String innerPrefix;
    static volatile List<String> innerNamespaces;
    static volatile Path innerTempDir;
    static volatile long innerServerPid;

    @Test
    void sandboxParameterWorksAndEverythingIsGoneAfterTheTest(Sandbox sb) throws Exception {
        NetNs fakeHost = sb.namespace("fakehost");
        EngineExecutionResults results = InnerRun.run(fakeHost, WellBehaved.class);

        assertEquals(List.of(), InnerRun.failures(results));
        assertEquals(List.of(), InnerRun.aborted(results));
        assertEquals(1, InnerRun.succeeded(results));
        assertEquals(List.of(innerPrefix + "host", innerPrefix + "c1", innerPrefix + "c2"), innerNamespaces);
        SandboxLeakIT.assertNoNamespaceLeft(innerPrefix);
        assertFalse(Files.exists(innerTempDir), "the temp dir is deleted");
        assertTrue(ProcessHandle.of(innerServerPid).isEmpty(), "the server started with start() is killed");
        try (Netlink nl = Netlink.open(fakeHost)) {
            assertEquals(List.of("lo"), nl.links().stream().map(Link::name).toList());
        }
    }

    @Test
    void ownSandboxIsUsableHere(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        assertSame(host, sb.host(), "one host per test");
        assertTrue(host.name().startsWith(sb.prefix()));
        assertTrue(NetNs.list().contains(sb.prefix() + "host"));
        assertThrows(IllegalArgumentException.class, () -> sb.container("host"));
        ExecResult r = sb.exec(host, Map.of("GREETING", "hi"), "in".getBytes(), "sh", "-c", "cat; echo \" $GREETING\"");
        assertEquals("in hi", r.assertOk().stdout().strip());
        assertEquals(3, sb.exec(host, "sh", "-c", "exit 3").assertFailed().exitCode());
        AssertionError e = assertThrows(AssertionError.class, () -> sb.exec(host, "false").assertOk());
        assertTrue(e.getMessage().contains("exited 1"), e.getMessage());
    }

    /** Uses everything the sandbox offers and cleans up nothing itself, as tests are meant to. */
    @KernelTest
    static class WellBehaved {
        private Sandbox fromBeforeEach;

        @BeforeEach
        void before(Sandbox sb) {
            fromBeforeEach = sb;
        }

        @Test
        void usesTheSandbox(Sandbox sb) throws Exception {
            assumeTrue(InnerRun.driven);
            assertSame(fromBeforeEach, sb, "@BeforeEach and the test share one sandbox");
            innerPrefix = sb.prefix();
            NetNs host = sb.host();
            NetNs c1 = sb.container("c1");
            NetNs c2 = sb.container("c2");
            assertSame(c1, sb.container("c1"));
            assertNotEquals(host.inode(), c1.inode());
            assertNotEquals(c1.inode(), c2.inode());
            innerNamespaces = sb.namespaces().stream().map(NetNs::name).toList();

            // loopback is up in every namespace; each check says what it saw, so a failure names itself
            assertTrue(sb.netlink(c1).link("lo").isUp(), "lo is up in c1");
            ExecResult ping = sb.exec(c2, "ping", "-c", "1", "-W", "2", "127.0.0.1");
            assertTrue(ping.ok(), ping::describe);

            Netlink nl = sb.netlink(host);
            nl.createVeth(Veth.of("to-c1", "eth0").withPeerIn(c1));
            ExecResult show = sb.exec(c1, "ip", "link", "show", "dev", "eth0");
            assertTrue(show.ok(), show::describe);

            innerTempDir = sb.tempDir();
            Files.writeString(innerTempDir.resolve("state"), "x");
            Process server = sb.start(c2, "sleep", "300");
            innerServerPid = server.pid();
            assertTrue(server.isAlive(), () -> "the server ended at once: " + ended(server));
        }

        private static String ended(Process p) {
            try {
                return "exit " + p.exitValue() + ", output: " + new String(p.getInputStream().readAllBytes()).strip();
            } catch (Exception e) {
                return e.toString();
            }
        }
    }
}

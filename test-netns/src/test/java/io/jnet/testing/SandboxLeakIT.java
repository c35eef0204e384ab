package io.jnet.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The leak check catches what a faulty test leaves, names it, removes it and fails the test. Each
 * faulty test below is an inner class run through the engine inside a throwaway "fake host"
 * namespace (see {@link InnerRun}); this outer test's own sandbox then checks that nothing is left.
 */
@KernelTest
class SandboxLeakIT {
    static volatile String innerPrefix;
    static volatile long innerPid;

    @Test
    void vethLeftInTheHostNamespaceFailsTheTestByNameAndIsRemoved(Sandbox sb) throws Exception {
        NetNs fakeHost = sb.namespace("fakehost");
        EngineExecutionResults results = InnerRun.run(fakeHost, LeavesVethInHost.class);

        List<Throwable> failures = InnerRun.failures(results);
        assertEquals(1, failures.size(), failures.toString());
        String message = failures.get(0).getMessage();
        assertTrue(message.contains("link leak-a in the real host namespace (removed)"), message);
        assertTrue(message.contains("link leak-b in the real host namespace (removed)"), message);
        try (Netlink nl = Netlink.open(fakeHost)) {
            assertEquals(List.of("lo"), nl.links().stream().map(Link::name).toList(), "the leaked pair is gone");
        }
        assertNoNamespaceLeft(innerPrefix);
    }

    @Test
    void processLeftRunningInASandboxNamespaceFailsTheTestAndIsKilled(Sandbox sb) throws Exception {
        EngineExecutionResults results = InnerRun.run(sb.namespace("fakehost"), LeavesProcessRunning.class);

        List<Throwable> failures = InnerRun.failures(results);
        assertEquals(1, failures.size(), failures.toString());
        String message = failures.get(0).getMessage();
        assertTrue(message.contains("process " + innerPid + " (") && message.contains("sleep"), message);
        assertTrue(message.contains("still running in " + innerPrefix + "host"), message);
        ProcessHandle.of(innerPid).ifPresent(p -> {
            throw new AssertionError("process " + innerPid + " is still alive: " + p.info());
        });
        assertNoNamespaceLeft(innerPrefix);
    }

    @Test
    void namespaceMadeBehindTheSandboxsBackIsReportedAndDeleted(Sandbox sb) throws Exception {
        EngineExecutionResults results = InnerRun.run(sb.namespace("fakehost"), LeavesNamespace.class);

        List<Throwable> failures = InnerRun.failures(results);
        assertEquals(1, failures.size(), failures.toString());
        String message = failures.get(0).getMessage();
        assertTrue(message.contains("namespace " + innerPrefix + "extra"), message);
        assertNoNamespaceLeft(innerPrefix);
    }

    @Test
    void vethThatDiesWithItsContainerIsNoLeak(Sandbox sb) throws Exception {
        NetNs fakeHost = sb.namespace("fakehost");
        EngineExecutionResults results = InnerRun.run(fakeHost, PeerInHostDiesWithContainer.class);

        assertEquals(List.of(), InnerRun.failures(results));
        assertEquals(1, InnerRun.succeeded(results));
        try (Netlink nl = Netlink.open(fakeHost)) {
            assertEquals(List.of("lo"), nl.links().stream().map(Link::name).toList());
        }
        assertNoNamespaceLeft(innerPrefix);
    }

    static void assertNoNamespaceLeft(String prefix) throws Exception {
        assertTrue(prefix != null && prefix.startsWith("jt-"), "the inner test ran: " + prefix);
        assertFalse(NetNs.list().stream().anyMatch(n -> n.startsWith(prefix)), NetNs.list().toString());
        try (var entries = Files.list(NetNs.RUN_DIR)) {
            assertFalse(entries.map(Path::getFileName).map(Path::toString).anyMatch(n -> n.startsWith(prefix)));
        }
    }

    /** Forgets to put the peer in a container: both ends stay in "the host". */
    @KernelTest
    static class LeavesVethInHost {
        @Test
        void leaks(Sandbox sb) throws Exception {
            assumeTrue(InnerRun.driven);
            innerPrefix = sb.prefix();
            sb.container("c1");
            try (Netlink nl = Netlink.open()) {
                nl.createVeth(Veth.of("leak-a", "leak-b"));
            }
        }
    }

    /** Starts a process in its namespace behind the sandbox's back and never stops it. */
    @KernelTest
    static class LeavesProcessRunning {
        @Test
        void leaks(Sandbox sb) throws Exception {
            assumeTrue(InnerRun.driven);
            innerPrefix = sb.prefix();
            NetNs host = sb.host();
            Process p = new ProcessBuilder("ip", "netns", "exec", host.name(), "sleep", "300").start();
            innerPid = p.pid();
            // ip netns exec enters the namespace before exec'ing sleep: wait for it to be there
            long deadline = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < deadline) {
                try (NetNs of = NetNs.ofPid(p.pid())) {
                    if (of.inode() == host.inode()) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the process never entered " + host.name());
        }
    }

    /** Creates a namespace with the sandbox's prefix by hand and does not delete it. */
    @KernelTest
    static class LeavesNamespace {
        @Test
        void leaks(Sandbox sb) throws Exception {
            assumeTrue(InnerRun.driven);
            innerPrefix = sb.prefix();
            NetNs.create(sb.prefix() + "extra").close();
        }
    }

    /** A veth whose "host" end goes away with the container namespace at teardown: no leak. */
    @KernelTest
    static class PeerInHostDiesWithContainer {
        @Test
        void doesNotLeak(Sandbox sb) throws Exception {
            assumeTrue(InnerRun.driven);
            innerPrefix = sb.prefix();
            try (NetNs here = NetNs.current()) {
                sb.netlink(sb.container("c1")).createVeth(Veth.of("eth0", "host-end").withPeerIn(here));
            }
            try (Netlink nl = Netlink.open()) {
                assertTrue(nl.findLink("host-end").isPresent());
            }
        }
    }
}

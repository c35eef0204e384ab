package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.AlreadyExistsException;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.NotFoundException;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Named namespaces as ip netns keeps them, opening them every way, and running code inside them. */
@KernelTest
class NetNsIT {

    @Test
    void createdNamespaceIsListedByIpAndDeletedForIpToo(Sandbox sb) throws Exception {
        String name = sb.prefix() + "made";
        try (NetNs ns = NetNs.create(name)) {
            assertTrue(NetNs.list().contains(name));
            assertTrue(ipNetnsList(sb).contains(name));
            assertEquals(name, ns.name());
            assertEquals(NetNs.RUN_DIR.resolve(name), ns.path());
            // ip can use it: it is a real, empty namespace
            assertEquals("1: lo: <LOOPBACK> mtu 65536",
                    sb.execHere("ip", "-n", name, "-o", "link", "show").assertOk().stdout().split(" qdisc")[0].strip());
            assertThrows(AlreadyExistsException.class, () -> NetNs.create(name));
        } finally {
            NetNs.delete(name);
        }
        assertFalse(NetNs.list().contains(name));
        assertFalse(ipNetnsList(sb).contains(name));
        assertFalse(Files.exists(NetNs.RUN_DIR.resolve(name)));
        assertThrows(NotFoundException.class, () -> NetNs.delete(name));
    }

    @Test
    void namespaceMadeByIpIsOpenedByNameAndDeletedByTheLibrary(Sandbox sb) throws Exception {
        String name = sb.prefix() + "byip";
        sb.execHere("ip", "netns", "add", name).assertOk();
        try (NetNs ns = NetNs.named(name); Netlink nl = Netlink.open(ns)) {
            nl.createVeth(Veth.of("seen", "by-ip"));
            assertTrue(sb.execHere("ip", "-n", name, "link", "show", "dev", "seen").ok());
        } finally {
            NetNs.delete(name);
        }
        assertFalse(ipNetnsList(sb).contains(name));
    }

    @Test
    void badNamesAreRefusedBeforeTouchingAnything(Sandbox sb) {
        for (String bad : new String[] {"", ".", "..", "a/b", "../etc"}) {
            assertThrows(IllegalArgumentException.class, () -> NetNs.create(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> NetNs.named(bad), bad);
        }
        assertThrows(NotFoundException.class, () -> NetNs.named(sb.prefix() + "absent"));
    }

    @Test
    void openByPathNameAndPidNameTheSameNamespace(Sandbox sb) throws Exception {
        NetNs c1 = sb.container("c1");
        long inode = c1.inode();
        try (NetNs byName = NetNs.named(c1.name()); NetNs byPath = NetNs.open(c1.path())) {
            assertEquals(inode, byName.inode());
            assertEquals(inode, byPath.inode());
        }
        Process sleeper = sb.start(c1, "sleep", "60");
        // ip netns exec switches namespace before exec'ing sleep: wait until the process is there
        long deadline = System.currentTimeMillis() + 5000;
        long seen = -1;
        while (System.currentTimeMillis() < deadline) {
            try (NetNs byPid = NetNs.ofPid(sleeper.pid())) {
                seen = byPid.inode();
            }
            if (seen == inode) {
                break;
            }
            Thread.sleep(20);
        }
        assertEquals(inode, seen);
        try (NetNs self = NetNs.current(); NetNs mine = NetNs.ofPid(ProcessHandle.current().pid())) {
            assertNotEquals(inode, self.inode());
            assertEquals(self.inode(), mine.inode());
        }
    }

    @Test
    void callRunsInsideTheNamespaceOnAnotherThreadAndLeavesTheCallerWhereItWas(Sandbox sb) throws Exception {
        NetNs c1 = sb.container("c1");
        long callerBefore = threadNetnsInode();
        Thread caller = Thread.currentThread();
        Thread[] ran = new Thread[1];
        long inside = c1.call(() -> {
            ran[0] = Thread.currentThread();
            return threadNetnsInode();
        });
        assertEquals(c1.inode(), inside);
        assertNotEquals(caller, ran[0]);
        assertFalse(ran[0].isAlive(), "the thread that switched is discarded");
        assertEquals(callerBefore, threadNetnsInode());
        // what the task sees is the namespace's own network: only lo there
        List<String> names = c1.call(() -> {
            try (Netlink nl = Netlink.open()) {
                return nl.links().stream().map(Link::name).toList();
            }
        });
        assertEquals(List.of("lo"), names);
    }

    @Test
    void callPassesTheTasksExceptionThrough(Sandbox sb) {
        NetNs c1 = sb.container("c1");
        IOException io = assertThrows(IOException.class, () -> c1.<Void, IOException>call(() -> {
            throw new IOException("from inside");
        }));
        assertEquals("from inside", io.getMessage());
        IllegalStateException ise = assertThrows(IllegalStateException.class, () -> c1.<Void, RuntimeException>call(() -> {
            throw new IllegalStateException("unchecked");
        }));
        assertEquals("unchecked", ise.getMessage());
    }

    @Test
    void unknownPidOrAFileThatIsNoNamespaceFails(Sandbox sb) throws Exception {
        assertThrows(NotFoundException.class, () -> NetNs.ofPid(999_999_999L));
        Path notNs = sb.tempDir().resolve("plain");
        Files.writeString(notNs, "x");
        try (NetNs bogus = NetNs.open(notNs)) {
            NetlinkException e = assertThrows(NetlinkException.class, () -> bogus.call(() -> null));
            assertEquals(22, e.errno(), e.getMessage()); // setns refuses a descriptor that is no namespace
            assertThrows(NetlinkException.class, () -> Netlink.open(bogus));
        }
    }

    @Test
    void closedNetlinkHandleRefusesRequests(Sandbox sb) throws Exception {
        Netlink nl = Netlink.open(sb.container("c1"));
        nl.close();
        nl.close(); // twice is fine
        NetlinkException e = assertThrows(NetlinkException.class, nl::links);
        assertEquals(9, e.errno(), e.getMessage()); // EBADF
        assertThrows(NetlinkException.class, () -> nl.createVeth(Veth.of("x", "y")));
    }

    @Test
    void closedHandleIsRefused(Sandbox sb) throws Exception {
        NetNs copy = NetNs.named(sb.container("c1").name());
        copy.close();
        copy.close(); // twice is fine
        assertThrows(IllegalStateException.class, copy::fd);
        assertThrows(IllegalStateException.class, () -> copy.call(() -> null));
    }

    @Test
    void oneNetlinkHandleServesSeveralThreads(Sandbox sb) throws Exception {
        NetNs c1 = sb.container("c1");
        Netlink nl = sb.netlink(c1);
        int threads = 4;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                work.add(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Link a = nl.createVeth(Veth.of("t" + id + "a" + i, "t" + id + "b" + i));
                        nl.setUp(a.index());
                        assertEquals("t" + id + "a" + i, nl.link(a.index()).name());
                        nl.links(); // dumps interleaved with requests of other threads
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // the pool's threads never entered the namespace, yet all links landed there
        assertEquals(1 + 2 * threads * perThread, nl.links().size());
        assertEquals(1 + 2 * threads * perThread, Ip.linkNames(sb, c1).size());
        try (Netlink here = Netlink.open()) {
            assertTrue(here.findLink("t0a0").isEmpty());
        }
    }

    @Test
    void handleKeepsADeletedNamespaceAlive(Sandbox sb) throws Exception {
        String name = sb.prefix() + "gone";
        Netlink nl;
        try (NetNs ns = NetNs.create(name)) {
            nl = Netlink.open(ns);
        }
        try {
            NetNs.delete(name);
            assertFalse(ipNetnsList(sb).contains(name));
            nl.createVeth(Veth.of("still", "works"));
            assertEquals(2, nl.links().stream().filter(Link::isVeth).count(), "the namespace lives on through the socket");
        } finally {
            nl.close();
        }
    }

    private static List<String> ipNetnsList(Sandbox sb) {
        List<String> names = new ArrayList<>();
        for (String line : sb.execHere("ip", "netns", "list").assertOk().stdout().split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip().split(" ")[0]);
            }
        }
        return names;
    }

    private static long threadNetnsInode() throws IOException {
        String link = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
    }
}

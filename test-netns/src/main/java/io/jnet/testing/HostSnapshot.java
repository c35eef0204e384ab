package io.jnet.testing;

import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.NoSuchDeviceException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The links of the real host namespace (the one the test JVM runs in) before a test. Tests never
 * create links there, so a new one afterwards is a leak, typically a veth whose peer was not moved;
 * it is reported and deleted.
 */
final class HostSnapshot {
    /** Deleting a namespace tears its links down asynchronously; give the kernel this long. */
    private static final long SETTLE_MILLIS = 3000;

    private final Set<String> links;

    private HostSnapshot(Set<String> links) {
        this.links = links;
    }

    static HostSnapshot take() {
        return new HostSnapshot(currentLinks());
    }

    List<String> leaksSince() {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        Set<String> added;
        while (true) {
            added = new HashSet<>(currentLinks());
            added.removeAll(links);
            if (added.isEmpty() || System.currentTimeMillis() > deadline) {
                break;
            }
            sleep();
        }
        List<String> leaks = new ArrayList<>();
        for (String name : added) {
            leaks.add("link " + name + " in the real host namespace" + remove(name));
        }
        return leaks;
    }

    /**
     * Deletes a leaked link so one faulty test does not fail every test after it (deleting one veth
     * end also takes its peer, which then counts as removed too).
     */
    private static String remove(String name) {
        try (Netlink nl = Netlink.open()) {
            nl.deleteLink(name);
            return " (removed)";
        } catch (NoSuchDeviceException e) {
            return " (removed)";
        } catch (NetlinkException e) {
            return " (could not remove it: " + e.getMessage() + ")";
        }
    }

    private static Set<String> currentLinks() {
        try (Netlink nl = Netlink.open()) {
            Set<String> names = new HashSet<>();
            for (Link l : nl.links()) {
                names.add(l.name());
            }
            return names;
        } catch (NetlinkException e) {
            throw new AssertionError("cannot list the host's links", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

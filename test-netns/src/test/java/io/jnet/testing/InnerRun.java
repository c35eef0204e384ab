package io.jnet.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs a @KernelTest class through the Jupiter engine, as Surefire would, on a thread that sits in
 * {@code fakeHost}: for the inner test's extension that namespace is "the real host". So the
 * self-tests can leak links into "the host" without ever touching this machine's real one, where
 * other test JVMs running at the same time would see them.
 */
final class InnerRun {
    /** Set while a self-test drives an inner class, so those classes do nothing when run any other way. */
    static volatile boolean driven;

    private InnerRun() {}

    static EngineExecutionResults run(NetNs fakeHost, Class<?> testClass) throws NetlinkException {
        driven = true;
        try {
            return fakeHost.call(() -> EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute());
        } finally {
            driven = false;
        }
    }

    /** The failures of the tests that ran (not of containers), in order. */
    static List<Throwable> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .toList();
    }

    static long succeeded(EngineExecutionResults results) {
        return results.testEvents().succeeded().count();
    }

    static List<Event> aborted(EngineExecutionResults results) {
        return results.testEvents().aborted().list();
    }
}

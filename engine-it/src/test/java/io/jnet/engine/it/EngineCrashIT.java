package io.jnet.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kills in the middle of a call. An engine killed mid-call leaves what a killed plugin process leaves, and DEL
 * cleans it; a client killed mid-ADD (a runtime's timeout) cancels the call, which the engine rolls back before
 * the DEL of the same attachment runs, so that DEL finds settled state.
 */
@KernelTest
class EngineCrashIT {

    @Test
    void anEngineKilledDuringAddLeavesNothingAfterDel(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        lab.version().assertOk(); // a warm engine, so the kill lands in the ADD's work
        NetNs c = sb.container("c1");
        for (long delayMillis : List.of(60L, 250L)) {
            String cid = "killed-engine-" + delayMillis;
            Process add = lab.start("bridge", lab.env("ADD", cid, c), lab.bridgeConfig());
            Thread.sleep(delayMillis);
            lab.killEngine();
            assertTrue(add.waitFor(60, TimeUnit.SECONDS), "the client of the killed engine returned");
            // exit 0 when the ADD was done before the kill, 1 (code 11) when the engine died under it
            ExecResult del = lab.call("bridge", lab.env("DEL", cid, c), lab.bridgeConfig());
            del.assertOk();
            assertEquals(List.of(), lab.hostVeths(), "veths after DEL of " + cid);
            assertEquals(List.of(), lab.leases(), "leases after DEL of " + cid);
            assertEquals(List.of(), lab.natRulesOf(cid), "nat rules after DEL of " + cid);
        }
        assertEquals(3, lab.enginesStarted(), "a new engine served each call after a kill:\n" + lab.log());
        // the next ADD works
        lab.call("bridge", lab.env("ADD", "after", c), lab.bridgeConfig()).assertOk();
        lab.call("bridge", lab.env("DEL", "after", c), lab.bridgeConfig()).assertOk();
    }

    @Test
    void aClientKilledDuringAddCancelsItAndTheEngineRollsItBack(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        lab.version().assertOk();
        NetNs c = sb.container("c1");
        String cid = "killed-client";
        Process add = lab.start("bridge", lab.env("ADD", cid, c), lab.bridgeConfig());
        // the ADD is in flight (our status request is the other connection)
        EngineLab.await("the ADD to be running in the engine", 60, () -> lab.stat("callsInFlight") >= 2);
        add.destroyForcibly();
        add.waitFor(30, TimeUnit.SECONDS);
        // The runtime's next step: DEL. It waits for the ADD and its rollback, then finds nothing to do.
        lab.call("bridge", lab.env("DEL", cid, c), lab.bridgeConfig()).assertOk();
        EngineLab.await("the cancellation to be counted", 30, () -> lab.stat("cancelled") == 1);
        assertEquals(1, lab.stat("rolledBack"), lab.log());
        assertEquals(List.of(), lab.hostVeths());
        assertEquals(List.of(), lab.leases());
        assertEquals(List.of(), lab.natRulesOf(cid));
        assertTrue(lab.log().contains("rolled back the cancelled ADD of bridge killed-client eth0: DEL exited 0"), lab.log());
        // and no interface was left in the container either
        String links = sb.exec(c, "ip", "-o", "link").assertOk().stdout();
        assertTrue(!links.contains("eth0"), links);
    }
}

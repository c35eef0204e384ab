package io.jnet.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.differential.FuzzCase.Attachment;
import io.jnet.differential.FuzzCase.Op;
import io.jnet.differential.FuzzCase.Step;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reproducers of issue 21, each played against the reference and jnet with the whole state compared, plus what
 * jnet must do in particular: a second interface of a container on the same network (routes beside the first's),
 * IPv6 on a container made without it, the masquerade of two interfaces of one container, and the bridge's MAC.
 */
@KernelTest
class ReproducersIT {
    private static final Attachment ETH0 = new Attachment("c1", "c1", "eth0", null, null, null);
    private static final Attachment NET1 = new Attachment("c1", "c1", "net1", null, null, null);

    private static JsonObject bridge(String json) {
        return JsonParser.parseString(json.replace("DATA", "\"dataDir\":\"@DATADIR@\"")).getAsJsonObject();
    }

    private static FuzzCase twoInterfaces(JsonObject bridge, Set<String> ipv6Off, Op... after) {
        List<Step> steps = new ArrayList<>(List.of(new Step(Op.ADD, ETH0, true), new Step(Op.ADD, NET1, true)));
        for (Op op : after) {
            steps.add(new Step(op, ETH0, true));
        }
        return new FuzzCase(-1, "bridge", "1.0.0", List.of(bridge), steps, ipv6Off);
    }

    /**
     * Item 1: a second interface of the container on the same network gets its routes beside the first's (IPv6 joins
     * them into one two-nexthop route, which CHECK must still find). The bridges are pinned (a gateway), so CHECK's
     * comparison of the bridge MAC is not left to which port's random MAC is lower.
     */
    @ParameterizedTest(name = "{1} {2}: {0}")
    @CsvSource(delimiter = '|', value = {
        "{'type':'bridge','bridge':'br9','isDefaultGateway':true,'ipam':{'type':'host-local',DATA,'ranges':[[{'subnet':'10.1.0.0/24'}]]}} | -4 | default",
        "{'type':'bridge','bridge':'br9','isDefaultGateway':true,'ipam':{'type':'host-local',DATA,'ranges':[[{'subnet':'10.1.0.0/24'}]],'routes':[{'dst':'192.168.7.0/24'}]}} | -4 | 192.168.7.0/24",
        "{'type':'bridge','bridge':'br9','isGateway':true,'ipam':{'type':'host-local',DATA,'ranges':[[{'subnet':'10.1.0.0/24'}],[{'subnet':'fd00:1::/64'}]],'routes':[{'dst':'2001:db8:7::/48'}]}} | -6 | 2001:db8:7::/48",
        "{'type':'bridge','bridge':'br9','isDefaultGateway':true,'ipam':{'type':'host-local',DATA,'ranges':[[{'subnet':'10.1.0.0/24'}],[{'subnet':'fd00:1::/64'}]]}} | -6 | default",
    })
    void aSecondInterfaceOnTheSameNetworkGetsItsRoutesBesideTheFirst(String config, String family, String dst, Sandbox sb)
            throws Exception {
        FuzzCase c = twoInterfaces(bridge(config), Set.of(), Op.CHECK);
        CaseRunner run = new CaseRunner(c, sb);
        assertEquals(List.of(), run.run(), c.describe());

        // jnet's container holds the route on both interfaces (so does the reference's: compared above)
        String routes = sb.exec(run.ours().container("c1"), "ip", family, "route", "show", dst).assertOk().stdout();
        assertTrue(routes.contains("dev eth0") && routes.contains("dev net1"), "the route via both interfaces:\n" + routes);

        // DEL of the first leaves the second's routes, as with the reference
        for (Side side : List.of(run.reference(), run.ours())) {
            assertEquals(0, run.call(side, Op.DEL, ETH0).exit(), side + " DEL eth0");
        }
        assertEquals(List.of(), run.compareState());
        routes = sb.exec(run.ours().container("c1"), "ip", family, "route", "show", dst).assertOk().stdout();
        assertTrue(routes.contains("dev net1"), "net1 keeps its route:\n" + routes);
    }

    /** Item 2: IPv6 is turned on for lo too when the container was made with IPv6 disabled. */
    @Test
    void ipv6IsEnabledOnLoopbackOfAContainerMadeWithoutIt(Sandbox sb) throws Exception {
        JsonObject b = bridge("{'type':'bridge','bridge':'br9','isGateway':true,'ipam':{'type':'host-local',DATA,"
                + "'ranges':[[{'subnet':'10.1.0.0/24'}],[{'subnet':'fd00:1::/64'}]]}}");
        FuzzCase c = new FuzzCase(-1, "bridge", "1.0.0", List.of(b), List.of(new Step(Op.ADD, ETH0, true)), Set.of("c1"));
        CaseRunner run = new CaseRunner(c, sb);
        assertEquals(List.of(), run.run(), c.describe());
        assertEquals("0", Sysctl.get(run.ours().container("c1"), "net.ipv6.conf.lo.disable_ipv6"));
        assertTrue(sb.exec(run.ours().container("c1"), "ip", "-6", "addr", "show", "dev", "lo").assertOk().stdout().contains("::1/128"),
                "loopback has ::1 again");
    }

    /**
     * Item 3: two interfaces of one container on one ipMasq network share the attachment's chain; DEL of one removes
     * only its own POSTROUTING jump, and the chain goes with the last. (The reference fails that DEL after flushing the
     * shared chain, so this is jnet's alone.)
     */
    @Test
    void delOfOneInterfaceKeepsTheOtherInterfacesMasquerade(Sandbox sb) throws Exception {
        JsonObject b = bridge("{'type':'bridge','bridge':'br9','isGateway':true,'ipMasq':true,'ipam':{'type':'host-local',DATA,"
                + "'ranges':[[{'subnet':'10.1.0.0/24'}]]}}");
        FuzzCase c = new FuzzCase(-1, "bridge", "1.0.0", List.of(b), List.of(new Step(Op.ADD, ETH0, true), new Step(Op.ADD, NET1, true)),
                Set.of());
        CaseRunner run = new CaseRunner(c, sb);
        assertEquals(List.of(), run.run(), "both ADDs as the reference's:\n" + c.describe());
        Side ours = run.ours();
        String net1 = address(sb, ours, "net1");
        String eth0 = address(sb, ours, "eth0");
        assertEquals(2, masqJumps(sb, ours).size(), "one POSTROUTING jump per interface: " + masqJumps(sb, ours));

        Outcome del = run.call(ours, Op.DEL, ETH0);
        assertEquals(0, del.exit(), del.describe());
        List<String> jumps = masqJumps(sb, ours);
        assertEquals(1, jumps.size(), "net1's jump stays: " + jumps);
        assertTrue(jumps.get(0).contains("-s " + net1 + "/32"), jumps.toString());
        String nat = sb.exec(ours.host, "iptables-save", "-t", "nat").assertOk().stdout();
        assertTrue(nat.contains("-j MASQUERADE"), "the shared chain keeps its rules:\n" + nat);
        assertTrue(!nat.contains(eth0 + "/32"), "eth0's jump is gone:\n" + nat);

        assertEquals(0, run.call(ours, Op.DEL, NET1).exit());
        nat = sb.exec(ours.host, "iptables-save", "-t", "nat").assertOk().stdout();
        assertTrue(!nat.contains("CNI-"), "the chain went with its last user:\n" + nat);
    }

    /** Item 4: the bridge keeps the MAC it was created with, not its first port's. */
    @Test
    void theBridgeKeepsTheMacItWasCreatedWith(Sandbox sb) throws Exception {
        JsonObject b = bridge("{'type':'bridge','bridge':'br9','isGateway':true,'ipam':{'type':'host-local',DATA,"
                + "'ranges':[[{'subnet':'10.1.0.0/24'}]]}}");
        Attachment other = new Attachment("c2", "c2", "eth0", null, null, null);
        FuzzCase c = new FuzzCase(-1, "bridge", "1.0.0", List.of(b),
                List.of(new Step(Op.ADD, ETH0, true), new Step(Op.ADD, other, true), new Step(Op.DEL, ETH0, true)), Set.of());
        CaseRunner run = new CaseRunner(c, sb);
        assertEquals(List.of(), run.run(), c.describe());
        Netlink host = sb.netlink(run.ours().host);
        Link br = host.link("br9");
        for (Link l : host.links()) {
            if (l.masterIndex() == br.index()) {
                assertNotEquals(l.mac(), br.mac(), "the bridge took the MAC of its port " + l.name());
            }
        }
        assertEquals("3", sb.exec(run.ours().host, "cat", "/sys/class/net/br9/addr_assign_type").assertOk().stdout().strip(),
                "the MAC is pinned (NET_ADDR_SET)");
    }

    private static String address(Sandbox sb, Side side, String ifname) {
        String out = sb.exec(side.container("c1"), "ip", "-o", "-4", "addr", "show", "dev", ifname).assertOk().stdout();
        return out.replaceAll("(?s).*inet (\\S+)/.*", "$1").strip();
    }

    private static List<String> masqJumps(Sandbox sb, Side side) {
        return sb.exec(side.host, "iptables", "-t", "nat", "-S", "POSTROUTING").assertOk().stdout().lines()
                .filter(l -> l.contains("-j CNI-")).toList();
    }
}

package io.jnet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jnet.cni.config.NetworkConfigList;
import io.jnet.cni.skel.PluginMain;
import io.jnet.plugin.ipam.HostLocalPlugin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPAM usage counted from a store the real host-local wrote (run in-process on a temp data dir, no root): Docker's
 * sums, and "next" is the address host-local really hands out next.
 */
class IpamUsageTest {

    private static NetworkConfigList net(Path dataDir, String ranges) throws Exception {
        String conflist = "{\"cniVersion\":\"1.0.0\",\"name\":\"t\",\"plugins\":[{\"type\":\"bridge\",\"bridge\":\"br-t\",\"ipam\":{"
                + "\"type\":\"host-local\",\"ranges\":" + ranges + ",\"dataDir\":\"" + dataDir + "\"}}]}";
        return NetworkConfigList.parse(conflist.getBytes(StandardCharsets.UTF_8));
    }

    /** host-local ADD for one container; returns the address it handed out. */
    private static String add(NetworkConfigList list, String containerId) throws Exception {
        String stdin = "{\"cniVersion\":\"1.0.0\",\"name\":\"t\"," + new String(list.plugins().get(0).bytes(), StandardCharsets.UTF_8).substring(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = PluginMain.run(new HostLocalPlugin(), Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", containerId, "CNI_NETNS", "/x",
                "CNI_IFNAME", "eth0", "CNI_PATH", "/x"), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
        String first = com.google.gson.JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject()
                .getAsJsonArray("ips").get(0).getAsJsonObject().get("address").getAsString();
        return first.substring(0, first.indexOf('/'));
    }

    @Test
    void anEmptySlash16CountsLikeDocker(@TempDir Path dir) throws Exception {
        List<IpamUsage> u = IpamUsage.of(net(dir, "[[{\"subnet\":\"172.16.0.0/16\"}]]"));
        assertEquals(1, u.size());
        assertEquals(BigInteger.valueOf(3), u.get(0).inUse(), "network, gateway and broadcast, as Docker's example");
        assertEquals(BigInteger.valueOf(65533), u.get(0).available());
        assertEquals("172.16.0.2", u.get(0).next());
        assertEquals(false, Files.exists(dir.resolve("t")), "reading changes nothing, not even a directory");
    }

    @Test
    void leasesCountAndNextIsWhatHostLocalHandsOut(@TempDir Path dir) throws Exception {
        NetworkConfigList list = net(dir, "[[{\"subnet\":\"10.5.0.0/29\"}],[{\"subnet\":\"fd05::/125\",\"rangeStart\":\"fd05::2\"}]]");
        add(list, "c1");
        add(list, "c2");
        List<IpamUsage> u = IpamUsage.of(list);
        assertEquals(2, u.size());
        IpamUsage v4 = u.get(0);
        assertEquals("10.5.0.0/29: 5 in use (2 leased), 3 free in 10.5.0.1-10.5.0.6, next 10.5.0.4", v4.describe());
        IpamUsage v6 = u.get(1);
        assertEquals(BigInteger.valueOf(4), v6.inUse(), "network (anycast), gateway and two leases; no broadcast in IPv6");
        assertEquals(BigInteger.valueOf(4), v6.available(), "fd05::2-fd05::7 less two leases");
        String next = v4.next();
        assertEquals(next, add(list, "c3"), "host-local's next address is the one predicted");
        add(list, "c4");
        add(list, "c5");
        IpamUsage full = IpamUsage.of(list).get(0);
        assertEquals(BigInteger.ZERO, full.available());
        assertEquals("", full.next());
        assertEquals(BigInteger.valueOf(8), full.inUse());
        assertEquals("{\"Subnets\":{\"10.5.0.0/29\":{\"IPsInUse\":8,\"DynamicIPsAvailable\":0},\"fd05::/125\":{\"IPsInUse\":7,\"DynamicIPsAvailable\":1}}}",
                IpamUsage.status(IpamUsage.of(list)).toString());
    }

    @Test
    void aNetworkWithAnotherIpamHasNoUsage(@TempDir Path dir) throws Exception {
        NetworkConfigList dhcp = NetworkConfigList.parse(("{\"cniVersion\":\"1.0.0\",\"name\":\"d\",\"plugins\":[{\"type\":\"bridge\","
                + "\"ipam\":{\"type\":\"dhcp\"}}]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), IpamUsage.of(dhcp));
    }
}

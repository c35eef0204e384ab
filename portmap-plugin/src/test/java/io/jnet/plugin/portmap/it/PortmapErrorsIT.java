package io.jnet.plugin.portmap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets the right CNI error code on stdout and changes nothing: the nat tables and route_localnet
 * stay as they were (the reference leaves half-made chains behind for an unknown protocol or a bad hostIP).
 */
@KernelTest
class PortmapErrorsIT {

    @Test
    void badInputIsRefusedWithItsCodeAndChangesNothing(Sandbox sb) throws Exception {
        PortmapLab lab = new PortmapLab(sb);
        lab.pretendContainer("a", "10.99.0.2", "fd99::2");
        lab.pretendContainer("b", "10.99.0.3", "fd99::3");
        lab.run("ADD", "a", lab.config("a", PortmapLab.mappings(8080, 80, "tcp", null))).assertOk();
        Sysctl.set(lab.host, "net/ipv4/conf/br0/route_localnet", "0");
        String v4 = strip(lab.natRules(false));
        String v6 = strip(lab.natRules(true));

        refused(lab, 7, "hostPort 0", c -> mapping(c).addProperty("hostPort", 0));
        refused(lab, 7, "containerPort 70000", c -> mapping(c).addProperty("containerPort", 70000));
        refused(lab, 6, "hostPort as a string", c -> mapping(c).addProperty("hostPort", "8081"));
        refused(lab, 2, "protocol icmp", c -> mapping(c).addProperty("protocol", "icmp"));
        refused(lab, 7, "no protocol", c -> mapping(c).remove("protocol"));
        refused(lab, 7, "bad hostIP", c -> mapping(c).addProperty("hostIP", "bogus"));
        refused(lab, 7, "markMasqBit 40", c -> c.addProperty("markMasqBit", 40));
        refused(lab, 7, "markMasqBit with externalSetMarkChain", c -> {
            c.addProperty("markMasqBit", 5);
            c.addProperty("externalSetMarkChain", "MY-MARK");
        });
        refused(lab, 999, "externalSetMarkChain that does not exist", c -> c.addProperty("externalSetMarkChain", "NO-SUCH"));
        refused(lab, 2, "unknown backend", c -> c.addProperty("backend", "pf"));
        refused(lab, 7, "nftables backend with an iptables chain", c -> {
            c.addProperty("backend", "nftables");
            c.addProperty("externalSetMarkChain", "MY-MARK");
        });
        refused(lab, 2, "conditions in nft syntax", c -> {
            com.google.gson.JsonArray cond = new com.google.gson.JsonArray();
            cond.add("ip");
            cond.add("saddr");
            cond.add("1.2.3.4");
            c.add("conditionsV4", cond);
        });
        refused(lab, 7, "no prevResult", c -> c.remove("prevResult"));
        refused(lab, 6, "snat as a string", c -> c.addProperty("snat", "yes"));
        refused(lab, 100, "port of another attachment", c -> mapping(c).addProperty("hostPort", 8080));
        refused(lab, 1, "unsupported cniVersion", c -> c.addProperty("cniVersion", "9.9.9"));

        ExecResult garbage = sb.exec(lab.host, env(lab), "{not json".getBytes(StandardCharsets.UTF_8),
                lab.pluginDir.resolve("portmap").toString()).assertFailed();
        assertEquals(6, code(garbage), garbage.stdout());

        assertEquals(v4, strip(lab.natRules(false)), "IPv4 nat table unchanged");
        assertEquals(v6, strip(lab.natRules(true)), "IPv6 nat table unchanged");
        assertEquals("0", Sysctl.get(lab.host, "net/ipv4/conf/br0/route_localnet"), "route_localnet unchanged");
    }

    private static JsonObject mapping(JsonObject config) {
        return config.getAsJsonObject("runtimeConfig").getAsJsonArray("portMappings").get(0).getAsJsonObject();
    }

    private static void refused(PortmapLab lab, int code, String what, Consumer<JsonObject> spoil) {
        JsonObject c = lab.config("b", PortmapLab.mappings(8081, 80, "tcp", null));
        spoil.accept(c);
        ExecResult r = lab.run("ADD", "b", c);
        assertEquals(1, r.exitCode(), what + ": " + r.describe());
        assertEquals(code, code(r), what + ": " + r.stdout());
        assertTrue(r.stdout().contains("\"msg\""), what);
    }

    private static int code(ExecResult r) {
        return JsonParser.parseString(r.stdout()).getAsJsonObject().get("code").getAsInt();
    }

    private static Map<String, String> env(PortmapLab lab) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", "ADD");
        env.put("CNI_CONTAINERID", "id-b");
        env.put("CNI_NETNS", "/var/run/netns/b");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", lab.pluginDir.toString());
        return env;
    }

    private static String strip(String save) {
        StringBuilder sb = new StringBuilder();
        for (String l : save.split("\n")) {
            if (!l.startsWith("#")) {
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }
}

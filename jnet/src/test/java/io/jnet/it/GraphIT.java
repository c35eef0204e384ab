package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code jnet graph} on the lab shows exactly what the kernel holds: the namespaces, every link with its addresses and
 * MAC as {@code ip -j addr} reports them, each veth pair as the kernel pairs them (ifindex and peer namespace), and
 * the published ports of the live DNAT rules; what jnet did not make is marked foreign.
 */
@KernelTest
class GraphIT {

    @Test
    void theGraphOfTheLabIsWhatTheKernelHolds(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        cli.run("lab", "up").ok();
        try {
            // something jnet did not make, next to the lab: another bridge and another tool's chain
            sb.exec(sb.host(), "ip", "link", "add", "other0", "type", "bridge").assertOk();
            sb.exec(sb.host(), "ip", "addr", "add", "198.51.100.1/24", "dev", "other0").assertOk();
            sb.exec(sb.host(), "iptables", "-N", "DOCKER-USER").assertOk();

            JsonObject g = JsonParser.parseString(cli.run("--json", "graph").ok().stdout()).getAsJsonObject();
            Map<String, JsonObject> nss = new TreeMap<>();
            for (JsonElement e : g.getAsJsonArray("namespaces")) {
                nss.put(e.getAsJsonObject().get("id").getAsString(), e.getAsJsonObject());
            }
            assertEquals(Set.of("host", "red", "blue"), nss.keySet());
            Map<String, String> netnsOf = Map.of("host", sb.host().name(), "red", cli.ns("red"), "blue", cli.ns("blue"));
            for (Map.Entry<String, String> e : netnsOf.entrySet()) {
                assertEquals(kernelLinks(sb, e.getValue()), graphLinks(nss.get(e.getKey())), "links, addresses and MACs of " + e.getKey());
            }
            JsonObject host = nss.get("host");
            assertTrue(link(host, "other0").get("foreign").getAsBoolean(), "the other bridge is not jnet's");
            assertEquals("jnet", link(host, "jnet0").get("network").getAsString());
            assertEquals(false, nss.get("red").get("foreign").getAsBoolean());

            // each cable is the kernel's veth pair: the container end's peer ifindex is the host end's ifindex
            JsonArray cables = g.getAsJsonArray("cables");
            assertEquals(2, cables.size(), cables.toString());
            for (String c : List.of("red", "blue")) {
                JsonObject eth0 = ipLink(sb, cli.ns(c), "eth0");
                int peerIndex = eth0.get("link_index").getAsInt();
                String hostEnd = null;
                for (JsonElement e : cables) {
                    JsonObject cab = e.getAsJsonObject();
                    if (cab.getAsJsonObject("b").get("namespace").getAsString().equals(c)) {
                        assertEquals("host", cab.getAsJsonObject("a").get("namespace").getAsString());
                        assertEquals("eth0", cab.getAsJsonObject("b").get("ifname").getAsString());
                        hostEnd = cab.getAsJsonObject("a").get("ifname").getAsString();
                    }
                }
                assertEquals(peerIndex, link(host, hostEnd).get("index").getAsInt(), c + "'s cable ends at its peer");
                assertEquals("jnet0", link(host, hostEnd).get("master").getAsString());
            }

            // ports: exactly the DNAT rules of the nat table
            Set<String> dnat = new TreeSet<>();
            for (String line : sb.exec(sb.host(), "iptables-save", "-t", "nat").assertOk().stdout().split("\n")) {
                if (line.contains("-j DNAT")) {
                    String dport = line.replaceAll(".*--dport (\\d+).*", "$1");
                    String to = line.replaceAll(".*--to-destination (\\S+).*", "$1");
                    dnat.add(dport + "->" + to);
                }
            }
            Set<String> shown = new TreeSet<>();
            for (JsonElement e : g.getAsJsonArray("ports")) {
                JsonObject p = e.getAsJsonObject();
                shown.add(p.get("hostPort").getAsInt() + "->" + p.get("toIp").getAsString() + ":" + p.get("toPort").getAsInt());
                assertEquals("blue", p.get("namespace").getAsString());
            }
            assertEquals(Set.of("8080->172.17.0.3:80"), dnat, "the lab publishes one port");
            assertEquals(dnat, shown);

            JsonObject net = g.getAsJsonArray("networks").get(0).getAsJsonObject();
            assertEquals("jnet", net.get("name").getAsString());
            assertEquals(2, net.get("masqueraded").getAsInt());
            assertEquals(2, net.get("accepted").getAsInt());
            assertEquals("isolated", net.get("isolation").getAsString());
            assertTrue(g.getAsJsonArray("foreign").toString().contains("DOCKER-USER"), g.get("foreign").toString());

            // the picture: well-formed, naming every namespace and address
            String svg = cli.run("graph", "--format", "svg").ok().stdout();
            String text = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))).getDocumentElement().getTextContent();
            for (JsonObject n : nss.values()) {
                assertTrue(text.contains(n.get("id").getAsString()));
                for (JsonElement l : n.getAsJsonArray("links")) {
                    for (JsonElement a : l.getAsJsonObject().getAsJsonArray("addresses")) {
                        assertTrue(text.contains(a.getAsString()), a.getAsString());
                    }
                }
            }
            String red = cli.run("graph", "--net", "jnet").ok().stdout();
            assertTrue(red.contains("red (netns " + cli.ns("red") + ")") && red.contains("*:8080/tcp -> blue 172.17.0.3:80 (jnet)"), red);
        } finally {
            sb.exec(sb.host(), "iptables", "-X", "DOCKER-USER");
            cli.run("lab", "down").ok();
        }
    }

    @Test
    void watchKeepsThePageUpToDate(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        cli.run("netns", "add", "one").ok();
        cli.run("attach", "one").ok();
        Path page = sb.tempDir().resolve("jnet.html");
        Process watch = cli.start("graph", "--format", "html", "--watch", "--interval", "1", "-o", page.toString());
        try {
            assertTrue(waitFor(page, "one (netns " + cli.ns("one") + ")"), "the page shows the attachment");
            String html = Files.readString(page);
            assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"1\">"), "the page reloads itself");
            cli.run("netns", "add", "two").ok();
            cli.run("attach", "two", "-p", "9090:90").ok();
            assertTrue(waitFor(page, "*:9090/tcp -&gt; two"), "a new attachment and its published port appear without a restart");
            assertTrue(Files.readString(page).contains("two (netns " + cli.ns("two") + ")"));
            // and the network's address usage, as net inspect counts it from host-local's store
            String inspect = cli.run("net", "inspect", "jnet").ok().stdout();
            assertTrue(inspect.contains("addresses  172.17.0.0/16: 5 in use (2 leased), 65531 free in 172.17.0.1-172.17.255.254, next 172.17.0.4"),
                    inspect);
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
            cli.run("detach", "two");
            cli.run("detach", "one");
            cli.run("netns", "del", "one");
            cli.run("netns", "del", "two");
        }
    }

    @Test
    void badUsageIsOneLineAndNothingRuns(Sandbox sb) {
        CliProcess cli = new CliProcess(sb);
        CliProcess.Result watchless = cli.run("graph", "--watch").assertExit(2);
        assertTrue(watchless.stderr().startsWith("jnet: --watch rewrites an html file (hint: "), watchless.stderr());
        assertEquals(1, watchless.stderr().strip().lines().count());
        CliProcess.Result format = cli.run("graph", "--format", "png").assertExit(2);
        assertTrue(format.stderr().contains("unknown --format png"), format.stderr());
        CliProcess.Result net = cli.run("graph", "--net", "nosuch").assertExit(3);
        assertTrue(net.stderr().contains("network nosuch does not exist"), net.stderr());
        assertEquals("", net.stdout());
    }

    private static boolean waitFor(Path file, String text) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** "name addr,addr mac" per link, as ip -j addr reports them. */
    private static Set<String> kernelLinks(Sandbox sb, String netns) {
        Set<String> out = new TreeSet<>();
        String json = sb.execHere("ip", "-n", netns, "-j", "addr", "show").assertOk().stdout();
        for (JsonElement e : JsonParser.parseString(json).getAsJsonArray()) {
            JsonObject l = e.getAsJsonObject();
            List<String> addrs = new ArrayList<>();
            for (JsonElement a : l.getAsJsonArray("addr_info")) {
                addrs.add(a.getAsJsonObject().get("local").getAsString() + "/" + a.getAsJsonObject().get("prefixlen").getAsInt());
            }
            addrs.sort(null);
            String mac = l.has("address") && !l.get("link_type").getAsString().equals("loopback") ? l.get("address").getAsString() : "";
            out.add(l.get("ifname").getAsString() + " " + String.join(",", addrs) + " " + mac);
        }
        return out;
    }

    private static Set<String> graphLinks(JsonObject ns) {
        Set<String> out = new TreeSet<>();
        for (JsonElement e : ns.getAsJsonArray("links")) {
            JsonObject l = e.getAsJsonObject();
            List<String> addrs = new ArrayList<>();
            l.getAsJsonArray("addresses").forEach(a -> addrs.add(a.getAsString()));
            addrs.sort(null);
            String mac = l.get("kind").getAsString().equals("loopback") ? "" : l.get("mac").getAsString();
            out.add(l.get("name").getAsString() + " " + String.join(",", addrs) + " " + mac);
        }
        return out;
    }

    private static JsonObject link(JsonObject ns, String name) {
        for (JsonElement e : ns.getAsJsonArray("links")) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no link " + name + " in " + ns);
    }

    private static JsonObject ipLink(Sandbox sb, String netns, String dev) {
        return JsonParser.parseString(sb.execHere("ip", "-n", netns, "-j", "link", "show", "dev", dev).assertOk().stdout())
                .getAsJsonArray().get(0).getAsJsonObject();
    }
}

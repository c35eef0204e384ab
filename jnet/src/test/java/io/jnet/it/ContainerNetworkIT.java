package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seed's {@code docker run -d -p 8081:80 nginx}, with busybox httpd: a detached container published on a host
 * port, a second container on the same network reaching it by name and alias (the network has DNS), the lifecycle
 * commands on them, and {@code jnet rm} leaving no mount, cgroup, runc state, namespace, veth, rule, lease or name.
 */
@KernelTest
class ContainerNetworkIT {
    @Test
    void a_published_httpd_answers_on_the_host_port_and_rm_leaves_nothing(Sandbox sb) throws Exception {
        try (ContainerCli c = new ContainerCli(sb)) {
            c.loadBusybox();
            c.run("net", "create", "apps", "--subnet", "10.89.0.0/24").ok();
            CliProcess.Result started = c.run("run", "-d", "--name", "web", "--net", "apps", "--alias", "www", "-p", "18081:80",
                    "busybox", "httpd", "-f", "-v", "-p", "80", "-h", "/www").ok();
            String id = started.stdout().strip();
            assertTrue(id.matches("[0-9a-f]{64}"), "run -d prints the ID: " + started.stdout());

            String reply = HttpProbe.get(sb.host(), "127.0.0.1", 18081);
            assertTrue(reply.startsWith("HTTP/1.") && reply.contains("hello from busybox httpd"), reply);

            JsonObject web = c.containers().get(0);
            assertEquals("web", web.get("name").getAsString());
            assertEquals("running", web.get("state").getAsString());
            assertTrue(web.get("pid").getAsLong() > 1);
            assertEquals("[\"apps\"]", web.get("networks").toString());
            assertEquals("[\"18081->80/tcp\"]", web.get("ports").toString());
            String webIp = web.getAsJsonArray("addresses").get(0).getAsString().split("/")[0];
            String table = c.run("ps").ok().stdout();
            assertTrue(table.lines().anyMatch(l -> l.matches("web\\s+busybox\\s+running\\s+\\d+\\s+apps\\s+" + webIp.replace(".", "\\.")
                    + "/24\\s+18081->80/tcp\\s+httpd -f -v -p 80 -h /www")), table);
            assertTrue(table.lines().anyMatch(l -> l.matches("web\\s+apps\\s+eth0\\s+.*18081->80/tcp")), "its attachment is listed too: " + table);

            // a second container on the same network reaches the first by name, alias and address; it is on a second
            // network too, with a fixed address on the first (--ip applies to the first --net)
            // and it publishes what jnet attach -p takes: an automatic host port and a range
            c.run("run", "-d", "--name", "client", "--net", "apps", "--net", "jnet", "--ip", "10.89.0.50", "-p", "80",
                    "-p", "18095-18096:8095-8096", "busybox", "sleep", "600").ok();
            JsonObject client = c.containers().stream().filter(o -> o.get("name").getAsString().equals("client")).findFirst().orElseThrow();
            String clientPorts = client.get("ports").toString();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[\"(\\d+)->80/tcp\",\"18095->8095/tcp\",\"18096->8096/tcp\"\\]")
                    .matcher(clientPorts);
            assertTrue(m.matches() && Integer.parseInt(m.group(1)) >= 32768, "an automatic port from the pool, then the range port by port: " + clientPorts);
            String addrs = c.run("exec", "client", "ip", "-o", "-4", "addr").ok().stdout();
            assertTrue(addrs.matches("(?s).*eth0\\s+inet 10\\.89\\.0\\.50/24.*"), addrs);
            assertTrue(addrs.matches("(?s).*eth1\\s+inet 172\\..*"), "and an address on jnet's network: " + addrs);
            assertEquals(List.of("nameserver 10.89.0.1"), c.run("exec", "client", "cat", "/etc/resolv.conf").ok().stdout().lines()
                    .filter(l -> l.startsWith("nameserver")).toList(), "the container asks its DNS network's gateway");
            for (String host : List.of("web", "www", "web.apps", webIp)) {
                CliProcess.Result fetched = c.run("exec", "client", "wget", "-q", "-O", "-", "http://" + host + "/").ok();
                assertEquals("hello from busybox httpd\n", fetched.stdout(), host);
            }

            // exec, logs, inspect
            CliProcess.Result ps = c.run("exec", "web", "ps", "-o", "pid,comm").ok();
            assertTrue(ps.stdout().lines().anyMatch(l -> l.matches("\\s*1\\s+httpd")), "httpd is PID 1 of its namespace: " + ps.stdout());
            assertEquals(3, c.run("exec", "web", "sh", "-c", "exit 3").exitCode(), "exec passes the status on");
            String logs = c.run("logs", "web").ok().stdout();
            assertTrue(logs.contains("response:200"), "httpd's request log: " + logs);
            JsonObject inspect = c.inspect("web");
            JsonObject net = inspect.getAsJsonObject("namespaces").getAsJsonObject("net");
            assertNotEquals(net.get("host").getAsString(), net.get("container").getAsString());
            assertTrue(inspect.getAsJsonObject("overlay").get("mounted").getAsBoolean());
            assertTrue(inspect.getAsJsonObject("cgroup").get("exists").getAsBoolean());
            assertEquals(sb.prefix() + "web", Path.of(inspect.getAsJsonObject("network").get("netnsPath").getAsString()).getFileName().toString());
            assertEquals(Path.of(inspect.getAsJsonObject("overlay").get("merged").getAsString()),
                    Path.of(inspect.getAsJsonObject("spec").getAsJsonObject("root").get("path").getAsString()));

            // rm is refused while it runs; stop then rm; rm -f of a running one
            CliProcess.Result refused = c.run("rm", "web").assertExit(4);
            assertTrue(refused.stderr().startsWith("jnet: container web is running (hint: "), refused.stderr());
            CliProcess.Result stopped = c.run("stop", "-t", "1", "web").ok();
            assertTrue(stopped.stdout().startsWith("web exited ("), stopped.stdout());
            assertFalse(Files.exists(Path.of("/run/netns", sb.prefix() + "web")), "a stopped container's namespace is released");
            assertTrue(c.run("logs", "web").ok().stdout().contains("response:200"), "its log outlives the stop");
            c.run("rm", "web").ok();
            c.run("rm", "-f", "client").ok();
            c.run("net", "rm", "apps").ok();
            assertTrue(HttpProbe.get(sb.host(), "127.0.0.1", 18081).startsWith("error:"), "the port is no longer published");
            assertEquals(List.of(), c.containers());
            c.assertNothingLeft();
        }
    }
}

package io.jnet.containers.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OciSpecTest {
    private static OciSpec.Params params(Path netns, boolean pidHost, OciSpec.IdMap userns, Limits limits, boolean readOnly) {
        return new OciSpec.Params(List.of("httpd", "-f"), List.of("PATH=/bin"), "/www", new UserSpec(0, 0, List.of()), "web",
                Path.of("/data/c/rootfs"), readOnly, netns, pidHost, userns, "/jnet/abc", limits,
                List.of(new OciSpec.Bind("/data", Path.of("/vol/_data"), true)));
    }

    @Test
    void namespaces_join_jnets_network_namespace_and_make_the_others_new() {
        JsonObject spec = OciSpec.build(params(Path.of("/run/netns/web"), false, null, Limits.none(), false));
        List<String> ns = new ArrayList<>();
        String netPath = null;
        for (JsonElement e : spec.getAsJsonObject("linux").getAsJsonArray("namespaces")) {
            JsonObject o = e.getAsJsonObject();
            ns.add(o.get("type").getAsString());
            if (o.has("path")) {
                assertEquals("network", o.get("type").getAsString(), "only the network namespace is joined");
                netPath = o.get("path").getAsString();
            }
        }
        assertEquals(List.of("pid", "network", "ipc", "uts", "mount"), ns);
        assertEquals("/run/netns/web", netPath);
        assertEquals("/jnet/abc", spec.getAsJsonObject("linux").get("cgroupsPath").getAsString());
        assertEquals("web", spec.get("hostname").getAsString());
        assertEquals("/data/c/rootfs", spec.getAsJsonObject("root").get("path").getAsString());
        assertFalse(spec.getAsJsonObject("root").get("readonly").getAsBoolean());
        assertEquals("[\"httpd\",\"-f\"]", spec.getAsJsonObject("process").get("args").toString());
        assertTrue(spec.toString().contains("{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"/vol/_data\",\"options\":[\"rbind\",\"rprivate\",\"ro\"]}"),
                spec.toString());
    }

    @Test
    void host_network_and_host_pid_leave_those_namespaces_out() {
        JsonObject spec = OciSpec.build(params(null, true, null, Limits.none(), true));
        List<String> ns = new ArrayList<>();
        spec.getAsJsonObject("linux").getAsJsonArray("namespaces").forEach(e -> ns.add(e.getAsJsonObject().get("type").getAsString()));
        assertEquals(List.of("ipc", "uts", "mount"), ns);
        assertTrue(spec.getAsJsonObject("root").get("readonly").getAsBoolean());
    }

    @Test
    void limits_become_cgroup_resources() {
        JsonObject r = OciSpec.build(params(null, false, null, new Limits(32L << 20, 50_000, 16), false))
                .getAsJsonObject("linux").getAsJsonObject("resources");
        assertEquals(32L << 20, r.getAsJsonObject("memory").get("limit").getAsLong());
        assertEquals(32L << 20, r.getAsJsonObject("memory").get("swap").getAsLong(), "no swap beyond the limit");
        assertEquals(50_000, r.getAsJsonObject("cpu").get("quota").getAsLong());
        assertEquals(100_000, r.getAsJsonObject("cpu").get("period").getAsLong());
        assertEquals(16, r.getAsJsonObject("pids").get("limit").getAsLong());
        JsonObject none = OciSpec.build(params(null, false, null, Limits.none(), false)).getAsJsonObject("linux").getAsJsonObject("resources");
        assertFalse(none.has("memory") || none.has("cpu") || none.has("pids"));
    }

    @Test
    void a_user_namespace_maps_root_and_binds_sys_instead_of_mounting_it() {
        JsonObject spec = OciSpec.build(params(Path.of("/run/netns/web"), false, new OciSpec.IdMap(100000, 65536), Limits.none(), false));
        JsonObject linux = spec.getAsJsonObject("linux");
        assertEquals("[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]", linux.get("uidMappings").toString());
        assertEquals(linux.get("uidMappings"), linux.get("gidMappings"));
        assertTrue(linux.getAsJsonArray("namespaces").toString().contains("{\"type\":\"user\"}"));
        String mounts = spec.getAsJsonArray("mounts").toString();
        assertTrue(mounts.contains("{\"destination\":\"/sys\",\"type\":\"none\",\"source\":\"/sys\""), mounts);
        assertFalse(mounts.contains("cgroup"), mounts);
    }
}

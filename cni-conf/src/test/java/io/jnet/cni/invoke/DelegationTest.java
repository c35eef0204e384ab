package io.jnet.cni.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jnet.cni.result.Result;
import io.jnet.cni.spec.CniException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelegationTest {
    @TempDir
    Path tmp;

    @Test
    void delegatesEachCommandToTheIpamPluginInCniPath() throws Exception {
        Path log = tmp.resolve("calls");
        Path bin = tmp.resolve("bin");
        // An IPAM stand-in that answers ADD in 0.4.0 format and records every call.
        ScriptPlugins.write(bin, "fake-ipam", "echo \"$CNI_COMMAND $CNI_CONTAINERID $FROM_PARENT\" >> " + log + "\ncat >/dev/null\n"
                + "if [ \"$CNI_COMMAND\" = ADD ]; then echo '{\"cniVersion\":\"0.4.0\",\"ips\":[{\"version\":\"4\",\"address\":\"10.22.0.2/16\",\"gateway\":\"10.22.0.1\"}],"
                + "\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}'; fi");
        Map<String, String> env = Map.of("PATH", System.getenv().getOrDefault("PATH", "/bin"), "CNI_COMMAND", "ADD",
                "CNI_CONTAINERID", "ctr9", "CNI_PATH", tmp.resolve("empty") + ":" + bin, "FROM_PARENT", "kept");
        byte[] conf = "{\"cniVersion\":\"0.4.0\",\"name\":\"n\",\"type\":\"fake-ipam\"}".getBytes(StandardCharsets.UTF_8);
        Delegation d = new Delegation(new PluginExecutor(Duration.ofSeconds(20), null));

        Result r = d.add("fake-ipam", conf, env);
        assertEquals("10.22.0.2/16", r.ips().get(0).address());
        assertEquals("10.22.0.1", r.ips().get(0).gateway());
        assertNull(r.ips().get(0).interfaceIndex());
        d.check("fake-ipam", conf, env);
        d.del("fake-ipam", conf, env);
        d.gc("fake-ipam", conf, env);
        d.status("fake-ipam", conf, env);
        assertEquals(List.of("ADD ctr9 kept", "CHECK ctr9 kept", "DEL ctr9 kept", "GC ctr9 kept", "STATUS ctr9 kept"),
                Files.readAllLines(log));
    }

    @Test
    void delegateErrorsComeBackWithTheirCode() throws Exception {
        Path bin = tmp.resolve("bin");
        ScriptPlugins.write(bin, "full-ipam", "echo '{\"code\":50,\"msg\":\"range exhausted\"}'\nexit 1");
        Map<String, String> env = Map.of("CNI_PATH", bin.toString());
        byte[] conf = "{\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"type\":\"full-ipam\"}".getBytes(StandardCharsets.UTF_8);
        CniException e = assertThrows(CniException.class, () -> Delegation.delegateStatus("full-ipam", conf, env));
        assertEquals(50, e.code());
        assertEquals("range exhausted", e.msg());
        assertEquals(5, assertThrows(CniException.class, () -> Delegation.delegateAdd("nope", conf, env)).code());
    }
}

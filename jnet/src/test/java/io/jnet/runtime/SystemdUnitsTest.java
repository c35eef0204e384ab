package io.jnet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdUnitsTest {
    @Test
    void theUnitsActivateTheInstalledEngineOnItsSocket(@TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("opt/cni/bin/.jnet");
        List<Path> units = SystemdUnits.write(home, tmp.resolve("units"));
        assertEquals(List.of(tmp.resolve("units/jnet-engine.socket"), tmp.resolve("units/jnet-engine.service")), units);
        String socket = Files.readString(units.get(0));
        String service = Files.readString(units.get(1));
        assertTrue(socket.contains("ListenStream=/run/jnet/engine.sock") && socket.contains("SocketMode=0600")
                && socket.contains("DirectoryMode=0700"), socket);
        assertTrue(service.contains("ExecStart=" + home.resolve("lib/jvm/engine") + " --dir /run/jnet --inherit --idle 0"), service);
        assertTrue(service.contains("StandardInput=socket"), service);
        // written again (an upgrade), the same
        assertEquals(units, SystemdUnits.write(home, tmp.resolve("units")));
        try (var s = Files.list(tmp.resolve("units"))) {
            assertEquals(2, s.count(), "no temp files left");
        }
    }
}

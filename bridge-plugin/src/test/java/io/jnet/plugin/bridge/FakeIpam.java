package io.jnet.plugin.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Shell-script IPAM plugins for the tests: one that always fails ADD, STATUS answering "not available". */
final class FakeIpam {
    private FakeIpam() {}

    static final String FAILING = "failing-ipam";

    /**
     * Writes {@value #FAILING} into {@code dir}: VERSION speaks 1.1.0, ADD fails with code 11, STATUS with code 50,
     * DEL/GC succeed; every call's CNI_COMMAND is appended to {@code dir/failing-ipam.log}.
     */
    static Path writeFailing(Path dir) throws IOException {
        String script = "#!/bin/sh\n"
                + "cat >/dev/null\n"
                + "echo \"$CNI_COMMAND\" >> \"$0.log\"\n"
                + "case \"$CNI_COMMAND\" in\n"
                + "VERSION) printf '%s' '{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]}' ;;\n"
                + "ADD) printf '%s' '{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"no addresses today\"}'; exit 1 ;;\n"
                + "STATUS) printf '%s' '{\"cniVersion\":\"1.1.0\",\"code\":50,\"msg\":\"pool unavailable\"}'; exit 1 ;;\n"
                + "*) exit 0 ;;\n"
                + "esac\n";
        Path file = dir.resolve(FAILING);
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }
}

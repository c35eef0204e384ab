package io.jnet.cni.skel;

import java.util.List;

/** The CNI operations, with the environment variables each one requires and the oldest version allowing it. */
public enum CniCommand {
    ADD(List.of("CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"), null),
    DEL(List.of("CNI_CONTAINERID", "CNI_IFNAME"), null),
    CHECK(List.of("CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"), "0.4.0"),
    GC(List.of("CNI_PATH"), "1.1.0"),
    STATUS(List.of(), "1.1.0"),
    VERSION(List.of(), null);

    private final List<String> requiredEnv;
    private final String minVersion;

    CniCommand(List<String> requiredEnv, String minVersion) {
        this.requiredEnv = requiredEnv;
        this.minVersion = minVersion;
    }

    /** Variables that must be set and non-empty besides CNI_COMMAND. */
    public List<String> requiredEnv() {
        return requiredEnv;
    }

    /** The oldest config version this command exists in, or null when every version has it. */
    public String minVersion() {
        return minVersion;
    }

    /** Whether this command names a container attachment (container ID and ifname are validated). */
    public boolean isPerAttachment() {
        return this == ADD || this == DEL || this == CHECK;
    }

    /** The command for a CNI_COMMAND value, or null when unknown (exact, upper case, as in the spec). */
    public static CniCommand fromEnv(String value) {
        for (CniCommand c : values()) {
            if (c.name().equals(value)) {
                return c;
            }
        }
        return null;
    }
}

package io.jnet.cni.spec;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The runtime's and plugins' checks on network names, container IDs and interface names. */
public final class Validation {
    private Validation() {}

    // matches() anchors at both ends; unlike "$" it never accepts a trailing newline.
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    /** Longest interface name the kernel takes (IFNAMSIZ - 1). */
    public static final int MAX_IFNAME_BYTES = 15;

    /** A network name: non-empty, {@code ^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$}; code 7 otherwise. */
    public static void networkName(String name) throws CniException {
        if (name == null || name.isEmpty()) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "missing network name");
        }
        if (!NAME.matcher(name).matches()) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "invalid characters found in network name", name);
        }
    }

    /** A container ID: missing is code 3, bad characters code 4. */
    public static void containerId(String id) throws CniException {
        if (id == null || id.isEmpty()) {
            throw new CniException(CniException.UNKNOWN_CONTAINER, "missing containerID");
        }
        if (!NAME.matcher(id).matches()) {
            throw new CniException(CniException.INVALID_ENVIRONMENT_VARIABLES, "invalid characters in containerID", id);
        }
    }

    /** An interface name: non-empty, at most 15 bytes, not . or .., no / : or whitespace; code 4 otherwise. */
    public static void interfaceName(String ifname) throws CniException {
        if (ifname == null || ifname.isEmpty()) {
            throw new CniException(CniException.INVALID_ENVIRONMENT_VARIABLES, "interface name is empty");
        }
        if (ifname.getBytes(StandardCharsets.UTF_8).length > MAX_IFNAME_BYTES) {
            throw new CniException(CniException.INVALID_ENVIRONMENT_VARIABLES, "interface name is too long",
                    "interface name should be less than " + (MAX_IFNAME_BYTES + 1) + " characters");
        }
        if (ifname.equals(".") || ifname.equals("..")) {
            throw new CniException(CniException.INVALID_ENVIRONMENT_VARIABLES, "interface name is . or ..");
        }
        boolean bad = ifname.codePoints().anyMatch(c -> c == '/' || c == ':' || isSpace(c));
        if (bad) {
            throw new CniException(CniException.INVALID_ENVIRONMENT_VARIABLES,
                    "interface name contains / or : or whitespace characters");
        }
    }

    /** Unicode white space as Go's unicode.IsSpace sees it (Java's isWhitespace misses no-break spaces). */
    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    /** A plugin {@code type}: a bare, non-empty file name; code 7 otherwise. */
    public static void pluginType(String type) throws CniException {
        if (type == null || type.isEmpty()) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "missing 'type'");
        }
        if (type.contains("/") || type.contains("\0") || type.equals(".") || type.equals("..")) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "invalid plugin name", type);
        }
    }
}

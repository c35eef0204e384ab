package io.jnet.plugin.ipam.store;

/**
 * Checks on the names that reach the store, so that nothing from a caller can name a path outside the
 * network's directory or corrupt a reservation file's two-line format.
 */
public final class SafeNames {
    private SafeNames() {}

    /** A single path element: non-empty, not . or .., no / and no control characters (NUL, CR, LF...). */
    public static void requireFileName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(what + " must not be . or ..");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(what + " " + printable(name) + " contains / or a control character");
            }
        }
    }

    /** Container ID and ifname as written into a reservation: no line breaks or NUL, not empty. */
    public static void requireOwner(String containerId, String ifname) {
        requireFileName(containerId, "container ID");
        requireFileName(ifname, "interface name");
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.append('"').toString();
    }
}

package io.jnet.plugin.ipam.store;

/**
 * Who holds a reservation: the file content {@code <containerID>\r\n<ifname>}, trimmed, or just
 * {@code <containerID>} in the format of plugins before 0.7.
 */
public record Owner(String text) {
    /** The separator between container ID and ifname in a reservation file. */
    public static final String LINE_BREAK = "\r\n";

    /** The content the reference writes for an attachment. */
    public static String content(String containerId, String ifname) {
        return containerId.strip() + LINE_BREAK + ifname;
    }

    /** Whether this is the attachment's reservation. */
    public boolean is(String containerId, String ifname) {
        return text.equals(content(containerId, ifname));
    }

    /** Whether this is an ID-only reservation of that container. */
    public boolean isOldFormat(String containerId) {
        return text.equals(containerId.strip());
    }

    /** The container ID part. */
    public String containerId() {
        int i = text.indexOf(LINE_BREAK);
        return i < 0 ? text : text.substring(0, i);
    }

    /** The ifname part, or null in the old format. */
    public String ifname() {
        int i = text.indexOf(LINE_BREAK);
        return i < 0 ? null : text.substring(i + LINE_BREAK.length());
    }
}

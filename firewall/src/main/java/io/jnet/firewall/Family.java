package io.jnet.firewall;

/** The address family a rule set belongs to, and the commands that manage it. */
public enum Family {
    IPV4("iptables"),
    IPV6("ip6tables");

    private final String command;

    Family(String command) {
        this.command = command;
    }

    /** The command that lists one chain ({@code -S CHAIN}). */
    public String command() {
        return command;
    }

    public String saveCommand() {
        return command + "-save";
    }

    public String restoreCommand() {
        return command + "-restore";
    }

    /** The family of an address or CIDR in text form. */
    public static Family of(String addressOrCidr) {
        return addressOrCidr.indexOf(':') >= 0 ? IPV6 : IPV4;
    }
}

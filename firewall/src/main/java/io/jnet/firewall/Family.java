package io.jnet.firewall;

/** The address family a rule set belongs to, and the commands that manage it. */
public enum Family {
    IPV4("iptables", "iptables-save", "iptables-restore"),
    IPV6("ip6tables", "ip6tables-save", "ip6tables-restore");

    private final String command;
    private final String saveCommand;
    private final String restoreCommand;

    Family(String command, String saveCommand, String restoreCommand) {
        this.command = command;
        this.saveCommand = saveCommand;
        this.restoreCommand = restoreCommand;
    }

    /** The command that lists one chain ({@code -S CHAIN}). */
    public String command() {
        return command;
    }

    public String saveCommand() {
        return saveCommand;
    }

    public String restoreCommand() {
        return restoreCommand;
    }

    /** The family of an address or CIDR in text form. */
    public static Family of(String addressOrCidr) {
        return addressOrCidr.indexOf(':') >= 0 ? IPV6 : IPV4;
    }
}

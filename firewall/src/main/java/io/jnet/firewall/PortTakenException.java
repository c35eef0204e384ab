package io.jnet.firewall;

/** A host port that another attachment already publishes on an overlapping address; nothing was changed. */
public class PortTakenException extends FirewallException {
    public PortTakenException(String message) {
        super(message);
    }
}

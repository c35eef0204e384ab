package io.jnet.firewall;

/** A firewall change or read that did not happen; nothing of a failed transaction was applied. */
public class FirewallException extends Exception {
    public FirewallException(String message) {
        super(message);
    }

    public FirewallException(String message, Throwable cause) {
        super(message, cause);
    }
}

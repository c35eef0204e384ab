package io.jnet.firewall;

/** The backend cannot work here (its commands are missing, the kernel lacks the subsystem); nothing was changed. */
public class BackendUnavailableException extends FirewallException {
    public BackendUnavailableException(String message) {
        super(message);
    }
}

package io.jnet.proxy;

/** The proxy could not be reached, started, or could not do what was asked (a port it cannot hold). */
public final class ProxyException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProxyException(String message) {
        super(message);
    }

    public ProxyException(String message, Throwable cause) {
        super(message, cause);
    }
}

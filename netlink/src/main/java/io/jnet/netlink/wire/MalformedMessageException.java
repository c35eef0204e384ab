package io.jnet.netlink.wire;

/** A reply the kernel could not have sent well-formed: lengths that overrun, short structs. */
public final class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message) {
        super(message);
    }
}

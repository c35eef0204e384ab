package io.jnet.netlink;

import io.jnet.netlink.internal.Errno;

import java.io.IOException;

/**
 * A failed kernel or libc operation: the errno, what was being done, and the kernel's
 * extended-ack message when it sent one (for example "Invalid MTU" or "Unknown device type").
 * Callers that branch on a cause use {@link #errno()} or catch a subclass made for that errno.
 */
public class NetlinkException extends IOException {
    private final int errno;
    private final String operation;
    private final String kernelMessage;

    public NetlinkException(int errno, String operation, String kernelMessage) {
        super(format(errno, operation, kernelMessage));
        this.errno = errno;
        this.operation = operation;
        this.kernelMessage = kernelMessage;
    }

    /** The right subclass for an errno, so callers can catch the causes they handle. */
    public static NetlinkException of(int errno, String operation, String kernelMessage) {
        return switch (errno) {
            case Errno.EEXIST -> new AlreadyExistsException(operation, kernelMessage);
            case Errno.ENODEV -> new NoSuchDeviceException(operation, kernelMessage);
            case Errno.ENOENT, Errno.ESRCH, Errno.EADDRNOTAVAIL -> new NotFoundException(errno, operation, kernelMessage);
            default -> new NetlinkException(errno, operation, kernelMessage);
        };
    }

    public int errno() {
        return errno;
    }

    public String operation() {
        return operation;
    }

    /** The kernel's extended-ack text, or null when it gave none. */
    public String kernelMessage() {
        return kernelMessage;
    }

    private static String format(int errno, String operation, String kernelMessage) {
        StringBuilder text = new StringBuilder(operation).append(": ").append(Errno.describe(errno))
                .append(" (errno ").append(errno).append(')');
        if (kernelMessage != null && !kernelMessage.isEmpty()) {
            text.append(": ").append(kernelMessage);
        }
        return text.toString();
    }
}

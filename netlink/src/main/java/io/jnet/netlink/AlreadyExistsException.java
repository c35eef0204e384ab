package io.jnet.netlink;

import io.jnet.netlink.internal.Errno;

/** EEXIST: the link, address, route or namespace is already there. */
public class AlreadyExistsException extends NetlinkException {
    public AlreadyExistsException(String operation, String kernelMessage) {
        super(Errno.EEXIST, operation, kernelMessage);
    }
}

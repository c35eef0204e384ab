package io.jnet.netlink;

import io.jnet.netlink.internal.Errno;

/** ENODEV: no link with that name or index in the handle's namespace. */
public class NoSuchDeviceException extends NotFoundException {
    public NoSuchDeviceException(String operation, String kernelMessage) {
        super(Errno.ENODEV, operation, kernelMessage);
    }
}

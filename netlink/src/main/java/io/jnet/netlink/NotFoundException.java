package io.jnet.netlink;

/** ENOENT, ESRCH, EADDRNOTAVAIL or ENODEV: the object to read, change or delete is not there. */
public class NotFoundException extends NetlinkException {
    public NotFoundException(int errno, String operation, String kernelMessage) {
        super(errno, operation, kernelMessage);
    }
}

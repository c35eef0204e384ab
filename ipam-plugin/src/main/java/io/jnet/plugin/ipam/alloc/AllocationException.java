package io.jnet.plugin.ipam.alloc;

import io.jnet.cni.spec.CniException;

/** host-local's own error codes (CNI plugin-specific range, 100+). */
public final class AllocationException {
    private AllocationException() {}

    /** Every address of a range set is taken. */
    public static final int NO_ADDRESS_AVAILABLE = 100;
    /** The attachment already holds an address in the range set. */
    public static final int DUPLICATE_ALLOCATION = 101;
    /** A requested address is taken, is a gateway, or lies in no range set. */
    public static final int REQUESTED_IP_UNAVAILABLE = 102;
    /** CHECK found no reservation (or not the one in prevResult) for the attachment. */
    public static final int RESERVATION_MISSING = 103;

    static CniException of(int code, String msg, String details) {
        return new CniException(code, msg, details);
    }
}

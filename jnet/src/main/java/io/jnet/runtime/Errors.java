package io.jnet.runtime;

import io.jnet.cni.spec.CniException;
import io.jnet.netlink.NetlinkException;

/** Turns library exceptions into {@link JnetException}s with a hint. */
public final class Errors {
    private static final int EPERM = 1;
    private static final int EACCES = 13;

    private Errors() {}

    /** A kernel refusal; EPERM/EACCES become a permission error that says to run as root. */
    public static JnetException kernel(String what, NetlinkException e) {
        if (e.errno() == EPERM || e.errno() == EACCES) {
            return new JnetException(JnetException.Kind.PERMISSION, what + ": " + e.getMessage(),
                    "run jnet as root (it needs CAP_NET_ADMIN and CAP_SYS_ADMIN)", e);
        }
        return JnetException.failed(what + ": " + e.getMessage(), "", e);
    }

    /** A CNI failure (a plugin's error or the runtime's), with the CNI code in the text. */
    public static JnetException cni(String what, CniException e, String hint) {
        String text = what + ": " + e.getMessage() + " (CNI error " + e.code() + ")";
        JnetException.Kind kind = JnetException.Kind.FAILED;
        if (e.code() == CniException.INVALID_NETWORK_CONFIG && e.getMessage().startsWith("no net configuration")) {
            kind = JnetException.Kind.NOT_FOUND;
        }
        return new JnetException(kind, text, hint, e);
    }
}

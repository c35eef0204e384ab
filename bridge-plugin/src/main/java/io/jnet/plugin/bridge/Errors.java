package io.jnet.plugin.bridge;

import io.jnet.cni.spec.CniException;

/** CNI errors for failures the spec has no code for: 999 like the reference's plain errors, with the cause's text. */
final class Errors {
    private Errors() {}

    static CniException failed(String msg, Exception cause) {
        return new CniException(CniException.INTERNAL, msg + ": " + cause.getMessage(), null, cause);
    }

    static CniException failed(String msg) {
        return new CniException(CniException.INTERNAL, msg);
    }
}

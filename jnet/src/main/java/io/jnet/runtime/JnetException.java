package io.jnet.runtime;

/**
 * A failure the user can act on: one readable line, a hint saying what to do, and a kind that maps to the
 * CLI's exit code. Thrown before anything changes whenever the input is at fault.
 */
public class JnetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as scripts see it through the exit code. */
    public enum Kind {
        /** Something failed while doing the work (a plugin, the kernel): exit 1. */
        FAILED(1),
        /** Bad arguments or input: exit 2. */
        USAGE(2),
        /** A namespace, network or attachment that does not exist: exit 3. */
        NOT_FOUND(3),
        /** It exists already, is in use, or the port is taken: exit 4. */
        CONFLICT(4),
        /** Not allowed (needs root): exit 5. */
        PERMISSION(5),
        /** The lab came up but one of its proofs failed: exit 6. */
        PROOF_FAILED(6);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;
    private final String hint;

    public JnetException(Kind kind, String message, String hint) {
        this(kind, message, hint, null);
    }

    public JnetException(Kind kind, String message, String hint, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.hint = hint == null ? "" : hint;
    }

    public Kind kind() {
        return kind;
    }

    /** What to try next, empty when there is nothing useful to say. */
    public String hint() {
        return hint;
    }

    public static JnetException notFound(String message, String hint) {
        return new JnetException(Kind.NOT_FOUND, message, hint);
    }

    public static JnetException conflict(String message, String hint) {
        return new JnetException(Kind.CONFLICT, message, hint);
    }

    public static JnetException usage(String message, String hint) {
        return new JnetException(Kind.USAGE, message, hint);
    }

    public static JnetException failed(String message, String hint, Throwable cause) {
        return new JnetException(Kind.FAILED, message, hint, cause);
    }
}

package io.jnet.containers;

/**
 * A failure the user can act on: one readable line, a hint, and a kind the CLI maps to its exit code
 * (the same kinds as the jnet runtime's). Thrown before anything changes whenever the input is at fault.
 */
public class ContainerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as scripts see it. */
    public enum Kind {
        /** The work failed (runc, the kernel, the disk). */
        FAILED,
        /** Bad arguments or input (a bad mount spec, a limit out of range, a corrupt archive). */
        USAGE,
        /** An image, container or volume that does not exist. */
        NOT_FOUND,
        /** A name in use, an image still used by a container, a running container. */
        CONFLICT,
        /** Not allowed (needs root, or the kernel does not allow it). */
        PERMISSION
    }

    private final Kind kind;
    private final String hint;

    public ContainerException(Kind kind, String message, String hint) {
        this(kind, message, hint, null);
    }

    public ContainerException(Kind kind, String message, String hint, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.hint = hint == null ? "" : hint;
    }

    public Kind kind() {
        return kind;
    }

    /** What to try next; empty when there is nothing useful to say. */
    public String hint() {
        return hint;
    }

    public static ContainerException usage(String message, String hint) {
        return new ContainerException(Kind.USAGE, message, hint);
    }

    public static ContainerException notFound(String message, String hint) {
        return new ContainerException(Kind.NOT_FOUND, message, hint);
    }

    public static ContainerException conflict(String message, String hint) {
        return new ContainerException(Kind.CONFLICT, message, hint);
    }

    public static ContainerException failed(String message, String hint, Throwable cause) {
        return new ContainerException(Kind.FAILED, message, hint, cause);
    }
}

package io.jnet.testing;

import java.util.List;

/** What a command run by {@link Sandbox#exec} did. */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** This result when the command exited 0, else an AssertionError showing the command and its output. */
    public ExecResult assertOk() {
        if (exitCode != 0) {
            throw new AssertionError(describe());
        }
        return this;
    }

    /** This result when the command failed, else an AssertionError. */
    public ExecResult assertFailed() {
        if (exitCode == 0) {
            throw new AssertionError("expected a failure: " + describe());
        }
        return this;
    }

    public String describe() {
        return String.join(" ", command) + " exited " + exitCode
                + (stdout.isBlank() ? "" : "\nstdout: " + stdout.strip())
                + (stderr.isBlank() ? "" : "\nstderr: " + stderr.strip());
    }
}

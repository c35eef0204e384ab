package io.jnet.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * The command's own output while explaining: every line becomes a shell comment, and the explanation so far is printed
 * before it, so the whole output reads in order and runs as a script. Lines reach the target whole, under its lock,
 * so the explanation printed from another thread never lands inside one.
 */
final class CommentedWriter extends Writer {
    private final PrintWriter target;
    private final Runnable before;
    private final StringBuilder line = new StringBuilder();

    CommentedWriter(PrintWriter target, Runnable beforeEachLine) {
        this.target = target;
        this.before = beforeEachLine;
    }

    @Override
    public void write(char[] buf, int off, int len) {
        synchronized (target) {
            for (int i = off; i < off + len; i++) {
                char c = buf[i];
                if (c == '\n') {
                    emit(true);
                } else {
                    line.append(c);
                }
            }
        }
    }

    private void emit(boolean newline) {
        before.run();
        target.print((line.length() == 0 ? "#" : "# " + line) + (newline ? "\n" : ""));
        line.setLength(0);
    }

    @Override
    public void flush() {
        synchronized (target) {
            if (line.length() > 0) {
                emit(false);
            }
            target.flush();
        }
    }

    @Override
    public void close() {
        flush();
    }
}

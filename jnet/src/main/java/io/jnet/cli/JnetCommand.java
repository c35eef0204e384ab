package io.jnet.cli;

import com.google.gson.JsonElement;
import io.jnet.runtime.Jnet;
import io.jnet.runtime.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of every subcommand: the shared options, the runtime, and the output streams. */
abstract class JnetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private Jnet jnet;
    /** While {@code --explain} runs: the stream, and the command's output turned into comments. */
    private ExplainStream explain;
    private PrintWriter commentedOut;

    GlobalOptions global() {
        return ((Main) spec.root().userObject()).global;
    }

    boolean json() {
        return global().json;
    }

    Jnet jnet() {
        if (jnet == null) {
            jnet = explain == null ? new Jnet(global().settings(), System.err)
                    : new Jnet(global().settings(), System.err, explain.pluginEnv());
        }
        return jnet;
    }

    PrintWriter out() {
        return commentedOut != null ? commentedOut : spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void printJson(JsonElement e) {
        out().println(Json.pretty(e));
        out().flush();
    }

    @Override
    public final Integer call() throws Exception {
        ExplainStream ex = explainIfAsked();
        try {
            return run();
        } finally {
            out().flush();
            commentedOut = null;
            if (ex != null) {
                ex.close();
            }
        }
    }

    /** The explanation stream when the command has {@code --explain} and it was given; null otherwise. */
    private ExplainStream explainIfAsked() {
        for (CommandSpec m : spec.mixins().values()) {
            if (m.userObject() instanceof ExplainOption o && o.explain) {
                PrintWriter real = spec.commandLine().getOut();
                // with --json the output stays JSON and the commands go to stderr
                explain = ExplainStream.open(json() ? err() : real);
                if (!json()) {
                    commentedOut = new PrintWriter(new CommentedWriter(real, explain::drain), true);
                }
                return explain;
            }
        }
        return null;
    }

    abstract int run() throws Exception;
}

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

    GlobalOptions global() {
        return ((Main) spec.root().userObject()).global;
    }

    boolean json() {
        return global().json;
    }

    Jnet jnet() {
        if (jnet == null) {
            jnet = new Jnet(global().settings(), System.err);
        }
        return jnet;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
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
        try {
            return run();
        } finally {
            out().flush();
        }
    }

    abstract int run() throws Exception;
}

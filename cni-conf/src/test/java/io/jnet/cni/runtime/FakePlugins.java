package io.jnet.cni.runtime;

import io.jnet.cni.invoke.ScriptPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Shell-script plugins that log every call to {@code calls}, keep each call's stdin in
 * {@code state/<type>.<COMMAND>.stdin}, print {@code state/<type>.result} on ADD, and fail with
 * {@code state/<type>.fail.<COMMAND>} (printed on stdout) when that file exists.
 */
final class FakePlugins {
    final Path bin;
    final Path state;
    final Path calls;

    FakePlugins(Path root) throws IOException {
        this.bin = Files.createDirectories(root.resolve("bin"));
        this.state = Files.createDirectories(root.resolve("state"));
        this.calls = state.resolve("calls");
    }

    /** Adds a recording plugin {@code type} that answers ADD with {@code resultJson}. */
    FakePlugins plugin(String type, String resultJson) throws IOException {
        Files.writeString(state.resolve(type + ".result"), resultJson);
        ScriptPlugins.write(bin, type, String.join("\n",
                "t=" + type,
                "echo \"$CNI_COMMAND $t $CNI_CONTAINERID $CNI_IFNAME $CNI_NETNS $CNI_ARGS\" >> " + calls,
                "cat > " + state + "/$t.$CNI_COMMAND.stdin",
                "if [ -f " + state + "/$t.fail.$CNI_COMMAND ]; then cat " + state + "/$t.fail.$CNI_COMMAND; exit 1; fi",
                "if [ \"$CNI_COMMAND\" = ADD ]; then cat " + state + "/$t.result; fi"));
        return this;
    }

    /** Makes {@code type} fail {@code command} with this error JSON. */
    void failNext(String type, String command, String errorJson) throws IOException {
        Files.writeString(state.resolve(type + ".fail." + command), errorJson);
    }

    List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    void clearCalls() throws IOException {
        Files.deleteIfExists(calls);
    }

    String stdin(String type, String command) throws IOException {
        return Files.readString(state.resolve(type + "." + command + ".stdin"));
    }
}

package io.jnet.cni.skel;

import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.spec.Attachment;
import io.jnet.cni.spec.CniArg;
import io.jnet.cni.spec.CniException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One call of a plugin, as the skeleton hands it over.
 *
 * @param command     the operation
 * @param containerId CNI_CONTAINERID (empty for GC/STATUS)
 * @param netns       CNI_NETNS (may be empty on DEL)
 * @param ifname      CNI_IFNAME (empty for GC/STATUS)
 * @param args        CNI_ARGS parsed, in order
 * @param path        CNI_PATH as given (colon-separated)
 * @param stdin       the raw config bytes
 * @param config      the parsed config
 * @param env         the whole environment the plugin was started with (pass it on when delegating)
 * @param log         where to log: stderr, never stdout
 */
public record CniRequest(CniCommand command, String containerId, String netns, String ifname, List<CniArg> args,
        String path, byte[] stdin, NetworkConfig config, Map<String, String> env, PrintStream log) {

    public CniRequest {
        args = List.copyOf(args);
        stdin = stdin.clone();
        env = Map.copyOf(env);
    }

    @Override
    public byte[] stdin() {
        return stdin.clone();
    }

    /** The config's version; results are printed in it. */
    public String cniVersion() {
        return config.cniVersion();
    }

    /** The last value of CNI_ARGS key {@code key}, if given. */
    public Optional<String> arg(String key) {
        String found = null;
        for (CniArg a : args) {
            if (a.key().equals(key)) {
                found = a.value();
            }
        }
        return Optional.ofNullable(found);
    }

    /** CNI_PATH split into directories, empty entries dropped. */
    public List<Path> pathDirs() {
        List<Path> out = new ArrayList<>();
        for (String p : path.split(":")) {
            if (!p.isEmpty()) {
                out.add(Path.of(p));
            }
        }
        return out;
    }

    /** GC: the attachments that must be kept ({@code cni.dev/valid-attachments}, or the legacy key). */
    public List<Attachment> validAttachments() throws CniException {
        return Attachment.fromConfig(config.raw());
    }
}

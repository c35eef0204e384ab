package io.jnet.cni.skel;

import io.jnet.cni.result.Result;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.CniVersion;
import java.util.List;

/**
 * What a CNI plugin implements; {@link PluginMain} does the protocol around it (env, stdin, version checks,
 * printing). Throw {@link CniException} with the spec's code on failure; any other exception becomes code 999.
 */
public interface CniPlugin {
    /** ADD: set up the attachment and return what was done (printed converted to the config's version). */
    Result add(CniRequest request) throws CniException;

    /** DEL: tear down; must succeed when there is nothing left to remove. */
    void del(CniRequest request) throws CniException;

    /** CHECK: verify the attachment still looks like {@code prevResult} says. */
    void check(CniRequest request) throws CniException;

    /** GC: remove state of every attachment not in {@link CniRequest#validAttachments()}. */
    void gc(CniRequest request) throws CniException;

    /** STATUS: throw code 50 (or 51) when an ADD could not succeed now. */
    void status(CniRequest request) throws CniException;

    /** The versions this plugin accepts; VERSION advertises them. All of them unless overridden. */
    default List<String> supportedVersions() {
        return CniVersion.SUPPORTED;
    }

    /**
     * A one-line description ("CNI bridge plugin (jnet) v0.1.0"). When set, running the plugin without
     * CNI_COMMAND prints it and the supported versions on stderr and exits 0, as the reference plugins do;
     * when null that is a code 4 error.
     */
    default String about() {
        return null;
    }

    /**
     * A plugin that speaks the protocol (VERSION, checks) but answers every operation with code 100
     * "not implemented yet": the placeholder for plugins whose implementation has not landed.
     */
    static CniPlugin notImplemented(String pluginName) {
        return new NotImplementedPlugin(pluginName);
    }
}

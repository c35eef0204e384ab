package io.jnet.cni.skel;

import io.jnet.cni.result.Result;
import io.jnet.cni.spec.CniException;

/** Placeholder plugin: every operation fails with code 100 "not implemented yet". */
final class NotImplementedPlugin implements CniPlugin {
    private final String name;

    NotImplementedPlugin(String name) {
        this.name = name;
    }

    private CniException notYet() {
        return new CniException(CniException.PLUGIN_SPECIFIC, "not implemented yet", "the jnet " + name + " plugin is not built yet");
    }

    @Override
    public String about() {
        return "CNI " + name + " plugin (jnet, not implemented yet)";
    }

    @Override
    public Result add(CniRequest request) throws CniException {
        throw notYet();
    }

    @Override
    public void del(CniRequest request) throws CniException {
        throw notYet();
    }

    @Override
    public void check(CniRequest request) throws CniException {
        throw notYet();
    }

    @Override
    public void gc(CniRequest request) throws CniException {
        throw notYet();
    }

    @Override
    public void status(CniRequest request) throws CniException {
        throw notYet();
    }
}

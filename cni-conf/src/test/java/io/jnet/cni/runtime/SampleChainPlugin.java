package io.jnet.cni.runtime;

import io.jnet.cni.result.IpConfig;
import io.jnet.cni.result.NetInterface;
import io.jnet.cni.result.Result;
import io.jnet.cni.skel.CniPlugin;
import io.jnet.cni.skel.CniRequest;
import io.jnet.cni.skel.PluginMain;
import io.jnet.cni.spec.CniException;
import java.util.List;

/**
 * A real plugin process built on the skeleton, for end-to-end tests: ADD appends an interface named after
 * the plugin's {@code ifPrefix} key to prevResult (or starts a fresh result with one IP); STATUS fails with
 * code 50 when the config says {@code "ready": false}. It prints junk with System.out to prove that the
 * skeleton keeps stdout clean.
 */
public final class SampleChainPlugin implements CniPlugin {
    public static void main(String[] args) {
        PluginMain.main(new SampleChainPlugin());
    }

    @Override
    public Result add(CniRequest r) throws CniException {
        System.out.println("stray output that must not reach stdout");
        Result prev = r.config().prevResult();
        Result base = prev != null ? prev
                : new Result(List.of(), List.of(new IpConfig("10.9.0.2/24", "10.9.0.1", null)), List.of(), null);
        String prefix = r.config().getString("ifPrefix");
        return base.withInterface(NetInterface.container(prefix + "-" + r.ifname(), null, r.netns()));
    }

    @Override
    public void del(CniRequest r) {
        r.log().println("del " + r.containerId());
    }

    @Override
    public void check(CniRequest r) throws CniException {
        if (r.config().prevResult() == null) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "CHECK without prevResult");
        }
    }

    @Override
    public void gc(CniRequest r) throws CniException {
        if (r.validAttachments().isEmpty()) {
            throw new CniException(CniException.PLUGIN_SPECIFIC, "expected valid attachments");
        }
    }

    @Override
    public void status(CniRequest r) throws CniException {
        if (!r.config().getBoolean("ready", true)) {
            throw new CniException(CniException.NOT_AVAILABLE, "not ready");
        }
    }
}

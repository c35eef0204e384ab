package io.jnet.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh {@link Sandbox}, tears it down afterwards and fails the test when anything
 * of it was left behind. Use through {@link KernelTest}.
 */
public final class SandboxExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(SandboxExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        String missing = Privileges.missing();
        if (missing != null) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("kernel tests must run under CI, but " + missing);
            }
            Assumptions.abort("kernel test skipped: " + missing);
        }
        context.getStore(STORE).put(HostSnapshot.class, HostSnapshot.take());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(STORE).getOrComputeIfAbsent(Sandbox.class, k -> new Sandbox(), Sandbox.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Sandbox sandbox = context.getStore(STORE).remove(Sandbox.class, Sandbox.class);
        HostSnapshot before = context.getStore(STORE).remove(HostSnapshot.class, HostSnapshot.class);
        List<String> leaks = new ArrayList<>();
        if (sandbox != null) {
            leaks.addAll(Teardown.run(sandbox));
        }
        if (before != null) {
            leaks.addAll(before.leaksSince());
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("the test left things behind (now removed where possible):\n  - "
                    + String.join("\n  - ", leaks));
        }
    }
}

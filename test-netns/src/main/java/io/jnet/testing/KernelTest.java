package io.jnet.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose tests get a {@link Sandbox} parameter: throwaway network namespaces that are
 * deleted after each test, with a leak check. Tests are skipped with a reason when not run as root,
 * except under CI (env {@code CI} set), where that is a failure: kernel tests must run there.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("kernel")
@ExtendWith(SandboxExtension.class)
public @interface KernelTest {}

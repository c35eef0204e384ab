/**
 * CNI spec basics shared by every other package: {@link io.jnet.cni.spec.CniException} (error codes),
 * {@link io.jnet.cni.spec.CniVersion} (supported versions and comparison), {@link io.jnet.cni.spec.Validation}
 * (names, container IDs, ifnames), {@link io.jnet.cni.spec.CniArg} (CNI_ARGS), {@link io.jnet.cni.spec.Attachment}
 * (GC's valid attachments) and strict JSON handling in {@link io.jnet.cni.spec.JsonSupport}.
 */
package io.jnet.cni.spec;

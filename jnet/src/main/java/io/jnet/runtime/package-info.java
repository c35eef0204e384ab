/**
 * The runtime under the CLI: named namespaces ({@link io.jnet.runtime.Namespaces}), networks as conflists
 * ({@link io.jnet.runtime.Networks}), attachments driven through cni-conf's libcni-compatible
 * {@link io.jnet.cni.runtime.CniRuntime} whose result cache is the list of attachments
 * ({@link io.jnet.runtime.Attachments}), and the red/blue lab ({@link io.jnet.runtime.Lab}). The plugins do
 * the networking; nothing here reimplements them.
 */
package io.jnet.runtime;

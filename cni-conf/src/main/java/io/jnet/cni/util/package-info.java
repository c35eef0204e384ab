/**
 * Small helpers shared by the plugins and the CLI, written so that they do not start the JCA providers (a
 * cost every short-lived plugin process would pay): {@link io.jnet.cni.util.Sha512},
 * {@link io.jnet.cni.util.TempFiles}.
 */
package io.jnet.cni.util;

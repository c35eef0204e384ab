/** Small helpers shared by the plugins and the CLI: {@link io.jnet.cni.util.Sha512}. */
package io.jnet.cni.util;

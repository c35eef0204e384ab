/**
 * The CNI result in its 1.1.0 model ({@link io.jnet.cni.result.Result} and its parts), printed in any spec
 * version by {@link io.jnet.cni.result.ResultWriter} and read from any version by
 * {@link io.jnet.cni.result.ResultReader}.
 */
package io.jnet.cni.result;

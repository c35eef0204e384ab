/**
 * Running plugins: {@link io.jnet.cni.invoke.PluginLocator} (CNI_PATH lookup),
 * {@link io.jnet.cni.invoke.PluginExecutor} (exec with deadline and error decoding) and
 * {@link io.jnet.cni.invoke.Delegation} (a main plugin calling its IPAM plugin).
 */
package io.jnet.cni.invoke;

/**
 * The plugin side of CNI: implement {@link io.jnet.cni.skel.CniPlugin} and call
 * {@link io.jnet.cni.skel.PluginMain#main(io.jnet.cni.skel.CniPlugin)} from {@code main}; the skeleton does env,
 * stdin, version checks and printing.
 */
package io.jnet.cni.skel;

/**
 * Network configurations: one plugin's config ({@link io.jnet.cni.config.NetworkConfig}, raw JSON kept), a
 * conflist ({@link io.jnet.cni.config.NetworkConfigList}) and libcni's file and directory rules
 * ({@link io.jnet.cni.config.ConfigLoader}).
 */
package io.jnet.cni.config;

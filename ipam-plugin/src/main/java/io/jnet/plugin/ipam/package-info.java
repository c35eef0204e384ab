/**
 * host-local, the IPAM plugin: {@link io.jnet.plugin.ipam.HostLocalMain} hands the CNI operations of
 * {@link io.jnet.plugin.ipam.HostLocalPlugin} to the shared skeleton. Config and address types live in
 * {@code config}, the round-robin allocator in {@code alloc}, the reference-compatible disk store in {@code store}.
 */
package io.jnet.plugin.ipam;

/**
 * host-local's configuration as the reference reads it (range sets, legacy keys, requested IPs, routes,
 * dataDir, resolvConf) and the address values it is made of.
 */
package io.jnet.plugin.ipam.config;

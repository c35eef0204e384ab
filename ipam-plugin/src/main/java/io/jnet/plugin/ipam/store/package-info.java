/**
 * The reservation store: the reference's directory format under one flock, written atomically, with names
 * checked so that nothing can point outside the network's directory.
 */
package io.jnet.plugin.ipam.store;

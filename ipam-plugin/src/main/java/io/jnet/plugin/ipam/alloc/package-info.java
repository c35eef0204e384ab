/** Allocation of one address per range set: the reference's round-robin walk and its error cases. */
package io.jnet.plugin.ipam.alloc;

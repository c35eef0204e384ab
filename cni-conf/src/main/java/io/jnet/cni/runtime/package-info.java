/**
 * The libcni-compatible runtime: {@link io.jnet.cni.runtime.CniRuntime} runs conflists for
 * ADD/DEL/CHECK/GC/STATUS and keeps libcni's result cache ({@link io.jnet.cni.runtime.ResultCache}).
 */
package io.jnet.cni.runtime;

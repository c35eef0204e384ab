/**
 * The per-call view of "the process": {@link io.jnet.context.CallContext} (environment, working directory,
 * streams, exit), {@link io.jnet.context.CallStreams} (System.out/err routed per call) and
 * {@link io.jnet.context.MainRunner} (a program's main run as a hosted call).
 */
package io.jnet.context;

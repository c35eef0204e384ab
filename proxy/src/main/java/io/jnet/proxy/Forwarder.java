package io.jnet.proxy;

/** A bound host socket of one {@link Binding} and the forwarding behind it; closing it frees the port. */
interface Forwarder extends AutoCloseable {
    Binding binding();

    /** Starts accepting (the socket is bound already, so the port is held from the start). */
    void start();

    @Override
    void close();
}

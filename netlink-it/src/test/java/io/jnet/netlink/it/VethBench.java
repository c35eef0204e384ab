package io.jnet.netlink.it;

import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import java.util.ArrayList;
import java.util.List;

/**
 * The library's half of bench/netlink-veth-bench.sh: creates N veth pairs in a named namespace,
 * then deletes them, in one JVM and one netlink handle, and prints the times. Checks the kernel
 * state after each phase so a broken run cannot pass for a fast one.
 *
 * <p>Usage: {@code VethBench NETNS [COUNT]}. Prints one line: {@code create_ms=.. delete_ms=.. total_ms=..}.
 */
public final class VethBench {
    private VethBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: VethBench NETNS [COUNT]");
            System.exit(2);
        }
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        try (NetNs ns = NetNs.named(args[0]); Netlink nl = Netlink.open(ns)) {
            long t0 = System.nanoTime();
            List<Integer> indexes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                indexes.add(nl.createVeth(Veth.of("vb" + i, "vp" + i)).index());
            }
            long t1 = System.nanoTime();
            expectVeths(nl, 2 * count);
            long t2 = System.nanoTime();
            for (int index : indexes) {
                nl.deleteLink(index);
            }
            long t3 = System.nanoTime();
            expectVeths(nl, 0);
            System.out.printf("create_ms=%.1f delete_ms=%.1f total_ms=%.1f%n",
                    (t1 - t0) / 1e6, (t3 - t2) / 1e6, ((t1 - t0) + (t3 - t2)) / 1e6);
        }
    }

    private static void expectVeths(Netlink nl, int expected) throws Exception {
        long veths = nl.links().stream().filter(Link::isVeth).count();
        if (veths != expected) {
            throw new IllegalStateException("expected " + expected + " veths, found " + veths);
        }
    }
}

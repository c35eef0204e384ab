package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;
import io.jnet.netlink.netfilter.Nft;

/**
 * One nf_tables expression of a rule, as the kernel stores it: a name and its attributes. Each kind is a small
 * type that encodes and decodes itself (libnftnl's {@code src/expr/*.c}, one file per expression); its
 * {@link #toString()} is the line {@code nft --debug=netlink} prints for it, which is also how two rules are
 * compared (counter values left out).
 */
public sealed interface Expr permits Meta, MetaSet, Payload, Cmp, Bitwise, Immediate, Lookup, Counter, Ct, Nat, Masq,
        Redir, Fib, OtherExpr {

    /** The kernel's name of the expression ({@code NFTA_EXPR_NAME}). */
    String name();

    /** Writes the expression's own attributes inside its {@code NFTA_EXPR_DATA} nest. */
    void encodeData(NfWriter w);

    /** Writes one {@code NFTA_LIST_ELEM { NAME, DATA { ... } }} of a rule's expression list. */
    static void encode(NfWriter w, Expr e) {
        int elem = w.nest(Nft.LIST_ELEM);
        w.string(Nft.EXPR_NAME, e.name());
        int data = w.nest(Nft.EXPR_DATA);
        e.encodeData(w);
        w.close(data);
        w.close(elem);
    }

    /** Reads one list element back; kinds this library does not model come back as {@link OtherExpr}. */
    static Expr decode(NfAttrs elem) {
        String name = elem.string(Nft.EXPR_NAME);
        NfAttrs d = elem.nested(Nft.EXPR_DATA);
        if (name == null) {
            return new OtherExpr("?");
        }
        return switch (name) {
            case "meta" -> d.has(Meta.SREG) ? MetaSet.decode(d) : Meta.decode(d);
            case "payload" -> Payload.decode(d);
            case "cmp" -> Cmp.decode(d);
            case "bitwise" -> Bitwise.decode(d);
            case "immediate" -> Immediate.decode(d);
            case "lookup" -> Lookup.decode(d);
            case "counter" -> Counter.decode(d);
            case "ct" -> Ct.decode(d);
            case "nat" -> Nat.decode(d);
            case "masq" -> Masq.decode(d);
            case "redir" -> Redir.decode(d);
            case "fib" -> Fib.decode(d);
            default -> new OtherExpr(name);
        };
    }

    /** Register numbers as {@code nft --debug=netlink} prints them. */
    static String reg(int reg) {
        return "reg " + reg;
    }
}

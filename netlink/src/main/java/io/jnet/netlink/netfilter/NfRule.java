package io.jnet.netlink.netfilter;

import io.jnet.netlink.netfilter.expr.Expr;
import io.jnet.netlink.wire.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One rule: its chain, the expressions it runs, and a comment. Rules read from the kernel carry their handle
 * (what deletes them); rules built by {@link RuleBuilder} carry the text nft would print for them.
 *
 * @param family  the table's family
 * @param table   the table's name
 * @param chain   the chain's name
 * @param handle  the kernel's handle (0 before it exists)
 * @param exprs   the expressions in order
 * @param comment its comment, or null
 * @param text    the rule as nft writes it (without the comment), or null for a rule read back
 */
public record NfRule(NfFamily family, String table, String chain, long handle, List<Expr> exprs, String comment,
        String text) {

    public NfRule {
        exprs = List.copyOf(exprs);
    }

    void encode(NfWriter w) {
        w.string(Nft.RULE_TABLE, table).string(Nft.RULE_CHAIN, chain);
        int list = w.nest(Nft.RULE_EXPRESSIONS);
        for (Expr e : exprs) {
            Expr.encode(w, e);
        }
        w.close(list);
        if (comment != null) {
            w.bytes(Nft.RULE_USERDATA, UserData.comment(UserData.COMMENT, comment));
        }
    }

    static NfRule decode(Message m) {
        NfAttrs a = NfAttrs.of(m);
        List<Expr> exprs = new ArrayList<>();
        for (NfAttrs e : a.list(Nft.RULE_EXPRESSIONS)) {
            exprs.add(Expr.decode(e));
        }
        return new NfRule(NfFamily.of(m.u8(0)), a.string(Nft.RULE_TABLE), a.string(Nft.RULE_CHAIN),
                a.be64(Nft.RULE_HANDLE, 0), exprs, UserData.comment(a.bytes(Nft.RULE_USERDATA), UserData.COMMENT), null);
    }

    /** The expressions as {@code nft --debug=netlink} prints them, one per entry. */
    public List<String> expressionText() {
        List<String> out = new ArrayList<>(exprs.size());
        for (Expr e : exprs) {
            out.add(e.toString());
        }
        return out;
    }

    /** Whether {@code other} runs the same expressions with the same comment (handles and counters aside). */
    public boolean sameAs(NfRule other) {
        return expressionText().equals(other.expressionText()) && Objects.equals(comment, other.comment);
    }

    /** The body as nft writes it: the built text, or the expressions of a rule read back; with its comment. */
    public String body() {
        String b = text != null ? text : "[ " + String.join(" ] [ ", expressionText()) + " ]";
        return comment == null ? b : b + " comment " + UserData.quoted(comment);
    }

    /** {@code FAMILY TABLE CHAIN}. */
    public String chainSpec() {
        return family.nftName() + " " + table + " " + chain;
    }

    @Override
    public String toString() {
        return "rule " + chainSpec() + " " + body() + (handle != 0 ? " # handle " + handle : "");
    }
}

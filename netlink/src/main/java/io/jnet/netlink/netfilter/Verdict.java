package io.jnet.netlink.netfilter;

import java.util.Objects;

/**
 * A verdict: accept, drop, continue, return, or jump/goto a chain. Rules end with one (an immediate into the
 * verdict register), verdict maps hold one per element.
 *
 * @param code  NF_DROP 0, NF_ACCEPT 1, or NFT_CONTINUE -1, NFT_BREAK -2, NFT_JUMP -3, NFT_GOTO -4, NFT_RETURN -5
 * @param chain the target chain of a jump or goto, else null
 */
public record Verdict(int code, String chain) {
    public static final int DROP_CODE = 0;
    public static final int ACCEPT_CODE = 1;
    public static final int CONTINUE_CODE = -1;
    public static final int JUMP_CODE = -3;
    public static final int GOTO_CODE = -4;
    public static final int RETURN_CODE = -5;

    public static final Verdict ACCEPT = new Verdict(ACCEPT_CODE, null);
    public static final Verdict DROP = new Verdict(DROP_CODE, null);
    public static final Verdict RETURN = new Verdict(RETURN_CODE, null);
    public static final Verdict CONTINUE = new Verdict(CONTINUE_CODE, null);

    public static Verdict jump(String chain) {
        return new Verdict(JUMP_CODE, Objects.requireNonNull(chain));
    }

    public static Verdict goTo(String chain) {
        return new Verdict(GOTO_CODE, Objects.requireNonNull(chain));
    }

    /** Writes NFTA_DATA_VERDICT { code, chain } inside an open data nest. */
    public void encode(NfWriter w) {
        int v = w.nest(Nft.DATA_VERDICT);
        w.be32(Nft.VERDICT_CODE, code);
        if (chain != null) {
            w.string(Nft.VERDICT_CHAIN, chain);
        }
        w.close(v);
    }

    /** Reads the NFTA_DATA_VERDICT nest of a data attribute. */
    public static Verdict decode(NfAttrs data) {
        NfAttrs v = data.nested(Nft.DATA_VERDICT);
        return new Verdict(v.be32(Nft.VERDICT_CODE, CONTINUE_CODE), v.string(Nft.VERDICT_CHAIN));
    }

    /** As nft writes it: {@code accept}, {@code jump CHAIN}... */
    @Override
    public String toString() {
        return switch (code) {
            case DROP_CODE -> "drop";
            case ACCEPT_CODE -> "accept";
            case CONTINUE_CODE -> "continue";
            case -2 -> "break";
            case JUMP_CODE -> "jump " + chain;
            case GOTO_CODE -> "goto " + chain;
            case RETURN_CODE -> "return";
            default -> "verdict " + code;
        };
    }

    // Written out: generated record methods bootstrap through invokedynamic, a cost each plugin process pays.
    @Override
    public boolean equals(Object o) {
        return o instanceof Verdict v && v.code == code && Objects.equals(v.chain, chain);
    }

    @Override
    public int hashCode() {
        return code * 31 + Objects.hashCode(chain);
    }
}

package io.jnet.netlink.netfilter;

/**
 * nf_tables and nfnetlink constants (linux/netfilter/nfnetlink.h, nf_tables.h, nf_nat.h, netfilter.h): message
 * types, attribute numbers, registers, hooks. Integer attributes of nf_tables are big-endian on the wire.
 */
public final class Nft {
    private Nft() {}

    public static final int NETLINK_NETFILTER = 12;

    // nfnetlink
    public static final int NFGENMSG_LEN = 4;
    public static final int NFNL_SUBSYS_CTNETLINK = 1;
    public static final int NFNL_SUBSYS_NFTABLES = 10;
    public static final int NFNL_MSG_BATCH_BEGIN = 16;
    public static final int NFNL_MSG_BATCH_END = 17;
    public static final int NFNL_BATCH_GENID = 1;
    /** NLM_F_APPEND: a new rule goes to the end of its chain (without it, to the start). */
    public static final int NLM_F_APPEND = 0x800;

    // message types (low byte; the high byte is the subsystem)
    public static final int NEWTABLE = 0;
    public static final int GETTABLE = 1;
    public static final int DELTABLE = 2;
    public static final int NEWCHAIN = 3;
    public static final int GETCHAIN = 4;
    public static final int DELCHAIN = 5;
    public static final int NEWRULE = 6;
    public static final int GETRULE = 7;
    public static final int DELRULE = 8;
    public static final int NEWSET = 9;
    public static final int GETSET = 10;
    public static final int DELSET = 11;
    public static final int NEWSETELEM = 12;
    public static final int GETSETELEM = 13;
    public static final int DELSETELEM = 14;
    public static final int NEWGEN = 15;
    public static final int GETGEN = 16;

    /** The netlink message type of nf_tables message {@code msg}. */
    public static int type(int msg) {
        return (NFNL_SUBSYS_NFTABLES << 8) | msg;
    }

    // list and expression nests
    public static final int LIST_ELEM = 1;
    public static final int EXPR_NAME = 1;
    public static final int EXPR_DATA = 2;

    // tables
    public static final int TABLE_NAME = 1;
    public static final int TABLE_FLAGS = 2;
    public static final int TABLE_USE = 3;
    public static final int TABLE_HANDLE = 4;
    public static final int TABLE_USERDATA = 6;

    // chains
    public static final int CHAIN_TABLE = 1;
    public static final int CHAIN_HANDLE = 2;
    public static final int CHAIN_NAME = 3;
    public static final int CHAIN_HOOK = 4;
    public static final int CHAIN_POLICY = 5;
    public static final int CHAIN_USE = 6;
    public static final int CHAIN_TYPE = 7;
    public static final int CHAIN_FLAGS = 10;
    public static final int CHAIN_USERDATA = 12;
    public static final int HOOK_HOOKNUM = 1;
    public static final int HOOK_PRIORITY = 2;

    // rules
    public static final int RULE_TABLE = 1;
    public static final int RULE_CHAIN = 2;
    public static final int RULE_HANDLE = 3;
    public static final int RULE_EXPRESSIONS = 4;
    public static final int RULE_POSITION = 6;
    public static final int RULE_USERDATA = 7;

    // sets
    public static final int SET_TABLE = 1;
    public static final int SET_NAME = 2;
    public static final int SET_FLAGS = 3;
    public static final int SET_KEY_TYPE = 4;
    public static final int SET_KEY_LEN = 5;
    public static final int SET_DATA_TYPE = 6;
    public static final int SET_DATA_LEN = 7;
    public static final int SET_ID = 10;
    public static final int SET_USERDATA = 13;
    public static final int SET_HANDLE = 16;
    public static final int SET_F_MAP = 0x8;
    public static final int SET_F_CONCAT = 0x80;

    // set elements
    public static final int SET_ELEM_KEY = 1;
    public static final int SET_ELEM_DATA = 2;
    public static final int SET_ELEM_FLAGS = 3;
    public static final int SET_ELEM_USERDATA = 6;
    public static final int SET_ELEM_LIST_TABLE = 1;
    public static final int SET_ELEM_LIST_SET = 2;
    public static final int SET_ELEM_LIST_ELEMENTS = 3;

    // data and verdicts
    public static final int DATA_VALUE = 1;
    public static final int DATA_VERDICT = 2;
    public static final int VERDICT_CODE = 1;
    public static final int VERDICT_CHAIN = 2;
    /** The data type of a verdict map. */
    public static final int DATA_TYPE_VERDICT = 0xffffff00;

    // generation
    public static final int GEN_ID = 1;

    // registers
    public static final int REG_VERDICT = 0;
    public static final int REG_1 = 1;
    public static final int REG_2 = 2;
    /** The 4-byte registers; REG32_00 overlaps the first word of REG_1, and so on. */
    public static final int REG32_00 = 8;

    /**
     * The register holding byte {@code offset} of a value loaded into REG_1 (for concatenations): a 4-byte
     * register, or the 16-byte one starting there, as the kernel names it when it lists a rule (REG32_04 is REG_2).
     */
    public static int reg32(int offset) {
        int word = 4 + offset / 4; // the register file in 4-byte words, the verdict register being words 0-3
        return word % 4 == 0 ? word / 4 : word - 4 + REG32_00;
    }

    // netfilter hooks (inet, ip, ip6, bridge)
    public static final int HOOK_PREROUTING = 0;
    public static final int HOOK_INPUT = 1;
    public static final int HOOK_FORWARD = 2;
    public static final int HOOK_OUTPUT = 3;
    public static final int HOOK_POSTROUTING = 4;

    /** nft's named priorities. */
    public static final int PRIORITY_RAW = -300;
    public static final int PRIORITY_DSTNAT = -100;
    public static final int PRIORITY_FILTER = 0;
    public static final int PRIORITY_SRCNAT = 100;

    // NF_DROP / NF_ACCEPT, the base chain policies
    public static final int NF_DROP = 0;
    public static final int NF_ACCEPT = 1;

    // nft's data type identifiers, as its set declarations store them (nftables src/datatype.h)
    public static final int TYPE_VERDICT = 1;
    public static final int TYPE_INTEGER = 4;
    public static final int TYPE_LLADDR = 6;
    public static final int TYPE_IPADDR = 7;
    public static final int TYPE_IP6ADDR = 8;
    public static final int TYPE_ETHERADDR = 9;
    public static final int TYPE_INET_PROTOCOL = 12;
    public static final int TYPE_INET_SERVICE = 13;
    public static final int TYPE_MARK = 19;
    public static final int TYPE_IFNAME = 41;
    private static final int TYPE_BITS = 6;

    /** The type identifier of a concatenation ({@code ipv4_addr . inet_proto . inet_service}). */
    public static int concatType(int... types) {
        int t = 0;
        for (int type : types) {
            t = (t << TYPE_BITS) | type;
        }
        return t;
    }

    /** A data type's name as nft prints it in set declarations. */
    public static String typeName(int type) {
        return switch (type) {
            case TYPE_VERDICT -> "verdict";
            case TYPE_INTEGER -> "integer";
            case TYPE_IPADDR -> "ipv4_addr";
            case TYPE_IP6ADDR -> "ipv6_addr";
            case TYPE_ETHERADDR -> "ether_addr";
            case TYPE_INET_PROTOCOL -> "inet_proto";
            case TYPE_INET_SERVICE -> "inet_service";
            case TYPE_MARK -> "mark";
            case TYPE_IFNAME -> "ifname";
            default -> {
                if (type >>> TYPE_BITS == 0) {
                    yield "type" + type;
                }
                yield typeName(type >>> TYPE_BITS) + " . " + typeName(type & ((1 << TYPE_BITS) - 1));
            }
        };
    }

    /** The hook's name as nft prints it. */
    public static String hookName(int hook) {
        return switch (hook) {
            case HOOK_PREROUTING -> "prerouting";
            case HOOK_INPUT -> "input";
            case HOOK_FORWARD -> "forward";
            case HOOK_OUTPUT -> "output";
            case HOOK_POSTROUTING -> "postrouting";
            default -> "hook" + hook;
        };
    }
}

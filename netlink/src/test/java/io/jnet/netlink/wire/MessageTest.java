package io.jnet.netlink.wire;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Splitting datagrams, copying messages out of the receive buffer, and reading errors and ACKs. */
class MessageTest {

    @Test
    void splitsARealDumpDatagramIntoItsMessages() {
        List<Message> msgs = Hex.split(GoldenReplies.ADDR_DUMP_V1);
        assertEquals(3, msgs.size());
        assertEquals(List.of(0, 76, 148), msgs.stream().map(Message::offset).toList());
        assertEquals(List.of(76, 72, 80), msgs.stream().map(Message::length).toList());
        for (Message m : msgs) {
            assertEquals(Rtnl.RTM_NEWADDR, m.type());
            assertTrue((m.flags() & Nl.F_MULTI) != 0);
            assertEquals(104, m.seq());
            assertEquals(0x0a1a, m.portId());
            assertEquals(m.offset() + 16, m.payload());
            assertEquals(m.offset() + m.length(), m.end());
        }
    }

    @Test
    void splitSkipsThePaddingAfterAMessageOfUnalignedLength() {
        // A 17-byte message (one payload byte) is followed by 3 pad bytes, then the next message at 20.
        String first = "11000000 0100 0000 01000000 00000000 ff 000000";
        String second = "14000000 0300 0200 02000000 00000000 00000000";
        List<Message> msgs = Hex.split(first + second);
        assertEquals(2, msgs.size());
        assertEquals(17, msgs.get(0).length());
        assertEquals(0xff, msgs.get(0).u8(0));
        assertEquals(20, msgs.get(1).offset());
        assertEquals(Nl.NLMSG_DONE, msgs.get(1).type());
        assertEquals(2, msgs.get(1).seq());
    }

    @Test
    void splitReadsOnlyTheReceivedLengthOfALargerBuffer() {
        ByteBuffer rx = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        rx.put(Hex.bytes(GoldenReplies.DUMP_DONE));
        rx.putInt(20, 9999); // stale bytes of an earlier datagram past the received length
        assertEquals(1, Message.split(rx, 20).size());
    }

    @Test
    void splitRejectsAMessageLongerThanTheDatagram() {
        ByteBuffer buf = Hex.buffer(GoldenReplies.ADDR_DUMP_V1);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> Message.split(buf, 200));
        assertTrue(e.getMessage().contains("148"), e.getMessage());
    }

    @Test
    void splitRejectsALengthShorterThanAHeader() {
        // A zero length would otherwise never advance.
        assertThrows(MalformedMessageException.class, () -> Hex.split("00000000 0200 0000 01000000 00000000"));
        assertThrows(MalformedMessageException.class, () -> Hex.split("0f000000 0200 0000 01000000 00000000"));
        assertThrows(MalformedMessageException.class, () -> Hex.split("ffffffff 0200 0000 01000000 00000000"));
    }

    @Test
    void splitRejectsADatagramCutInsideAHeader() {
        ByteBuffer buf = Hex.buffer(GoldenReplies.ADDR_DUMP_V1);
        assertThrows(MalformedMessageException.class, () -> Message.split(buf, 76 + 10));
        assertThrows(MalformedMessageException.class, () -> Hex.split("14000000 0300"));
    }

    @Test
    void ofWantsExactlyOneMessage() {
        assertEquals(Nl.NLMSG_DONE, Message.of(Hex.bytes(GoldenReplies.DUMP_DONE)).type());
        assertThrows(MalformedMessageException.class, () -> Message.of(Hex.bytes(GoldenReplies.ADDR_DUMP_V1)));
        assertThrows(MalformedMessageException.class, () -> Message.of(new byte[0]));
    }

    @Test
    void copyOutlivesTheReceiveBuffer() {
        ByteBuffer rx = Hex.buffer(GoldenReplies.ADDR_DUMP_V1);
        Message second = Message.split(rx, rx.capacity()).get(1);
        Message copy = second.copy();
        for (int i = 0; i < rx.capacity(); i++) {
            rx.put(i, (byte) 0x55); // the socket reuses its buffer for the next datagram
        }
        assertEquals(0, copy.offset());
        assertEquals(72, copy.length());
        assertEquals(72, copy.buffer().capacity());
        assertEquals(Rtnl.RTM_NEWADDR, copy.type());
        assertEquals(104, copy.seq());
        assertEquals(Rtnl.AF_INET6, copy.u8(0));
        assertEquals(64, copy.u8(1));
        assertEquals("fd00:0:0:0:0:0:0:2",
                copy.attributes(Rtnl.IFADDRMSG_LEN).address(Rtnl.IFA_ADDRESS).getHostAddress());
    }

    @Test
    void attributesRejectAMessageShorterThanItsStruct() {
        Message m = Message.of(Hex.bytes("18000000 1000 0000 01000000 00000000 0000000003000000"));
        assertThrows(MalformedMessageException.class, () -> m.attributes(Rtnl.IFINFOMSG_LEN));
    }

    @Test
    void structFieldsBeyondTheMessageAreMalformedNotReadFromTheNextOne() {
        // An RTM_NEWLINK cut after 4 bytes of its ifinfomsg, followed in the datagram by another message.
        List<Message> msgs = Hex.split("14000000 1000 0000 01000000 00000000 00000000"
                + "14000000 0300 0200 01000000 00000000 07000000");
        Message shortLink = msgs.get(0);
        assertThrows(MalformedMessageException.class, () -> shortLink.i32(4));
        assertThrows(MalformedMessageException.class, () -> shortLink.u16(4));
        assertThrows(MalformedMessageException.class, () -> shortLink.u8(4));
        assertEquals(0, shortLink.i32(0));
    }

    @Test
    void ackIsAnErrorMessageWithErrnoZero() {
        Message ack = Message.of(Hex.bytes(GoldenReplies.ACK));
        assertEquals(Nl.NLMSG_ERROR, ack.type());
        assertEquals(Nl.F_CAPPED, ack.flags());
        assertEquals(110, ack.seq());
        assertEquals(0, ack.errno());
        assertNull(ack.extAckMessage());
    }

    @Test
    void errorWithoutTlvsHasErrnoAndNoText() {
        Message err = Message.of(Hex.bytes(GoldenReplies.ERR_EXISTS));
        assertEquals(17, err.errno());
        assertNull(err.extAckMessage());
        Message nodev = Message.of(Hex.bytes(GoldenReplies.ERR_NODEV));
        assertEquals(19, nodev.errno());
        assertNull(nodev.extAckMessage());
    }

    @Test
    void cappedErrorCarriesTheKernelsExtendedAckText() {
        Message err = Message.of(Hex.bytes(GoldenReplies.ERR_UNKNOWN_KIND));
        assertEquals(Nl.F_CAPPED | Nl.F_ACK_TLVS, err.flags());
        assertEquals(95, err.errno()); // EOPNOTSUPP
        assertEquals("Unknown device type", err.extAckMessage());
        Message mtu = Message.of(Hex.bytes(GoldenReplies.ERR_MTU));
        assertEquals(22, mtu.errno());
        assertEquals("mtu less than device minimum", mtu.extAckMessage());
    }

    @Test
    void uncappedErrorSkipsTheWholeEchoedRequestBeforeItsTlvs() {
        MessageWriter w = new MessageWriter(256).begin(Nl.NLMSG_ERROR, Nl.F_ACK_TLVS).u32(-22);
        // the echoed request: a 28-byte RTM_NEWLINK whose IFLA_IFNAME must not be taken for the text
        w.u32(28).u16(Rtnl.RTM_NEWLINK).u16(Nl.F_REQUEST).u32(5).u32(0).attrString(Nl.NLMSGERR_ATTR_MSG, "echoed!");
        w.attrU32(2, 36); // NLMSGERR_ATTR_OFFS comes first, the text second
        w.attrString(Nl.NLMSGERR_ATTR_MSG, "Invalid MTU");
        w.finish(5, 9);
        Message err = Message.of(w.toBytes());
        assertEquals(22, err.errno());
        assertEquals("Invalid MTU", err.extAckMessage());
    }

    @Test
    void tlvFlagWithoutAttributesGivesNoText() {
        MessageWriter w = new MessageWriter(64).begin(Nl.NLMSG_ERROR, Nl.F_ACK_TLVS | Nl.F_CAPPED).u32(-1);
        w.u32(16).u16(Rtnl.RTM_NEWLINK).u16(Nl.F_REQUEST).u32(5).u32(0);
        w.finish(5, 9);
        Message err = Message.of(w.toBytes());
        assertEquals(1, err.errno());
        assertNull(err.extAckMessage());
    }

    @Test
    void overrunningTlvIsMalformed() {
        MessageWriter w = new MessageWriter(64).begin(Nl.NLMSG_ERROR, Nl.F_ACK_TLVS | Nl.F_CAPPED).u32(-1);
        w.u32(16).u16(Rtnl.RTM_NEWLINK).u16(Nl.F_REQUEST).u32(5).u32(0);
        w.u16(40).u16(Nl.NLMSGERR_ATTR_MSG).u32(0x41414141);
        w.finish(5, 9);
        Message err = Message.of(w.toBytes());
        assertThrows(MalformedMessageException.class, err::extAckMessage);
    }

    @Test
    void doneCarriesTheDumpStatus() {
        Message ok = Message.of(Hex.bytes(GoldenReplies.DUMP_DONE));
        assertEquals(Nl.NLMSG_DONE, ok.type());
        assertEquals(0, ok.errno());
        // A dump that failed part-way: NLMSG_DONE with -ENOBUFS (105) as its status.
        MessageWriter w = new MessageWriter(64).begin(Nl.NLMSG_DONE, Nl.F_MULTI).u32(-105);
        w.finish(3, 4);
        Message failed = Message.of(w.toBytes());
        assertEquals(Nl.NLMSG_DONE, failed.type());
        assertEquals(105, failed.errno());
        assertEquals(20, failed.length());
    }

    @Test
    void errorTooShortForItsErrnoIsMalformed() {
        Message bare = Message.of(Hex.bytes("10000000 0200 0000 01000000 00000000"));
        assertThrows(MalformedMessageException.class, bare::errno);
    }

    @Test
    void uncappedErrorWithAnImpossibleEchoedLengthIsMalformed() {
        // The echoed nlmsg_len must cover at least a header and stay inside the error message;
        // otherwise the TLVs would be looked for inside the echo or beyond the message.
        for (int echoedLen : new int[]{8, -1, 200}) {
            MessageWriter w = new MessageWriter(128).begin(Nl.NLMSG_ERROR, Nl.F_ACK_TLVS).u32(-22);
            w.u32(echoedLen).u16(Rtnl.RTM_NEWLINK).u16(Nl.F_REQUEST).u32(5).u32(0);
            w.attrString(Nl.NLMSGERR_ATTR_MSG, "Invalid MTU");
            w.finish(5, 9);
            Message err = Message.of(w.toBytes());
            assertThrows(MalformedMessageException.class, err::extAckMessage, "echoed length " + echoedLen);
        }
    }

    @Test
    void errorCutInsideTheEchoedHeaderIsMalformed() {
        MessageWriter w = new MessageWriter(64).begin(Nl.NLMSG_ERROR, Nl.F_ACK_TLVS).u32(-22).u32(16);
        w.finish(5, 9);
        Message err = Message.of(w.toBytes());
        assertEquals(22, err.errno());
        assertThrows(MalformedMessageException.class, err::extAckMessage);
    }
}

package io.jnet.netlink.internal;

import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.wire.Message;
import io.jnet.netlink.wire.MessageWriter;
import io.jnet.netlink.wire.Nl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A NETLINK_ROUTE socket speaking request/response: one request in flight at a time, replies
 * matched by sequence number and port ID, errors turned into exceptions with the kernel's
 * extended-ack text. The socket keeps the network namespace it was created in, so it can be used
 * from any thread once made.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int SOCKADDR_NL_LEN = 12;
    private static final int RECEIVE_BUFFER = 1 << 16;
    private static final int DUMP_ATTEMPTS = 5;

    private final int fd;
    private final int portId;
    private final ReentrantLock lock = new ReentrantLock();
    private final MessageWriter writer = new MessageWriter(1 << 13);
    private final ByteBuffer rx = ByteBuffer.allocateDirect(RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
    private final ByteBuffer kernelAddr = sockaddr(0);
    private final ByteBuffer fromAddr = sockaddr(0);
    private int seq = (int) (System.nanoTime() & 0x7fffffff);
    private int sendBuffer = 32768;
    private boolean closed;

    private NetlinkSocket(int fd, int portId) {
        this.fd = fd;
        this.portId = portId;
    }

    /** Opens a socket in the calling thread's network namespace. */
    public static NetlinkSocket open(int protocol) throws NetlinkException {
        int fd = Syscalls.socket(Syscalls.AF_NETLINK, Syscalls.SOCK_RAW | Syscalls.SOCK_CLOEXEC, protocol);
        try {
            Syscalls.setsockopt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_SNDBUF, 32768, "SO_SNDBUF");
            Syscalls.setsockopt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUF, 1 << 20, "SO_RCVBUF");
            Syscalls.setsockopt(fd, Syscalls.SOL_NETLINK, Nl.NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            Syscalls.setsockopt(fd, Syscalls.SOL_NETLINK, Nl.NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
            optional(fd, Nl.NETLINK_GET_STRICT_CHK, "NETLINK_GET_STRICT_CHK");
            Syscalls.bind(fd, sockaddr(0), SOCKADDR_NL_LEN);
            ByteBuffer local = sockaddr(0);
            Syscalls.getsockname(fd, local);
            return new NetlinkSocket(fd, local.getInt(4));
        } catch (NetlinkException | RuntimeException e) {
            Syscalls.close(fd);
            throw e;
        }
    }

    /** Kernels before 4.20 lack strict checking; requests still work, dumps are just filtered here. */
    private static void optional(int fd, int option, String name) throws NetlinkException {
        try {
            Syscalls.setsockopt(fd, Syscalls.SOL_NETLINK, option, 1, name);
        } catch (NetlinkException e) {
            if (e.errno() != Errno.ENOPROTOOPT) {
                throw e;
            }
        }
    }

    public int portId() {
        return portId;
    }

    /** The cookie of the namespace this socket lives in: unlike its inode, never reused for another namespace. */
    public long netnsCookie() throws NetlinkException {
        return Syscalls.getsockoptLong(fd, Syscalls.SOL_SOCKET, Syscalls.SO_NETNS_COOKIE, "SO_NETNS_COOKIE");
    }

    /** A request built by the caller into the socket's writer. */
    @FunctionalInterface
    public interface Request {
        void write(MessageWriter writer);
    }

    /**
     * Sends a request with NLM_F_ACK and waits for the kernel's answer: the reply messages, if the
     * request produces any (for example a GET), else an empty list once the ACK arrives.
     */
    public List<Message> execute(String operation, Request request) throws NetlinkException {
        lock.lock();
        try {
            int mySeq = send(request);
            return receive(operation, mySeq, false).messages;
        } finally {
            lock.unlock();
        }
    }

    /** Runs a dump, repeating it when the kernel reports it was interrupted by a concurrent change. */
    public List<Message> dump(String operation, Request request) throws NetlinkException {
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                int mySeq = send(request);
                try {
                    Answer answer = receive(operation, mySeq, true);
                    if (!answer.interrupted) {
                        return answer.messages;
                    }
                } catch (NetlinkException e) {
                    // ENOBUFS: the kernel dropped part of the dump; what is left is skipped by sequence number.
                    if (e.errno() != Errno.ENOBUFS || attempt == DUMP_ATTEMPTS) {
                        throw e;
                    }
                    continue;
                }
                if (attempt == DUMP_ATTEMPTS) {
                    throw new NetlinkException(Errno.EINTR, operation + " (dump kept being interrupted)", null);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The kernel's answer to a batch: the index of the first message it refused (in the order sent) and why, or
     * no failure when every message that asked for an ACK got one.
     *
     * @param failedIndex the refused message's index, or -1
     * @param failure     the refusal, or null
     */
    public record BatchAnswer(int failedIndex, NetlinkException failure) {}

    /**
     * Sends {@code length} bytes of messages encoded back to back (an nfnetlink batch) as one datagram, numbering
     * them, and collects the answer to each message that asked for an ACK. The kernel handles a netlink message
     * while it is being sent, so every answer is queued when the send returns: they are read without waiting,
     * and a missing one is an error rather than a hang. {@code describe} names a message by its index for errors.
     */
    public BatchAnswer batch(ByteBuffer messages, int length, java.util.function.IntFunction<String> describe)
            throws NetlinkException {
        lock.lock();
        try {
            if (closed) {
                throw new NetlinkException(Errno.EBADF, "netlink socket is closed", null);
            }
            int first = seq + 1;
            java.util.Set<Integer> acked = new java.util.HashSet<>();
            int count = 0;
            for (int pos = 0; pos < length; count++) {
                int len = messages.getInt(pos);
                if (len < Nl.HEADER_LEN || pos + len > length) {
                    throw new IllegalArgumentException("batch message " + count + " of length " + len + " at " + pos);
                }
                messages.putInt(pos + 8, ++seq).putInt(pos + 12, portId);
                if ((Short.toUnsignedInt(messages.getShort(pos + 6)) & Nl.F_ACK) != 0) {
                    acked.add(count);
                }
                pos += Nl.align(len);
            }
            ensureSendBuffer(length);
            Syscalls.sendto(fd, messages, length, kernelAddr, SOCKADDR_NL_LEN);
            return batchAnswers(first, count, acked, describe);
        } finally {
            lock.unlock();
        }
    }

    private BatchAnswer batchAnswers(int first, int count, java.util.Set<Integer> acked,
            java.util.function.IntFunction<String> describe)
            throws NetlinkException {
        java.util.Set<Integer> waiting = new java.util.HashSet<>(acked);
        int failedIndex = -1;
        NetlinkException failure = null;
        while (!waiting.isEmpty()) {
            int len;
            try {
                len = Syscalls.recvfrom(fd, rx, RECEIVE_BUFFER, fromAddr, Syscalls.MSG_DONTWAIT);
            } catch (NetlinkException e) {
                if (e.errno() == Errno.EAGAIN) {
                    if (failure != null) {
                        break; // a refused batch may leave the rest unanswered
                    }
                    throw new NetlinkException(Errno.EPROTO, "batch: the kernel answered " + (acked.size() - waiting.size())
                            + " of " + acked.size() + " messages", null);
                }
                throw e;
            }
            if (fromAddr.getInt(4) != 0) {
                continue;
            }
            for (Message msg : Message.split(rx, Math.min(len, RECEIVE_BUFFER))) {
                int index = msg.seq() - first;
                if (msg.portId() != portId || index < 0 || index >= count || msg.type() != Nl.NLMSG_ERROR) {
                    continue;
                }
                waiting.remove(index);
                int errno = msg.errno();
                if (errno != 0 && (failure == null || index < failedIndex)) {
                    failedIndex = index;
                    failure = NetlinkException.of(errno, describe.apply(index), msg.extAckMessage());
                }
                if (errno != 0 && !acked.contains(index)) {
                    waiting.clear(); // the batch itself was refused (its BEGIN or the commit): nothing else comes
                }
            }
        }
        return new BatchAnswer(failedIndex, failure);
    }

    /** Netlink refuses a datagram larger than the send buffer: grow it (past the sysctl limit, as root may). */
    private void ensureSendBuffer(int length) throws NetlinkException {
        if (length + 64 <= sendBuffer) {
            return;
        }
        int wanted = Math.max(length * 2, sendBuffer * 2);
        try {
            Syscalls.setsockopt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_SNDBUFFORCE, wanted, "SO_SNDBUFFORCE");
        } catch (NetlinkException e) {
            Syscalls.setsockopt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_SNDBUF, wanted, "SO_SNDBUF");
        }
        sendBuffer = wanted;
    }

    private int send(Request request) throws NetlinkException {
        if (closed) {
            throw new NetlinkException(Errno.EBADF, "netlink socket is closed", null);
        }
        request.write(writer);
        int mySeq = ++seq;
        int len = writer.finish(mySeq, portId);
        Syscalls.sendto(fd, writer.buffer(), len, kernelAddr, SOCKADDR_NL_LEN);
        return mySeq;
    }

    private record Answer(List<Message> messages, boolean interrupted) {}

    private Answer receive(String operation, int mySeq, boolean dump) throws NetlinkException {
        List<Message> out = new ArrayList<>();
        boolean interrupted = false;
        while (true) {
            int len = Syscalls.recvfrom(fd, rx, RECEIVE_BUFFER, fromAddr);
            if (len > RECEIVE_BUFFER) {
                throw new NetlinkException(Errno.EMSGSIZE, operation + " (reply of " + len + " bytes truncated)", null);
            }
            if (fromAddr.getInt(4) != 0) {
                continue; // not from the kernel
            }
            for (Message msg : Message.split(rx, len)) {
                if (msg.seq() != mySeq || msg.portId() != portId) {
                    continue; // a late answer to an earlier, abandoned request
                }
                if ((msg.flags() & Nl.F_DUMP_INTR) != 0) {
                    interrupted = true;
                }
                switch (msg.type()) {
                    case Nl.NLMSG_ERROR -> {
                        int errno = msg.errno();
                        if (errno != 0) {
                            throw NetlinkException.of(errno, operation, msg.extAckMessage());
                        }
                        return new Answer(out, interrupted);
                    }
                    case Nl.NLMSG_DONE -> {
                        if (msg.length() >= Nl.HEADER_LEN + 4 && msg.errno() > 0) {
                            throw NetlinkException.of(msg.errno(), operation, null);
                        }
                        return new Answer(out, interrupted);
                    }
                    case Nl.NLMSG_NOOP, Nl.NLMSG_OVERRUN -> { }
                    default -> {
                        out.add(msg.copy());
                        if (!dump && (msg.flags() & Nl.F_MULTI) == 0 && !expectsAck()) {
                            return new Answer(out, interrupted);
                        }
                    }
                }
            }
        }
    }

    /** Whether the request just sent asked for an ACK (then the ACK, not the reply, ends the exchange). */
    private boolean expectsAck() {
        return (Short.toUnsignedInt(writer.buffer().getShort(6)) & Nl.F_ACK) != 0;
    }

    private static ByteBuffer sockaddr(int pid) {
        ByteBuffer addr = ByteBuffer.allocateDirect(SOCKADDR_NL_LEN).order(ByteOrder.nativeOrder());
        addr.putShort(0, (short) Syscalls.AF_NETLINK).putInt(4, pid).putInt(8, 0);
        return addr;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                Syscalls.close(fd);
            }
        } finally {
            lock.unlock();
        }
    }
}

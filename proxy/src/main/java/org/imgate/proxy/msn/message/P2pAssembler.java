package org.imgate.proxy.msn.message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Joins the chunks of MSNSLP signalling messages (P2P session 0, flags 0), which clients split at
 * about 1200 bytes: a file INVITE with its 760-character context often takes two chunks. Bounded in
 * message size and in the number of messages pending at once; data sessions (the file bytes
 * themselves) and acknowledgements are not assembled. Not thread-safe: one per switchboard session.
 */
public final class P2pAssembler {

    private final int maxMessageBytes;
    private final int maxPending;
    private final Map<Long, Pending> pending = new LinkedHashMap<>();

    private static final class Pending {
        final byte[] data;
        long received;

        Pending(int size) {
            data = new byte[size];
        }
    }

    public P2pAssembler(int maxMessageBytes, int maxPending) {
        if (maxMessageBytes < 1 || maxPending < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxMessageBytes = maxMessageBytes;
        this.maxPending = maxPending;
    }

    public P2pAssembler() {
        this(64 * 1024, 16);
    }

    /**
     * Adds a chunk; returns the whole message's data once its last chunk arrived.
     *
     * @throws MalformedMessageException if a signalling message is larger than the limit
     */
    public Optional<byte[]> add(P2pPacket packet) throws MalformedMessageException {
        if (!packet.isSignalling() || packet.flags() != 0 || packet.dataLength() == 0) {
            return Optional.empty();
        }
        if (packet.totalSize() > maxMessageBytes) {
            throw new MalformedMessageException("MSNSLP message of " + packet.totalSize()
                    + " bytes exceeds the limit of " + maxMessageBytes);
        }
        if (packet.offset() == 0 && packet.dataLength() == packet.totalSize()) {
            return Optional.of(packet.data());
        }
        Pending p = pending.get(packet.id());
        if (p == null) {
            if (pending.size() >= maxPending) {
                Long oldest = pending.keySet().iterator().next();
                pending.remove(oldest);
            }
            p = new Pending((int) packet.totalSize());
            pending.put(packet.id(), p);
        }
        if (p.data.length != packet.totalSize()) {
            pending.remove(packet.id());
            throw new MalformedMessageException("P2P message " + packet.id() + " changed its total size");
        }
        byte[] data = packet.data();
        System.arraycopy(data, 0, p.data, (int) packet.offset(), data.length);
        p.received += data.length;
        if (p.received >= p.data.length) {
            pending.remove(packet.id());
            return Optional.of(p.data.clone());
        }
        return Optional.empty();
    }
}

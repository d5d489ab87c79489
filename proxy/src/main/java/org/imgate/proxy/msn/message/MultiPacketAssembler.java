package org.imgate.proxy.msn.message;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Joins multi-packet messages (client-id capability 0x20, MSN 6+): a long IM is split over several MSGs,
 * the first with its Content-Type, {@code Message-ID} and {@code Chunks: n}, the following ones with only
 * {@code Message-ID} and {@code Chunk: i}. Bounded in parts, bytes and messages pending; parts arrive in
 * order over one switchboard. Not thread-safe: one per switchboard session.
 */
public final class MultiPacketAssembler {

    private final int maxParts;
    private final int maxBytes;
    private final int maxPending;
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    private static final class Pending {
        final Fields headers;
        final int parts;
        int received = 1;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Pending(Fields headers, int parts) {
            this.headers = headers;
            this.parts = parts;
        }
    }

    public MultiPacketAssembler(int maxParts, int maxBytes, int maxPending) {
        this.maxParts = maxParts;
        this.maxBytes = maxBytes;
        this.maxPending = maxPending;
    }

    public MultiPacketAssembler() {
        this(64, 128 * 1024, 16);
    }

    /**
     * Offers a parsed MSG. Returns it unchanged when it is not part of a multi-packet message, the
     * joined message once its last part arrived, or empty while parts are missing.
     *
     * @throws MalformedMessageException on a part count or size above the limits, or a part out of order
     */
    public Optional<MsnMessage> add(MsnMessage message) throws MalformedMessageException {
        String id = message.header("Message-ID");
        String chunks = message.header("Chunks");
        String chunk = message.header("Chunk");
        if (id == null || (chunks == null && chunk == null)) {
            if (chunk != null || message.mimeType().isEmpty()) {
                throw new MalformedMessageException("MSG continuation part without Message-ID");
            }
            return Optional.of(message);
        }
        if (chunks != null) {
            int parts = number(chunks, "Chunks");
            if (parts < 1 || parts > maxParts) {
                throw new MalformedMessageException("multi-packet message of " + parts + " parts (limit " + maxParts
                        + ")");
            }
            if (parts == 1) {
                return Optional.of(message);
            }
            if (pending.size() >= maxPending) {
                throw new MalformedMessageException("more than " + maxPending + " multi-packet messages pending");
            }
            Pending p = new Pending(message.headers(), parts);
            p.body.writeBytes(message.body());
            pending.put(id, p);
            return Optional.empty();
        }
        Pending p = pending.get(id);
        int index = number(chunk, "Chunk");
        if (p == null || index != p.received) {
            throw new MalformedMessageException("multi-packet part " + index + " of message " + id
                    + " arrived out of order or without its first part");
        }
        p.body.writeBytes(message.body());
        p.received++;
        if (p.body.size() > maxBytes) {
            pending.remove(id);
            throw new MalformedMessageException("multi-packet message " + id + " exceeds " + maxBytes + " bytes");
        }
        if (p.received < p.parts) {
            return Optional.empty();
        }
        pending.remove(id);
        return Optional.of(MsnMessage.of(p.headers, p.body.toByteArray()));
    }

    private static int number(String value, String header) throws MalformedMessageException {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new MalformedMessageException(header + " header is not a number");
        }
    }
}

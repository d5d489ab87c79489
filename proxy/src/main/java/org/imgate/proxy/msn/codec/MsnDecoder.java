package org.imgate.proxy.msn.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental MSNP decoder for one direction of one connection (MSNP2–MSNP15 framing, see
 * {@link PayloadRules}). Takes byte chunks split anywhere, several commands per chunk, and yields
 * complete {@link MsnCommand}s with their exact raw bytes.
 *
 * <p>Bounded: a line longer than {@link MsnLimits#maxLineBytes()} or a declared payload larger than
 * {@link MsnLimits#maxPayloadBytes()} fails at once, before the bytes are buffered. Garbage (a line
 * whose verb is not three upper-case letters or digits, control characters, a non-numeric length)
 * fails too. After a failure the decoder stays failed: the connection must be closed.
 *
 * <p>A server-side decoder follows the version the server accepts in its {@code VER} reply, so a
 * chunk that holds the reply and later MSNP13 payload commands is framed right. Not thread-safe: one
 * instance per connection direction, used by one thread at a time (MINA's ordered session handling).
 */
public final class MsnDecoder {

    /** The version assumed before VER is answered: its rules only differ from later ones in payload verbs. */
    public static final int DEFAULT_VERSION = 8;

    private final Origin origin;
    private final MsnLimits limits;
    private int protocolVersion;

    private static final byte[] NO_BYTES = new byte[0];

    /**
     * Bytes of the incomplete command, if any. Empty between complete commands: an idle connection (most
     * MSNP connections, most of the time) then holds no buffer at all (P6, memory per idle session).
     */
    private byte[] buffer = NO_BYTES;
    private int start;
    private int end;
    private int scanFrom;

    /** Set while the payload of the current line is being read. */
    private List<String> pendingTokens;
    private int pendingLineEnd;
    private int pendingPayloadLength;

    private String failure;

    public MsnDecoder(Origin origin, MsnLimits limits, int protocolVersion) {
        this.origin = java.util.Objects.requireNonNull(origin, "origin");
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        protocolVersion(protocolVersion);
    }

    public MsnDecoder(Origin origin) {
        this(origin, MsnLimits.DEFAULT, DEFAULT_VERSION);
    }

    public Origin origin() {
        return origin;
    }

    public int protocolVersion() {
        return protocolVersion;
    }

    /** Sets the negotiated protocol version; a switchboard connection takes it from its NS session. */
    public void protocolVersion(int version) {
        if (version < PayloadRules.MIN_VERSION || version > PayloadRules.MAX_VERSION) {
            throw new IllegalArgumentException("unsupported MSNP version " + version);
        }
        this.protocolVersion = version;
    }

    /** Decodes a chunk; see {@link #decode(ByteBuffer)}. */
    public List<MsnCommand> decode(byte[] chunk) throws MsnProtocolException {
        return decode(ByteBuffer.wrap(chunk));
    }

    /**
     * Consumes all remaining bytes of {@code chunk} and returns the commands they complete, in order.
     * Bytes of an incomplete command are kept for the next call.
     *
     * @throws MsnProtocolException if the bytes break MSNP framing; the decoder is unusable afterwards
     */
    public List<MsnCommand> decode(ByteBuffer chunk) throws MsnProtocolException {
        if (failure != null) {
            throw new MsnProtocolException("decoder already failed: " + failure);
        }
        append(chunk);
        List<MsnCommand> out = new ArrayList<>();
        try {
            while (pendingTokens == null ? readLine(out) : readPayload(out)) {
                // each step consumes one line or one payload
            }
        } catch (MsnProtocolException e) {
            failure = e.getMessage();
            throw e;
        }
        compact();
        return out;
    }

    /** Whether bytes of an incomplete command are buffered. */
    public boolean hasPartialInput() {
        return end > start;
    }

    /**
     * Tells the decoder that the connection ended. A command cut short (a payload shorter than its
     * declared length, a line without CRLF) is a framing error the caller must report.
     */
    public void endOfInput() throws MsnProtocolException {
        if (failure != null) {
            throw new MsnProtocolException("decoder already failed: " + failure);
        }
        if (pendingTokens != null) {
            failure = "connection ended inside the payload of " + pendingTokens.get(0) + ": "
                    + (end - pendingLineEnd) + " of " + pendingPayloadLength + " declared bytes received";
            throw new MsnProtocolException(failure);
        }
        if (end > start) {
            failure = "connection ended inside a command line (" + (end - start) + " bytes without CRLF)";
            throw new MsnProtocolException(failure);
        }
    }

    private boolean readLine(List<MsnCommand> out) throws MsnProtocolException {
        int newline = -1;
        for (int i = scanFrom; i < end; i++) {
            if (buffer[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            scanFrom = end;
            if (end - start > limits.maxLineBytes()) {
                throw new MsnProtocolException("command line longer than " + limits.maxLineBytes()
                        + " bytes without CRLF");
            }
            return false;
        }
        int lineLength = newline + 1 - start;
        if (lineLength > limits.maxLineBytes()) {
            throw new MsnProtocolException("command line of " + lineLength + " bytes exceeds the limit of "
                    + limits.maxLineBytes());
        }
        int textEnd = newline > start && buffer[newline - 1] == '\r' ? newline - 1 : newline;
        List<String> tokens = tokens(start, textEnd);
        if (PayloadRules.hasPayload(protocolVersion, origin, tokens)) {
            pendingTokens = tokens;
            pendingLineEnd = newline + 1;
            pendingPayloadLength = payloadLength(tokens);
            scanFrom = pendingLineEnd;
            return true;
        }
        out.add(command(tokens, null, start, newline + 1));
        start = newline + 1;
        scanFrom = start;
        return true;
    }

    private boolean readPayload(List<MsnCommand> out) throws MsnProtocolException {
        if (end - pendingLineEnd < pendingPayloadLength) {
            return false;
        }
        int payloadEnd = pendingLineEnd + pendingPayloadLength;
        byte[] payload = Arrays.copyOfRange(buffer, pendingLineEnd, payloadEnd);
        out.add(command(pendingTokens, payload, start, payloadEnd));
        pendingTokens = null;
        start = payloadEnd;
        scanFrom = start;
        return true;
    }

    private List<String> tokens(int from, int to) throws MsnProtocolException {
        if (from == to) {
            throw new MsnProtocolException("empty command line");
        }
        for (int i = from; i < to; i++) {
            int b = buffer[i] & 0xff;
            if (b < 0x20 || b == 0x7f) {
                throw new MsnProtocolException(String.format(
                        "control byte 0x%02x in a command line (garbage or a lying payload length?)", b));
            }
        }
        String line = new String(buffer, from, to - from, StandardCharsets.UTF_8);
        List<String> tokens = List.of(line.split(" ", -1));
        String verb = tokens.get(0);
        if (!MsnCommand.isVerb(verb)) {
            // The token is not echoed: after a lying length it may be a piece of a payload holding MSPAuth.
            throw new MsnProtocolException("a line starting with " + verb.length()
                    + " characters that are not an MSNP verb (garbage or a lying payload length?)");
        }
        return tokens;
    }

    private int payloadLength(List<String> tokens) throws MsnProtocolException {
        String verb = tokens.get(0);
        String last = tokens.get(tokens.size() - 1);
        if (tokens.size() < 2 || !PayloadRules.isNumber(last)) {
            throw new MsnProtocolException(verb + " has no payload length");
        }
        long length = Long.parseLong(last);
        if (length > limits.maxPayloadBytes()) {
            throw new MsnProtocolException(verb + " declares a payload of " + length
                    + " bytes, above the limit of " + limits.maxPayloadBytes());
        }
        return (int) length;
    }

    private MsnCommand command(List<String> tokens, byte[] payload, int rawFrom, int rawTo) {
        String verb = tokens.get(0);
        Long trId = null;
        int firstArg = 1;
        boolean lengthIsSecondToken = payload != null && tokens.size() == 2;
        if (tokens.size() > 1 && !lengthIsSecondToken && PayloadRules.mayHaveTrId(origin, verb)
                && PayloadRules.isNumber(tokens.get(1))) {
            trId = Long.parseLong(tokens.get(1));
            firstArg = 2;
        }
        if (origin == Origin.SERVER && "VER".equals(verb) && trId != null && tokens.size() > 2) {
            int accepted = PayloadRules.parseVersion(tokens.get(2));
            if (accepted >= PayloadRules.MIN_VERSION && accepted <= PayloadRules.MAX_VERSION) {
                protocolVersion = accepted;
            }
        }
        return new MsnCommand(verb, trId, tokens.subList(firstArg, tokens.size()), payload,
                Arrays.copyOfRange(buffer, rawFrom, rawTo));
    }

    private void append(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (end + n > buffer.length) {
            compact();
            if (end + n > buffer.length) {
                // A chunk into an empty decoder gets exactly its size: when it holds whole commands (the
                // usual case) the array is dropped again at the end of decode().
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, end + n));
            }
        }
        chunk.get(buffer, end, n);
        end += n;
    }

    private void compact() {
        if (start == 0) {
            return;
        }
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        scanFrom -= start;
        if (pendingTokens != null) {
            pendingLineEnd -= start;
        }
        start = 0;
        if (end == 0) {
            // Everything was consumed: let the connection go idle without a buffer.
            buffer = NO_BYTES;
        }
    }

    /** How many bytes of buffer this decoder holds now (0 between complete commands). */
    int bufferCapacity() {
        return buffer.length;
    }
}

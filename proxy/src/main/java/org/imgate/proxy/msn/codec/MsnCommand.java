package org.imgate.proxy.msn.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One MSNP command: {@code VERB [trid] args... [length]} followed, for payload commands, by exactly
 * {@code length} raw bytes (MSNP8 framing, kept through MSNP15).
 *
 * <p>{@code args} are the space-separated tokens after the transaction id, exactly as on the wire
 * (URL-encoded, empty tokens kept, so a trailing space survives). For payload commands the last arg is
 * the declared byte count. {@code raw} holds the bytes the command was decoded from, so that an
 * unchanged command is re-emitted byte for byte; commands built or changed in code have no raw bytes
 * and are encoded from their fields.
 *
 * <p>{@link #toString()} never shows args or payload, since {@code USR} args hold Passport tickets and
 * payloads hold {@code MSPAuth}. Immutable and thread-safe.
 *
 * @param verb    three upper-case letters or a three-digit error code
 * @param trId    the transaction id, or {@code null} for commands without one (PNG, async server commands)
 * @param args    the tokens after the transaction id
 * @param payload the payload bytes, or {@code null} when the command has none
 * @param raw     the exact bytes decoded (line and payload), or {@code null} for a built command
 */
public record MsnCommand(String verb, Long trId, List<String> args, byte[] payload, byte[] raw) {

    public MsnCommand {
        Objects.requireNonNull(verb, "verb");
        if (!isVerb(verb)) {
            throw new IllegalArgumentException("not an MSNP verb: '" + printable(verb) + "'");
        }
        if (trId != null && trId < 0) {
            throw new IllegalArgumentException("transaction id must not be negative");
        }
        args = List.copyOf(args);
        for (String arg : args) {
            if (arg.indexOf(' ') >= 0 || arg.indexOf('\r') >= 0 || arg.indexOf('\n') >= 0) {
                throw new IllegalArgumentException(verb + " argument contains a space or line break");
            }
        }
        payload = payload == null ? null : payload.clone();
        raw = raw == null ? null : raw.clone();
    }

    /** A command built in code, without payload, to be encoded from its fields. */
    public static MsnCommand of(String verb, Long trId, String... args) {
        return new MsnCommand(verb, trId, List.of(args), null, null);
    }

    /**
     * A payload command built in code; the byte count is appended as the last arg.
     *
     * @param argsBeforeLength the args between the transaction id and the length
     */
    public static MsnCommand withPayload(String verb, Long trId, List<String> argsBeforeLength, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        List<String> all = new java.util.ArrayList<>(argsBeforeLength);
        all.add(Integer.toString(payload.length));
        return new MsnCommand(verb, trId, all, payload, null);
    }

    @Override
    public byte[] payload() {
        return payload == null ? null : payload.clone();
    }

    @Override
    public byte[] raw() {
        return raw == null ? null : raw.clone();
    }

    public boolean hasPayload() {
        return payload != null;
    }

    /** The payload's size in bytes, 0 when there is none. */
    public int payloadLength() {
        return payload == null ? 0 : payload.length;
    }

    /** The arg at {@code index}, or {@code null} when the command has fewer args. */
    public String arg(int index) {
        return index >= 0 && index < args.size() ? args.get(index) : null;
    }

    /** Whether the verb is a three-digit error code ({@code 911 4}). */
    public boolean isError() {
        return Character.isDigit(verb.charAt(0));
    }

    /**
     * This command with another payload: the length arg is recomputed and the raw bytes dropped, so the
     * encoder writes the new byte count.
     *
     * @throws IllegalStateException if this command carries no payload
     */
    public MsnCommand replacePayload(byte[] newPayload) {
        Objects.requireNonNull(newPayload, "payload");
        if (payload == null) {
            throw new IllegalStateException(verb + " carries no payload");
        }
        List<String> changed = new java.util.ArrayList<>(args);
        changed.set(changed.size() - 1, Integer.toString(newPayload.length));
        return new MsnCommand(verb, trId, changed, newPayload, null);
    }

    /** This command with other args (the payload, if any, kept and its length re-appended). */
    public MsnCommand replaceArgs(List<String> argsBeforeLength) {
        if (payload == null) {
            return new MsnCommand(verb, trId, argsBeforeLength, null, null);
        }
        return withPayload(verb, trId, argsBeforeLength, payload);
    }

    /** The command line as text, without CRLF; holds credentials for some verbs, so never log it. */
    public String line() {
        StringBuilder sb = new StringBuilder(verb);
        if (trId != null) {
            sb.append(' ').append(trId);
        }
        for (String arg : args) {
            sb.append(' ').append(arg);
        }
        return sb.toString();
    }

    /** The payload decoded as UTF-8, or {@code null}; holds credentials for some commands, never log it. */
    public String payloadText() {
        return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
    }

    static boolean isVerb(String verb) {
        if (verb.length() != 3) {
            return false;
        }
        boolean letters = true;
        boolean digits = true;
        for (int i = 0; i < 3; i++) {
            char c = verb.charAt(i);
            letters &= c >= 'A' && c <= 'Z';
            digits &= c >= '0' && c <= '9';
        }
        return letters || digits;
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 16; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xff));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MsnCommand other
                && verb.equals(other.verb)
                && Objects.equals(trId, other.trId)
                && args.equals(other.args)
                && Arrays.equals(payload, other.payload)
                && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(verb, trId, args, Arrays.hashCode(payload), Arrays.hashCode(raw));
    }

    @Override
    public String toString() {
        return "MsnCommand[" + verb + (trId == null ? "" : " " + trId) + ", " + args.size() + " args"
                + (payload == null ? "" : ", " + payload.length + " payload bytes") + "]";
    }
}

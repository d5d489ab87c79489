package org.imgate.proxy.msn.message;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The payload of an MSNP {@code MSG}: MIME headers, a blank line (CRLF CRLF), then the body, which is
 * text or, for {@code application/x-msnmsgrp2p}, binary (msnp.md §1 "MSG (SB)").
 *
 * <p>{@link #toString()} shows only the content type, since bodies may be profiles with
 * {@code MSPAuth}. Immutable and thread-safe.
 */
public final class MsnMessage {

    public static final String TEXT = "text/plain";
    public static final String TYPING = "text/x-msmsgscontrol";
    public static final String INVITE = "text/x-msmsgsinvite";
    public static final String P2P = "application/x-msnmsgrp2p";
    public static final String DATACAST = "text/x-msnmsgr-datacast";
    public static final String CLIENT_CAPS = "text/x-clientcaps";
    public static final String KEEPALIVE = "text/x-keepalive";
    public static final String PROFILE = "text/x-msmsgsprofile";

    private static final byte[] SEPARATOR = {'\r', '\n', '\r', '\n'};

    private final Fields headers;
    private final byte[] body;
    private final String mimeType;
    private final String charsetName;

    private MsnMessage(Fields headers, byte[] body) {
        this.headers = headers;
        this.body = body;
        String contentType = headers.get("Content-Type").orElse("");
        String[] parts = contentType.split(";");
        this.mimeType = parts[0].strip().toLowerCase(Locale.ROOT);
        String charset = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                charset = p.substring(8).strip().replace("\"", "");
            }
        }
        this.charsetName = charset;
    }

    /**
     * Splits an MSG payload into headers and body. Continuation parts of a multi-packet message carry
     * only {@code Message-ID} and {@code Chunk}; every other MSG must have a Content-Type.
     *
     * @throws MalformedMessageException if there is no blank line after the headers or no Content-Type
     */
    public static MsnMessage parse(byte[] payload) throws MalformedMessageException {
        Objects.requireNonNull(payload, "payload");
        int split = indexOf(payload, SEPARATOR, 0);
        if (split < 0) {
            throw new MalformedMessageException("MSG payload of " + payload.length
                    + " bytes has no blank line after its headers");
        }
        Fields headers = Fields.parse(new String(payload, 0, split, StandardCharsets.UTF_8));
        if (headers.get("Content-Type").isEmpty() && headers.get("Chunk").isEmpty()) {
            throw new MalformedMessageException("MSG payload has no Content-Type header");
        }
        return new MsnMessage(headers, Arrays.copyOfRange(payload, split + SEPARATOR.length, payload.length));
    }

    /** A message with these headers and this body; used to join the parts of a multi-packet message. */
    static MsnMessage of(Fields headers, byte[] body) {
        return new MsnMessage(headers, body.clone());
    }

    public Fields headers() {
        return headers;
    }

    public String header(String name) {
        return headers.value(name);
    }

    /** The content type in lower case without parameters ({@code text/plain}). */
    public String mimeType() {
        return mimeType;
    }

    public boolean is(String type) {
        return mimeType.equals(type);
    }

    /** The charset parameter as sent, or {@code null}. */
    public String charsetName() {
        return charsetName;
    }

    /**
     * The charset the body is decoded with: the declared one, or UTF-8 when none is declared or the JVM
     * does not know the declared one (every official client sends UTF-8).
     */
    public Charset charset() {
        if (charsetName == null || charsetName.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(charsetName);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    public byte[] body() {
        return body.clone();
    }

    int bodyLength() {
        return body.length;
    }

    /** The body decoded with {@link #charset()}. */
    public String bodyText() {
        return new String(body, charset());
    }

    /** The body read as {@code Name: value} lines (invitations, client caps, datacasts). */
    public Fields bodyFields() {
        return Fields.parse(bodyText());
    }

    /** The {@code X-MMS-IM-Format} header (font, effects, colour), or {@code null}. */
    public String imFormat() {
        return header("X-MMS-IM-Format");
    }

    /** The {@code TypingUser} of a typing notice, or {@code null}. */
    public String typingUser() {
        return is(TYPING) ? header("TypingUser") : null;
    }

    /** Whether this is a nudge: a datacast with {@code ID: 1} (MSN 7.0+). */
    public boolean isNudge() {
        return is(DATACAST) && "1".equals(bodyFields().value("ID"));
    }

    static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        return "MsnMessage[" + mimeType + ", " + body.length + " body bytes]";
    }
}

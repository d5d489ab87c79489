package org.imgate.proxy.msn.message;

import java.nio.charset.StandardCharsets;

/**
 * An MSNSLP request or response, the SIP-like text carried in session-0 P2P data
 * ({@code INVITE MSNMSGR:bob@corp.example MSNSLP/1.0}, headers, blank line, a field body ending in
 * NUL). msnp.md §1 "MSG (SB)". Immutable and thread-safe.
 *
 * @param startLine the first line as sent
 * @param headers   the SLP headers (To, From, Call-ID, Content-Type ...)
 * @param body      the body fields (EUF-GUID, SessionID, AppID, Context ...)
 */
public record SlpMessage(String startLine, Fields headers, Fields body) {

    /** The EUF-GUID of a file transfer invitation. */
    public static final String FILE_TRANSFER_GUID = "{5D3E02AB-6190-11D3-BBBB-00C04F795683}";
    /** The EUF-GUID of a display picture or emoticon (MSN object) request. */
    public static final String MSN_OBJECT_GUID = "{A4268EEC-FEC5-49E5-95C3-F126696BDBF6}";

    /**
     * Reads an SLP message from reassembled session-0 P2P data.
     *
     * @throws MalformedMessageException if the text has no MSNSLP start line or no header end
     */
    public static SlpMessage parse(byte[] data) throws MalformedMessageException {
        String text = new String(data, StandardCharsets.UTF_8);
        int firstLineEnd = text.indexOf("\r\n");
        if (firstLineEnd < 0 || !text.substring(0, firstLineEnd).contains("MSNSLP/")) {
            throw new MalformedMessageException("P2P signalling data is not an MSNSLP message");
        }
        int headerEnd = text.indexOf("\r\n\r\n", firstLineEnd);
        if (headerEnd < 0) {
            throw new MalformedMessageException("MSNSLP message has no blank line after its headers");
        }
        String bodyText = text.substring(headerEnd + 4);
        int nul = bodyText.indexOf('\0');
        if (nul >= 0) {
            bodyText = bodyText.substring(0, nul);
        }
        return new SlpMessage(text.substring(0, firstLineEnd),
                Fields.parse(text.substring(firstLineEnd + 2, headerEnd)), Fields.parse(bodyText));
    }

    /** The method of a request ({@code INVITE}, {@code BYE}), or {@code null} for a response. */
    public String method() {
        return startLine.startsWith("MSNSLP/") ? null : startLine.split(" ", 2)[0];
    }

    public boolean isFileInvite() {
        return "INVITE".equals(method()) && FILE_TRANSFER_GUID.equalsIgnoreCase(body.get("EUF-GUID").orElse(""));
    }
}

package org.imgate.proxy.msn.enforce;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;

import org.imgate.proxy.msn.message.P2pPacket;
import org.imgate.proxy.msn.message.SlpMessage;

/**
 * MSG payloads that call off a file-transfer offer, in the form the offering client expects from the
 * other party (msnp.md §1 "MSG (SB)"): for a legacy {@code text/x-msmsgsinvite} INVITE, a CANCEL with the
 * same Invitation-Cookie and {@code Cancel-Code: REJECT} (the client reports that the other party
 * declined); for an MSN 6+ MSNSLP INVITE, the {@code MSNSLP/1.0 603 Decline} response with the offer's
 * Call-ID, Via branch and SessionID, carried in a single session-0 P2P chunk. Stateless and
 * thread-safe.
 */
public final class Declines {

    /** The Cancel-Code a declined invitation carries. */
    public static final String CANCEL_CODE = "REJECT";

    private Declines() {
    }

    /** The CANCEL for the legacy invitation with {@code cookie}. */
    public static byte[] legacyCancel(String cookie) {
        return ("MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\n"
                + "Invitation-Command: CANCEL\r\nInvitation-Cookie: " + cookie + "\r\nCancel-Code: " + CANCEL_CODE
                + "\r\n\r\n").getBytes(UTF_8);
    }

    /**
     * The 603 Decline answering {@code invite}, from its recipient to its sender, as an MSG payload.
     *
     * @param invite    the offer being declined
     * @param messageId the P2P message id to give the decline's chunk
     */
    public static byte[] slpDecline(SlpMessage invite, long messageId) {
        String sessionId = invite.body().get("SessionID").orElse("0");
        String body = "SessionID: " + sessionId + "\r\n\r\n\0";
        String text = "MSNSLP/1.0 603 Decline\r\n"
                + "To: " + invite.headers().get("From").orElse("") + "\r\n"
                + "From: " + invite.headers().get("To").orElse("") + "\r\n"
                + "Via: " + invite.headers().get("Via").orElse("") + "\r\n"
                + "CSeq: 1 \r\n"
                + "Call-ID: " + invite.headers().get("Call-ID").orElse("") + "\r\n"
                + "Max-Forwards: 0\r\n"
                + "Content-Type: application/x-msnmsgr-sessionreqbody\r\n"
                + "Content-Length: " + body.getBytes(UTF_8).length + "\r\n\r\n" + body;
        byte[] slp = text.getBytes(UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: "
                + handleOf(invite.headers().get("From").orElse("")) + "\r\n\r\n").getBytes(UTF_8));
        out.writeBytes(P2pPacket.encode(0, messageId, 0, slp.length, slp, 0));
        return out.toByteArray();
    }

    /** The handle inside an SLP address, {@code <msnmsgr:bob@corp.example>} → {@code bob@corp.example}. */
    static String handleOf(String slpAddress) {
        String s = slpAddress.strip();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        int colon = s.indexOf(':');
        return colon >= 0 ? s.substring(colon + 1) : s;
    }
}

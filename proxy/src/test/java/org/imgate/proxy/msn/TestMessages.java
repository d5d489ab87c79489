package org.imgate.proxy.msn;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;

import org.imgate.proxy.msn.message.FileContext;
import org.imgate.proxy.msn.message.P2pPacket;

/** MSG payloads and whole commands built the way MSN Messenger writes them (msnp.md §1 "MSG (SB)"). */
public final class TestMessages {

    private TestMessages() {
    }

    public static byte[] text(String body, String format) {
        return ("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + (format == null ? "" : "X-MMS-IM-Format: " + format + "\r\n") + "\r\n" + body).getBytes(UTF_8);
    }

    public static byte[] typing(String handle) {
        return ("MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: " + handle
                + "\r\n\r\n\r\n").getBytes(UTF_8);
    }

    public static byte[] nudge() {
        return "MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n".getBytes(UTF_8);
    }

    public static byte[] clientCaps(String clientName) {
        return ("MIME-Version: 1.0\r\nContent-Type: text/x-clientcaps\r\n\r\nClient-Name: " + clientName
                + "\r\nChat-Logging: Y\r\n").getBytes(UTF_8);
    }

    /** The file-transfer INVITE of msnp.md (290 bytes). */
    public static byte[] fileInvite(String file, long size, String cookie) {
        return ("MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\n"
                + "Application-Name: File Transfer\r\n"
                + "Application-GUID: {5D3E02AB-6190-11D3-BBBB-00C04F795683}\r\n"
                + "Invitation-Command: INVITE\r\nInvitation-Cookie: " + cookie + "\r\n"
                + "Application-File: " + file + "\r\nApplication-FileSize: " + size + "\r\nConnectivity: N\r\n\r\n")
                .getBytes(UTF_8);
    }

    public static byte[] voiceInvite(String cookie) {
        return ("MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\n"
                + "Application-Name: an audio conversation\r\n"
                + "Application-GUID: {02D3C01F-BF30-4825-A83A-DE7AF41648AA}\r\n"
                + "Invitation-Command: INVITE\r\nInvitation-Cookie: " + cookie + "\r\n\r\n").getBytes(UTF_8);
    }

    /** The MSNSLP INVITE text of an MSN 6+ file transfer, NUL-terminated. */
    public static byte[] slpFileInvite(String from, String to, String file, long size) {
        String body = "EUF-GUID: {5D3E02AB-6190-11D3-BBBB-00C04F795683}\r\nSessionID: 94230\r\nAppID: 2\r\n"
                + "Context: " + FileContext.encode(file, size) + "\r\n\r\n\0";
        String text = "INVITE MSNMSGR:" + to + " MSNSLP/1.0\r\nTo: <msnmsgr:" + to + ">\r\nFrom: <msnmsgr:" + from
                + ">\r\nVia: MSNSLP/1.0/TLP ;branch={33517CE4-02FC-4428-B6F4-39927229B722}\r\nCSeq: 0 \r\n"
                + "Call-ID: {9D79AE57-1BD5-444B-B14E-3FC9BB2B5D58}\r\nMax-Forwards: 0\r\n"
                + "Content-Type: application/x-msnmsgr-sessionreqbody\r\nContent-Length: "
                + body.getBytes(UTF_8).length + "\r\n\r\n" + body;
        return text.getBytes(UTF_8);
    }

    /** The MSG payloads (one per chunk of at most {@code chunk} bytes) carrying {@code slp}. */
    public static byte[][] p2pChunks(String to, byte[] slp, int chunk) {
        int n = (slp.length + chunk - 1) / chunk;
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            int from = i * chunk;
            int len = Math.min(chunk, slp.length - from);
            byte[] data = java.util.Arrays.copyOfRange(slp, from, from + len);
            ByteArrayOutputStream msg = new ByteArrayOutputStream();
            msg.writeBytes(("MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: " + to
                    + "\r\n\r\n").getBytes(UTF_8));
            msg.writeBytes(P2pPacket.encode(0, 7001, from, slp.length, data, 0));
            out[i] = msg.toByteArray();
        }
        return out;
    }

    /** A client MSG command with the given payload. */
    public static byte[] clientMsg(int trId, String mode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("MSG " + trId + " " + mode + " " + payload.length + "\r\n").getBytes(UTF_8));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** A server MSG command relaying the payload from {@code sender}. */
    public static byte[] serverMsg(String sender, String name, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("MSG " + sender + " " + name + " " + payload.length + "\r\n").getBytes(UTF_8));
        out.writeBytes(payload);
        return out.toByteArray();
    }
}

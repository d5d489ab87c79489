package org.imgate.archive.export;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Builds the RFC 5322 message for one conversation with Jakarta Mail, as eDiscovery tools ingest it:
 * the first sender in From, every other participant in To, the Date of the first message, a Subject
 * naming the conversation and its time span, a plain-text and an HTML alternative (content escaped),
 * and {@code X-Imgate-*} headers naming the journal records. Each message's action and rules are in
 * the bodies. Thread-safe: the mail session holds no per-message state.
 */
final class ConversationMail {
    static final String SEQ_FIRST = "X-Imgate-Seq-First";
    static final String SEQ_LAST = "X-Imgate-Seq-Last";
    static final String NODE = "X-Imgate-Node";
    static final String CONVERSATION = "X-Imgate-Conversation";
    static final String NETWORK = "X-Imgate-Network";
    static final String MESSAGES = "X-Imgate-Messages";

    private final Session session = Session.getInstance(new Properties());

    /** Writes the conversation (oldest first, at least one message) as an RFC 5322 message with CRLF lines. */
    void writeTo(List<ExportedMessage> conversation, OutputStream out) throws IOException {
        try {
            build(conversation).writeTo(out);
        } catch (MessagingException e) {
            ExportedMessage first = conversation.get(0);
            throw new IOException("cannot build the message for conversation " + ConversationText.idOf(first)
                    + " (seq " + first.seq() + "): " + e.getMessage(), e);
        }
    }

    MimeMessage build(List<ExportedMessage> conversation) throws MessagingException {
        if (conversation.isEmpty()) {
            throw new IllegalArgumentException("a conversation has at least one message");
        }
        ExportedMessage first = conversation.get(0);
        ExportedMessage last = conversation.get(conversation.size() - 1);
        List<String> participants = ConversationText.participants(conversation);
        MimeMessage mail = new MimeMessage(session);
        String sender = first.from() != null ? first.from() : participants.isEmpty() ? null : participants.get(0);
        if (sender != null) {
            mail.setFrom(address(sender));
        }
        for (String p : participants) {
            if (!p.equals(sender)) {
                mail.addRecipient(Message.RecipientType.TO, address(p));
            }
        }
        mail.setSentDate(Date.from(first.time()));
        mail.setSubject(ConversationText.subject(conversation), "UTF-8");
        mail.setHeader(NODE, encoded(first.nodeId()));
        // ids and node names come from clients and operators: RFC 2047-encode anything beyond ASCII
        mail.setHeader(CONVERSATION, encoded(ConversationText.idOf(first)));
        mail.setHeader(NETWORK, first.network());
        // messages are in time order; the lowest and highest seq name the journal range they came from
        mail.setHeader(SEQ_FIRST, Long.toString(conversation.stream().mapToLong(ExportedMessage::seq).min().orElseThrow()));
        mail.setHeader(SEQ_LAST, Long.toString(conversation.stream().mapToLong(ExportedMessage::seq).max().orElseThrow()));
        mail.setHeader(MESSAGES, Integer.toString(conversation.size()));
        mail.setHeader("X-Imgate-Time-First", first.time().toString());
        mail.setHeader("X-Imgate-Time-Last", last.time().toString());

        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(ConversationText.plain(conversation), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(ConversationText.html(conversation), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(html);
        mail.setContent(alternative);
        mail.saveChanges();
        // saveChanges invents a Message-ID from the host name; a stable one lets tools de-duplicate re-exports
        mail.setHeader("Message-ID", "<" + first.nodeId() + "." + first.seq() + "-" + last.seq() + "@export.imgate>");
        return mail;
    }

    private static String encoded(String value) throws MessagingException {
        try {
            return MimeUtility.fold(0, MimeUtility.encodeText(value, "UTF-8", null));
        } catch (java.io.UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 is always supported", e);
        }
    }

    /** IM handles are not always valid mail addresses (an MSN display handle, an XMPP resource): keep them as written. */
    private static InternetAddress address(String handle) {
        InternetAddress a = new InternetAddress();
        a.setAddress(handle);
        return a;
    }
}

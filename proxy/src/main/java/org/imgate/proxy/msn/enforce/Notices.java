package org.imgate.proxy.msn.enforce;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.Objects;

import org.imgate.proxy.msn.codec.MsnCommand;

/**
 * Builds the server-to-client commands that show a policy notice to the user.
 *
 * <ul>
 * <li>In a switchboard: an instant message from the configured system identity,
 *     {@code MSG handle name length} with a {@code text/plain; charset=UTF-8} body (msnp.md §1
 *     "MSG (SB)"). Clients show it in the conversation window like any message; the identity need not
 *     be a participant.</li>
 * <li>On a notification session after login (MSNP8+): an MSN Alerts {@code NOT length} document, which
 *     MSN Messenger 5.0+ shows as a toast with the text. The only other notification-server notice,
 *     {@code MSG Hotmail Hotmail} with {@code application/x-msmsgssystemmessage}, announces server
 *     maintenance from fixed fields and cannot carry free text. The alert's XML layout follows the
 *     public protocol notes [?: unverified against a live MSN 5.0]. Before login the client shows
 *     nothing, so a notice about a login-phase command (an upgrade reminder on {@code CVR}) is held
 *     until the login succeeds; before MSNP8 there are no alerts and the notice stays in the archive
 *     only.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class Notices {

    /** Bold blue MS Sans Serif, so the notice stands out from the users' own messages. */
    static final String FORMAT = "FN=MS%20Sans%20Serif; EF=B; CO=ff0000; CS=0; PF=0";

    private final Peer system;

    public Notices(Peer system) {
        this.system = Objects.requireNonNull(system, "system");
    }

    public Peer system() {
        return system;
    }

    /** A message from the system identity into the switchboard conversation. */
    public MsnCommand conversationNotice(String text) {
        byte[] payload = ("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: "
                + FORMAT + "\r\n\r\n" + text).getBytes(UTF_8);
        return MsnCommand.withPayload("MSG", null, List.of(system.handle(), system.wireName()), payload);
    }

    /** An MSN Alerts notification to the signed-in user {@code userHandle} on the notification session. */
    public MsnCommand alert(String text, String userHandle) {
        String xml = "<NOTIFICATION ver=\"2\" id=\"1\" siteid=\"0\" siteurl=\"http://imgate.invalid/\">"
                + "<TO pid=\"0x00000000:0x00000000\" name=\"" + escape(userHandle == null ? "" : userHandle) + "\"/>"
                + "<MSG pri=\"1\" id=\"1\"><ACTION url=\"about:blank\"/><SUBSCR url=\"about:blank\"/>"
                + "<BODY lang=\"1033\" icon=\"\"><TEXT>" + escape(text) + "</TEXT></BODY></MSG></NOTIFICATION>";
        return MsnCommand.withPayload("NOT", null, List.of(), xml.getBytes(UTF_8));
    }

    /**
     * The action that shows the notice in this session: at once in a switchboard or after login, held
     * until login on a notification session that is still signing in, or {@code null} when the
     * protocol offers no way to show it (a notification session before MSNP8).
     */
    public WireAction noticeFor(EnforcementContext context, String text) {
        if (context.isSwitchboard()) {
            return new WireAction.SendToClient(conversationNotice(text));
        }
        if (context.protocolVersion() < 8) {
            return null;
        }
        MsnCommand alert = alert(text, context.userHandle());
        return context.loggedIn() ? new WireAction.SendToClient(alert) : new WireAction.SendToClientAfterLogin(alert);
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}

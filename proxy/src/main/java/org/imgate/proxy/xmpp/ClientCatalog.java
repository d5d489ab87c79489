package org.imgate.proxy.xmpp;

import org.imgate.core.ClientInfo;

import java.util.List;
import java.util.Locale;

/**
 * Names the XMPP client family behind a piece of evidence: an XEP-0115 caps node (a URI the client's
 * authors chose), an XEP-0092 software name, or a bound resource that many clients prefix with their
 * name. Only exact known markers count; anything else is {@link ClientInfo#UNKNOWN_FAMILY}. Stateless
 * and thread-safe.
 */
final class ClientCatalog {

    private record Entry(String family, List<String> markers) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("Gajim", List.of("gajim")),
            new Entry("Conversations", List.of("conversations")),
            new Entry("Dino", List.of("dino")),
            new Entry("Pidgin", List.of("pidgin", "libpurple")),
            new Entry("Psi", List.of("psi-im", "psi-plus", "psi+", "psi")),
            new Entry("Smack", List.of("smack")),
            new Entry("Spark", List.of("spark")),
            new Entry("Monal", List.of("monal")),
            new Entry("Siskin", List.of("siskin")),
            new Entry("Profanity", List.of("profanity")),
            new Entry("Swift", List.of("swift.im", "swift")),
            new Entry("Jitsi", List.of("jitsi")),
            new Entry("poezio", List.of("poez.io", "poezio")),
            new Entry("Movim", List.of("movim")),
            new Entry("Miranda NG", List.of("miranda")),
            new Entry("Converse.js", List.of("conversejs", "converse.js")),
            new Entry("Cheogram", List.of("cheogram")),
            new Entry("Blabber", List.of("blabber")));

    private ClientCatalog() {
    }

    /** The family a caps node URI or software name names, else {@link ClientInfo#UNKNOWN_FAMILY}. */
    static String familyOf(String evidence) {
        if (evidence == null || evidence.isBlank()) {
            return ClientInfo.UNKNOWN_FAMILY;
        }
        String e = evidence.toLowerCase(Locale.ROOT);
        for (Entry entry : ENTRIES) {
            for (String marker : entry.markers()) {
                if (containsWord(e, marker)) {
                    return entry.family();
                }
            }
        }
        return ClientInfo.UNKNOWN_FAMILY;
    }

    /** The family a resource names by its leading word ({@code Gajim.ab12}, {@code Conversations.x9}). */
    static String familyOfResource(String resource) {
        if (resource == null) {
            return ClientInfo.UNKNOWN_FAMILY;
        }
        String lead = resource.split("[.\\-_ /@]", 2)[0];
        return lead.length() < 3 ? ClientInfo.UNKNOWN_FAMILY : familyOf(lead);
    }

    /** A marker counts only as a whole word, so "psi" does not match "gypsies". */
    private static boolean containsWord(String text, String marker) {
        int from = 0;
        while (true) {
            int i = text.indexOf(marker, from);
            if (i < 0) {
                return false;
            }
            int end = i + marker.length();
            boolean startOk = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1));
            boolean endOk = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
            if (startOk && endOk) {
                return true;
            }
            from = i + 1;
        }
    }
}

package org.imgate.proxy.msn.message;

import java.util.Locale;

/**
 * A legacy application invitation ({@code text/x-msmsgsinvite}, MSN Messenger 4.x–6.x and Windows
 * Messenger): file transfer (MSNFTP), voice, NetMeeting and others, told apart by Application-GUID
 * (msnp.md §1 "MSG (SB)", GUID list). Immutable and thread-safe.
 *
 * @param command         {@code INVITE}, {@code ACCEPT} or {@code CANCEL} (upper case)
 * @param application     what is offered
 * @param applicationGuid the Application-GUID as sent, or {@code null} (ACCEPT and CANCEL omit it)
 * @param applicationName the Application-Name as sent, or {@code null}
 * @param cookie          the Invitation-Cookie that ties INVITE, ACCEPT and CANCEL together, or {@code null}
 * @param fileName        Application-File, or {@code null}
 * @param fileSize        Application-FileSize, or -1 when absent or not a number
 */
public record Invitation(String command, Application application, String applicationGuid, String applicationName,
                         String cookie, String fileName, long fileSize) {

    /** Applications known by GUID. */
    public enum Application {
        /** {@code {5D3E02AB-6190-11D3-BBBB-00C04F795683}}, documented by Microsoft and Pidgin. */
        FILE_TRANSFER("{5D3E02AB-6190-11D3-BBBB-00C04F795683}"),
        /** {@code {02D3C01F-BF30-4825-A83A-DE7AF41648AA}}, per Miranda's MSN plugin. */
        VOICE("{02D3C01F-BF30-4825-A83A-DE7AF41648AA}"),
        /** {@code {44BBA842-CC51-11CF-AAFA-00AA00B6015C}}, unverified (msnp.md marks it [?]). */
        NETMEETING("{44BBA842-CC51-11CF-AAFA-00AA00B6015C}"),
        /** Any other GUID, or none. */
        OTHER(null);

        private final String guid;

        Application(String guid) {
            this.guid = guid;
        }

        public String guid() {
            return guid;
        }

        static Application of(String guid) {
            if (guid != null) {
                for (Application a : values()) {
                    if (a.guid != null && a.guid.equalsIgnoreCase(guid.strip())) {
                        return a;
                    }
                }
            }
            return OTHER;
        }
    }

    /**
     * Reads an invitation from an MSG of type {@code text/x-msmsgsinvite}.
     *
     * @throws MalformedMessageException if the message is of another type or lacks Invitation-Command
     */
    public static Invitation parse(MsnMessage message) throws MalformedMessageException {
        if (!message.is(MsnMessage.INVITE)) {
            throw new MalformedMessageException("not an invitation: " + message.mimeType());
        }
        Fields f = message.bodyFields();
        String command = f.value("Invitation-Command");
        if (command == null || command.isBlank()) {
            throw new MalformedMessageException("invitation without Invitation-Command");
        }
        String guid = f.value("Application-GUID");
        return new Invitation(command.toUpperCase(Locale.ROOT), Application.of(guid), guid,
                f.value("Application-Name"), f.value("Invitation-Cookie"), f.value("Application-File"),
                parseSize(f.value("Application-FileSize")));
    }

    public boolean isInvite() {
        return "INVITE".equals(command);
    }

    static long parseSize(String value) {
        if (value == null) {
            return -1;
        }
        try {
            long size = Long.parseLong(value.strip());
            return size >= 0 ? size : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

package org.imgate.server.cli;

/**
 * Who is running this command, for the records it writes when no server runs. Through a running
 * server the server records the admin socket's peer instead, which the caller cannot choose.
 */
final class OperatorName {
    private OperatorName() {
    }

    static String current() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }
}

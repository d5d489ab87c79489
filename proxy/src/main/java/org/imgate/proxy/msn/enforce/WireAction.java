package org.imgate.proxy.msn.enforce;

import java.util.Objects;

import org.imgate.proxy.msn.codec.MsnCommand;

/**
 * One thing the MSN transport does on the wire because of a verdict. {@link MsnEnforcer} returns them
 * in the order they must be carried out. Records are immutable and thread-safe; their
 * {@code toString} shows only verbs and sizes (the commands' own {@code toString}).
 */
public sealed interface WireAction {

    /** Send the command on towards where it was going, as given (possibly rewritten). */
    record Forward(MsnCommand command) implements WireAction {
        public Forward {
            Objects.requireNonNull(command, "command");
        }
    }

    /** Do not deliver the command being enforced. */
    record Drop() implements WireAction {
    }

    /** Send a command imgate made to the client of this session. */
    record SendToClient(MsnCommand command) implements WireAction {
        public SendToClient {
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * Hold a command imgate made until the server has accepted the user's login ({@code USR … OK} has
     * been forwarded), then send it to the client: a notice about a command of the login phase, when
     * the client cannot show anything yet. Dropped if the session ends before login.
     */
    record SendToClientAfterLogin(MsnCommand command) implements WireAction {
        public SendToClientAfterLogin {
            Objects.requireNonNull(command, "command");
        }
    }

    /** Send a command imgate made to the upstream server of this session, as if from the client. */
    record SendToServer(MsnCommand command) implements WireAction {
        public SendToServer {
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * Send {@code lastCommand} to the client, if there is one, then close both the client and the
     * upstream connection of this session.
     */
    record CloseSession(MsnCommand lastCommand) implements WireAction {
    }
}

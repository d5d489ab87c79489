package org.imgate.proxy.msn.route;

import java.util.Objects;

import org.imgate.proxy.msn.codec.MsnCommand;

/** What {@link RedirectRewriter} made of a server command. Records are immutable and thread-safe. */
public sealed interface RedirectResult {

    /** The command names no server: forward it as it is. */
    record NotARedirect() implements RedirectResult {
    }

    /** Send {@code command} to the client instead; its follow-up connection takes {@code route}. */
    record Redirected(MsnCommand command, Route route) implements RedirectResult {
        public Redirected {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(route, "route");
        }
    }

    /**
     * The redirect cannot be taken through imgate (no free notification port, no cookie, an address that
     * is not host:port). Forwarding it unchanged would let the client bypass imgate, so the transport
     * must refuse the session; {@code reason} says why and holds no cookie.
     */
    record Unroutable(String reason) implements RedirectResult {
        public Unroutable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

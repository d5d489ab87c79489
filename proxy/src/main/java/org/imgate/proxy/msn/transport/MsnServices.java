package org.imgate.proxy.msn.transport;

import java.time.Clock;
import java.util.function.Predicate;

import org.imgate.core.Gate;
import org.imgate.proxy.msn.codec.MsnLimits;
import org.imgate.proxy.msn.cvr.CvrRewriter;
import org.imgate.proxy.msn.enforce.MsnEnforcer;
import org.imgate.proxy.msn.identify.ClientIdentifier;
import org.imgate.proxy.msn.route.RedirectRewriter;
import org.imgate.proxy.msn.route.SwitchboardRoutes;

/**
 * What every MSN session of one proxy shares. Immutable; every part is thread-safe.
 *
 * @param notificationListener opens the imgate listener that stands for an upstream notification server
 */
record MsnServices(Gate gate, Clock clock, Predicate<String> isInternal, ClientIdentifier identifier,
                   MsnEnforcer enforcer, CvrRewriter cvr, MsnLimits limits, RedirectRewriter rewriter, SwitchboardRoutes switchboards,
                   SwitchboardOrigins origins, ProxiedParticipants participants,
                   NotificationListeners notificationListener) {
}

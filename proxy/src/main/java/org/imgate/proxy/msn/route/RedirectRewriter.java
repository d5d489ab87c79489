package org.imgate.proxy.msn.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.codec.MsnCommand;

/**
 * Rewrites the server commands that send a client to another server so that the client comes back to
 * imgate (msnp.md §1 "Switchboard", "Rewriting"): the address in {@code XFR trid NS host:port …}
 * (field 3), {@code XFR trid SB host:port CKI cookie …} (field 3) and
 * {@code RNG sessionId host:port CKI cookie …} (field 2) becomes the advertised host with an imgate port;
 * nothing else in the command changes. A notification server gets its own port from the
 * {@link NsPortAllocator}; every switchboard shares {@code switchboardPort}, and the cookie of the
 * redirect is registered in {@link SwitchboardRoutes} so the connection that presents it reaches the right
 * upstream switchboard. See docs/adr/0004-msn-redirect-routing.md.
 *
 * <p>Thread-safe when its allocator and route table are (they are).
 */
public final class RedirectRewriter {

    /** The MSNP port an address without one means (msnp.md §1). */
    static final int DEFAULT_PORT = 1863;

    private final String advertiseHost;
    private final NsPortAllocator nsPorts;
    private final int switchboardPort;
    private final SwitchboardRoutes switchboards;

    /**
     * @param advertiseHost   the host clients use to reach imgate (msn.advertise-host)
     * @param switchboardPort the imgate port every switchboard connection comes to
     */
    public RedirectRewriter(String advertiseHost, NsPortAllocator nsPorts, int switchboardPort,
                            SwitchboardRoutes switchboards) {
        this.advertiseHost = Objects.requireNonNull(advertiseHost, "advertiseHost");
        if (advertiseHost.isBlank() || advertiseHost.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("advertise host must be a host name or address");
        }
        if (switchboardPort < 1 || switchboardPort > 65535) {
            throw new IllegalArgumentException("switchboard port " + switchboardPort + " is out of range 1-65535");
        }
        this.nsPorts = Objects.requireNonNull(nsPorts, "nsPorts");
        this.switchboardPort = switchboardPort;
        this.switchboards = Objects.requireNonNull(switchboards, "switchboards");
    }

    /**
     * Rewrites one command the upstream server sent to the client.
     *
     * @return {@link RedirectResult.NotARedirect} for every command other than a server {@code XFR} or
     *         {@code RNG} that names a server
     */
    public RedirectResult rewrite(MsnCommand fromServer) {
        Objects.requireNonNull(fromServer, "fromServer");
        if ("XFR".equals(fromServer.verb()) && fromServer.arg(1) != null) {
            if ("NS".equals(fromServer.arg(0))) {
                return notification(fromServer);
            }
            if ("SB".equals(fromServer.arg(0))) {
                return switchboard(fromServer, 1, null);
            }
            return new RedirectResult.NotARedirect();
        }
        if ("RNG".equals(fromServer.verb()) && fromServer.arg(1) != null) {
            return switchboard(fromServer, 1, fromServer.arg(0));
        }
        return new RedirectResult.NotARedirect();
    }

    private RedirectResult notification(MsnCommand xfr) {
        HostPort upstream;
        try {
            upstream = parseAddress(xfr.arg(1));
        } catch (IllegalArgumentException e) {
            return new RedirectResult.Unroutable("XFR NS names no usable address: " + e.getMessage());
        }
        OptionalInt port = nsPorts.portFor(upstream);
        if (port.isEmpty()) {
            return new RedirectResult.Unroutable("no free notification port in " + nsPorts.firstPort() + "-"
                    + nsPorts.lastPort() + " for upstream " + upstream);
        }
        HostPort advertised = new HostPort(advertiseHost, port.getAsInt());
        return new RedirectResult.Redirected(withAddress(xfr, 1, advertised),
                new Route(RouteKind.NOTIFICATION, advertised, upstream));
    }

    private RedirectResult switchboard(MsnCommand command, int addressIndex, String sessionId) {
        String what = sessionId == null ? "XFR SB" : "RNG";
        HostPort upstream;
        try {
            upstream = parseAddress(command.arg(addressIndex));
        } catch (IllegalArgumentException e) {
            return new RedirectResult.Unroutable(what + " names no usable address: " + e.getMessage());
        }
        String cookie = command.arg(addressIndex + 2);
        if (!"CKI".equals(command.arg(addressIndex + 1)) || cookie == null || cookie.isBlank()) {
            return new RedirectResult.Unroutable(what + " carries no CKI cookie to route the switchboard by");
        }
        switchboards.register(new SwitchboardTicket(cookie, sessionId), upstream);
        HostPort advertised = new HostPort(advertiseHost, switchboardPort);
        return new RedirectResult.Redirected(withAddress(command, addressIndex, advertised),
                new Route(RouteKind.SWITCHBOARD, advertised, upstream));
    }

    private static MsnCommand withAddress(MsnCommand command, int index, HostPort address) {
        List<String> args = new ArrayList<>(command.args());
        args.set(index, address.toString());
        return command.replaceArgs(args);
    }

    /** {@code host:port}, or a bare host meaning port 1863. Error messages name the address (it is no secret). */
    static HostPort parseAddress(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty address");
        }
        boolean bracketed = text.startsWith("[");
        int colon = text.lastIndexOf(':');
        boolean hasPort = bracketed ? text.contains("]:") : colon > 0 && text.indexOf(':') == colon;
        if (!hasPort && !bracketed && text.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        return hasPort ? HostPort.valueOf(text) : new HostPort(bracketed ? text.substring(1, text.length() - 1) : text,
                DEFAULT_PORT);
    }
}

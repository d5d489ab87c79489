package org.imgate.core;

/**
 * A {@code host:port} pair as written in configuration ({@code 0.0.0.0:5222}, {@code [::1]:1863},
 * {@code messenger.hotmail.com:1863}). Immutable.
 */
public record HostPort(String host, int port) {
    public HostPort {
        Checks.notBlank(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    /**
     * Parses {@code host:port}; IPv6 hosts go in brackets.
     *
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static HostPort valueOf(String text) {
        Checks.notBlank(text, "host:port");
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + text + "': write IPv6 hosts in brackets, as [::1]:5222");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': port is not a number");
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}

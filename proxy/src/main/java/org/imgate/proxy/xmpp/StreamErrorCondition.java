package org.imgate.proxy.xmpp;

/**
 * The stream error conditions of RFC 6120 §4.9.3 the proxy sends. Each is unrecoverable: the stream
 * is closed after the error (§4.9.1.1). Immutable.
 */
public enum StreamErrorCondition {
    /** §4.9.3.1: XML that cannot be processed although well-formed. */
    BAD_FORMAT("bad-format"),
    /** §4.9.3.10: the stream header names a wrong namespace. */
    INVALID_NAMESPACE("invalid-namespace"),
    /** §4.9.3.13: XML that is not well-formed. */
    NOT_WELL_FORMED("not-well-formed"),
    /** §4.9.3.14: a local policy was broken (size, depth, attribute count, compliance). */
    POLICY_VIOLATION("policy-violation"),
    /** §4.9.3.18: XML features RFC 6120 §11.1 forbids (DTDs, comments, PIs, entity references). */
    RESTRICTED_XML("restricted-xml"),
    /** §4.9.3.22: an encoding other than UTF-8. */
    UNSUPPORTED_ENCODING("unsupported-encoding"),
    /** §4.9.3.19: the proxy is shutting down. */
    SYSTEM_SHUTDOWN("system-shutdown"),
    /** §4.9.3.9: the proxy cannot go on for an internal reason. */
    INTERNAL_SERVER_ERROR("internal-server-error"),
    /** §4.9.3.12: the stream named a domain this proxy does not serve. */
    HOST_UNKNOWN("host-unknown"),
    /** §4.9.3.16: the real server could not be reached or could not be trusted. */
    REMOTE_CONNECTION_FAILED("remote-connection-failed"),
    /** §4.9.3.5: the peer took too long (here: to finish its handshake). */
    CONNECTION_TIMEOUT("connection-timeout");

    private final String elementName;

    StreamErrorCondition(String elementName) {
        this.elementName = elementName;
    }

    /** The condition's element name in {@code urn:ietf:params:xml:ns:xmpp-streams}. */
    public String elementName() {
        return elementName;
    }
}

package org.imgate.proxy.xmpp;

/** The stanza error conditions of RFC 6120 §8.3.3 the proxy sends, with the type each is sent with. Immutable. */
public enum StanzaErrorCondition {
    /** §8.3.3.12: blocked by compliance policy; the sender may change the content. */
    POLICY_VIOLATION("policy-violation", "modify"),
    /** §8.3.3.9: a feature the organisation does not allow (file transfer, OMEMO key publication). */
    NOT_ALLOWED("not-allowed", "cancel"),
    /** §8.3.3.5: the user lacks permission. */
    FORBIDDEN("forbidden", "auth"),
    /** §8.3.3.19: the service is not available through the proxy. */
    SERVICE_UNAVAILABLE("service-unavailable", "cancel"),
    /** §8.3.3.8: the proxy failed; trying again later may work. */
    INTERNAL_SERVER_ERROR("internal-server-error", "wait");

    private final String elementName;
    private final String type;

    StanzaErrorCondition(String elementName, String type) {
        this.elementName = elementName;
        this.type = type;
    }

    /** The condition's element name in {@code urn:ietf:params:xml:ns:xmpp-stanzas}. */
    public String elementName() {
        return elementName;
    }

    /** The {@code type} of the {@code <error/>} (§8.3.2). */
    public String type() {
        return type;
    }
}

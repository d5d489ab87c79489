package org.imgate.proxy.xmpp;

/**
 * The opening {@code <stream:stream>} tag (RFC 6120 §4.7). Each attribute is {@code null} when absent.
 * Immutable and thread-safe.
 *
 * @param to               the domain the initiating entity wants (§4.7.2); selects the certificate
 * @param from             the sender's identity (§4.7.1)
 * @param version          the stream version, {@code "1.0"} for RFC 6120 streams (§4.7.5)
 * @param lang             {@code xml:lang} (§4.7.4)
 * @param id               the stream id the receiving entity assigned (§4.7.3)
 * @param contentNamespace the default namespace, {@code jabber:client} on a client stream (§4.8.2)
 */
public record StreamHeader(String to, String from, String version, String lang, String id,
                           String contentNamespace) implements StreamItem {
}

package org.imgate.proxy.xmpp;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;

import javax.xml.stream.XMLInputFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the non-blocking Aalto parsers of {@link XmppStreamReader}, configured once for XMPP's restricted
 * XML (RFC 6120 §11.1: no DTD, no entity expansion). One factory serves every session of a proxy: its
 * parsers then share the symbol table of the element and attribute names seen so far (they merge what
 * they learn back into it when closed) instead of each growing its own, which matters when thousands of
 * sessions sit idle.
 *
 * <p>Thread-safe (Aalto's factory is, once configured; every parser it makes belongs to one caller).
 */
public final class XmlParserFactory {

    /** How many distinct shared texts are kept; peers choose them, so the number is bounded. */
    static final int MAX_SHARED_TEXTS = 64;

    private final AsyncXMLInputFactory factory;
    private final Map<String, String> sharedTexts = new ConcurrentHashMap<>();

    public XmlParserFactory() {
        factory = new InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    }

    /** A fresh parser at the start of a document. */
    AsyncXMLStreamReader<AsyncByteArrayFeeder> newParser() {
        return factory.createAsyncForByteArray();
    }

    /**
     * One instance of a short text that many sessions hold alike (the namespace declarations of a stream
     * header, kept by every idle reader), or {@code text} itself once {@value #MAX_SHARED_TEXTS} are known.
     */
    String shared(String text) {
        String known = sharedTexts.get(text);
        if (known != null) {
            return known;
        }
        if (sharedTexts.size() >= MAX_SHARED_TEXTS) {
            return text;
        }
        known = sharedTexts.putIfAbsent(text, text);
        return known != null ? known : text;
    }
}

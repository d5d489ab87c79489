package org.imgate.proxy.xmpp;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reads file offers out of stanzas: XEP-0363 upload slot requests, XEP-0066 out-of-band URLs (in
 * messages and IQs), XEP-0096 SI file transfer and XEP-0234 Jingle file transfer. Stateless and
 * thread-safe.
 */
final class FileOffers {

    /** One offer as read from the wire. */
    record Offer(String fileName, long size, String sha256, String method) {
    }

    private FileOffers() {
    }

    /** The out-of-band link of a message ({@code jabber:x:oob}), named after the URL's last path segment. */
    static Optional<Offer> fromMessage(XmlElement message) {
        return message.child("x", XmppNamespaces.OOB_X)
                .flatMap(x -> x.child("url", XmppNamespaces.OOB_X))
                .map(url -> url.text().strip())
                .filter(url -> !url.isEmpty())
                .map(url -> new Offer(nameFromUrl(url), -1, null, "oob"));
    }

    /** An offer carried by an IQ request, if it carries one. */
    static Optional<Offer> fromIq(XmlElement iq) {
        Optional<XmlElement> upload = iq.child("request", XmppNamespaces.HTTP_UPLOAD);
        if (upload.isPresent()) {
            String name = upload.get().attribute("filename");
            return named(name).map(n -> new Offer(n, size(upload.get().attribute("size")), null, "http-upload"));
        }
        Optional<XmlElement> oob = iq.child("query", XmppNamespaces.OOB_IQ).flatMap(q -> q.child("url",
                XmppNamespaces.OOB_IQ));
        if (oob.isPresent() && !oob.get().text().isBlank()) {
            return Optional.of(new Offer(nameFromUrl(oob.get().text().strip()), -1, null, "oob"));
        }
        Optional<XmlElement> si = iq.child("si", XmppNamespaces.SI)
                .filter(s -> XmppNamespaces.SI_FILE.equals(s.attribute("profile")))
                .flatMap(s -> s.child("file", XmppNamespaces.SI_FILE));
        if (si.isPresent()) {
            return named(si.get().attribute("name")).map(n -> new Offer(n, size(si.get().attribute("size")), null,
                    "si"));
        }
        return iq.child("jingle", XmppNamespaces.JINGLE)
                .filter(j -> "session-initiate".equals(j.attribute("action")))
                .flatMap(FileOffers::jingleFile);
    }

    private static Optional<Offer> jingleFile(XmlElement jingle) {
        for (XmlElement content : jingle.elements("content", XmppNamespaces.JINGLE)) {
            for (XmlElement description : content.elements()) {
                if (!description.name().equals("description")
                        || !description.namespace().startsWith(XmppNamespaces.JINGLE_FILE_PREFIX)) {
                    continue;
                }
                String ns = description.namespace();
                Optional<XmlElement> file = description.child("file", ns);
                if (file.isEmpty()) {
                    continue;
                }
                String name = file.get().child("name", ns).map(XmlElement::text).orElse(null);
                long size = size(file.get().child("size", ns).map(XmlElement::text).orElse(null));
                String sha256 = file.get().elements("hash", XmppNamespaces.HASHES).stream()
                        .filter(h -> "sha-256".equals(h.attribute("algo")))
                        .map(h -> hex(h.text()))
                        .filter(h -> h != null)
                        .findFirst().orElse(null);
                return named(name).map(n -> new Offer(n, size, sha256, "jingle"));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> named(String name) {
        return name == null || name.isBlank() ? Optional.empty() : Optional.of(name.strip());
    }

    private static long size(String text) {
        if (text == null) {
            return -1;
        }
        try {
            long size = Long.parseLong(text.strip());
            return size >= 0 ? size : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String hex(String base64) {
        try {
            byte[] digest = Base64.getDecoder().decode(base64.strip());
            return digest.length == 32 ? HexFormat.of().formatHex(digest) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The last path segment of a URL, without query or fragment (which may hold an XEP-0454 key). */
    static String nameFromUrl(String url) {
        String path;
        try {
            path = URI.create(url).getRawPath();
        } catch (IllegalArgumentException e) {
            path = null;
        }
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            int cut = url.indexOf('#');
            return cut < 0 ? url : url.substring(0, cut);
        }
        String segment = path.substring(path.lastIndexOf('/') + 1);
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}

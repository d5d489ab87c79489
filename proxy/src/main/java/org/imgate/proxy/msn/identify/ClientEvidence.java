package org.imgate.proxy.msn.identify;

import java.util.List;

/**
 * Everything seen on an MSNP session that says which client program is behind it. Each field is
 * {@code null} until seen. Grows by {@code with...} copies; immutable and thread-safe.
 *
 * @param verOffered          the client's VER args, as sent ({@code MSNP10 MSNP9 CVR0})
 * @param verTrId             the transaction id of the client's VER
 * @param negotiatedVersion   the MSNP version the server accepted, e.g. 10
 * @param cvr                 the client's CVR fields
 * @param clientId            the client-id capability number of the client's CHG
 * @param qryProductId        the product id of the client's QRY (answer to CHL)
 * @param capsClientName      the {@code Client-Name} of a {@code text/x-clientcaps} message the client sent,
 *                            or the {@code User-Agent} header old Gaim versions put in their IMs
 * @param thirdPartyTell      something only third-party clients do, e.g. sending {@code text/x-keepalive}
 */
public record ClientEvidence(List<String> verOffered, Long verTrId, Integer negotiatedVersion, CvrFields cvr,
                             Long clientId, String qryProductId, String capsClientName,
                             String thirdPartyTell) {

    public static final ClientEvidence NONE = new ClientEvidence(null, null, null, null, null, null, null, null);

    public ClientEvidence {
        // Kept by every session for its whole life, and the same few values across a company's clients:
        // shared copies (the JVM's string table, which drops unreferenced strings) keep idle sessions small.
        verOffered = verOffered == null ? null : interned(verOffered);
        qryProductId = qryProductId == null ? null : qryProductId.intern();
    }

    public ClientEvidence withVer(List<String> offered, Long trId) {
        return new ClientEvidence(offered, trId, negotiatedVersion, cvr, clientId, qryProductId, capsClientName,
                thirdPartyTell);
    }

    public ClientEvidence withNegotiatedVersion(int version) {
        return new ClientEvidence(verOffered, verTrId, version, cvr, clientId, qryProductId, capsClientName,
                thirdPartyTell);
    }

    public ClientEvidence withCvr(CvrFields fields) {
        return new ClientEvidence(verOffered, verTrId, negotiatedVersion, fields, clientId, qryProductId,
                capsClientName, thirdPartyTell);
    }

    public ClientEvidence withClientId(long id) {
        return new ClientEvidence(verOffered, verTrId, negotiatedVersion, cvr, id, qryProductId, capsClientName,
                thirdPartyTell);
    }

    public ClientEvidence withQryProductId(String productId) {
        return new ClientEvidence(verOffered, verTrId, negotiatedVersion, cvr, clientId, productId, capsClientName,
                thirdPartyTell);
    }

    public ClientEvidence withThirdPartyTell(String tell) {
        return new ClientEvidence(verOffered, verTrId, negotiatedVersion, cvr, clientId, qryProductId, capsClientName,
                tell);
    }

    public ClientEvidence withCapsClientName(String name) {
        return new ClientEvidence(verOffered, verTrId, negotiatedVersion, cvr, clientId, qryProductId, name,
                thirdPartyTell);
    }

    /** An immutable list of the shared copies; the list itself when it already is one (each with... copy). */
    private static List<String> interned(List<String> values) {
        List<String> copy = List.copyOf(values);
        for (String v : copy) {
            if (v != v.intern()) {
                return copy.stream().map(String::intern).toList();
            }
        }
        return copy;
    }
}

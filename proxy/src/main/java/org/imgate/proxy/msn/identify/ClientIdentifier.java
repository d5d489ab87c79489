package org.imgate.proxy.msn.identify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.imgate.core.ClientInfo;
import org.imgate.core.Network;
import org.imgate.proxy.msn.codec.PayloadRules;

/**
 * Builds a {@link ClientInfo} from the {@link ClientEvidence} of an MSNP session, following the
 * fingerprints of msnp.md §2: the CVR names the family and version; a {@code text/x-clientcaps}
 * Client-Name reveals third-party clients (which copy an official CVR); and the VER list, the CHG
 * client-id generation, the QRY product id and the OS must fit the claimed release, else the client
 * is flagged as spoofed.
 *
 * <p>A client that names no known family is reported with {@link ClientInfo#UNKNOWN_FAMILY}, never
 * guessed. The identification strings are kept in {@link ClientInfo#raw()} under {@code VER},
 * {@code CVR}, {@code CHG}, {@code QRY}, {@code caps} and {@code tell}; the reasons for a spoof flag under
 * {@code inconsistency}, so that a reviewer can check them. Stateless and thread-safe.
 */
public final class ClientIdentifier {

    public ClientInfo identify(ClientEvidence evidence) {
        CvrFields cvr = evidence.cvr();
        Optional<String> claimedFamily = cvr == null ? Optional.empty() : KnownClients.familyOf(cvr);
        Optional<String> capsFamily = evidence.capsClientName() == null
                ? Optional.empty() : KnownClients.capsFamily(evidence.capsClientName());

        String family = ClientInfo.UNKNOWN_FAMILY;
        String version = null;
        String os = cvr == null ? null : KnownClients.osName(cvr.osType(), cvr.osVersion());
        List<String> inconsistencies = new ArrayList<>();
        if (capsFamily.isPresent()) {
            family = capsFamily.get();
            version = KnownClients.capsVersion(evidence.capsClientName());
            claimedFamily.ifPresent(claimed -> inconsistencies.add("CVR claims " + claimed + " " + cvr.clientVersion()
                    + " but the client announces itself as " + evidence.capsClientName()));
        } else if (claimedFamily.isPresent()) {
            family = claimedFamily.get();
            version = cvr.clientVersion();
            inconsistencies.addAll(checkOfficial(evidence, family, version));
        } else if (cvr != null) {
            version = cvr.clientVersion();
        }
        return new ClientInfo(Network.MSN, family, version, os, protocolVersion(evidence), raw(evidence,
                inconsistencies), !inconsistencies.isEmpty());
    }

    /** The contradictions between what an official client claims and how it behaves. */
    List<String> checkOfficial(ClientEvidence evidence, String family, String version) {
        List<String> out = new ArrayList<>();
        Optional<KnownClients.Release> release = KnownClients.release(family, version);
        String claim = family + " " + version;
        List<Integer> offered = offeredVersions(evidence);
        if (!offered.isEmpty()) {
            for (int i = 1; i < offered.size(); i++) {
                if (offered.get(i) >= offered.get(i - 1)) {
                    out.add("VER lists protocol versions in ascending order; " + claim + " lists newest first");
                    break;
                }
            }
            int top = offered.stream().mapToInt(Integer::intValue).max().orElseThrow();
            release.ifPresent(r -> {
                if (top < r.lowestTopProtocol() || top > r.highestTopProtocol()) {
                    out.add("CVR claims " + claim + " but VER offers at most MSNP" + top + " (" + claim
                            + " offers MSNP" + range(r.lowestTopProtocol(), r.highestTopProtocol()) + ")");
                }
            });
        }
        if (evidence.thirdPartyTell() != null) {
            out.add("the client " + evidence.thirdPartyTell() + ", which " + claim + " never does");
        }
        if (evidence.verTrId() != null && evidence.verTrId() == 0) {
            out.add("VER sent with transaction id 0; " + claim + " starts at 1");
        }
        if (evidence.clientId() != null && release.isPresent() && release.get().generation() >= 0) {
            int generation = (int) ((evidence.clientId() >>> 24) & 0xff);
            if (generation != release.get().generation()) {
                out.add(String.format("CHG client id %d has generation 0x%02x but %s sends 0x%02x",
                        evidence.clientId(), generation, claim, release.get().generation()));
            }
        }
        if (evidence.qryProductId() != null) {
            KnownClients.product(evidence.qryProductId()).ifPresent(p -> {
                Integer negotiated = evidence.negotiatedVersion();
                if (negotiated != null && (negotiated < p.fromProtocol() || negotiated > p.toProtocol())) {
                    out.add("QRY product id " + p.productId() + " is not used with MSNP" + negotiated);
                }
                if (p.family() != null && !(p.family().equals(family) && version.startsWith(p.versionPrefix()))) {
                    out.add("QRY product id " + p.productId() + " belongs to " + p.family() + " " + p.versionPrefix()
                            + ", not " + claim);
                }
            });
        }
        CvrFields cvr = evidence.cvr();
        if (release.isPresent() && release.get().needsWindowsXp()
                && !KnownClients.isWindowsXpOrLater(cvr.osType(), cvr.osVersion())) {
            out.add(claim + " requires Windows XP but CVR reports " + cvr.osType() + " " + cvr.osVersion());
        }
        return out;
    }

    private static String range(int low, int high) {
        return low == high ? Integer.toString(low) : low + "-" + high;
    }

    private static List<Integer> offeredVersions(ClientEvidence evidence) {
        List<Integer> out = new ArrayList<>();
        if (evidence.verOffered() != null) {
            for (String token : evidence.verOffered()) {
                int v = PayloadRules.parseVersion(token);
                if (v >= 0) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static String protocolVersion(ClientEvidence evidence) {
        return evidence.negotiatedVersion() == null ? null : "MSNP" + evidence.negotiatedVersion();
    }

    private static Map<String, String> raw(ClientEvidence evidence, List<String> inconsistencies) {
        Map<String, String> raw = new LinkedHashMap<>();
        if (evidence.verOffered() != null) {
            raw.put("VER", String.join(" ", evidence.verOffered()));
        }
        CvrFields cvr = evidence.cvr();
        if (cvr != null) {
            raw.put("CVR", String.join(" ", cvr.locale(), cvr.osType(), cvr.osVersion(), cvr.arch(),
                    cvr.libraryName(), cvr.clientVersion(), cvr.clientName()));
        }
        if (evidence.clientId() != null) {
            raw.put("CHG", Long.toString(evidence.clientId()));
        }
        if (evidence.qryProductId() != null) {
            raw.put("QRY", evidence.qryProductId());
        }
        if (evidence.capsClientName() != null) {
            raw.put("caps", evidence.capsClientName());
        }
        if (evidence.thirdPartyTell() != null) {
            raw.put("tell", evidence.thirdPartyTell());
        }
        if (!inconsistencies.isEmpty()) {
            raw.put("inconsistency", String.join("; ", inconsistencies));
        }
        return raw;
    }
}

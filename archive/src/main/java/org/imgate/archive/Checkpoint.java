package org.imgate.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;

/**
 * The payload of a CHECKPOINT record, and the content of the {@code CHECKPOINT} file: an Ed25519
 * signature over the chain head (the record just before the checkpoint). Immutable.
 *
 * @param nodeId     the chain
 * @param seq        the sequence number of the head record being vouched for
 * @param headHash   that record's hash, hex
 * @param timeMillis when the checkpoint was made, epoch milliseconds
 * @param publicKey  the signer's public key, base64 of its X.509 SubjectPublicKeyInfo DER
 * @param signature  base64 Ed25519 signature of {@link #signedBytes()}
 */
public record Checkpoint(String nodeId, long seq, String headHash, long timeMillis, String publicKey,
                         String signature) {
    static final String SIGNATURE_CONTEXT = "imgate-checkpoint-v1";

    public Checkpoint {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(headHash, "headHash");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(signature, "signature");
    }

    static Checkpoint sign(ArchiveKeys keys, String nodeId, long seq, byte[] headHash, long timeMillis) {
        String hex = Hex.of(headHash);
        byte[] msg = signedBytes(nodeId, seq, hex, timeMillis);
        Base64.Encoder b64 = Base64.getEncoder();
        return new Checkpoint(nodeId, seq, hex, timeMillis, b64.encodeToString(keys.publicKey().getEncoded()),
                b64.encodeToString(keys.sign(msg)));
    }

    /** The exact bytes signed: UTF-8 of {@code imgate-checkpoint-v1|<nodeId>|<seq>|<headHash>|<timeMillis>}. */
    byte[] signedBytes() {
        return signedBytes(nodeId, seq, headHash, timeMillis);
    }

    private static byte[] signedBytes(String nodeId, long seq, String headHashHex, long timeMillis) {
        return (SIGNATURE_CONTEXT + "|" + nodeId + "|" + seq + "|" + headHashHex + "|" + timeMillis)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The key the checkpoint claims to be signed by. */
    PublicKey signer() throws IOException {
        return ArchiveKeys.decodePublicKey(Base64.getDecoder().decode(publicKey));
    }

    /** Whether the signature is valid for {@code key}. */
    boolean signatureValidFor(PublicKey key) {
        try {
            return ArchiveKeys.verify(key, signedBytes(), Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode checkpoint", e);
        }
    }

    /** For tests and tools that have already verified the bytes. */
    static Checkpoint fromJsonUnchecked(byte[] json) {
        try {
            return Json.MAPPER.readValue(json, Checkpoint.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a checkpoint: " + e.getMessage(), e);
        }
    }

    static Checkpoint fromJson(long seq, byte[] json) throws PayloadException {
        try {
            return Json.MAPPER.readValue(json, Checkpoint.class);
        } catch (IOException | RuntimeException e) {
            throw new PayloadException(seq, "not a valid checkpoint: " + e.getMessage(), e);
        }
    }
}

package org.imgate.archive.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The newest signed checkpoint of a journal as the manifest records it, read from the node directory's
 * {@code CHECKPOINT} file (docs/archive-format.md section 6) at export time: with it, a later
 * {@code imgate verify} shows the exported records were part of a chain the node's key vouched for.
 * Immutable.
 *
 * @param nodeId         the chain
 * @param seq            the sequence number of the record the checkpoint signs
 * @param headHash       that record's hash, hex
 * @param timeMillis     when the checkpoint was made, epoch milliseconds
 * @param publicKey      the signer's public key, base64 X.509 SubjectPublicKeyInfo
 * @param signature      the base64 Ed25519 signature
 * @param keyFingerprint SHA-256 of the public key's DER bytes, hex: what operators compare with {@code imgate keys}
 */
public record ExportCheckpoint(String nodeId, long seq, String headHash, long timeMillis, String publicKey,
                               String signature, String keyFingerprint) {
    static final String FILE_NAME = "CHECKPOINT";

    public ExportCheckpoint {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(headHash, "headHash");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    }

    /**
     * Reads the newest checkpoint of the journal in {@code journalDir}; empty when the journal has not
     * been checkpointed yet.
     *
     * @throws ExportException naming the file when it exists but cannot be read or parsed
     */
    public static Optional<ExportCheckpoint> newest(Path journalDir) throws ExportException {
        Path file = journalDir.resolve(FILE_NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ExportException("cannot read the checkpoint " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode json = new ObjectMapper().readTree(bytes);
            String key = text(json, "publicKey");
            byte[] der = Base64.getDecoder().decode(key);
            return Optional.of(new ExportCheckpoint(text(json, "nodeId"), json.path("seq").asLong(-1),
                    text(json, "headHash"), json.path("timeMillis").asLong(), key, text(json, "signature"),
                    HexFormat.of().formatHex(HashedFile.sha256().digest(der))));
        } catch (IOException | RuntimeException e) {
            throw new ExportException("the checkpoint " + file + " is not valid (" + e.getMessage()
                    + "); run 'imgate verify'", e);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return value.asText();
    }
}

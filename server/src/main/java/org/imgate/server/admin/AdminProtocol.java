package org.imgate.server.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.imgate.archive.AuditEntry;
import org.imgate.archive.LegalHold;
import org.imgate.archive.LegalHoldRelease;
import org.imgate.search.journal.IndexFreshness;

import java.nio.file.Path;
import java.util.Map;

/**
 * The admin channel's messages: one JSON object per line each way, one request and one reply per
 * connection. Small on purpose: the server offers exactly the journal writes {@link ArchiveWriter}
 * names, and one read-side request (commit the search index, so that a search beside the server sees
 * everything archived), nothing that could run arbitrary commands in the server process.
 */
final class AdminProtocol {
    /** Longest request line accepted; requests are a few hundred bytes. */
    static final int MAX_LINE = 64 * 1024;

    private AdminProtocol() {
    }

    /** Where a data directory's admin socket lives: in an owner-only directory of its own. */
    static Path socketPath(Path dataDir) {
        return dataDir.resolve("state").resolve("admin").resolve("admin.sock");
    }

    enum Op { AUDIT, PLACE_HOLD, RELEASE_HOLD, LIST_HOLDS, COMMIT_INDEX }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(Op op, AuditEntry audit, LegalHold hold, LegalHoldRelease release) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Reply(Long seq, Map<String, LegalHold> holds, Long indexedThrough, Long journalThrough, String error) {
        static Reply ofSeq(long seq) {
            return new Reply(seq, null, null, null, null);
        }

        static Reply ofHolds(Map<String, LegalHold> holds) {
            return new Reply(null, holds, null, null, null);
        }

        static Reply ofIndex(IndexFreshness freshness) {
            return new Reply(null, null, freshness.indexedThrough(), freshness.journalThrough(), null);
        }

        static Reply ofError(String error) {
            return new Reply(null, null, null, null, error);
        }
    }

    static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}

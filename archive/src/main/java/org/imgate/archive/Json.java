package org.imgate.archive;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.imgate.core.ClientInfo;
import org.imgate.core.ImEvent;
import org.imgate.core.SessionId;
import org.imgate.core.Verdict;

import java.io.IOException;

/**
 * The one JSON mapping of every payload the journal writes (docs/archive-format.md, "Payloads"):
 * ISO-8601 instants, absent keys for nulls, a {@code type} discriminator on events and verdicts, and
 * unknown keys rejected so that a garbled payload is an error rather than a half-filled value.
 * The mapper is configured once here and never changed afterwards, so sharing it is thread-safe.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(coreTypes())
            .addMixIn(ImEvent.class, ImEventTypes.class)
            .addMixIn(Verdict.class, VerdictTypes.class)
            .addMixIn(ClientInfo.class, ClientInfoShape.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = ImEvent.SessionOpened.class, name = "session-opened"),
            @JsonSubTypes.Type(value = ImEvent.ClientIdentified.class, name = "client-identified"),
            @JsonSubTypes.Type(value = ImEvent.Login.class, name = "login"),
            @JsonSubTypes.Type(value = ImEvent.SessionClosed.class, name = "session-closed"),
            @JsonSubTypes.Type(value = ImEvent.Message.class, name = "message"),
            @JsonSubTypes.Type(value = ImEvent.FileOffer.class, name = "file-offer"),
            @JsonSubTypes.Type(value = ImEvent.EncryptionDetected.class, name = "encryption-detected"),
            @JsonSubTypes.Type(value = ImEvent.Presence.class, name = "presence")})
    private interface ImEventTypes {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Verdict.Allow.class, name = "allow"),
            @JsonSubTypes.Type(value = Verdict.Notify.class, name = "notify"),
            @JsonSubTypes.Type(value = Verdict.Flag.class, name = "flag"),
            @JsonSubTypes.Type(value = Verdict.Redact.class, name = "redact"),
            @JsonSubTypes.Type(value = Verdict.Block.class, name = "block"),
            @JsonSubTypes.Type(value = Verdict.EndSession.class, name = "end-session")})
    private interface VerdictTypes {
    }

    /** {@code isUnknown()} is derived from {@code family}; it is not part of the stored shape. */
    @JsonIgnoreProperties({"unknown"})
    private interface ClientInfoShape {
    }

    private static SimpleModule coreTypes() {
        SimpleModule m = new SimpleModule("imgate-core");
        m.addSerializer(SessionId.class, new JsonSerializer<>() {
            @Override
            public void serialize(SessionId v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.value());
            }
        });
        m.addDeserializer(SessionId.class, new JsonDeserializer<>() {
            @Override
            public SessionId deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return new SessionId(p.getValueAsString());
            }
        });
        return m;
    }
}

package org.imgate.policy.yaml;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.IgnoredPropertyException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Binds a YAML document to an immutable record tree. Keys are kebab-case ({@code failure-mode}
 * binds to a component {@code failureMode}); unknown keys, duplicate keys, wrong types and values a
 * record's constructor rejects all become a {@link YamlException} naming file, line and key path.
 * A missing key binds as {@code null}, so records put their defaults in their compact constructors.
 *
 * <p>Thread-safe once built; one binder serves every file of a kind.
 */
public final class YamlBinder {

    private final ObjectMapper mapper;

    public YamlBinder() {
        YAMLFactory yaml = YAMLFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(yaml)
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
    }

    /** Reads {@code file} and binds it to {@code type}. */
    public <T> T read(Path file, Class<T> type) throws YamlException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new YamlException(file, 0, "", "no such file", e);
        } catch (IOException e) {
            throw new YamlException(file, 0, "", "cannot read: " + e, e);
        }
        return read(text, file, type);
    }

    /** Binds YAML text; {@code origin} names it in errors. */
    public <T> T read(String yamlText, Path origin, Class<T> type) throws YamlException {
        try {
            T value = mapper.readValue(yamlText, type);
            if (value == null) {
                throw new YamlException(origin, 0, "", "the document is empty", null);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw translate(yamlText, origin, e);
        }
    }

    private YamlException translate(String yamlText, Path file, JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        int line = location == null ? 0 : location.getLineNr();
        String path = "";
        String problem = problem(e);
        if (e instanceof JsonMappingException mapping) {
            // References that are neither a key nor an index (Jackson's type wrappers) locate nothing.
            List<JsonMappingException.Reference> refs = new ArrayList<>(mapping.getPath().stream()
                    .filter(ref -> ref.getFieldName() != null || ref.getIndex() >= 0).toList());
            // Jackson builds a record only after reading all its keys and reports keys it does not
            // know after that, so a misspelled key would surface as whatever the constructor then
            // missed; name the misspelling instead, since that is the mistake to fix.
            String stray = e instanceof ValueInstantiationException invalid ? strayKey(yamlText, refs, invalid) : null;
            if (stray != null) {
                refs.add(new JsonMappingException.Reference(null, stray));
                problem = "unknown key '" + stray + "' (known keys: " + String.join(", ", knownKeys(
                        ((ValueInstantiationException) e).getType().getRawClass())) + ")";
            } else {
                refs.addAll(blamedKey(e));
                String named = e instanceof ValueInstantiationException invalid ? keyNamedBy(invalid) : null;
                if (named != null) {
                    List<JsonMappingException.Reference> withKey = new ArrayList<>(refs);
                    withKey.add(new JsonMappingException.Reference(null, named));
                    // only a key written in the file: a record built from one scalar (host:port) has none
                    if (lineOf(yamlText, withKey) > 0) {
                        refs.add(withKey.get(withKey.size() - 1));
                    }
                }
            }
            if (!refs.isEmpty()) {
                path = keyPath(refs);
                // Jackson reports where the parser stood when binding failed, which for records is often
                // past the offending key; find the key itself so the line is the one to edit. A key that
                // is missing is reported at the line of the mapping that lacks it.
                for (int n = refs.size(); n >= 0; n--) {
                    int keyLine = lineOf(yamlText, refs.subList(0, n));
                    if (keyLine > 0) {
                        line = keyLine;
                        break;
                    }
                }
            }
        }
        return new YamlException(file, Math.max(line, 0), path, problem, e);
    }

    /** A key written in the mapping at {@code path} that the record being built there does not have. */
    private String strayKey(String yamlText, List<JsonMappingException.Reference> path,
                            ValueInstantiationException e) {
        if (e.getType() == null || !e.getType().getRawClass().isRecord()) {
            return null;
        }
        List<String> known = knownKeys(e.getType().getRawClass());
        try (JsonParser parser = mapper.getFactory().createParser(yamlText)) {
            JsonToken token = parser.nextToken();
            for (JsonMappingException.Reference ref : path) {
                token = descend(parser, token, ref);
                if (token == null) {
                    return null;
                }
            }
            if (token != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                if (!known.contains(parser.currentName())) {
                    return parser.currentName();
                }
                parser.nextToken();
                parser.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Moves from the value starting at {@code token} to its child {@code ref}; null when absent. */
    private static JsonToken descend(JsonParser parser, JsonToken token, JsonMappingException.Reference ref)
            throws IOException {
        if (token == JsonToken.START_OBJECT && ref.getFieldName() != null) {
            for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                boolean wanted = ref.getFieldName().equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted) {
                    return value;
                }
                parser.skipChildren();
            }
        } else if (token == JsonToken.START_ARRAY && ref.getIndex() >= 0) {
            int index = 0;
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY && t != null; t = parser.nextToken()) {
                if (index++ == ref.getIndex()) {
                    return t;
                }
                parser.skipChildren();
            }
        }
        return null;
    }

    /** The keys a record binds: its components in kebab case, plus the type key of a polymorphic parent. */
    private static List<String> knownKeys(Class<?> recordType) {
        PropertyNamingStrategies.KebabCaseStrategy kebab = new PropertyNamingStrategies.KebabCaseStrategy();
        List<String> keys = new ArrayList<>();
        for (RecordComponent component : recordType.getRecordComponents()) {
            keys.add(kebab.translate(component.getName()));
        }
        for (Class<?> parent : recordType.getInterfaces()) {
            JsonTypeInfo info = parent.getAnnotation(JsonTypeInfo.class);
            if (info != null && !info.property().isEmpty()) {
                keys.add(info.property());
            }
        }
        keys.sort(null);
        return keys;
    }

    /** The key below the failing node that the problem is really about, if the exception says. */
    private static List<JsonMappingException.Reference> blamedKey(JsonProcessingException e) {
        if (e instanceof InvalidTypeIdException typeId && typeId.getTypeId() != null) {
            return List.of(new JsonMappingException.Reference(null, typeProperty(typeId)));
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof YamlValueException blame) {
            return parseKeyPath(blame.key());
        }
        return List.of();
    }

    /**
     * The record's own key that a plain {@link IllegalArgumentException} names first ("max-depth must
     * be ..."). Modules that may not depend on this binder (their config records live below it) blame a
     * key this way instead of with {@link YamlValueException}.
     */
    private static String keyNamedBy(ValueInstantiationException e) {
        if (!(e.getCause() instanceof IllegalArgumentException cause) || cause instanceof YamlValueException
                || cause.getMessage() == null
                || e.getType() == null || !e.getType().getRawClass().isRecord()) {
            return null;
        }
        String message = cause.getMessage();
        for (String key : knownKeys(e.getType().getRawClass())) {
            if (message.startsWith(key + " ") || message.startsWith(key + ":")) {
                return key;
            }
        }
        return null;
    }

    /** Splits {@code rules[2].words[0]} into field and index references. */
    private static List<JsonMappingException.Reference> parseKeyPath(String keyPath) {
        List<JsonMappingException.Reference> refs = new ArrayList<>();
        int i = 0;
        while (i < keyPath.length()) {
            char c = keyPath.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int close = keyPath.indexOf(']', i);
                if (close < 0) {
                    break;
                }
                try {
                    refs.add(new JsonMappingException.Reference(null, Integer.parseInt(keyPath.substring(i + 1, close))));
                } catch (NumberFormatException notAnIndex) {
                    break;
                }
                i = close + 1;
            } else {
                int end = i;
                while (end < keyPath.length() && keyPath.charAt(end) != '.' && keyPath.charAt(end) != '[') {
                    end++;
                }
                refs.add(new JsonMappingException.Reference(null, keyPath.substring(i, end)));
                i = end;
            }
        }
        return refs;
    }

    /**
     * The line of the key at {@code keyPath} ({@code search.index-dir}, {@code rules[2].words[0]}) in
     * {@code yamlText}, or 0 when the text does not have it: for checks made after binding that must still
     * point the operator at the line to edit.
     */
    public int lineOf(String yamlText, String keyPath) {
        return lineOf(yamlText, parseKeyPath(keyPath));
    }

    /** The line of the key (or list item) at {@code path}, or 0 when it cannot be found. */
    private int lineOf(String yamlText, List<JsonMappingException.Reference> path) {
        try (JsonParser parser = mapper.getFactory().createParser(yamlText)) {
            return seek(parser, parser.nextToken(), path, 0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static int seek(JsonParser parser, JsonToken token, List<JsonMappingException.Reference> path, int depth)
            throws IOException {
        if (depth == path.size()) {
            return parser.currentTokenLocation().getLineNr();
        }
        JsonMappingException.Reference ref = path.get(depth);
        if (token == JsonToken.START_OBJECT && ref.getFieldName() != null) {
            for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                String name = parser.currentName();
                int keyLine = parser.currentTokenLocation().getLineNr();
                JsonToken value = parser.nextToken();
                if (ref.getFieldName().equals(name)) {
                    // The key's own line, not its value's: a block value starts on a later line.
                    return depth + 1 == path.size() ? keyLine : seek(parser, value, path, depth + 1);
                }
                parser.skipChildren();
            }
        } else if (token == JsonToken.START_ARRAY && ref.getIndex() >= 0) {
            int index = 0;
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY && t != null; t = parser.nextToken()) {
                if (index++ == ref.getIndex()) {
                    return seek(parser, t, path, depth + 1);
                }
                parser.skipChildren();
            }
        }
        return 0;
    }

    private static String keyPath(List<JsonMappingException.Reference> refs) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String problem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return "unknown key '" + unknown.getPropertyName() + "'" + (known.isEmpty() ? "" : " (known keys: " + known + ")");
        }
        if (e instanceof InvalidTypeIdException typeId) {
            return typeIdProblem(typeId);
        }
        if (e instanceof IgnoredPropertyException ignored) {
            return "key '" + ignored.getPropertyName() + "' is not allowed here";
        }
        if (e instanceof ValueInstantiationException invalid) {
            Throwable cause = invalid.getCause();
            while (cause != null && cause.getCause() != null && cause.getMessage() == null) {
                cause = cause.getCause();
            }
            return cause != null && cause.getMessage() != null ? cause.getMessage() : "invalid value";
        }
        if (e instanceof InvalidFormatException format) {
            return "'" + format.getValue() + "' is not a valid " + typeName(format.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + typeName(mismatch.getTargetType()) + " here";
        }
        if (e instanceof JsonParseException) {
            return "not valid YAML: " + e.getOriginalMessage();
        }
        return e.getOriginalMessage();
    }

    /** For a polymorphic node ({@code kind: keywords}): which kinds exist, from the base type's annotations. */
    private static String typeIdProblem(InvalidTypeIdException e) {
        Class<?> base = e.getBaseType() == null ? null : e.getBaseType().getRawClass();
        JsonSubTypes subtypes = base == null ? null : base.getAnnotation(JsonSubTypes.class);
        String known = subtypes == null ? "" : Arrays.stream(subtypes.value())
                .map(JsonSubTypes.Type::name).sorted().collect(Collectors.joining(", "));
        String suffix = known.isEmpty() ? "" : " (one of: " + known + ")";
        String property = typeProperty(e);
        return e.getTypeId() == null
                ? "missing key '" + property + "'" + suffix
                : "unknown " + property + " '" + e.getTypeId() + "'" + suffix;
    }

    private static String typeProperty(InvalidTypeIdException e) {
        Class<?> base = e.getBaseType() == null ? null : e.getBaseType().getRawClass();
        JsonTypeInfo info = base == null ? null : base.getAnnotation(JsonTypeInfo.class);
        return info == null || info.property().isEmpty() ? "type" : info.property();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            StringBuilder names = new StringBuilder("value (one of: ");
            for (int i = 0; i < constants.length; i++) {
                names.append(i == 0 ? "" : ", ").append(constants[i].toString().toLowerCase(java.util.Locale.ROOT));
            }
            return names.append(')').toString();
        }
        if (type == java.time.Period.class) {
            return "ISO-8601 period (e.g. P7Y)";
        }
        if (type == java.time.Duration.class) {
            return "ISO-8601 duration (e.g. PT5S)";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "mapping";
        }
        return type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
